"""What changed among the preview's source files since the last look: plain data, no threads.

Polling a few small folders costs little and sees a save the same way on every system, with no watcher library.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

Snapshot = Mapping[str, tuple[int, int]]
"""Every watched file's path and (modification time in ns, size)."""

IGNORED_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", "node_modules"})
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".pyc")
"""Editors' swap and backup files: saving one is not a change to the site."""


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Stat every file under `paths` (files or folders); a missing path is simply absent."""
    seen: dict[str, tuple[int, int]] = {}
    for name in _files(paths):
        try:
            st = os.stat(name)
        except OSError:  # removed between listing and looking: it counts as removed
            continue
        seen[name] = (st.st_mtime_ns, st.st_size)
    return seen


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, modified or removed between two snapshots, sorted."""
    return sorted({p for p in after if before.get(p) != after[p]} | (set(before) - set(after)))


def _files(paths: Iterable[Path]) -> Iterator[str]:
    for path in paths:
        if path.is_file():
            yield str(path)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
            yield from (os.path.join(folder, name) for name in sorted(files)
                        if not name.endswith(IGNORED_SUFFIXES) and not name.startswith(".#"))

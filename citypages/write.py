"""Write the finished site: into a temporary folder beside output/, then swap it in.

A failed or killed build therefore never leaves a half-written output/: until the swap
the old site is untouched, and the swap itself is one atomic exchange of two folder
names on Linux (two renames elsewhere, repaired on the next run).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from citypages.model import Page

TEMP_PREFIX = ".output-new-"
OLD_PREFIX = ".output-old-"


def site(pages: Iterable[Page], static_dir: Path | None, out_dir: Path) -> int:
    """Write every page and the static files, swap them in as out_dir; returns the pages written."""
    out_dir = out_dir.absolute()
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX + out_dir.name + "-", dir=parent))
    try:
        count = 0
        made: set[Path] = set()
        for page in pages:
            target = temp / page.path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(page.content)
            count += 1
        if static_dir is not None and static_dir.is_dir():
            shutil.copytree(static_dir, temp / "static", dirs_exist_ok=True)
        swap(temp, out_dir)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return count


def swap(new: Path, out_dir: Path) -> None:
    """Put `new` in place of `out_dir`, atomically where the OS can exchange two names."""
    os.chmod(new, 0o755)  # mkdtemp makes 0700; the published folder should be readable
    if not out_dir.exists():
        os.rename(new, out_dir)
        return
    if _exchange(new, out_dir):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    old = out_dir.parent / f"{OLD_PREFIX}{out_dir.name}-{os.getpid()}"
    os.rename(out_dir, old)
    os.rename(new, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def recover(out_dir: Path) -> None:
    """Clean up after a build that was killed: restore a moved-away site, drop temp folders."""
    parent = out_dir.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f"{OLD_PREFIX}{out_dir.name}-*"))
    if olds and not out_dir.exists():
        os.rename(olds.pop(), out_dir)
    for leftover in [*olds, *parent.glob(f"{TEMP_PREFIX}{out_dir.name}-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths in one step. False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


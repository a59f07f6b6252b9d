"""Replace a file in one step, never through a link: a reader sees the old bytes or the new, never half
(the temp file, ".NAME-*.tmp", is one the preview's watcher passes over)."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

NEW_FILE_MODE = 0o644


def write_bytes(path: Path, *chunks: bytes, temp_dir: Path | None = None) -> None:
    """Replace `path` with `chunks` one after the other; the temp file goes in `temp_dir` (default: beside `path`)."""
    def dump(f: IO[bytes]) -> bool:
        f.writelines(chunks)
        return True
    write_with(path, dump, temp_dir)


def write_text(path: Path, text: str, temp_dir: Path | None = None) -> None:
    """Replace `path` with `text` as UTF-8, line endings as given (no translation)."""
    write_bytes(path, text.encode("utf-8"), temp_dir=temp_dir)


def write_with(path: Path, dump: Callable[[IO[bytes]], bool], temp_dir: Path | None = None) -> bool:
    """Replace `path` with what `dump` streams, if it returns True (`temp_dir`: on the same file system)."""
    folder = path.parent if temp_dir is None else temp_dir
    folder.mkdir(parents=True, exist_ok=True)
    mode = _mode_of(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            ok = dump(f)
        if ok:
            os.chmod(temp, mode)
            os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)  # gone already once it has replaced `path`
    return ok


def _mode_of(path: Path) -> int:
    """The permission bits of the file being replaced (not of what a link there points at)."""
    try:
        st = os.lstat(path)
    except OSError:
        return NEW_FILE_MODE
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else NEW_FILE_MODE

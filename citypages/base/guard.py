"""The one check every path of output/ passes before it is written, renamed or deleted.

output/ is untrusted input: a folder in it may have been replaced by a link to somewhere
else, and a manifest may name `../x`. Resolving every path (realpath) costs a system call
per folder on the way for each of tens of thousands of files, so the check is done in two
cheaper parts that together mean the same: the name is a plain relative path (no `..`,
not absolute), and no folder on the way inside output/ is a link (each folder checked
once). A path that fails is refused with OutsideOutput.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


def is_relative(path: str) -> bool:
    """A plain relative path with '/' between names: no '..', '.', empty name, backslash or NUL."""
    if not path or path.startswith("/") or "\\" in path or "\0" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


class OutsideOutput(Exception):
    """A path would leave the output folder: through a link in it, or by its name."""


class Guard:
    """The one check before any file is written, renamed or deleted: it stays inside `root`.

    Every path is a plain relative name (is_relative), else it is our bug. In the
    live output/ each folder on the way is also checked not to be a link, once per folder;
    in a folder this build has just made, nothing is a link, so the name check is enough.
    """

    def __init__(self, root: Path, fresh: bool = False):
        self.root, self.fresh = root, fresh
        self.checked: set[str] = set()

    def __call__(self, rel: str) -> Path:
        if not is_relative(rel):
            raise OutsideOutput(f"'{rel}' is not a path inside {self.root}")
        if not self.fresh:
            parts = rel.split("/")
            for i in range(1, len(parts)):
                folder = "/".join(parts[:i])
                if folder not in self.checked:
                    if os.path.islink(self.root / folder):
                        raise OutsideOutput(f"{folder} is a link")
                    self.checked.add(folder)
        return self.root / rel


class NotAFile(OSError):
    """What sits at a path of output/ is a link, a pipe, a device or a folder, not a file the build wrote."""


def open_regular(path: Path) -> BinaryIO:
    """A file of output/ opened for reading, only if it is a regular file at its own name.

    Never through a link at its name (a link to /dev/zero would be read for ever), and never
    waiting: a pipe planted where a file was would hold the build up until someone wrote to it.
    Raises FileNotFoundError when nothing is there, NotAFile when something else is.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:  # ELOOP: the name is a link
        raise NotAFile(f"{path.name} is not a plain file ({exc.strerror})") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAFile(f"{path.name} is not a plain file")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise

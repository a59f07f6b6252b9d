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
from pathlib import Path


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

"""The one check every path of output/, made from data, passes before it is written, renamed or deleted."""

from __future__ import annotations

from pathlib import Path


def is_relative(path: str) -> bool:
    """A plain relative path with '/' between names: no '..', '.', empty name, backslash or NUL."""
    if not path or path.startswith("/") or "\\" in path or "\0" in path:
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


class OutsideOutput(Exception):
    """A path would leave the output folder by its name."""


def inside(root: Path, rel: str) -> Path:
    """`root / rel`, once `rel` is known to stay inside `root`."""
    if not is_relative(rel):
        raise OutsideOutput(f"'{rel}' is not a path inside {root}")
    return root / rel

"""When the disk, not the input, stops a command (an OSError or SQLite's own error): one line naming
the path, what the command was doing and what it left as it was, instead of a traceback."""

from __future__ import annotations

import argparse
import errno
import os
import sqlite3
from pathlib import Path

from citypages.responses.store import DEFAULT_PATH

REASONS = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the device is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "is a file, where a folder is needed",
    errno.EISDIR: "is a folder, where a file is needed",
}
FULL = (errno.ENOSPC, errno.EDQUOT)
SQLITE_ERRNO = {"SQLITE_FULL": errno.ENOSPC, "SQLITE_READONLY": errno.EROFS, "SQLITE_PERM": errno.EACCES,
                "SQLITE_CANTOPEN": errno.EACCES}  # sqlite_errorname; CANTOPEN on a folder: EISDIR, below


def writing(args: argparse.Namespace) -> tuple[str, Path, bool]:
    """What a command was doing, where it writes, and whether a failure leaves that as it was (the writer
    swaps output/ in whole, new-city renames cities.yaml into place, SQLite rolls a failed change back)."""
    if args.command == "build":
        return "writing the site", args.out or args.root / "output", True
    if args.command == "new-city":
        return "adding the city", args.root / "cities.yaml", True
    if args.command == "check":
        return "checking the site", args.root, False
    if args.command == "serve":
        return "building the preview", args.root, False
    if args.command == "new":
        return "writing the new site", args.folder, False
    if args.command == "deliver":
        return "writing the letters", args.out or args.root / "deliveries", False
    if getattr(args, "verb", None) == "export":
        return "writing the export", args.out, False
    return "updating the store of responses", args.store or args.root / DEFAULT_PATH, True


def message(exc: Exception, args: argparse.Namespace) -> str | None:
    """The line for a fault of the disk that stopped the command `args` ran; None for any other exception."""
    doing, dest, kept = writing(args)
    if isinstance(exc, sqlite3.Error) and (code := SQLITE_ERRNO.get(getattr(exc, "sqlite_errorname", ""))):
        code = errno.EISDIR if dest.is_dir() else code
        exc = OSError(code, os.strerror(code), str(dest))
    return line(exc, args.root, doing, dest, kept) if isinstance(exc, OSError) else None


def line(exc: OSError, root: Path, doing: str, dest: Path, kept: bool) -> str:
    """`output/: error: no space left on device while writing the site (it needs about 9 MB); ...`."""
    failed = Path(exc.filename) if exc.filename else dest
    place = dest if _at(failed, dest) else failed
    reason = REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    blocking = next((p for p in (failed, *failed.parents) if p.is_file()), None)
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and blocking is not None:  # a file where a folder is needed
        place, reason = blocking, REASONS[errno.ENOTDIR]
    kept = kept and reason not in (REASONS[errno.ENOTDIR], REASONS[errno.EISDIR])  # nothing there was good
    needs = f" (it needs about {_size(dest)})" if exc.errno in FULL and dest.is_dir() else ""
    after = f"; the last good {shown(dest, root)} is unchanged" if kept and dest.exists() else ""
    return f"{shown(place, root)}: error: {reason} while {doing}{needs}{after}"


def _at(path: Path, dest: Path) -> bool:
    """Whether `path` is the destination, inside it, or in a hidden folder beside it (the writer's temporary)."""
    path, dest = path.absolute(), dest.absolute()
    beside = dest.parent in path.parents and path.relative_to(dest.parent).parts[0].startswith(".")
    return path.is_relative_to(dest) or beside


def _size(folder: Path) -> str:
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


def shown(path: Path, root: Path) -> str:
    """The path as the editor knows it: relative to the site inside it, a folder with its slash."""
    where, root = path.absolute(), root.absolute()
    shown = str(where.relative_to(root) if where.is_relative_to(root) else path)
    return shown + "/" * (path.is_dir() and not shown.endswith("/"))

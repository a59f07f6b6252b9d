"""Digests and keys: how the build tells files and inputs apart, in one place."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path


def file_digest(content: bytes) -> str:
    """A file's entry in the manifest, "digest:length": the length adds up the site's size unread."""
    return f"{digest(content)}:{len(content)}"


def file_size(entry: str) -> int:
    """The length a file's entry records; 0 when it records none (not a number is not a size)."""
    length = entry.rpartition(":")[2]
    return int(length) if length.isdecimal() and length.isascii() else 0


def digest(data: bytes | memoryview | str) -> str:
    """A short content hash; 128 bits is plenty to tell files apart."""
    if isinstance(data, str):
        data = data.encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def key(*parts: object) -> str:
    """The key of a unit's inputs: a digest of their texts, in order."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(str(part).encode())
        h.update(b"\0")
    return h.hexdigest()


def tree_digest(folder: Path, suffixes: tuple[str, ...] = ()) -> str:
    """Every file's name and bytes under folder (with `suffixes`, only theirs); any change to one changes it."""
    return files_digest({p.relative_to(folder).as_posix(): p for p in folder.rglob("*")
                         if (not suffixes or p.suffix in suffixes) and p.is_file()})


def files_digest(files: dict[str, Path]) -> str:
    """The digest of files by their names, in name order: each name, then its bytes."""
    h = hashlib.blake2b(digest_size=16)
    for name, path in sorted(files.items()):
        h.update(name.encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@cache
def engine_key() -> str:
    """The engine's own source (its version is in it): a new City Pages renders every page again."""
    return tree_digest(Path(__file__).resolve().parent.parent, (".py", ".json"))

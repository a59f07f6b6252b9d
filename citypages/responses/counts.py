"""signatures.json: kept signatures per campaign and city, no names, no emails: `responses count` writes it
and it is committed, so the pages show counts while every personal detail stays in the local store."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, error

FILE = Path("signatures.json")
VERSION = 1


@dataclass(frozen=True)
class Signatures:
    """Counts per (campaign, city slug); `present` is False when the site has no signatures.json."""

    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    present: bool = False

    def count(self, campaign: str, city: str) -> int:
        return self.counts.get((campaign, city), 0)


def dumps(counts: Mapping[str, Mapping[str, int]]) -> str:
    """The file's text: sorted, one city per line, so a changed count is a one-line diff."""
    campaigns = {campaign: dict(sorted(cities.items())) for campaign, cities in sorted(counts.items())}
    text = json.dumps({"version": VERSION, "campaigns": campaigns}, indent=2)
    return text.replace('"campaigns": {}', '"campaigns": {\n  }') + "\n"  # an empty store's file, as it was


def read(root: Path) -> tuple[Signatures, list[Diagnostic]]:
    """signatures.json of the site in `root`; a missing file is no counts at all, not an error."""
    again = "write it again with 'build.py responses count'"
    try:
        data = json.loads((root / FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Signatures(), []
    except json.JSONDecodeError as exc:
        return Signatures(), [error(FILE, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}; {again}")]
    except (OSError, UnicodeDecodeError) as exc:
        return Signatures(), [error(FILE, 0, 0, f"cannot read the file: {exc}")]
    if problem := _shape(data):
        return Signatures(), [error(FILE, 1, 1, f"{problem}; {again}")]
    counts = {(campaign, city): n for campaign, cities in data["campaigns"].items() for city, n in cities.items()}
    return Signatures(counts, True), []


def _shape(data: object) -> str:
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("campaigns"), dict):
        return f'expected {{"version": {VERSION}, "campaigns": {{CAMPAIGN: {{CITY: COUNT}}}}}}'
    for campaign, cities in data["campaigns"].items():
        if not isinstance(cities, dict):
            return f"campaign '{campaign}': expected {{CITY: COUNT}}"
        for city, n in cities.items():
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                return f"campaign '{campaign}', city '{city}': the count must be a whole number of 0 or more"
    return ""

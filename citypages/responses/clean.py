"""Sort imported rows into kept, duplicate, spam and rejected: every row of an export ends in the store
under one outcome, and each reject is a `FILE:ROW: warning: ...` (the row as a spreadsheet numbers it)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from citypages.base.diagnostics import WARNING, Diagnostic, visible
from citypages.responses.formats import Fill
from citypages.responses.store import DUPLICATE, KEPT, REJECTED, SPAM, Submission

EMAIL = re.compile(r"[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}")


@dataclass(frozen=True, order=True)
class RowWarning(Diagnostic):
    """A warning about a row of an imported file: `FILE:ROW: warning: MESSAGE` (no column)."""

    def as_text(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {visible(self.message)}"


def row_warning(path: Path, row: int, message: str) -> RowWarning:
    return RowWarning(Path(path), row, 0, message, WARNING)


@dataclass(frozen=True)
class Known:
    """What the site knows: each city's campaign, and the campaigns there are."""

    cities: Mapping[str, str]  # slug -> its campaign
    campaigns: frozenset[str]
    languages: tuple[str, ...]


def sort_rows(rows: Iterable[tuple[int, Submission | str]], known: Known, shown: Path,
              seen_keys: set[str], kept: set[tuple[str, str, str]]
              ) -> Iterator[tuple[Submission | None, str, int, RowWarning | None]]:
    """(submission, outcome, row, warning) for each row read with `filler(known)`, growing `seen_keys` and
    `kept`; a row imported before (its key seen) has the outcome "", an unreadable one only a warning."""
    for number, item in rows:
        if isinstance(item, str):
            yield None, REJECTED, number, row_warning(shown, number, f"{item}; the row was not imported")
            continue
        if item.key in seen_keys:
            yield item, "", number, None
            continue
        seen_keys.add(item.key)
        outcome, why = _outcome(item, known, kept)
        if outcome == KEPT:
            kept.add((item.campaign, item.city, item.email_norm))
        yield item, outcome, number, row_warning(shown, number, why) if why else None


def _outcome(s: Submission, known: Known, kept: set[tuple[str, str, str]]) -> tuple[str, str]:
    if s.honeypot:
        return SPAM, ""
    if not s.city:
        return REJECTED, "no city in the row; rejected"
    if s.city not in known.cities:
        return REJECTED, f"unknown city '{s.city}' (not in cities.yaml); rejected"
    campaign = s.campaign or known.cities[s.city]
    if campaign not in known.campaigns:
        return REJECTED, f"unknown campaign '{s.campaign}' (no file in content/campaigns/); rejected"
    if not EMAIL.fullmatch(s.email):
        shown = f"'{s.email}' is not" if s.email else "no"
        return REJECTED, f"{shown} a valid email address; rejected"
    if (campaign, s.city, s.email_norm) in kept:
        return DUPLICATE, ""
    return KEPT, ""


def filler(known: Known) -> Fill:
    """What a row leaves out, from what the site knows (the city's campaign, the first language), for formats.read."""
    cities, languages, first = known.cities, frozenset(known.languages), known.languages[0]

    def fill(city: str, campaign: str, language: str) -> tuple[str, str]:
        return campaign or cities.get(city, ""), language if language in languages else first
    return fill

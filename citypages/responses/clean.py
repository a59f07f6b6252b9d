"""Sort imported rows into kept, duplicate, spam and rejected: every row of an export ends in the store
under one outcome, and each reject is a `FILE:ROW: warning: ...` (the row as a spreadsheet numbers it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citypages.base.diagnostics import WARNING, Diagnostic, visible
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
    """What the site knows: each city's campaign, the campaigns there are, and its form service (for pull)."""

    cities: Mapping[str, str]  # slug -> its campaign
    campaigns: frozenset[str]
    languages: tuple[str, ...]
    provider: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)  # the form's settings in site.yaml

    def fill(self, city: str, campaign: str, language: str) -> tuple[str, str]:
        """What a row leaves out (the city's campaign, the first language), as formats.read asks for it."""
        return campaign or self.cities.get(city, ""), language if language in self.languages else self.languages[0]


def outcome(s: Submission, known: Known, kept: set[tuple[str, str, str]]) -> tuple[str, str]:
    """(outcome, the warning's words or "") of a row not imported before; `kept` are the signers kept so far."""
    if s.honeypot:
        return SPAM, ""
    if not s.city:
        return REJECTED, "no city in the row; rejected"
    if s.city not in known.cities:
        return REJECTED, f"unknown city '{s.city}' (not in cities.yaml); rejected"
    if s.campaign not in known.campaigns:  # a row without one has its city's (Known.fill)
        return REJECTED, f"unknown campaign '{s.campaign}' (no file in content/campaigns/); rejected"
    if not EMAIL.fullmatch(s.email):
        shown = f"'{s.email}' is not" if s.email else "no"
        return REJECTED, f"{shown} a valid email address; rejected"
    if (s.campaign, s.city, s.email_norm) in kept:
        return DUPLICATE, ""
    return KEPT, ""


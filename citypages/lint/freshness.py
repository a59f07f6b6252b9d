"""Entries nobody has checked for a while: mayors change, so `check` warns (never fails)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, warning
from citypages.model import schema
from citypages.model.site import City

DEFAULT_STALE_AFTER_DAYS: int = schema.default("site", "stale_after_days")
CITIES = Path("cities.yaml")  # one path for every warning: a large site has tens of thousands


def stale_warnings(cities: Iterable[City], today: dt.date,
                   stale_after_days: int = DEFAULT_STALE_AFTER_DAYS) -> list[Diagnostic]:
    """A warning for each city whose `last_verified` is more than `stale_after_days` before `today`."""
    return list(stale(cities, today, stale_after_days))


def stale(cities: Iterable[City], today: dt.date, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
          ) -> Iterator[Diagnostic]:
    """The same warnings one at a time, for a caller that only counts them (a large site has tens of thousands)."""
    for city in cities:
        verified = city.last_verified
        if not isinstance(verified, dt.date):
            continue
        age = (today - verified).days
        if age > stale_after_days:
            yield warning(CITIES, city.line, 1, (
                f"{city.name}: last_verified {verified.isoformat()} is {age} days old (more than "
                f"stale_after_days: {stale_after_days} in site.yaml); check the mayor and the policy "
                "against the sources, then update the date"))

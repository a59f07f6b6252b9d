"""The "Last checked" line and "Report a correction" link of a city page.

Dates are written in the page's language from its strings (`date_months`, twelve names
separated by spaces, and `date_format` with {day}, {month}, {year}), so no locale
database is needed. The correction link opens the repository's issue form with the
page's address filled in; without a `repository:` in site.yaml there is no link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

CORRECTION_FORM = "correction.yml"
"""The issue form in .github/ISSUE_TEMPLATE/ the link opens."""


def date_text(day: dt.date | int, strings: Mapping[str, str]) -> str:
    """`date_text(date(2025, 6, 1), en)` -> "June 1, 2025"; a bare year stays a year."""
    if isinstance(day, int):
        return str(day)
    months = strings.get("date_months", "").split()
    if len(months) != 12 or "date_format" not in strings:
        return day.isoformat()
    return strings["date_format"].format(day=day.day, month=months[day.month - 1], year=day.year)


def correction_url(repository: str | None, title: str, page_url: str) -> str | None:
    """The repository's correction issue form, prefilled; None when site.yaml names no repository."""
    if not repository:
        return None
    query = urlencode({"template": CORRECTION_FORM, "title": f"Correction: {title}", "page": page_url})
    return f"https://github.com/{repository}/issues/new?{query}"

"""Supporters who ticked "keep me updated", as CSV or in a mailing tool's upload columns (docs/delivering.md,
section 6). A full name is never split: no rule finds the family name across the world's names."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

PLAIN = ("name", "email", "zip", "campaign", "city", "language", "signed_at")
ACTION_NETWORK = ("email", "first_name", "last_name", "zip_code", "campaign", "city_page", "language", "signed_at")
EVERYACTION = ("FirstName", "LastName", "Email", "ZipOrPostal")
MAILCHIMP = ("Email Address", "First Name", "Last Name")
FORMATS = ("csv", "action-network", "everyaction", "mailchimp")
_HEADERS = {"action-network": ACTION_NETWORK, "everyaction": EVERYACTION, "mailchimp": MAILCHIMP}


def names(row: Mapping[str, Any]) -> tuple[str, str]:
    """(first, last) as signed: a split form's two fields, or the full name whole and no last name."""
    if row["first_name"] or row["last_name"]:
        return row["first_name"] or "", row["last_name"] or ""
    return row["name"] or "", ""


def csv_text(rows: Sequence[Mapping[str, Any]], fmt: str = "csv") -> str:
    """rows are Store.opted_in's: name, first_name, last_name, email, zip, campaign, city, language, submitted_at."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_HEADERS.get(fmt, PLAIN))
    for row in rows:
        first, last = names(row)
        email, zip_code = row["email"], row["zip"]
        if fmt == "action-network":
            cells = [email, first, last, zip_code, row["campaign"], row["city"], row["language"], row["submitted_at"]]
        elif fmt == "everyaction":
            cells = [first, last, email, zip_code]
        elif fmt == "mailchimp":
            cells = [email, first, last]
        else:
            cells = [row["name"], email, zip_code, row["campaign"], row["city"], row["language"], row["submitted_at"]]
        writer.writerow([cell(v) for v in cells])
    return out.getvalue()


def cell(value: str | None) -> str:
    """A spreadsheet must not run a signer's text as a formula."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

"""Supporters who ticked "keep me updated", as CSV or in a mailing tool's upload columns (docs/delivering.md,
section 6). A full name is never split: no rule finds the family name across the world's names."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Each format's columns, header: the row's field under it ("first" and "last" are the row's names()).
_COLUMNS = {
    "csv": {"name": "name", "email": "email", "zip": "zip", "campaign": "campaign", "city": "city",
            "language": "language", "signed_at": "submitted_at"},
    "action-network": {"email": "email", "first_name": "first", "last_name": "last", "zip_code": "zip",
                       "campaign": "campaign", "city_page": "city", "language": "language",
                       "signed_at": "submitted_at"},
    "everyaction": {"FirstName": "first", "LastName": "last", "Email": "email", "ZipOrPostal": "zip"},
    "mailchimp": {"Email Address": "email", "First Name": "first", "Last Name": "last"},
}
FORMATS = tuple(_COLUMNS)


def names(row: Mapping[str, Any]) -> tuple[str, str]:
    """(first, last) as signed: a split form's two fields, or the full name whole and no last name."""
    if row["first_name"] or row["last_name"]:
        return row["first_name"] or "", row["last_name"] or ""
    return row["name"] or "", ""


def csv_text(rows: Sequence[Mapping[str, Any]], fmt: str = "csv") -> str:
    """rows are Store.opted_in's: name, first_name, last_name, email, zip, campaign, city, language, submitted_at."""
    columns = _COLUMNS.get(fmt, _COLUMNS["csv"])
    records: list[Iterable[str]] = [columns.keys()]
    for row in rows:
        first, last = names(row)
        fields = {**row, "first": first, "last": last}
        records.append([cell(fields[field]) for field in columns.values()])
    return sheet(records)


def sheet(records: Iterable[Iterable[str]]) -> str:
    """CSV text with the CRLF line ends spreadsheets write."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(records)
    return out.getvalue()


def cell(value: str | None) -> str:
    """A spreadsheet must not run a signer's text as a formula."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

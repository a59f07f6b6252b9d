"""Supporters who ticked "keep me updated", as plain CSV or in Action Network's upload columns.

Action Network (help.actionnetwork.org, "File formats for list uploads") matches columns
to its fields when you upload, automatically when a header is its field's name; it needs an
email and recommends a ZIP/postal code, and takes first and last names and custom columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

PLAIN = ("name", "email", "zip", "campaign", "city", "language", "signed_at")
ACTION_NETWORK = ("email", "first_name", "last_name", "zip_code", "campaign", "city_page", "language", "signed_at")


def split_name(name: str) -> tuple[str, str]:
    """'Ana María Ruiz' -> ('Ana María', 'Ruiz'); one word is a first name."""
    words = name.split()
    if len(words) < 2:
        return (words[0] if words else ""), ""
    return " ".join(words[:-1]), words[-1]


def csv_text(rows: Sequence[Sequence[str]], fmt: str = "csv") -> str:
    """rows are (name, email, zip, campaign, city, language, submitted_at) from Store.opted_in."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if fmt == "action-network":
        writer.writerow(ACTION_NETWORK)
        for name, email, zip_code, campaign, city, language, when in rows:
            first, last = split_name(name or "")
            writer.writerow([_cell(email), _cell(first), _cell(last), _cell(zip_code), campaign, city, language, when])
    else:
        writer.writerow(PLAIN)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

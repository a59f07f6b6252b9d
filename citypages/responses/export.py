"""Supporters who ticked "keep me updated", as plain CSV or in a mailing tool's upload columns.

A full name is never split: no rule tells a given name from a family name across the
world's names ("Ana María García López" has two of each), so a name signed in one field goes
whole into the tool's first-name column and its last-name column stays empty; a split form
(form.name_fields: split) collected both, and they go to their own columns.

- Action Network (help.actionnetwork.org, "File formats for list uploads") matches a column
  to its field when the header is the field's name; it needs an email, recommends a ZIP or
  postal code, and takes custom columns (campaign, city page, language, date signed).
- EveryAction / NGP VAN's contact bulk upload (the Contacts resource's CreateOrUpdateContact
  mapping) names its fields FirstName, LastName, Email and ZipOrPostal, among others.
- Mailchimp's audience import ("Format guidelines for your import file") requires only
  Email Address; First Name and Last Name are the audience's default fields (FNAME, LNAME).
Forgotten people have no rows left to export, and unsubscribed ones are left out by Store.opted_in.
"""

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
        writer.writerow([_cell(v) for v in cells])
    return out.getvalue()


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

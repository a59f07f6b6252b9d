"""A signer's rights: be forgotten, see what is kept, stop the updates (docs/delivering.md, section 8); of a
forgotten or unsubscribed address only its digest salted with the store's own salt (Store.digest) is kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citypages.base.diagnostics import Diagnostic, error
from citypages.responses import sheets
from citypages.responses.clean import EMAIL
from citypages.responses.store import Store, Submission, normal_email

# How the mailing tools head the address column of a list they export: Mailchimp "Email Address",
# Action Network "email", EveryAction "Email" or "PreferredEmail"; compared lowercased, letters only.
EMAIL_HEADERS = frozenset({"email", "emailaddress", "preferredemail", "mail"})


@dataclass
class Forgotten:
    """What `forget` did: rows deleted, and the letters made before that named the person."""

    rows: int = 0
    letters: list[str] = field(default_factory=list)


@dataclass
class Held:
    """What the store holds about one address, for an access request."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    forgotten: list[tuple[str, str]] = field(default_factory=list)  # (campaign, "" for all; when)
    unsubscribed: bool = False


def is_email(text: str) -> bool:
    return EMAIL.fullmatch(text.strip()) is not None


def forget(store: Store, email: str, campaign: str | None, now: str) -> Forgotten:
    """Delete every row of `email` (in `campaign` only, when given) and remember its digest."""
    norm = normal_email(email)
    where, args = "s.email_norm = ?" + (" AND s.campaign = ?" if campaign else ""), [norm, *filter(None, [campaign])]
    rows = store.db.execute(f"SELECT key, file, city FROM submissions s WHERE {where}", args).fetchall()
    letters = [f for (f,) in store.db.execute(
        f"SELECT DISTINCT d.file FROM submissions s JOIN deliveries d ON s.delivery = d.id WHERE {where}"
        " ORDER BY d.file", args)]
    store.db.execute("PRAGMA secure_delete = ON")  # the deleted cells are overwritten, not only unlinked
    with store.db:
        store.db.executemany("INSERT OR IGNORE INTO forgotten_rows (digest, file, city) VALUES (?, ?, ?)",
                             [(store.digest(key), file, city) for key, file, city in rows])
        store.db.execute("INSERT OR IGNORE INTO forgotten (digest, campaign, forgotten_at) VALUES (?, ?, ?)",
                         (store.digest(norm), campaign or "", now))
        store.db.execute(f"DELETE FROM submissions AS s WHERE {where}", args)
    store.vacuum()
    return Forgotten(len(rows), letters)


def forgotten_test(store: Store) -> Callable[[Submission], bool] | None:
    """Whether a submission is a forgotten person's (in its campaign); None when nobody was forgotten."""
    campaigns: dict[str, set[str]] = {}
    for digest, campaign in store.db.execute("SELECT digest, campaign FROM forgotten"):
        campaigns.setdefault(digest, set()).add(campaign)
    if not campaigns:
        return None

    def test(sub: Submission) -> bool:
        found = campaigns.get(store.digest(sub.email_norm)) if sub.email_norm else None
        return found is not None and ("" in found or sub.campaign in found)
    return test


def held(store: Store, email: str) -> Held:
    """Every row of the address, with the delivery that carried it; and whether it was forgotten or unsubscribed."""
    norm = normal_email(email)
    digest = store.digest(norm)
    rows = store.rows(
        "SELECT s.submitted_at, s.provider, s.campaign, s.city, s.language, s.outcome, s.name, s.first_name,"
        " s.last_name, s.email, s.zip, s.comment, s.opt_in, s.source, s.file, s.row, d.delivered_at, d.file"
        " AS letter, s.raw FROM submissions s LEFT JOIN deliveries d ON s.delivery = d.id"
        " WHERE s.email_norm = ? ORDER BY s.submitted_at, s.id", (norm,))
    forgotten = list(store.db.execute("SELECT campaign, forgotten_at FROM forgotten WHERE digest = ?"
                                      " ORDER BY forgotten_at", (digest,)))
    unsubscribed = store.db.execute("SELECT 1 FROM unsubscribed WHERE digest = ?", (digest,)).fetchone() is not None
    return Held([dict(row) for row in rows], forgotten, unsubscribed)


def unsubscribe(store: Store, addresses: list[str]) -> int:
    """Remember the digests of these addresses; returns how many were new."""
    digests = [(store.digest(normal_email(a)),) for a in addresses]  # first, as the first digest makes the salt
    with store.db:
        return store.db.executemany("INSERT OR IGNORE INTO unsubscribed (digest) VALUES (?)", digests).rowcount


def read_addresses(path: Path) -> tuple[list[str], list[Diagnostic]]:
    """The addresses of a mailing tool's unsubscribed list: a CSV with an email column, or one address a line."""
    try:
        export = sheets.read(path)
        if isinstance(export, str):
            raise sheets.FormatError(1, "this is JSON; expected a CSV with an email column, or one address a line")
        records = [(n, row) for n, row in enumerate(export, 1) if "".join(row).strip()]
        if not records:
            raise sheets.FormatError(1, "the file is empty; expected a CSV with an email column, or one address a line")
    except sheets.FormatError as exc:
        return [], [error(path, exc.row, 1, exc.message)]
    except OSError as exc:
        return [], [error(path, 0, 0, f"cannot read the file: {exc.strerror or exc}")]
    first = records[0][1]
    if len(first) == 1 and is_email(first[0]):
        cells = [(n, row[0]) for n, row in records]
    else:
        column = next((i for i, h in enumerate(first) if re.sub(r"[^a-z]", "", h.casefold()) in EMAIL_HEADERS), None)
        if column is None:
            return [], [error(path, records[0][0], 1, f"no email column in the header ({', '.join(first[:8])}); "
                                                      "expected one headed Email, Email Address or email")]
        cells = [(n, row[column] if column < len(row) else "") for n, row in records[1:]]
    addresses, diagnostics = [], []
    for number, cell in cells:
        if is_email(cell):
            addresses.append(cell.strip())
        elif cell.strip():
            diagnostics.append(error(path, number, 1, f"'{cell.strip()[:60]}' is not an email address"))
    return addresses, diagnostics

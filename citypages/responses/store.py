"""The local store of responses: one SQLite file, ignored by git, never published; one row per submission
ever seen, under a key made from what was submitted, so an export imported again adds nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path("responses") / "responses.sqlite3"
KEPT, DUPLICATE, SPAM, REJECTED, FORGOTTEN = "kept", "duplicate", "spam", "rejected", "forgotten"

_MIGRATIONS = (
    # version 1: the personal fields (name to source, and raw) are what `purge` blanks
    """
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, provider TEXT NOT NULL, submitted_at TEXT NOT NULL,
        campaign TEXT NOT NULL, city TEXT NOT NULL, language TEXT NOT NULL,
        name TEXT, email TEXT, email_norm TEXT, zip TEXT, comment TEXT, opt_in INTEGER NOT NULL DEFAULT 0,
        source TEXT, raw TEXT, outcome TEXT NOT NULL, file TEXT NOT NULL, row INTEGER NOT NULL,
        delivery INTEGER REFERENCES deliveries(id), purged INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX submissions_city ON submissions (campaign, city, outcome);
    CREATE TABLE deliveries (id INTEGER PRIMARY KEY, campaign TEXT NOT NULL, city TEXT NOT NULL,
                             delivered_at TEXT NOT NULL, signers INTEGER NOT NULL, file TEXT NOT NULL);
    """,
    # version 2: the names of a split form (form.name_fields: split), and a signer's rights: the store's salt,
    # the digests of forgotten addresses (campaign '' for all), of forgotten rows (so `status` still accounts
    # for every row of an export), and of unsubscribed addresses
    """
    ALTER TABLE submissions ADD COLUMN first_name TEXT;
    ALTER TABLE submissions ADD COLUMN last_name TEXT;
    CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE forgotten (digest TEXT NOT NULL, campaign TEXT NOT NULL, forgotten_at TEXT NOT NULL,
                            PRIMARY KEY (digest, campaign));
    CREATE TABLE forgotten_rows (digest TEXT PRIMARY KEY, file TEXT NOT NULL, city TEXT NOT NULL);
    CREATE TABLE unsubscribed (digest TEXT PRIMARY KEY);
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)
_RAW = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(..., ensure_ascii=False) builds an encoder per call


@dataclass(frozen=True)
class Submission:
    """One row of an export, read into our fields; `raw` is the row as the service wrote it."""

    provider: str
    submitted_at: str
    campaign: str
    city: str
    language: str
    name: str
    email: str
    zip: str
    comment: str
    opt_in: bool
    source: str
    raw: dict[str, str]
    honeypot: str = ""
    first_name: str = ""  # only from a split form (form.name_fields: split); `name` is then both, as signed
    last_name: str = ""
    email_norm: str = field(init=False, repr=False, compare=False)
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """The same submission read twice (or from an overlapping export) gets the same key."""
        norm = normal_email(self.email)
        parts = [self.submitted_at, self.campaign, self.city, norm, self.name.strip(), self.comment.strip(),
                 self.zip.strip()]
        object.__setattr__(self, "email_norm", norm)  # a frozen dataclass sets its own fields this way
        object.__setattr__(self, "key", hashlib.sha256("\x1f".join(parts).encode()).hexdigest())


def normal_email(email: str) -> str:
    return email.strip().casefold()


class StoreError(Exception):
    """The file is not a store we can use (another program's database, a newer version)."""


class Store:
    """`with Store.open(path) as store:`; every method is one query or one transaction."""

    def __init__(self, db: sqlite3.Connection):
        self.db, self._salt = db, ""

    def digest(self, text: str) -> str:
        """HMAC-SHA-256 of `text` under this store's salt (made on first use, kept in the store): what is
        kept of an address that must be recognised but not read back."""
        if not self._salt:
            row = self.db.execute("SELECT value FROM secrets WHERE name = 'salt'").fetchone()
            self._salt = row[0] if row else secrets.token_hex(32)
            if row is None:
                with self.db:
                    self.db.execute("INSERT INTO secrets (name, value) VALUES ('salt', ?)", (self._salt,))
        return hmac.new(self._salt.encode(), text.encode(), hashlib.sha256).hexdigest()

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[Store]:
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA cache_size = -65536")  # 64 MB: a large import's index pages stay in memory
            _migrate(db, path)
            yield cls(db)

    def known(self, keys: Iterable[str]) -> set[str]:
        """Which of these keys are already in the store; passed as one JSON list, any number of them."""
        found = self.db.execute("SELECT s.key FROM json_each(?) AS j JOIN submissions AS s ON s.key = j.value",
                                (json.dumps(list(keys)),))
        return {key for (key,) in found}

    def kept_signers(self) -> set[tuple[str, str, str]]:
        """(campaign, city, normalised email) of every kept submission: what a duplicate repeats."""
        return set(self.db.execute(
            f"SELECT campaign, city, email_norm FROM submissions WHERE outcome = '{KEPT}' AND purged = 0"))

    def add(self, rows: Iterable[tuple[Submission, str, str, int]], forgotten: Iterable[tuple[Submission, str]] = ()
            ) -> int:
        """Insert (submission, outcome, file, row)s and forgotten (submission, file)s' digests in one transaction."""
        values = [(s.key, s.provider, s.submitted_at, s.campaign, s.city, s.language, s.name, s.email,
                   s.email_norm, s.zip, s.comment, int(s.opt_in), s.source, _RAW(s.raw), outcome, file, row,
                   s.first_name or None, s.last_name or None)
                  for s, outcome, file, row in rows]
        with self.db:
            added = self.db.executemany(
                "INSERT OR IGNORE INTO submissions (key, provider, submitted_at, campaign, city, language, name,"
                " email, email_norm, zip, comment, opt_in, source, raw, outcome, file, row, first_name, last_name)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", values).rowcount
            self.db.executemany("INSERT OR IGNORE INTO forgotten_rows (digest, file, city) VALUES (?, ?, ?)",
                                [(self.digest(s.key), file, s.city) for s, file in forgotten])
        return added

    def counts(self) -> dict[str, dict[str, int]]:
        """Kept signatures per campaign and city (purged rows still count: they were signed)."""
        out: dict[str, dict[str, int]] = {}
        for campaign, city, n in self.db.execute(
                f"SELECT campaign, city, COUNT(*) FROM submissions WHERE outcome = '{KEPT}' GROUP BY campaign, city"):
            out.setdefault(campaign, {})[city] = n
        return out

    def status(self) -> list[tuple[str, str, str, int, int]]:
        """(file, city, outcome, rows, delivered) for `responses status`, forgotten rows among them."""
        return list(self.db.execute(
            "SELECT file, city, outcome, COUNT(*), COUNT(delivery) FROM submissions GROUP BY file, city, outcome"
            f" UNION ALL SELECT file, city, '{FORGOTTEN}', COUNT(*), 0 FROM forgotten_rows GROUP BY file, city"
            " ORDER BY 1, 2, 3"))

    def rows(self, query: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """A query's rows, read by column name."""
        cursor = self.db.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(query, tuple(args)).fetchall()

    def signers(self, campaign: str, city: str) -> list[sqlite3.Row]:
        """Kept, unpurged signatures for one city, oldest first (the letter's order)."""
        return self.rows(f"SELECT id, submitted_at, name, zip, comment, language FROM submissions WHERE campaign = ?"
                         f" AND city = ? AND outcome = '{KEPT}' AND purged = 0 ORDER BY submitted_at, id",
                         (campaign, city))

    def cities_with_signers(self) -> list[tuple[str, str]]:
        return list(self.db.execute(
            f"SELECT DISTINCT campaign, city FROM submissions WHERE outcome = '{KEPT}' AND purged = 0"
            " ORDER BY campaign, city"))

    def record_delivery(self, campaign: str, city: str, when: str, ids: list[int], file: str) -> None:
        with self.db:
            cur = self.db.execute("INSERT INTO deliveries (campaign, city, delivered_at, signers, file)"
                                  " VALUES (?,?,?,?,?)", (campaign, city, when, len(ids), file))
            self.db.executemany("UPDATE submissions SET delivery = ? WHERE id = ?",
                                ((cur.lastrowid, i) for i in ids))

    def deliveries(self) -> list[tuple[str, str, str, int, str]]:
        return list(self.db.execute(
            "SELECT campaign, city, delivered_at, signers, file FROM deliveries ORDER BY delivered_at, id"))

    def opted_in(self) -> list[sqlite3.Row]:
        """Kept signers who asked for updates and did not unsubscribe since, one row per address (its latest)."""
        unsubscribed = {d for (d,) in self.db.execute("SELECT digest FROM unsubscribed")}
        rows = self.rows("SELECT name, first_name, last_name, email, email_norm, zip, campaign, city, language,"
                         " MAX(submitted_at) AS submitted_at FROM submissions"
                         f" WHERE outcome = '{KEPT}' AND opt_in = 1 AND purged = 0 GROUP BY email_norm"
                         " ORDER BY email_norm")
        return [r for r in rows if not unsubscribed or self.digest(r["email_norm"]) not in unsubscribed]

    def purge(self, before: str | None = None, delivered: bool = False) -> int:
        """Blank every personal field (and the raw row) of the matching submissions; returns how many."""
        with self.db:
            cur = self.db.execute(
                "UPDATE submissions SET name = NULL, email = NULL, email_norm = NULL, zip = NULL, comment = NULL,"
                " source = NULL, raw = NULL, first_name = NULL, last_name = NULL, opt_in = 0, purged = 1"
                " WHERE purged = 0 AND (:before IS NULL OR submitted_at < :before)"
                " AND (NOT :delivered OR delivery IS NOT NULL)", {"before": before, "delivered": delivered})
        self.vacuum()
        return cur.rowcount

    def vacuum(self) -> None:
        """Rewrite the file: deleted text must not linger in its free pages."""
        self.db.execute("VACUUM")


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a responses store ({exc})") from exc
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: made by a newer City Pages (schema {version}); update City Pages")
    if version == 0 and db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(f"{path}: holds tables of another program; choose another --store file")
    for number in range(version, SCHEMA_VERSION):
        with db:
            db.executescript(_MIGRATIONS[number])
        db.execute(f"PRAGMA user_version = {number + 1}")

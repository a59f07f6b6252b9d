"""`build.py responses forget|show|unsubscribe`: a signer's rights, over citypages/responses/rights.py.

Added to `responses` by responses_cli.py; prints, and picks exit codes like it: 0 done, 1 bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from citypages.base.diagnostics import Diagnostic, error, has_errors
from citypages.responses import pull, rights
from citypages.responses.store import DEFAULT_PATH, Store

EXIT_OK, EXIT_INVALID = 0, 1
Printer = Callable[[list[Diagnostic], str], None]
Verb = Callable[[argparse.Namespace, Path, Store, Printer], int]


def add_verbs(verbs: Any) -> list[argparse.ArgumentParser]:
    """The three verbs on `responses`' sub-parsers; returns their parsers (each takes --store)."""
    fgt = verbs.add_parser("forget", help="delete a person's signatures for good; later imports skip them")
    fgt.add_argument("email", metavar="EMAIL")
    fgt.add_argument("--campaign", help="only this campaign's signatures (default: every campaign)")
    shw = verbs.add_parser("show", help="print what the store holds about a person (an access request)")
    shw.add_argument("email", metavar="EMAIL")
    uns = verbs.add_parser("unsubscribe", help="never export again the addresses of a mailing tool's "
                                               "unsubscribed list (CSV with an email column, or one a line)")
    uns.add_argument("file", type=Path, metavar="FILE")
    return [fgt, shw, uns]


def _address(args: argparse.Namespace, show: Printer) -> bool:
    if rights.is_email(args.email):
        return True
    show([error(Path("EMAIL"), 0, 0, f"'{args.email}' is not an email address")], "text")
    return False


def _forget(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    if not _address(args, show):
        return EXIT_INVALID
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    done = rights.forget(store, args.email, args.campaign, now)
    scrubbed = pull.forget(root / DEFAULT_PATH.parent, args.email, args.campaign)
    where = f" in campaign '{args.campaign}'" if args.campaign else ""
    print(f"Forgot {args.email}{where}: signatures deleted: {done.rows}; imports and pulls skip the address "
          "from now on. Delete it at the form service and in the exports you keep, too.")
    for path in scrubbed:
        print(f"Removed from {path}")
    for letter in done.letters:
        print(f"build.py: warning: {letter} (delivered before) names this person; it was not changed",
              file=sys.stderr)
    return EXIT_OK


def _show(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    if not _address(args, show):
        return EXIT_INVALID
    found = rights.held(store, args.email)
    if not found.rows:
        print(f"The store holds no signature of {args.email}.")
    for number, row in enumerate(found.rows, 1):
        raw = json.loads(row.pop("raw") or "{}")
        print(f"signature {number}:")
        for key, value in row.items():
            if value not in (None, ""):
                print(f"  {key}: {value}")
        for key, value in raw.items():
            print(f"  as exported, {key}: {value}")
    for campaign, when in found.forgotten:
        print(f"Forgotten on {when} ({f'campaign {campaign}' if campaign else 'every campaign'}): only a salted "
              "digest of the address is kept, so that imports skip it.")
    if found.unsubscribed:
        print("Unsubscribed: never exported (only a salted digest of the address is kept).")
    return EXIT_OK


def _unsubscribe(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    try:
        text = args.file.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as exc:
        show([error(args.file, 0, 0, f"cannot read the file: {exc.strerror or exc}")], "text")
        return EXIT_INVALID
    addresses, diagnostics = rights.read_addresses(text, args.file)
    show(diagnostics, "text")
    if has_errors(diagnostics):
        print("Nothing was recorded: fix the file first.", file=sys.stderr)
        return EXIT_INVALID
    added = rights.unsubscribe(store, addresses)
    print(f"{args.file}: addresses: {len(addresses)}, new: {added}; they are never exported again")
    return EXIT_OK


VERBS: dict[str, Verb] = {"forget": _forget, "show": _show, "unsubscribe": _unsubscribe}

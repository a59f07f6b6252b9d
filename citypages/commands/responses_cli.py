"""`build.py responses import|pull|status|count|export|purge|forget|show|unsubscribe` and `build.py deliver`;
like cli.py, this module prints and picks exit codes: 0 done, 1 the input has errors, 2 wrong usage."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from citypages import forms
from citypages.base.diagnostics import Diagnostic, error, has_errors
from citypages.commands import signatures
from citypages.responses import export, importer, pull, rights
from citypages.responses.store import DEFAULT_PATH, DUPLICATE, FORGOTTEN, KEPT, REJECTED, SPAM, Store, StoreError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
Printer = Callable[[list[Diagnostic]], None]
LABELS = {KEPT: "imported", DUPLICATE: DUPLICATE, SPAM: SPAM, REJECTED: REJECTED, importer.ALREADY: importer.ALREADY,
          FORGOTTEN: FORGOTTEN}  # an import's outcomes, each with its printed label, in the order printed


class Parsers(Protocol):
    """Where commands are added: cli.Commands, or argparse's own sub-parsers object."""

    def add_parser(self, name: str, **kw: Any) -> argparse.ArgumentParser: ...


def add_commands(sub: Parsers, show: Printer) -> None:
    """The `responses` command with its sub-commands, and `deliver`; `show` prints their diagnostics."""
    top = sub.add_parser("responses", help="import, count and export the signatures the form service collected")
    verbs = top.add_subparsers(dest="verb", metavar="VERB", required=True)
    made: list[argparse.ArgumentParser] = []  # each verb's parser, to add --store to all

    def verb(name: str, help: str) -> argparse.ArgumentParser:
        made.append(verbs.add_parser(name, help=help))
        return made[-1]

    imp = verb("import", help="add an export (CSV or JSON) of the form service to the local store")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    readable, apis = sorted(forms.export_formats()), forms.pull_apis()
    imp.add_argument("--provider", choices=readable, help="whose export it is (default: guessed)")
    pll = verb("pull", help="fetch new submissions from the form service's API (token from the "
                                        f"environment: {', '.join(sorted(a.variable for a in apis.values()))})")
    pll.add_argument("--provider", choices=readable,
                     help=f"whose API (default: site.yaml's form provider); offered: {', '.join(sorted(apis))}")
    pll.add_argument("--form", help="the form's id (default: site.yaml's form: id; for Web3Forms, the account's "
                                    "only form)")
    pll.add_argument("--api", help="the API's address (default: the provider's; for the local inbox)")
    verb("status", help="per file and city: imported, duplicate, spam, rejected, forgotten, delivered")
    verb("count", help=f"write {signatures.counts.FILE} (counts only, no personal data) for the build")
    exp = verb("export", help="write the supporters who asked for updates")
    exp.add_argument("--opted-in", action="store_true", required=True, help="only those who ticked the box (required)")
    exp.add_argument("--format", choices=export.FORMATS, default="csv",
                     help="plain CSV, or the upload columns of Action Network, EveryAction or Mailchimp")
    exp.add_argument("--out", type=Path, required=True, help="the CSV file to write (never inside output/)")
    prg = verb("purge", help="delete personal data from the store")
    what = prg.add_mutually_exclusive_group(required=True)
    what.add_argument("--before", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                      help="submissions made before this day")
    what.add_argument("--delivered", action="store_true", help="submissions already delivered to the mayor")
    fgt = verb("forget", help="delete a person's signatures for good; later imports skip them")
    fgt.add_argument("email", metavar="EMAIL")
    fgt.add_argument("--campaign", help="only this campaign's signatures (default: every campaign)")
    shw = verb("show", help="print what the store holds about a person (an access request)")
    shw.add_argument("email", metavar="EMAIL")
    uns = verb("unsubscribe", help="never export again the addresses of a mailing tool's "
                                               "unsubscribed list (CSV with an email column, or one a line)")
    uns.add_argument("file", type=Path, metavar="FILE")
    dlv = sub.add_parser("deliver", help="write a PDF letter and a CSV of the signatures for each city's mayor")
    dlv.add_argument("--campaign", help="only this campaign")
    dlv.add_argument("--city", metavar="SLUG", help="only this city")
    dlv.add_argument("--out", type=Path, help="folder for the letters (default: SITE_DIR/deliveries)")
    for p in (*made, dlv):
        p.add_argument("--store", type=Path, help=f"the local store of responses (default: SITE_DIR/{DEFAULT_PATH})")
    for p in (top, dlv):
        p.set_defaults(run=functools.partial(run, show=show))


def run(args: argparse.Namespace, show: Printer) -> int:
    """Open the store, then do the verb (or deliver) with it."""
    try:
        with Store.open(args.store or args.root / DEFAULT_PATH) as store:
            work = _deliver if args.command == "deliver" else _VERBS[args.verb]
            return work(args, args.root, store, show)
    except StoreError as exc:
        return _fail(str(exc), EXIT_USAGE)


def _fail(message: str, status: int) -> int:
    print(f"build.py: error: {message}", file=sys.stderr)
    return status


def _import(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    known, diags = signatures.known_from_site(root)
    if known is None:
        show(diags)
        print("Nothing was imported: fix the site's files first.", file=sys.stderr)
        return EXIT_INVALID
    status = EXIT_OK
    for file in args.files:
        result = importer.import_file(store, file, file, known, args.provider)
        show(result.diagnostics)
        if has_errors(result.diagnostics):
            status = EXIT_INVALID
        else:
            counts = ", ".join(f"{label}: {result.outcomes[key]}" for key, label in LABELS.items())
            print(f"{file} ({result.provider}): rows: {sum(result.outcomes.values())}, {counts}")
    return status


def _pull(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    known, diags = signatures.known_from_site(root)
    if known is None:
        show(diags)
        return EXIT_INVALID
    provider = args.provider or known.provider
    apis, not_pulled = forms.pull_apis(), forms.not_pulled()
    if provider in not_pulled:
        title = forms.export_formats()[provider].title
        return _fail(f"pull is not offered for {title}: {not_pulled[provider]}. Download the export and use "
                     "'build.py responses import FILE' (docs/delivering.md)", EXIT_INVALID)
    if (api := apis.get(provider)) is None:
        return _fail(f"give --provider ({', '.join(sorted(apis))})", EXIT_USAGE)
    token = os.environ.get(api.variable, "")
    if not token:
        return _fail(f"set {api.variable} to the {api.title} API key (see docs/delivering.md)", EXIT_USAGE)
    folder = root / DEFAULT_PATH.parent
    cursors, ignored = pull.read_cursors(folder)
    if ignored:
        print(f"build.py: warning: {ignored}", file=sys.stderr)
    try:
        site_form = str(known.options.get("id", "")) if provider == known.provider and api.forms is None else ""
        form = args.form or site_form or pull.only_form(api, token, args.api)
        if not form:
            return _fail("no form id: give --form ID", EXIT_USAGE)
        pulled = pull.fetch(api, form, token, folder, cursors.get(f"{provider}/{form}", {}), args.api)
    except pull.PullError as exc:
        return _fail(str(exc), EXIT_INVALID)
    if pulled.path is None:
        cursors[f"{provider}/{form}"] = pulled.cursor
        pull.write_cursors(folder, cursors)
        print(f"No new submissions from {api.title} since the last pull.")
        return EXIT_OK
    shown = pulled.path.relative_to(root) if pulled.path.is_relative_to(root) else pulled.path
    result = importer.import_file(store, pulled.path, shown, known, provider)
    show(result.diagnostics)
    if has_errors(result.diagnostics):
        return EXIT_INVALID
    cursors[f"{provider}/{form}"] = pulled.cursor
    pull.write_cursors(folder, cursors)
    for email, campaign in result.forgotten:  # what was fetched is kept, but not a forgotten person's part
        pull.forget(folder, email, campaign)
    n = sum(result.outcomes.values())
    counts = ", ".join(f"{result.outcomes[key]} {label}" for key, label in LABELS.items())
    print(f"Pulled {n} submission{'s' * (n != 1)} from {api.title}: {counts}")
    return EXIT_OK


def _status(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    rows = store.status()
    if not rows:
        print("The store is empty: import an export first (build.py responses import FILE).")
        return EXIT_OK
    table: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for file, city, outcome, n, delivered in rows:
        table[(file, city)].update({outcome: n, "delivered": delivered})
    columns = (KEPT, DUPLICATE, SPAM, REJECTED, FORGOTTEN, "delivered")
    lines = [("file", "city", "imported", "duplicate", "spam", "rejected", "forgotten", "delivered")]
    lines += [(file, city or "-", *(str(n[c]) for c in columns)) for (file, city), n in sorted(table.items())]
    lines.append(("total", "", *(str(sum(n[c] for n in table.values())) for c in columns)))
    widths = [max(map(len, column)) for column in zip(*lines, strict=True)]
    for line in lines:
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))))
    for campaign, city, when, signers, file in store.deliveries():
        print(f"delivered {campaign}/{city}: {signers} signatures on {when} ({file})")
    return EXIT_OK


def _count(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    path, total, cities = signatures.write_counts(root, store)
    print(f"Wrote {path.name} (counts only; commit it, then build): signatures: {total}, cities: {cities}")
    return EXIT_OK


def _export(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    if signatures.inside(args.out, root / "output"):
        show([error(Path("--out"), 0, 0, f"{args.out} is inside the site's output folder, which is published")])
        return EXIT_USAGE
    rows = store.opted_in()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(export.csv_text(rows, args.format), encoding="utf-8", newline="")
    print(f"Wrote {args.out} ({args.format}): supporters who asked for updates: {len(rows)}")
    return EXIT_OK


def _purge(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    n = store.purge(before=args.before.isoformat() if args.before else None, delivered=args.delivered)
    print(f"Deleted the personal data (the signatures still count on the pages): submissions: {n}")
    return EXIT_OK


def _deliver(args: argparse.Namespace, root: Path, store: Store, show: Printer) -> int:
    out = args.out or root / "deliveries"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = signatures.deliver_letters(root, store, out, args.campaign, args.city, now.date(),
                                      now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    show(result.diagnostics)
    if has_errors(result.diagnostics):
        return EXIT_INVALID
    for path in result.files:
        print(f"Wrote {path}")
    if result.files:
        print(f"Delivered: letters: {len(result.files) // 2}, signatures: {result.signers}")
    return EXIT_OK


def _address(args: argparse.Namespace, show: Printer) -> bool:
    if rights.is_email(args.email):
        return True
    show([error(Path("EMAIL"), 0, 0, f"'{args.email}' is not an email address")])
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
    addresses, diagnostics = rights.read_addresses(args.file)
    show(diagnostics)
    if has_errors(diagnostics):
        print("Nothing was recorded: fix the file first.", file=sys.stderr)
        return EXIT_INVALID
    added = rights.unsubscribe(store, addresses)
    print(f"{args.file}: addresses: {len(addresses)}, new: {added}; they are never exported again")
    return EXIT_OK


_VERBS = {"import": _import, "pull": _pull, "status": _status, "count": _count, "export": _export, "purge": _purge,
          "forget": _forget, "show": _show, "unsubscribe": _unsubscribe}

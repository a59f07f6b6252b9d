"""The `build.py` command: sub-commands over plain pipeline functions.

This is the only module that prints diagnostics and picks exit codes:
0 built or checked clean, 1 the input has errors, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from citypages import __version__, newcity, pipeline, progress, tracked
from citypages.diagnostics import Diagnostic, has_errors
from citypages.responses import cli as responses_cli

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
COMMANDS = ("build", "check", "serve", "new-city", *responses_cli.COMMANDS)


def parser(default_root: Path) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description="Build the City Pages site: one action page per city.")
    top.add_argument("-C", dest="root", type=Path, default=default_root, metavar="SITE_DIR",
                     help="folder with site.yaml, cities.yaml, content/ and theme/ (default: %(default)s)")
    top.add_argument("--debug", action="store_true", help="show the Python traceback of an internal error")
    top.add_argument("--version", action="version", version=f"City Pages {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    build = sub.add_parser("build", help="check everything, then write the site (the default)")
    build.add_argument("--out", type=Path, help="output folder (default: SITE_DIR/output)")
    build.add_argument("--base-url", help="published address, overriding site.yaml's base_url")
    build.add_argument("--drafts", action="store_true", help="include cities marked draft: true")
    build.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
    build.add_argument("--jobs", type=_positive, metavar="N",
                       help="worker processes for a large site (default: one per core)")
    check = sub.add_parser("check", help="validate everything and write nothing")
    check.add_argument("--base-url", help="published address, overriding site.yaml's base_url")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text lines, or GitHub Actions annotations for pull requests")
    serve = sub.add_parser("serve", help="preview the site: rebuild on every save, reload the browser")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on, 0 for any free one "
                                                             "(default: %(default)s)")
    new_city = sub.add_parser("new-city", help="add a well-formed entry for a city to cities.yaml")
    new_city.add_argument("name", help='the city\'s name as shown on the page, e.g. "San José"')
    new_city.add_argument("--state", required=True, help="state or province, e.g. CA")
    new_city.add_argument("--mayor", required=True, help="the mayor's full name")
    new_city.add_argument("--mayor-title", help='title shown before the name (default "Mayor")')
    new_city.add_argument("--slug", help="URL segment (default from the name and state, e.g. san-jose-ca)")
    new_city.add_argument("--draft", action="store_true", help="mark it draft: shown in the preview, not published")
    responses_cli.add_commands(sub)
    return top


def main(argv: Sequence[str] | None = None, default_root: Path | None = None) -> int:
    """Run one command; returns the exit status instead of exiting, so tests can call it."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not any(a in COMMANDS for a in args_list if not a.startswith("-")) and \
            not any(a in ("-h", "--help", "--version") for a in args_list):
        args_list = _insert_default_command(args_list)
    try:
        args = parser(default_root or Path.cwd()).parse_args(args_list)
    except SystemExit as exc:  # argparse has printed the usage message
        return EXIT_OK if exc.code in (0, None) else EXIT_USAGE
    if not (args.root / "site.yaml").is_file() and not (args.root / "cities.yaml").is_file():
        print(f"build.py: error: {args.root} holds no site.yaml or cities.yaml; is -C pointing at the site folder?",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "new-city":
            return _new_city(args)
        if args.command in responses_cli.COMMANDS:
            return responses_cli.run(args, _print)
        return _build(args)
    except KeyboardInterrupt:
        print("build.py: interrupted; output/ was left as it was", file=sys.stderr)
        return 130
    except Exception:  # an exception here is our bug, never the editor's
        if args.debug:
            traceback.print_exc()
        else:
            print("build.py: internal error: this is a bug in City Pages, not in your files. Please report it, "
                  "with the output of the same command run with --debug.", file=sys.stderr)
        return 3


def _insert_default_command(argv: list[str]) -> list[str]:
    """`build.py -C site` means `build.py -C site build`: put the command after the global options."""
    out, i = [], 0
    while i < len(argv) and argv[i] in ("-C", "--debug"):
        out.append(argv[i])
        if argv[i] == "-C" and i + 1 < len(argv):
            out.append(argv[i + 1])
            i += 1
        i += 1
    return [*out, "build", *argv[i:]]


def _build(args: argparse.Namespace) -> int:
    bar = progress.Bar() if progress.wanted(sys.stderr, args.quiet) else None
    try:
        result = pipeline.build_site(args.root, args.out, base_url=args.base_url, drafts=args.drafts,
                                     jobs=args.jobs, progress=bar)
    finally:
        if bar:
            bar.close()
    _print(result.diagnostics, "text")
    if not result.ok:
        print(f"Build stopped: {_count(result.diagnostics)}; nothing was written.", file=sys.stderr)
        return EXIT_INVALID
    if not args.quiet:
        out = args.out or (args.root / "output")
        shown = _shown_path(out)
        print(f"Built {result.pages} pages for {result.cities} cities in {result.seconds:.2f} s -> {shown}/ "
              f"({result.written} written)")
    return EXIT_OK


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not '{text}'")
    return int(text)


def _check(args: argparse.Namespace) -> int:
    diagnostics = pipeline.check_site(args.root, base_url=args.base_url, today=dt.date.today())
    diagnostics += tracked.committed_output(args.root)
    _print(diagnostics, args.format)
    if has_errors(diagnostics):
        if args.format == "text":
            print(f"Check failed: {_count(diagnostics)}.", file=sys.stderr)
        return EXIT_INVALID
    if args.format == "text":
        print(f"Check passed{': ' + _count(diagnostics) if diagnostics else ''}.")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from citypages import serve  # the preview's server libraries are needed only here

    try:
        serve.run(args.root, host=args.host, port=args.port, report=lambda line: print(line, flush=True))
    except OSError as exc:
        print(f"build.py: error: cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); "
              "try another --port", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _new_city(args: argparse.Namespace) -> int:
    new = newcity.NewCity(args.name, args.state, args.mayor, args.mayor_title, args.slug, args.draft)
    added, diagnostics = newcity.add_city(args.root, new)
    _print(diagnostics, "text")
    if added is None:
        print(f"Nothing was added: {_count(diagnostics)}.", file=sys.stderr)
        return EXIT_INVALID
    city = added.city
    draft = " (a draft: shown by serve, not published)" if city.draft else ""
    print(f"Added {city.name}, {city.state} to cities.yaml at line {added.line}{draft}.")
    print(f"Its page will be {added.url} ({added.file}) after the next build.")
    return EXIT_OK


def _print(diagnostics: list[Diagnostic], fmt: str) -> None:
    for d in sorted(diagnostics, key=lambda d: (str(d.path), d.line, d.col)):
        if fmt == "github":
            print(d.as_github())
        else:
            print(d.as_text(), file=sys.stderr)


def _count(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' * (errors != 1)}")
    if warnings:
        parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
    return ", ".join(parts)


def _shown_path(path: Path) -> str:
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)

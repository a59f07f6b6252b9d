"""The `build.py` command: sub-commands over plain pipeline functions, and the only module that prints
diagnostics and picks exit codes: 0 done, 1 bad input or a disk fault (commands/faults.py), 2 wrong usage, 3 our bug."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import difflib
import errno
import functools
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from citypages import __version__, pipeline
from citypages.base.diagnostics import Diagnostic, has_errors
from citypages.commands import faults, github_report, new_site, newcity, progress, responses_cli
from citypages.lint import tracked
from citypages.model import schema
from citypages.places import gazetteer

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
DEFAULT_COMMAND = "build"
BEFORE = "before_"  # build options given before any command
PROG = "build.py"
DEBUG = "--debug"


class Commands:
    """The sub-commands, each recorded as it is added (argparse keeps its map out of its API)."""

    def __init__(self, top: argparse.ArgumentParser):
        self.sub = top.add_subparsers(dest="command", metavar="COMMAND")
        self.parsers: dict[str, argparse.ArgumentParser] = {}

    def add_parser(self, name: str, **kw: Any) -> argparse.ArgumentParser:
        self.parsers[name] = self.sub.add_parser(name, **kw)
        return self.parsers[name]


def parser(default_root: Path, prog: str = PROG) -> tuple[argparse.ArgumentParser, Commands]:
    """The whole command line: global options, then one sub-command (build when none is given)."""
    top = argparse.ArgumentParser(prog=prog, description="Build the City Pages site: one action page per city.",
                                  parents=[_global_options(default_root)])
    top.add_argument("--version", action="version", version=f"City Pages {__version__}")
    commands = Commands(top)
    for register in COMMANDS:
        register(commands)
    return top, commands


def _global_options(default_root: Path) -> argparse.ArgumentParser:
    """The options given before the command (build's among them, unlisted)."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("-C", dest="root", type=Path, default=default_root, metavar="SITE_DIR",
                         help="folder with site.yaml, cities.yaml, content/ and theme/ (default: %(default)s)")
    options.add_argument(DEBUG, action="store_true",
                         help="show the Python traceback of an internal error (before or after the command)")
    build_options(options, before_command=True)
    return options


class _WordFinder(argparse.ArgumentParser):
    """Reads the global options only to find the command word; a mistake is the real parse's to name."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def _command_word(argv: Sequence[str], default_root: Path) -> str | None:
    """The word the command is looked up by: the first that is neither an option nor an option's value."""
    finder = _WordFinder(add_help=False, parents=[_global_options(default_root)])
    finder.add_argument("command", nargs="?")
    try:
        return finder.parse_known_args(list(argv))[0].command
    except ValueError:
        return None


def _add_site_commands(sub: Commands) -> None:
    """build, check, serve and new-city: the commands over the site's own files."""
    build = sub.add_parser("build", help="check everything, then write the site (the default)")
    build_options(build)
    build.set_defaults(run=_build)
    check = sub.add_parser("check", help="validate everything and write nothing")
    check.add_argument("--base-url", help="published address, overriding site.yaml's base_url")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="text lines, or GitHub Actions annotations for pull requests")
    check.add_argument("--deploy", action="store_true",
                       help="fail while site.yaml still holds the sample site's values (the publish workflow's check)")
    check.set_defaults(run=_check)
    serve = sub.add_parser("serve", help="preview the site: rebuild on every save, reload the browser")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on, 0 for any free one "
                                                             "(default: %(default)s)")
    serve.set_defaults(run=_serve)
    new_city = sub.add_parser("new-city", help="add a well-formed entry for a city to cities.yaml")
    new_city.add_argument("name", help='the city\'s name as shown on the page, e.g. "San José"')
    new_city.add_argument("--state", required=True, help="state or province, e.g. CA")
    new_city.add_argument("--mayor", required=True, help="the mayor's full name")
    new_city.add_argument("--mayor-title", help=f'title shown before the name '
                                                f'(default "{schema.default("cities", "mayor.title")}")')
    new_city.add_argument("--slug", help="URL segment (default from the name and state, e.g. san-jose-ca)")
    new_city.add_argument("--draft", action="store_true", help="mark it draft: shown in the preview, not published")
    new_city.add_argument("--policy-url", metavar="URL", help="the official page of the city's policy")
    new_city.add_argument("--policy-name", metavar="NAME", help='the policy\'s name, e.g. "Welcoming City Ordinance"')
    new_city.add_argument("--source", action="append", default=[], metavar="URL",
                          help="an official page you checked the entry against (repeat for more)")
    new_city.add_argument("--lat", type=float, help="latitude of the city's dot on the map, e.g. 41.8500")
    new_city.add_argument("--lon", type=float, help="longitude, e.g. -87.6500")
    new_city.add_argument("--population", type=_positive, metavar="N", help="the number of residents")
    new_city.add_argument("--verified", metavar="YYYY-MM-DD", type=_date,
                          help="the day you checked the entry against its sources (last_verified)")
    new_city.add_argument("--no-lookup", action="store_true",
                          help="do not fill location and population from the built-in gazetteer")
    new_city.set_defaults(run=_new_city)


def build_options(build: argparse.ArgumentParser, before_command: bool = False) -> None:
    """build's options. The top level takes them too, unlisted, so `build.py --out DIR` builds
    (no command means build); there they only record what was given, under `before_<name>`."""
    def add(*flags: str, **kw: object) -> None:
        if before_command:
            dest = flags[-1].lstrip("-").replace("-", "_")
            kw.update(dest=f"{BEFORE}{dest}", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        build.add_argument(*flags, **kw)  # type: ignore[arg-type]

    add("--out", type=Path, help="output folder (default: SITE_DIR/output)")
    add("--base-url", help="published address, overriding site.yaml's base_url")
    add("--drafts", action="store_true", help="include cities marked draft: true")
    add("-q", "--quiet", action="store_true", help="print only errors and the number of warnings")
    add("--workers", type=_positive, metavar="N", help="worker processes for a large site (default: one per core)")
    add("--cache-dir", type=Path, metavar="DIR",
        help="where the build keeps what the next one reuses (default: a folder in your user cache)")


def parse(argv: Sequence[str], default_root: Path, prog: str = PROG) -> argparse.Namespace:
    """The command line; with no command, build; --debug before or after the command."""
    top, commands = parser(default_root, prog)
    word = _command_word(argv, default_root)
    if word is not None and word not in commands.parsers:
        names = sorted(commands.parsers)
        close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"the commands are {', '.join(names)}"
        top.exit(EXIT_USAGE, f"{prog}: error: unknown command '{word}' ({hint})\n")
    args, extra = top.parse_known_args(list(argv))
    if DEBUG in extra:  # after the command: the command's own parser left it
        args.debug = True
        extra = [arg for arg in extra if arg != DEBUG]
    if extra:
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    given = {k.removeprefix(BEFORE): vars(args).pop(k) for k in list(vars(args)) if k.startswith(BEFORE)}
    if args.command is None:  # build's defaults, as `build.py build` would give them
        args = top.parse_args([DEFAULT_COMMAND], namespace=args)
    elif given and args.command != DEFAULT_COMMAND:
        flags = ", ".join("--" + k.replace("_", "-") for k in given)
        top.error(f"{flags}: an option of build, not of {args.command}")
    vars(args).update(given)
    args.prog = prog
    return args


def main(argv: Sequence[str] | None = None, default_root: Path | None = None, prog: str = PROG) -> int:
    """Run one command; returns the exit status instead of exiting, so tests can call it."""
    try:
        args = parse(sys.argv[1:] if argv is None else argv, default_root or Path.cwd(), prog)
    except SystemExit as exc:  # argparse has printed the usage message, or --help / --version
        return EXIT_OK if exc.code in (0, None) else EXIT_USAGE
    if getattr(args, "needs_site", True) and not (args.root / "site.yaml").is_file() \
            and not (args.root / "cities.yaml").is_file():
        print(f"{prog}: error: {args.root} holds no site.yaml or cities.yaml; is -C pointing at the site folder?",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print(f"{prog}: interrupted; output/ was left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # a fault of the disk, said in one line; any other exception is our bug
        if (fault := faults.message(exc, args)) is not None and not args.debug:
            print(fault, file=sys.stderr)
            return EXIT_INVALID
        if args.debug:
            traceback.print_exc()
        else:
            print(f"{prog}: internal error: this is a bug in City Pages, not in your files. Please report it, "
                  "with the output of the same command run with --debug.", file=sys.stderr)
        return 3


def _build(args: argparse.Namespace) -> int:
    out = args.out or (args.root / "output")
    if out.exists() and not out.is_dir():  # the writer would swap the file out for the site
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(out))
    bar = progress.Bar() if progress.wanted(sys.stderr, args.quiet) else None
    with contextlib.closing(bar) if bar else contextlib.nullcontext():
        result = pipeline.build_site(args.root, args.out, base_url=args.base_url, drafts=args.drafts,
                                     workers=args.workers, progress=bar, today=dt.date.today(),
                                     cache_dir=args.cache_dir)
    if not result.ok:
        _print(result.diagnostics)
        print(f"Build stopped: {github_report.count(result.diagnostics)}; nothing was written.", file=sys.stderr)
        return EXIT_INVALID
    if not args.quiet:
        print(f"Built {result.pages} pages for {result.cities} cities in {result.seconds:.2f} s -> "
              f"{faults.shown(out, Path.cwd())} ({result.written} written)")
    _print(result.about_cache)  # what the build found in its cache: check never reads it
    if result.size_warning:  # a site too big for its host fails where it is published: say so there
        _print([result.size_warning])
    warnings = result.unshown_warnings
    if warnings:  # a build is for publishing; check is where warnings are read and fixed
        kind = "more warning" if result.about_cache or result.size_warning else "warning"
        print(f"{github_report.plural(warnings, kind)} (run check to see them)", file=sys.stderr)
    return EXIT_OK


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not '{text}'")
    return int(text)


def _check(args: argparse.Namespace) -> int:
    diagnostics = pipeline.check_site(args.root, base_url=args.base_url, today=dt.date.today(),
                                      deploy=args.deploy)
    diagnostics += tracked.committed_output(args.root)
    if args.format == "github":  # annotations, most important first; all of them in the step summary if any
        for line in github_report.annotations(diagnostics):
            print(line)
        if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
            with open(summary, "a", encoding="utf-8") as f:
                f.write(github_report.summary(diagnostics))
        return EXIT_INVALID if has_errors(diagnostics) else EXIT_OK
    _print(diagnostics)
    if has_errors(diagnostics):
        print(f"Check failed: {github_report.count(diagnostics)}.", file=sys.stderr)
        return EXIT_INVALID
    print(f"Check passed{': ' + github_report.count(diagnostics) if diagnostics else ''}.")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from citypages.preview import serve  # the preview's server libraries are needed only here

    try:
        serve.run(args.root, host=args.host, port=args.port, report=lambda line: print(line, flush=True))
    except serve.CannotListen as exc:
        print(f"{args.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _new_city(args: argparse.Namespace) -> int:
    if (args.lat is None) != (args.lon is None):
        print(f"{args.prog} new-city: error: give --lat and --lon together", file=sys.stderr)
        return EXIT_USAGE
    new = newcity.NewCity(args.name, args.state, args.mayor, args.mayor_title, args.slug, args.draft,
                          args.policy_url, args.policy_name, tuple(args.source), args.lat, args.lon,
                          args.population, args.verified)
    added, diagnostics = newcity.add_city(args.root, new, look_up=not args.no_lookup)
    _print(diagnostics)
    if added is None:
        print(f"Nothing was added: {github_report.count(diagnostics)}.", file=sys.stderr)
        return EXIT_INVALID
    city = added.city
    draft = " (a draft: shown by serve, not published)" if city.draft else ""
    print(f"Added {city.name}, {city.state} to cities.yaml at line {added.line}{draft}.")
    if added.looked_up:
        print(f"Filled in {added.looked_up} from {gazetteer.SOURCE}; check them.")
    print(f"Its page will be {added.url} ({added.file}) after the next build.")
    return EXIT_OK


def _date(text: str) -> str:
    with contextlib.suppress(ValueError):
        if len(text) == 10 and dt.date.fromisoformat(text):  # 3.11 also takes 20261101 and 2026-W48
            return text
    raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, not '{text}'")


def _print(diagnostics: list[Diagnostic]) -> None:
    for d in sorted(diagnostics, key=lambda d: (str(d.path), d.line, d.col)):
        print(d.as_text(), file=sys.stderr)


COMMANDS: list[Callable[[Commands], None]] = [
    _add_site_commands, functools.partial(responses_cli.add_commands, show=_print), new_site.add_command]

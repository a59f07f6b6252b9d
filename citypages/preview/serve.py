"""The preview: build on every save, reload the open pages, show errors in place of the site.

It builds like `build` into a temporary folder, drafts shown and forms pointed at the local inbox, so nothing
is sent anywhere; a broken save keeps the server up, every page showing the errors until the next good save.
Only loopback Host names are answered (local_only.py), and the inbox follows return addresses only back here.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from tornado import httpserver, ioloop, netutil, web

from citypages import pipeline
from citypages.base.diagnostics import Diagnostic, error
from citypages.load.inputs import SiteInput
from citypages.model.site import FormSettings
from citypages.pipeline import BuildResult
from citypages.preview import reload, watch
from citypages.preview.form_inbox import FormInbox
from citypages.preview.local_only import LocalOnly, local_hosts
from citypages.preview.reload import ReloadScriptFile, ReloadSocket

WATCHED = ("cities.yaml", "site.yaml", "content", "theme")
POLL_SECONDS = 0.25  # how often the watched files are looked at (watch.py)

# the preview's own pages (pages/), apart from the site's theme
_PAGES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "pages"), autoescape=True,
                            undefined=jinja2.StrictUndefined)


@dataclass(frozen=True)
class ShownError:
    """One error as the error page shows it: where, what, and the offending line ("12 | ...") with a caret."""

    where: str
    message: str
    source: str | None = None
    caret: str = ""


def shown_errors(root: Path, diagnostics: Iterable[Diagnostic]) -> list[ShownError]:
    """The errors among `diagnostics`, each with its source line read from the editor's file."""
    out = []
    for d in sorted(x for x in diagnostics if x.is_error):
        where = d.as_text().rsplit(": error: ", 1)[0]
        source = _source_line(root / d.path, d.line) if d.line else None
        gutter = f"{d.line} | "
        caret = " " * (len(gutter) + d.col - 1) + "^" if source is not None and d.col else ""
        out.append(ShownError(where, d.message, None if source is None else gutter + source, caret))
    return out


def _source_line(path: Path, line: int) -> str | None:
    try:
        lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return None
    return lines[line - 1].expandtabs(1) if 0 < line <= len(lines) else None


def error_page(errors: list[ShownError]) -> str:
    """The page every HTML request gets while the input is broken (all of it escaped)."""
    return _PAGES.get_template("error.html").render(errors=errors)


def inbox_page(received: Iterable[Mapping[str, Any]]) -> str:
    """`/_inbox/`: the posts the local inbox received, newest first (all of it escaped)."""
    return _PAGES.get_template("inbox.html").render(posts=list(received)[::-1])


def preview_input(inp: SiteInput, endpoint: str) -> SiteInput:
    """The checked input with every form (the site's and each city's own) posting to `endpoint`."""

    def point(form: FormSettings) -> FormSettings:
        return dataclasses.replace(form, options={**form.options, "endpoint": endpoint})

    site = dataclasses.replace(inp.site, form=point(inp.site.form))
    cities = tuple(c if c.form is None else dataclasses.replace(c, form=point(c.form)) for c in inp.cities)
    return dataclasses.replace(inp, site=site, cities=cities)


class Preview:
    """The state of one preview session: where it builds, and the errors of the last build."""

    def __init__(self, root: Path, out_dir: Path, base_url: str, inbox: FormInbox):
        self.root, self.out_dir, self.base_url, self.inbox = root, out_dir, base_url, inbox
        self.failure: str | None = None  # the error page, while the input is broken

    def rebuild(self) -> BuildResult:
        # One worker, in this process: forking from a process that runs threads can deadlock the child.
        try:
            result = pipeline.build_site(self.root, self.out_dir, base_url=self.base_url, drafts=True, workers=1,
                                         adjust=lambda inp: preview_input(inp, self.inbox.url))
        except OSError as exc:  # a full or read-only disk: shown like an input error, and the preview stays up
            reason = (exc.strerror or str(exc)).lower()
            result = BuildResult([error(Path(exc.filename or self.out_dir), 0, 0, f"{reason} while building")])
        self.failure = None if result.ok else error_page(shown_errors(self.root, result.diagnostics))
        return result


def _wants_html(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


class _SiteHandler(LocalOnly, web.StaticFileHandler):
    """The built site, with the reload script in every page; the error page instead while the input is broken."""

    def prepare(self) -> None:
        super().prepare()
        failure = self.settings["preview"].failure
        if self.is_local() and failure is not None and _wants_html(self.path_args[0]):
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(reload.with_script(failure.encode()))

    @classmethod
    def get_content(cls, abspath: str, start: int | None = None, end: int | None = None) -> Any:
        if abspath.endswith(".html"):
            return reload.with_script(Path(abspath).read_bytes())[start:end]
        return super().get_content(abspath, start, end)

    def get_content_size(self) -> int:
        if self.absolute_path.endswith(".html"):
            return len(reload.with_script(Path(self.absolute_path).read_bytes()))
        return super().get_content_size()

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A missing page gets the site's own 404 page, as on GitHub Pages."""
        not_found = self.settings["preview"].out_dir / "404.html"
        if status_code == 404 and not_found.is_file():
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(reload.with_script(not_found.read_bytes()))
            return
        super().write_error(status_code, **kwargs)


class _InboxHandler(LocalOnly):
    def get(self) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(reload.with_script(inbox_page(list(self.settings["preview"].inbox.received)).encode()))


class Poller:
    """Looks at the watched files every POLL_SECONDS and rebuilds once two looks in a row agree, so a save
    caught half-written is one reload, not two (a second one sent while the page still loads would be lost)."""

    def __init__(self, paths: Iterable[Path], on_change: Callable[[list[str]], None]):
        self.paths = list(paths)
        self.on_change = on_change
        self.built = self.looked = watch.snapshot(self.paths)

    def poll(self) -> None:
        now = watch.snapshot(self.paths)
        settled, self.looked = now == self.looked, now
        changed = watch.changes(self.built, now) if settled else []
        if changed:
            self.built = now
            self.on_change(changed)


def run(root: Path, host: str = "127.0.0.1", port: int = 8000, report: Callable[[str], None] = print) -> None:
    """Serve the preview until interrupted (Ctrl-C or SIGTERM); `report` gets one line per event."""
    asyncio.run(_serve(Path(root).absolute(), host, port, report))


class CannotListen(Exception):
    """The address is taken or not this machine's: a usage mistake, unlike a fault of the disk."""


async def _serve(root: Path, host: str, port: int, report: Callable[[str], None]) -> None:
    try:
        sockets = netutil.bind_sockets(port, host)
    except OSError as exc:
        raise CannotListen(f"cannot listen on {host}:{port} ({exc.strerror or exc}); try another --port") from exc
    port = sockets[0].getsockname()[1]
    shown_host = f"[{host}]" if ":" in host else host
    base_url = f"http://{shown_host}:{port}/"
    with FormInbox(follow_only=[base_url]) as inbox, \
            tempfile.TemporaryDirectory(prefix="citypages-preview-") as tmp:
        preview = Preview(root, Path(tmp) / "site", base_url, inbox)
        result = preview.rebuild()
        _report_build(report, result, None, [])

        def on_change(paths: list[str]) -> None:
            saved = max((os.path.getmtime(p) for p in paths if os.path.exists(p)), default=time.time())
            changed = [os.path.relpath(p, root) for p in paths]  # every watched path is under root
            _report_build(report, preview.rebuild(), saved, changed)
            reload.reload_all(browsers, changed[0])

        browsers: set[ReloadSocket] = set()
        poller = Poller([root / name for name in WATCHED], on_change)
        app = web.Application([
            (r"/livereload", ReloadSocket, {"browsers": browsers}),
            (r"/livereload\.js", ReloadScriptFile),
            (r"/_inbox/?", _InboxHandler),
            (r"/(.*)", _SiteHandler, {"path": str(preview.out_dir), "default_filename": "index.html"}),
        ], log_function=lambda handler: None, static_hash_cache=False, local_hosts=local_hosts(host, port),
            preview=preview)
        server = httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        ioloop.PeriodicCallback(poller.poll, POLL_SECONDS * 1000).start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        report(f"Preview on {base_url} (drafts shown; forms go to {base_url}_inbox/). "
               f"Watching {', '.join(WATCHED)}; press Ctrl-C to stop.")
        try:
            await stop.wait()
        finally:
            server.stop()
            await server.close_all_connections()
    report("Preview stopped.")


def _report_build(report: Callable[[str], None], result: BuildResult, saved: float | None,
                  changed: list[str]) -> None:
    prefix = f"{', '.join(changed)} changed: " if changed else ""
    for d in result.diagnostics:
        report(d.as_text())
    if result.ok:
        line = f"{prefix}built {result.pages} pages in {result.seconds:.2f} s"
        if saved is not None:
            line += f"; the browser reloads {max(0.0, time.time() - saved):.2f} s after the save"
        report(line)
    else:
        errors = sum(1 for d in result.diagnostics if d.is_error)
        report(f"{prefix}the build stopped on {errors} error{'s' * (errors != 1)}; the browser shows "
               "{}, and the site comes back on the next good save".format("it" if errors == 1 else "them"))

"""Telling the preview's open pages to reload: the LiveReload protocol (version 7), on tornado's API.

Not livereload's `Server`: it accepts a websocket from any site and drops a reload within 3 s of the last.
"""

from __future__ import annotations

import json
from pathlib import Path

from tornado import web, websocket

from citypages.preview.local_only import LocalOnly, is_own_origin

PROTOCOL = "http://livereload.com/protocols/official-7"
SCRIPT_TAG = b'<script src="/livereload.js"></script>'  # same-origin, as the pages' CSP (script-src 'self') allows

SCRIPT = (Path(__file__).parent / "pages" / "livereload.js").read_text(encoding="utf-8").replace("PROTOCOL", PROTOCOL)


def with_script(page: bytes) -> bytes:
    """An HTML page with the reload script added before its </head>."""
    return page.replace(b"</head>", SCRIPT_TAG + b"</head>", 1)


def reload_all(browsers: set[ReloadSocket], path: str) -> None:
    """Tell every connected page to reload (`path` is what changed, as the protocol says)."""
    message = json.dumps({"command": "reload", "path": path, "liveCSS": False})
    for browser in list(browsers):
        try:
            browser.write_message(message)
        except websocket.WebSocketClosedError:
            browsers.discard(browser)


class ReloadSocket(LocalOnly, websocket.WebSocketHandler):
    """The websocket each page keeps open, for the preview's own pages only (DNS rebinding, other sites)."""

    def initialize(self, browsers: set[ReloadSocket]) -> None:
        self.browsers = browsers

    def check_origin(self, origin: str) -> bool:
        return is_own_origin(origin, self.settings["local_hosts"])

    def open(self) -> None:
        self.browsers.add(self)

    def on_message(self, message: str | bytes) -> None:
        try:
            said = json.loads(message)
        except ValueError:
            return
        if isinstance(said, dict) and said.get("command") == "hello":
            self.write_message(json.dumps({"command": "hello", "protocols": [PROTOCOL],
                                           "serverName": "citypages-preview"}))

    def on_close(self) -> None:
        self.browsers.discard(self)


class ReloadScriptFile(LocalOnly, web.RequestHandler):
    """/livereload.js, behind the same Host check as every page."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(SCRIPT)

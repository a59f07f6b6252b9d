"""A local inbox standing in for the form services, for tests and the preview server (127.0.0.1 only).

It takes each provider's documented post and answers as that provider does (keys, CAPTCHA page, honeypot,
return address, JSON and CORS only where it offers them); nothing leaves the machine.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from citypages.base.urls import is_http_url
from citypages.preview import form_inbox_api

PREFLIGHT = {"Access-Control-Allow-Methods": "POST, OPTIONS", "Access-Control-Allow-Headers": "Content-Type, Accept"}


@dataclass(frozen=True)
class Shape:
    """What one provider documents about a post to it."""

    name: str
    title: str
    required: tuple[str, ...] = ()
    honeypot: str = ""  # a regular expression matching the honeypot's field name
    redirect: str | None = None  # the field holding the return address
    cors: bool = True
    json_path: str | None = ""  # JSON only under this path prefix ("" everywhere, None never)
    captcha_off: tuple[str, str] | None = None  # (field, value) that skips the provider's CAPTCHA page
    absolute_redirect: bool = False


# Each provider's test fixture (docs/architecture.md, "Add a form service"): written from its documentation,
# not read from its adapter in citypages/forms/, so a mistake in either shows against the other.
SHAPES: dict[str, Shape] = {s.name: s for s in (
    Shape("formspree", "Formspree", honeypot="_gotcha", redirect="_next"),
    Shape("formsubmit", "FormSubmit", honeypot="_honey", redirect="_next", json_path="/ajax/",
          captcha_off=("_captcha", "false")),
    Shape("web3forms", "Web3Forms", required=("access_key",), honeypot="botcheck", redirect="redirect",
          absolute_redirect=True),
    Shape("staticforms", "Static Forms", required=("apiKey",), honeypot=".*honeypot.*", redirect="redirectTo"),
    Shape("basin", "Basin", honeypot="_gotcha"),
    Shape("getform", "Getform", honeypot="_gotcha"),
    Shape("google_forms", "Google Forms", cors=False, json_path=None),
    Shape("generic", "form service", honeypot="_gotcha", redirect="_next"),
)}


def guess(path: str, fields: dict[str, str]) -> Shape:
    """The provider a post to the bare address of the local inbox is meant for, from its path and fields."""
    clues = {  # the first that holds
        "google_forms": path.endswith("/formResponse"),
        "formsubmit": path.startswith("/ajax/") or "_honey" in fields or "_captcha" in fields,
        "web3forms": "access_key" in fields,
        "staticforms": "apiKey" in fields,
        "formspree": path.startswith("/f/"),
    }
    return SHAPES[next((name for name, holds in clues.items() if holds), "generic")]


class FormInbox:
    """`with FormInbox() as s: ...` serves on s.url; s.received lists {"provider", "path", "fields", "headers"}.

    `dropped`: posts a provider would silently ignore; `rejected`: those it refuses. With `follow_only` (origins),
    a return address elsewhere is not followed, so a preview page cannot send a visitor to another site with it.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, follow_only: Iterable[str] | None = None):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the local inbox listens on the loopback address only")
        self.follow_only = None if follow_only is None else frozenset(origin(o) for o in follow_only)
        self.received: list[dict[str, Any]] = []
        self.dropped: list[dict[str, Any]] = []
        self.rejected: list[dict[str, Any]] = []
        self.fail_with: int | None = None
        self.dashboard_redirect: dict[str, str] = {}
        self.api_keys: dict[str, str] = {}  # provider -> the key its submissions API takes (form_inbox_api.py)
        self.api_requests: list[dict[str, Any]] = []  # {"path", "headers"} of each GET to a submissions API
        self._changed = threading.Condition()
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_OPTIONS(self) -> None:  # CORS preflight, for providers that allow cross-origin posts
                shape, _ = inbox._route(self.path, {})
                self._send(204 if shape.cors else 405, PREFLIGHT if shape.cors else {}, b"", shape.cors)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0) or 0)
                body = self.rfile.read(length).decode("utf-8", "replace")
                fields = _parse(body, self.headers.get("Content-Type", ""))
                shape, path = inbox._route(self.path, fields)
                self._send(*inbox._answer(shape, path, fields, dict(self.headers)), shape.cors)

            def do_GET(self) -> None:  # a provider's submissions API, where it documents one
                headers = dict(self.headers)
                inbox._record(inbox.api_requests, {"path": self.path, "headers": headers})
                status, content = form_inbox_api.answer(list(inbox.received), inbox.api_keys, self.path, headers)
                self._send(status, {"Content-Type": "application/json"}, content, False)

            def _send(self, status: int, headers: dict[str, str], content: bytes, cors: bool) -> None:
                self.send_response(status)
                if cors:
                    self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
                    self.send_header("Vary", "Origin")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}"

    def endpoint(self, provider: str) -> str:
        """The `endpoint` setting that sends one provider's posts here, e.g. http://127.0.0.1:PORT/web3forms."""
        return f"{self.url}/{provider}"

    def wait(self, predicate: Callable[[FormInbox], bool], timeout: float = 5.0) -> bool:
        """Wait until predicate(self) holds (e.g. lambda s: len(s.received) == 1), at most `timeout` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self), timeout)

    def _route(self, raw_path: str, fields: dict[str, str]) -> tuple[Shape, str]:
        path = urlsplit(raw_path).path
        first, _, rest = path.lstrip("/").partition("/")
        if first in SHAPES:
            return SHAPES[first], "/" + rest
        return guess(path, fields), path

    def _record(self, where: list[dict[str, Any]], entry: dict[str, Any]) -> None:
        with self._changed:
            where.append(entry)
            self._changed.notify_all()

    def _answer(self, shape: Shape, path: str, fields: dict[str, str],
                headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body the provider would send for this post; records what happened."""
        entry = {"provider": shape.name, "path": path, "fields": fields, "headers": headers,
                 "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")}
        wants_json = ("application/json" in headers.get("Accept", "") and shape.json_path is not None
                      and path.startswith(shape.json_path))
        if self.fail_with:
            self._record(self.rejected, {**entry, "reason": f"failing on purpose ({self.fail_with})"})
            return _reply(self.fail_with, wants_json, False, f"{shape.title} (local inbox): failing on purpose")
        for key in shape.required:
            if not fields.get(key):
                self._record(self.rejected, {**entry, "reason": f"missing {key}"})
                return _reply(400, wants_json, False, f"{key} is required")
        if shape.captcha_off and not wants_json and fields.get(shape.captcha_off[0]) != shape.captcha_off[1]:
            self._record(self.rejected, {**entry, "reason": "CAPTCHA page shown"})
            return _reply(200, False, False, f"{shape.title} (local inbox): the CAPTCHA page would be shown here")
        if shape.honeypot and any(re.fullmatch(shape.honeypot, k, re.DOTALL) and v.strip() for k, v in fields.items()):
            self._record(self.dropped, {**entry, "reason": "honeypot filled"})
        else:
            self._record(self.received, entry)
        if wants_json:
            return _reply(200, True, True, "Form submission received")
        target = fields.get(shape.redirect, "") if shape.redirect else ""
        if shape.absolute_redirect and not is_http_url(target):  # the service follows only a whole address
            target = ""
        target = target or self.dashboard_redirect.get(shape.name, "")
        unsafe = any(c <= " " or c == "\x7f" for c in target)  # a header split or a hidden host
        elsewhere = self.follow_only is not None and origin(target) not in self.follow_only
        if target and not unsafe and not elsewhere:
            return 303, {"Location": target}, b""
        return _reply(200, False, True, f"{shape.title} (local inbox): your response has been recorded")

    def __enter__(self) -> FormInbox:
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def origin(url: str) -> str:
    """`http://127.0.0.1:8000/x/` -> "http://127.0.0.1:8000"; "" for an address without scheme and host."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def _parse(body: str, content_type: str) -> dict[str, str]:
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body or "{}")
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    return dict(parse_qsl(body, keep_blank_values=True))


def _reply(status: int, as_json: bool, ok: bool, message: str) -> tuple[int, dict[str, str], bytes]:
    if as_json:
        return status, {"Content-Type": "application/json"}, json.dumps({"success": ok, "message": message}).encode()
    page = (f"<!doctype html><html lang=en><meta charset=utf-8><title>{message}</title>"
            f"<h1 class=inbox>{message}</h1></html>")
    return status, {"Content-Type": "text/html; charset=utf-8"}, page.encode()


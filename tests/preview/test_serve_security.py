"""The preview answers only to its own loopback names, its websocket only to its own pages,
and its local inbox sends a visitor back only to the preview (all over real HTTP)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import http.client
import json
import re
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from tornado import httpclient, websocket

from citypages.preview import local_only
from citypages.preview.form_inbox import FormInbox
from tests.conftest import SITES, copy_site
from tests.preview_process import Preview

CITY = "springfield-il/"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview of the tiny site for the whole module (starting one takes a build)."""
    site = copy_site(SITES / "tiny", tmp_path_factory.mktemp("serve-security") / "site")
    preview = Preview(site)
    yield preview
    preview.stop()


def _port(preview: Preview) -> int:
    return int(urllib.parse.urlsplit(preview.url).port or 0)


def _get(port: int, path: str, host: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.mark.parametrize("path", ["/", f"/{CITY}", "/_inbox/", "/livereload.js", "/static/css/site.css",
                                  "/no-such-page/"])
@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1.evil.example:{port}",
                                  "localhost.evil.example:{port}", "127.0.0.1:1", "localhost", "0.0.0.0:{port}",
                                  "127.0.0.1:{port}@evil.example", ""])
def test_a_request_for_another_host_is_refused(running: Preview, path: str, host: str) -> None:
    port = _port(running)
    status, body = _get(port, path, host.format(port=port))
    assert status == (400 if "@" in host else 403)  # tornado itself refuses a Host that is not a host
    assert "Springfield" not in body and "livereload" not in body.lower().replace("answers only", "")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST:{port}"])
def test_the_preview_answers_to_its_loopback_names(running: Preview, host: str) -> None:
    port = _port(running)
    status, body = _get(port, f"/{CITY}", host.format(port=port))
    assert status == 200
    assert "Springfield" in body
    assert _get(port, "/_inbox/", host.format(port=port))[0] == 200


def _socket(port: int, origin: str | None, host: str | None = None) -> str:
    """Open livereload's websocket with this Origin; the server's first answer to hello, or 'refused NNN'."""
    async def talk() -> str:
        headers = {"Origin": origin} if origin is not None else {}
        if host is not None:
            headers["Host"] = host
        request = httpclient.HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=headers, request_timeout=10)
        try:
            conn = await websocket.websocket_connect(request)
        except httpclient.HTTPClientError as exc:
            return f"refused {exc.code}"
        conn.write_message(json.dumps({"command": "hello", "protocols": [
            "http://livereload.com/protocols/official-7"]}))
        reply = await asyncio.wait_for(conn.read_message(), 10)
        conn.close()
        return str(reply)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # its own loop: Playwright may run one here
        return pool.submit(asyncio.run, talk()).result(timeout=30)


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:1", "http://localhost:1",
                                    "http://127.0.0.1:{port}.evil.example", "null"])
def test_the_reload_socket_refuses_another_origin(running: Preview, origin: str) -> None:
    port = _port(running)
    assert _socket(port, origin.format(port=port)) == "refused 403"


def test_the_reload_socket_opens_for_the_preview_itself_and_refuses_a_forged_host(running: Preview) -> None:
    port = _port(running)
    assert '"command": "hello"' in _socket(port, f"http://127.0.0.1:{port}")
    assert '"command": "hello"' in _socket(port, f"http://localhost:{port}", host=f"localhost:{port}")
    assert _socket(port, "http://evil.example", host="evil.example") == "refused 403"


def test_a_page_from_another_origin_cannot_open_the_reload_socket_in_chromium(
        page: Page, running: Preview, serve_dir: Callable[[Path], str], tmp_path: Path) -> None:
    port = _port(running)
    (tmp_path / "index.html").write_text('<!doctype html><title>waiting</title><script src="try.js"></script>')
    (tmp_path / "try.js").write_text(
        f'const ws = new WebSocket("ws://127.0.0.1:{port}/livereload");\n'
        'ws.onopen = () => { document.title = "opened"; };\n'
        'ws.onclose = () => { if (document.title !== "opened") document.title = "refused"; };\n')
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(serve_dir(tmp_path) + "/index.html")  # 127.0.0.1 on another port: another origin
    expect(page).to_have_title("refused", timeout=10_000)
    assert any("Unexpected response code: 403" in line for line in console), console  # the preview said no


# --- the local inbox's return address ------------------------------------------------------------

def _form(preview: Preview) -> tuple[str, dict[str, str]]:
    """The city page's form action (the local inbox) and hidden fields, as the preview serves them."""
    status, body = _get(_port(preview), f"/{CITY}", f"127.0.0.1:{_port(preview)}")
    assert status == 200
    action = html.unescape(re.search(r'<form[^>]*\saction="([^"]+)"', body, re.S).group(1))
    hidden = {html.unescape(n): html.unescape(v) for n, v in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body)}
    return action, hidden


def _post(action: str, fields: dict[str, str]) -> tuple[int, str | None, str]:
    parts = urllib.parse.urlsplit(action)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("POST", parts.path or "/", urllib.parse.urlencode(fields),
                     {"Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        return response.status, response.getheader("Location"), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_the_preview_forms_return_to_the_preview(running: Preview) -> None:
    action, hidden = _form(running)
    assert action.startswith("http://127.0.0.1:") and not action.startswith(running.url)
    assert hidden["_next"] == f"{running.url}{CITY}thanks/"
    status, location, _ = _post(action, {**hidden, "name": "Ada", "email": "ada@example.org"})
    assert (status, location) == (303, f"{running.url}{CITY}thanks/")


@pytest.mark.parametrize("target", ["https://evil.example/petition", "//evil.example/", "http://evil.example{own}",
                                    "{own}@evil.example/", "{own}\\@evil.example/", "{own}.evil.example/",
                                    "javascript:alert(1)", "{own}/\r\nSet-Cookie: a=b", "/thanks/"])
def test_an_off_site_next_shows_the_inbox_s_own_thank_you_page(running: Preview, target: str) -> None:
    action, hidden = _form(running)
    own = running.url.rstrip("/").split("//", 1)[1]
    bad = target.format(own=running.url.rstrip("/") if target.startswith("{own}") else own)
    status, location, body = _post(action, {**hidden, "_next": bad, "name": "Ada", "email": "ada@example.org"})
    assert (status, location) == (200, None)
    assert "your response has been recorded" in body
    assert "evil" not in body and "Set-Cookie" not in body


def test_the_inbox_alone_still_follows_any_return_address_unless_told() -> None:
    with FormInbox() as anywhere, FormInbox(follow_only=["http://127.0.0.1:8000/"]) as preview_only:
        for inbox, expected in ((anywhere, 303), (preview_only, 200)):
            status, _, _ = _post(inbox.url + "/f/abc", {"_next": "http://127.0.0.2:9/thanks/"})
            assert status == expected
        status, location, _ = _post(preview_only.url + "/f/abc", {"_next": "http://127.0.0.1:8000/x/thanks/"})
        assert (status, location) == (303, "http://127.0.0.1:8000/x/thanks/")


def test_the_hosts_a_preview_answers_to() -> None:
    assert local_only.local_hosts("127.0.0.1", 8000) == {"localhost:8000", "127.0.0.1:8000", "[::1]:8000"}
    assert "192.168.1.5:8000" in local_only.local_hosts("192.168.1.5", 8000)
    assert local_only.local_hosts("0.0.0.0", 80) == {"localhost", "127.0.0.1", "[::1]", "localhost:80",
                                                "127.0.0.1:80", "[::1]:80"}

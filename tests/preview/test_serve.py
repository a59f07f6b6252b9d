"""The preview server: live reload on save, the error page, the inbox, drafts, in real Chromium."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from citypages.base import parallel
from citypages.base.diagnostics import error
from citypages.pipeline import load_site
from citypages.preview import serve
from citypages.preview.form_inbox import FormInbox
from tests import support
from tests.conftest import ROOT
from tests.preview_process import TIMEOUT, Preview

CONNECTED = "window.__reloadConnected === true"





@pytest.fixture
def preview(make_site: Callable[..., Path]) -> Iterator[tuple[Path, Preview]]:
    site = make_site()
    running = Preview(site)
    yield site, running
    running.stop()
    assert running.proc.returncode == 0


def _open(page: Page, url: str) -> None:
    """Open a page and wait until its livereload connection is up (the page then reloads itself)."""
    page.goto(url)
    page.wait_for_function(CONNECTED, timeout=TIMEOUT)


def _save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.browser
def test_preview_reloads_on_save_shows_errors_and_recovers(page: Page, preview: tuple[Path, Preview]) -> None:
    site, server = preview
    cities = site / "cities.yaml"
    page.add_init_script("document.addEventListener('LiveReloadConnect', () => { window.__reloadConnected = true })")
    _open(page, server.url + "springfield-il/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Thank Mayor Pat Doe")

    _save(cities, "name: Pat Doe", "name: Robin Vega")
    expect(heading).to_have_text("Thank Mayor Robin Vega", timeout=TIMEOUT)
    server.wait_for(r"cities\.yaml changed: built \d+ pages in [\d.]+ s; the browser reloads [\d.]+ s after the save")

    good = cities.read_text(encoding="utf-8")
    page.wait_for_function(CONNECTED, timeout=TIMEOUT)
    _save(cities, "  location: {lat: 39.8", "  populaton: <b>5</b>\n  location: {lat: 39.8")
    line = good.splitlines().index("  location: {lat: 39.8, lon: -89.64}") + 1
    expect(page.get_by_role("heading", level=1)).to_have_text("The site could not be built", timeout=TIMEOUT)
    report = page.locator("#build-error")
    expect(report).to_contain_text(f"cities.yaml:{line}:3")
    expect(report).to_contain_text("populaton")
    expect(report.locator("pre")).to_contain_text(f"{line} |   populaton: <b>5</b>")  # escaped, shown as typed
    assert page.locator("#build-error b").count() == 0
    server.wait_for(rf"cities\.yaml:{line}:3: error: ")

    page.wait_for_function(CONNECTED, timeout=TIMEOUT)
    cities.write_text(good, encoding="utf-8")
    expect(heading).to_have_text("Thank Mayor Robin Vega", timeout=TIMEOUT)

    # Two saves in quick succession, each within 3 s of the last reload (livereload dropped such a reload):
    # both must reach the open page.
    for name in ("First Save", "Second Save"):
        page.wait_for_function(CONNECTED, timeout=TIMEOUT)
        _save(cities, "name: Robin Vega" if name == "First Save" else "name: First Save", f"name: {name}")
        expect(heading).to_have_text(f"Thank Mayor {name}", timeout=TIMEOUT)


@pytest.mark.browser
def test_preview_shows_drafts_and_keeps_form_posts_in_the_inbox(page: Page,
                                                                preview: tuple[Path, Preview]) -> None:
    _, server = preview
    offsite: list[str] = []
    page.on("request", lambda r: None if r.url.startswith("http://127.0.0.1:") else offsite.append(r.url))
    page.goto(server.url + "shelby-county-tn/")
    expect(page.locator(".draft-banner")).to_be_visible()

    page.goto(server.url + "springfield-il/")
    form = page.locator("form.petition")
    assert form.get_attribute("action").startswith("http://127.0.0.1:")
    assert not form.get_attribute("action").startswith(server.url)
    page.locator("#f-name").fill("Ada <Lovelace>")
    page.locator("#f-email").fill("ada@example.org")
    form.locator("[type=submit]").click()
    page.wait_for_url(server.url + "springfield-il/thanks/", timeout=TIMEOUT)

    page.goto(server.url + "_inbox/")
    inbox = page.locator("#inbox")
    expect(inbox).to_contain_text("Ada <Lovelace>")
    expect(inbox).to_contain_text("ada@example.org")
    assert offsite == []


def test_error_page_escapes_everything_from_the_files(tmp_path: Path) -> None:
    (tmp_path / "cities.yaml").write_text("- name: x\n  bad: <script>alert(1)</script>\n", encoding="utf-8")
    errors = serve.shown_errors(tmp_path, [error(Path("cities.yaml"), 2, 3, "unknown key '<img src=x>'")])
    html = serve.error_page(errors)
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "cities.yaml:2:3" in html
    assert "\n" + " " * (len("2 | ") + 2) + '<span class="caret">^' not in html  # caret sits in the <pre>
    assert '<span class="caret">' + " " * (len("2 | ") + 2) + "^</span>" in html


def test_inbox_page_escapes_posts() -> None:
    html = serve.inbox_page([{"path": "/f/<x>", "fields": {"name": "<b>Ada</b>"}}])
    assert "&lt;b&gt;Ada&lt;/b&gt;" in html and "<b>Ada" not in html and "/f/&lt;x&gt;" in html
    assert "Nothing yet" in serve.inbox_page([])


def test_preview_points_every_form_at_the_inbox(make_site: Callable[..., Path]) -> None:
    inp, diags = load_site(make_site())
    assert inp is not None, diags
    adjusted = serve.preview_input(inp, "http://127.0.0.1:9/")
    assert adjusted.site.form.options["endpoint"] == "http://127.0.0.1:9/"
    assert adjusted.site.form.options["id"] == inp.site.form.options["id"]
    assert "endpoint" not in inp.site.form.options  # the loaded input is left as it was


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_a_preview_started_on_broken_input_serves_the_error_page_until_fixed(make_site: Callable[..., Path]) -> None:
    site = make_site({"site.yaml": (ROOT / "tests/sites/tiny/site.yaml").read_text(encoding="utf-8")
                      .replace("provider: formspree", "provider: formspre")})
    server = Preview(site)
    try:
        assert any("the build stopped on 1 error" in line for line in server.log), server.log
        status, body = _get(server.url)
        assert status == 500
        assert "site.yaml:9:3" in body and "did you mean &#39;formspree&#39;?" in body
        assert "9 |   provider: formspre\n" in body  # the offending line, as typed
        assert '<script src="/livereload.js"></script></head>' in body
        assert _get(server.url + "static/style.css")[0] == 404  # nothing was built yet

        _save(site / "site.yaml", "provider: formspre", "provider: formspree")
        server.wait_for(r"site\.yaml changed: built \d+ pages")
        status, body = _get(server.url + "springfield-il/")
        assert status == 200 and "Thank Mayor Pat Doe" in body
        status, body = _get(server.url + "no-such-page/")
        assert status == 404 and "<html" in body  # the site's own 404 page
    finally:
        server.stop()


def test_the_preview_builds_a_large_site_without_forking(make_site: Callable[..., Path], tmp_path: Path) -> None:
    """The preview runs threads (its server, the local inbox): a worker forked then can deadlock."""
    site = make_site({"cities.yaml": support.fake_cities(2 * parallel.MIN_UNITS_PER_WORKER)})
    forks: list[int] = []
    watching = [True]
    os.register_at_fork(before=lambda: forks.append(1) if watching[0] else None)
    try:
        with FormInbox() as inbox:
            result = serve.Preview(site, tmp_path / "preview", "http://127.0.0.1:9/", inbox).rebuild()
    finally:
        watching[0] = False
    assert result.ok, result.diagnostics
    if parallel.default_workers() > 1:  # a build with the default workers would fork here
        assert parallel.workers_for(result.pages, None) > 1
    assert forks == []

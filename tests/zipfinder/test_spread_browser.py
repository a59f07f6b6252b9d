"""Spreading the petition in a real browser: ZIP lookup on the sample site, share links' channels."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from htmlcheck import AXE_TAGS
from playwright.sync_api import Browser, Page, expect

from citypages.pipeline import build_site

pytestmark = pytest.mark.browser
LOOPBACK = re.compile(r"^(http://127\.0\.0\.1:\d+/|data:|about:)")


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real sample site, built with its base URL on a 127.0.0.1 server, once for this file."""
    import functools
    import http.server
    import threading

    root = tmp_path_factory.mktemp("sample") / "site"
    root.mkdir()
    for name in ("site.yaml", "cities.yaml", "content", "theme"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    out = root / "output"
    out.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/output/"
    result = build_site(root, base_url=url)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    assert (out / "zip" / "022.json").is_file()
    yield url
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def visit(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A fresh page that records every request and refuses any that would leave 127.0.0.1."""
    context = browser.new_context()
    offsite: list[str] = []

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        if LOOPBACK.match(route.request.url):
            route.continue_()
        else:
            offsite.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    yield page, offsite
    context.close()


def find(page: Page, zip_code: str) -> None:
    box = page.locator("#zip-code")
    box.fill(zip_code)
    box.press("Enter")


def test_the_zip_of_boston_city_hall_goes_to_bostons_page(sample_url: str, visit) -> None:
    page, offsite = visit
    page.goto(sample_url)
    page.get_by_label("Your ZIP code").fill("02201")
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_url(f"{sample_url}boston-ma/")
    expect(page.locator("h1")).to_contain_text("Michelle Wu")
    assert offsite == []


def test_a_far_zip_lists_the_three_nearest_with_distances_in_english_and_spanish(sample_url: str, visit) -> None:
    page, offsite = visit
    page.goto(sample_url)
    find(page, "99501")  # Anchorage: no sample city within hundreds of miles
    expect(page.locator(".zip-status")).to_have_text("City pages nearest to 99501:")
    items = page.locator(".zip-results li")
    expect(items).to_have_count(3)
    texts = items.all_inner_texts()
    assert texts[0].startswith("Seattle, Washington (") and texts[0].endswith(" mi)"), texts
    miles = [int(re.search(r"\(([\d,]+) mi\)", t)[1].replace(",", "")) for t in texts]
    assert miles == sorted(miles) and 1300 < miles[0] < 1600, texts
    page.goto(sample_url + "es/")
    find(page, "99501")
    expect(page.locator(".zip-results li").first).to_contain_text("millas")
    expect(page.locator(".zip-results a").first).to_have_attribute("href", re.compile(r"/output/es/"))
    find(page, "00000")
    expect(page.locator(".zip-status")).to_contain_text("No conocemos el código postal 00000")
    find(page, "12")
    expect(page.locator(".zip-status")).to_have_text("Escribe un código postal de 5 dígitos, como 02201.")
    assert offsite == []


def test_the_zip_lookup_works_with_the_keyboard_alone(sample_url: str, visit) -> None:
    page, _ = visit
    page.goto(sample_url)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "zip-code":
            break
    else:
        pytest.fail("Tab never reached the ZIP code box")
    page.keyboard.type("99501")
    page.keyboard.press("Enter")
    expect(page.locator(".zip-results li")).to_have_count(3)
    page.keyboard.press("Tab")  # the Find button
    page.keyboard.press("Tab")  # the first result
    expect(page.locator(".zip-results a").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{sample_url}seattle-wa/")


def test_the_index_with_the_zip_lookup_is_axe_clean_and_without_javascript_lists_every_city(
        sample_url: str, visit, browser: Browser) -> None:
    page, offsite = visit
    page.goto(sample_url)
    find(page, "99501")
    expect(page.locator(".zip-results li")).to_have_count(3)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    assert offsite == []
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto(sample_url)
        expect(plain.locator("form.zip-lookup")).to_be_hidden()
        assert plain.locator("#city-list a").count() == len(re.findall(r"^- name:", (ROOT / "cities.yaml")
                                                                       .read_text(), re.M))
    finally:
        context.close()


def test_a_share_link_brings_its_channel_into_the_petition_form(sample_url: str, visit) -> None:
    page, offsite = visit
    page.goto(f"{sample_url}boston-ma/thanks/")
    href = page.get_by_role("link", name="WhatsApp").get_attribute("href") or ""
    text = parse_qs(urlsplit(href).query)["text"][0]
    shared = re.search(r"http://127\.0\.0\.1:\d+/\S+", text)
    assert shared and shared[0] == f"{sample_url}boston-ma/?source=share-whatsapp", text
    page.goto(shared[0])
    expect(page.locator("input[data-source]")).to_have_value("share-whatsapp")
    assert offsite == []
    assert Path(urlsplit(href).path) == Path("/")  # wa.me/?text=...: the visitor's own choice to leave


def test_the_thank_you_page_with_a_second_action_is_axe_clean_in_both_languages(sample_url: str, visit) -> None:
    page, offsite = visit
    for prefix, name in (("", "Call +1 617-635-4000"), ("es/", "Llamar al +1 617-635-4000")):
        page.goto(f"{sample_url}{prefix}boston-ma/thanks/")
        expect(page.get_by_role("link", name=name)).to_have_attribute("href", "tel:+16176354000")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, results.generate_report()
    assert offsite == []

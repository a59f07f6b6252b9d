"""One-click signing from an email: a link's fragment fills the form, leaves the address bar, sends nothing."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote
from urllib.request import urlopen

import pytest
from conftest import SITES, copy_site
from forms_sites import CITY, build, site_yaml
from playwright.sync_api import Browser, Page, Request, expect

from citypages.preview.form_inbox import FormInbox
from tests.support import quiet_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def service() -> Iterator[FormInbox]:
    with FormInbox() as s:
        yield s


@pytest.fixture(scope="module")
def city_url(service: FormInbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_site(SITES / "tiny", tmp_path_factory.mktemp("prefill") / "site",
                     {"site.yaml": site_yaml("formspree", service.endpoint("formspree"))})
    www = tmp_path_factory.mktemp("www")
    with quiet_server(www) as url:
        build(root, www / "formspree", f"{url}/formspree/")
        yield f"{url}/formspree/{CITY}/"


def opened(browser: Browser, url: str, js: bool = True) -> tuple[Page, list[Request]]:
    page = browser.new_context(java_script_enabled=js).new_page()
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r))
    page.goto(url)
    return page, requests


def carries(request: Request, *values: str) -> bool:
    """Whether a request's address, headers or body holds any of the values (raw or %-encoded)."""
    seen = " ".join([request.url, *request.all_headers().values(), request.post_data or ""])
    return any(v in seen or quote(v, safe="") in seen for v in values)


def test_the_fragment_fills_the_form_and_leaves_the_address_bar(
        browser: Browser, city_url: str, service: FormInbox) -> None:
    page, requests = opened(browser, f"{city_url}#name=Ana%20Ruiz&email=ana%40example.org&zip=02201")
    expect(page.get_by_label("Full name")).to_have_value("Ana Ruiz")
    expect(page.get_by_label("Email")).to_have_value("ana@example.org")
    expect(page.get_by_label("ZIP code")).to_have_value("02201")
    assert page.evaluate("location.href") == city_url  # not shared, not bookmarked
    assert not any(carries(r, "Ana Ruiz", "ana@example.org", "02201") for r in requests), [r.url for r in requests]
    assert service.received == []
    page.get_by_role("button", name="Send thanks").click()
    expect(page).to_have_url(f"{city_url}thanks/")
    assert service.wait(lambda s: len(s.received) == 1)
    assert service.received[0]["fields"]["name"] == "Ana Ruiz"
    assert service.received[0]["fields"]["_replyto"] == "ana@example.org"
    page.context.close()


def test_a_hostile_fragment_stays_text_and_is_capped(browser: Browser, city_url: str) -> None:
    """10 MB is more than Chromium lets a link carry (2 MB): the page's address is set before any script runs."""
    hostile = "<img src=x onerror=alert(1)>"
    context = browser.new_context()
    context.add_init_script(f"""history.replaceState(null, "", location.pathname +
        "#name={quote(hostile)}" + "A".repeat(10000000) + "&other=%3Cb%3E"); window.seenHash = location.hash.length;""")
    page = context.new_page()
    requests: list[Request] = []
    page.on("request", lambda r: requests.append(r))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(city_url)
    assert page.evaluate("window.seenHash") > 10_000_000  # the page did start with the whole fragment
    expect(page.get_by_label("Full name")).to_have_value((hostile + "A" * 200)[:200])
    assert page.locator("img[src=x]").count() == 0 and dialogs == []
    assert page.evaluate("location.href") == city_url
    assert not any(carries(r, hostile) for r in requests)
    context.close()


def test_without_javascript_nothing_happens(browser: Browser, city_url: str) -> None:
    page, _ = opened(browser, f"{city_url}#name=Ana%20Ruiz", js=False)
    expect(page.get_by_label("Full name")).to_have_value("")
    assert page.url.endswith("#name=Ana%20Ruiz")
    page.context.close()


def test_an_anchor_is_left_alone(browser: Browser, city_url: str) -> None:
    page, _ = opened(browser, f"{city_url}#petition")
    expect(page.get_by_label("Full name")).to_have_value("")
    assert page.url.endswith("#petition")
    page.context.close()


def test_the_page_script_is_external(city_url: str) -> None:
    """The fill needs no inline script: the policy stays script-src 'self'."""
    html = urlopen(city_url).read().decode()
    assert "script-src 'self';" in html and "<script>" not in html

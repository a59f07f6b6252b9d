"""Petition forms in a real browser: every provider, with and without JavaScript, against the local inbox."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import SITES, copy_site
from forms_sites import CITY, PROVIDERS, TYPED, build, expected_post, site_yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect

from citypages.preview.form_inbox import FormInbox
from tests.support import quiet_server

pytestmark = pytest.mark.browser
LOOPBACK = re.compile(r"^http://127\.0\.0\.1:\d+/")


@pytest.fixture(scope="module")
def service() -> Iterator[FormInbox]:
    with FormInbox() as s:
        yield s


@pytest.fixture
def inbox(service: FormInbox) -> Iterator[FormInbox]:
    """The module's local inbox, emptied for each test (the sites it serves are built once per module)."""
    for record in (service.received, service.dropped, service.rejected):
        record.clear()
    yield service
    service.fail_with = None


@pytest.fixture(scope="module")
def www(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served on 127.0.0.1 for this module: each provider's site is built under /<provider>/."""
    folder = tmp_path_factory.mktemp("www")
    with quiet_server(folder) as url:
        yield folder, url


@pytest.fixture(scope="module")
def city_site(www: tuple[Path, str], service: FormInbox,
              tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], str]:
    """city_site(provider) -> the Springfield page's address on a copy of the tiny site built for that provider."""
    folder, url = www
    built: dict[str, str] = {}

    def make(provider: str) -> str:
        if provider not in built:
            root = copy_site(SITES / "tiny", tmp_path_factory.mktemp(provider) / "site",
                             {"site.yaml": site_yaml(provider, service.endpoint(provider))})
            base = f"{url}/{provider}/"
            build(root, folder / provider, base)
            if provider in ("basin", "getform"):  # their return page is set in the dashboard, as the docs ask
                service.dashboard_redirect[provider] = f"{base}{CITY}/thanks/"
            built[provider] = f"{base}{CITY}/"
        return built[provider]

    return make


def fill(page: Page) -> None:
    page.get_by_label("Full name").fill(TYPED["name"])
    page.get_by_label("Email").fill(TYPED["email"])
    page.get_by_label("ZIP code").fill(TYPED["zip"])
    page.locator("details.field-more > summary").click()  # the comment box is folded away to keep the form short
    page.get_by_label("A few words of your own").fill(TYPED["comment"])
    page.get_by_label("Keep me updated").check()


@pytest.fixture(scope="module")
def contexts(browser: Browser) -> Iterator[dict[bool, BrowserContext]]:
    """One browser context with JavaScript and one without, shared by this file's tests (no cookies are set)."""
    made = {js: browser.new_context(java_script_enabled=js) for js in (True, False)}
    yield made
    for context in made.values():
        context.close()


@pytest.fixture
def open_page(contexts: dict[bool, BrowserContext]) -> Iterator[Callable[[str, bool], tuple[Page, list[str]]]]:
    """open_page(url, js) -> (page, every address the page requested); the page is closed after the test."""
    pages: list[Page] = []

    def open_(url: str, js: bool) -> tuple[Page, list[str]]:
        pages.append(contexts[js].new_page())
        requests: list[str] = []
        pages[-1].on("request", lambda r: requests.append(r.url))
        pages[-1].goto(url)
        return pages[-1], requests

    yield open_
    for page in pages:
        page.close()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("provider", list(PROVIDERS))
def test_a_signature_reaches_the_provider_and_the_visitor_is_thanked(
        open_page, city_site: Callable[[str], str], inbox: FormInbox, provider: str, js: bool) -> None:
    url = city_site(provider)
    base = url.removesuffix(f"{CITY}/")
    page, requests = open_page(url + "?source=abc", js)
    fill(page)
    page.get_by_role("button", name="Send thanks").click()
    if provider == "google_forms" and js:
        expect(page.locator(".form-status")).to_have_text("Thank you! Your message is on its way.")
        expect(page.get_by_label("Full name")).to_be_hidden()
    elif provider == "google_forms":  # no redirect at Google: the visitor ends on its page
        expect(page.locator("h1")).to_contain_text("your response has been recorded")
    else:
        expect(page).to_have_url(f"{url}thanks/")
        expect(page.locator("h1")).to_have_text("Thank you for signing")
    assert inbox.wait(lambda s: len(s.received) == 1)
    post = inbox.received[0]
    assert post["provider"] == provider
    assert post["fields"] == expected_post(provider, base, "abc" if js else "")
    assert (post["headers"].get("Accept") == "application/json") == (js and provider not in ("google_forms", "generic"))
    assert all(LOOPBACK.match(u) for u in requests), requests


def test_a_filled_honeypot_is_dropped(open_page, city_site: Callable[[str], str], inbox: FormInbox) -> None:
    url = city_site("formspree")
    page, _ = open_page(url, True)
    fill(page)
    page.eval_on_selector("input[name=_gotcha]", "e => { e.value = 'buy now' }")
    page.get_by_role("button", name="Send thanks").click()
    expect(page).to_have_url(f"{url}thanks/")  # the provider answers as if all were well
    assert inbox.wait(lambda s: len(s.dropped) == 1)
    assert inbox.received == []


def test_a_service_error_shows_a_message_and_keeps_what_was_typed(
        open_page, city_site: Callable[[str], str], inbox: FormInbox) -> None:
    url = city_site("web3forms")
    page, _ = open_page(url, True)
    fill(page)
    inbox.fail_with = 500
    page.get_by_role("button", name="Send thanks").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("could not be sent")
    expect(alert).to_be_focused()
    expect(page.get_by_label("Full name")).to_have_value(TYPED["name"])
    expect(page.get_by_label("A few words of your own")).to_have_value(TYPED["comment"])
    expect(page.get_by_role("button", name="Send thanks")).to_be_enabled()
    assert page.url == url
    inbox.fail_with = None  # the visitor tries again once the service is back
    page.get_by_role("button", name="Send thanks").click()
    expect(page).to_have_url(f"{url}thanks/")
    assert len(inbox.received) == 1 and len(inbox.rejected) == 1


@pytest.mark.parametrize("provider", ["formspree", "generic"])
def test_a_double_click_sends_once(open_page, city_site: Callable[[str], str], inbox: FormInbox,
                                   provider: str) -> None:
    url = city_site(provider)
    page, _ = open_page(url, True)
    fill(page)
    page.get_by_role("button", name="Send thanks").dblclick()
    expect(page).to_have_url(f"{url}thanks/")
    assert len(inbox.received) == 1, inbox.received


def test_errors_are_tied_to_their_fields_and_focus_moves_to_the_first(
        open_page, city_site: Callable[[str], str], inbox: FormInbox) -> None:
    url = city_site("staticforms")
    page, _ = open_page(url, True)
    page.get_by_label("Email").fill("not an address")
    page.get_by_role("button", name="Send thanks").click()
    name = page.get_by_label("Full name")
    expect(name).to_be_focused()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-name-error")).to_have_text("Enter your name.")
    expect(page.get_by_label("Email")).to_have_accessible_description(re.compile("Enter an email address"))
    assert inbox.received == [] and inbox.rejected == []


@pytest.mark.parametrize("provider", ["formsubmit", "google_forms"])
def test_the_form_and_its_error_messages_pass_axe(open_page, city_site: Callable[[str], str], provider: str) -> None:
    page, _ = open_page(city_site(provider), True)
    page.get_by_label("Email").fill("not an address")
    page.get_by_role("button", name="Send thanks").click()
    expect(page.get_by_label("Full name")).to_be_focused()
    result = Axe().run(page, options={"runOnly": {"type": "tag",
                                                  "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    assert result.response["passes"], "axe ran on the page"
    assert result.violations_count == 0, result.generate_report()

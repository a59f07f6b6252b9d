"""The theme in headless Chromium: no third-party requests, CSP in force, no-JS use, layout, switcher."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from theme_site import artifacts, build_bilingual

from citypages.preview.form_inbox import FormInbox

pytestmark = pytest.mark.browser


@pytest.fixture
def site(make_site, serve_dir, tmp_path):
    """The bilingual tiny site served on 127.0.0.1, its form pointed at the local inbox."""
    with FormInbox() as form:
        folder = tmp_path / "served"
        base = serve_dir(folder)
        out, _ = build_bilingual(make_site, base_url=base + "/", endpoint=form.url)
        folder.symlink_to(out)
        yield base, form


def fill_form(page: Page) -> None:
    page.fill("#f-name", "Ana Test")
    page.fill("#f-email", "ana@example.org")


def test_city_thanks_and_index_request_nothing_from_other_hosts(site, page):
    base, _ = site
    origins: list[str] = []
    page.on("request", lambda request: origins.append(request.url))
    for path in ("/springfield-il/", "/springfield-il/thanks/", "/", "/es/springfield-il/"):
        page.goto(base + path, wait_until="networkidle")
    assert len(origins) >= 10
    foreign = [url for url in origins if f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != base]
    assert foreign == []
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_with_the_csp_in_force_the_form_submits_and_an_injected_inline_script_is_blocked(site, page):
    base, form = site
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(base + "/springfield-il/")
    fill_form(page)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/springfield-il/thanks/")
    assert len(form.received) == 1 and "Ana Test" in repr(form.received[0]["fields"])  # sent by fetch
    assert violations == []
    # The same page with an inline script and an inline style slipped in: both are refused.
    page.goto(base + "/springfield-il/")
    page.evaluate("""() => {
        const html = document.documentElement.outerHTML.replace('<main', '<script>window.injected = 1<\\/script><main');
        document.open(); document.write(html); document.close();
    }""")
    page.wait_for_function("document.querySelector('main') !== null")
    expect(page.locator("h1")).to_have_text("Thank Mayor Pat Doe")
    assert page.evaluate("window.injected") is None
    assert any("inline script" in v or "script-src" in v for v in violations), violations


def test_search_filters_the_index_as_you_type(site, page):
    base, _ = site
    page.goto(base + "/")
    search = page.get_by_label("Search cities")
    search.fill("spring")
    expect(page.get_by_role("link", name="Springfield", exact=True)).to_be_visible()
    expect(page.locator("#city-list").get_by_role("link", name="San José")).to_be_hidden()
    expect(page.locator(".map a[aria-label='Springfield, IL']")).to_be_visible()
    search.fill("jos")
    expect(page.locator(".map a[aria-label='Springfield, IL']")).to_be_hidden()
    search.fill("zzz")
    expect(page.locator(".search-none")).to_have_text("No city matches your search.")
    search.fill("jose")
    expect(page.locator("#city-list").get_by_role("link", name="San José")).to_be_visible()


def test_without_javascript_the_form_posts_and_the_index_lists_every_city(site, browser: Browser):
    base, form = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/")
    expect(page.locator(".search")).to_be_hidden()
    expect(page.locator("#city-list a")).to_have_count(2)
    page.goto(base + "/es/springfield-il/")
    fill_form(page)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/es/springfield-il/thanks/")
    assert form.received[-1]["fields"]["language"] == "es"
    expect(page.locator("h1")).to_have_text("Gracias por firmar")
    context.close()


def test_layout_on_a_phone_and_a_desktop_with_the_submit_button_on_the_first_phone_screen(site, browser, tmp_path):
    base, _ = site
    folder = artifacts(tmp_path)
    for width, height in ((360, 740), (1280, 800), (320, 640)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for name, path in (("city", "/springfield-il/"), ("index", "/"), ("thanks", "/springfield-il/thanks/")):
            page.goto(base + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            if (width, height) != (320, 640):
                page.screenshot(path=str(folder / f"{name}-{width}x{height}.png"), full_page=True)
        if width == 360:
            for path in ("/springfield-il/", "/es/springfield-il/"):
                page.goto(base + path)
                box = page.locator("button[type=submit]").bounding_box()
                assert box is not None and box["y"] + box["height"] <= height, (path, box)
        context.close()
    assert (folder / "city-360x740.png").stat().st_size > 1000


def test_touch_targets_are_at_least_24_px(site, page):
    base, _ = site
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/springfield-il/", "/springfield-il/thanks/", "/"):
        page.goto(base + path)
        small = page.evaluate("""() => [...document.querySelectorAll(
                'a[href], button, input:not([type=hidden]), textarea')]
            .filter(el => el.offsetParent !== null && !el.closest('svg, .hp, p, td'))
            .map(el => [el.outerHTML.slice(0, 60), el.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24)""")
        assert small == [], (path, small)


def test_the_language_switcher_lands_on_the_same_city(site, page):
    base, _ = site
    page.goto(base + "/springfield-il/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="ES").click()
    page.wait_for_url(base + "/es/springfield-il/")
    assert page.evaluate("document.documentElement.lang") == "es"
    expect(page.locator("h1")).to_have_text("Gracias, Alcalde Pat Doe")
    page.get_by_role("navigation", name="Idioma").get_by_role("link", name="EN").click()
    page.wait_for_url(base + "/springfield-il/")


def test_copy_link_button_copies_the_city_address(site, browser):
    base, _ = site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base + "/springfield-il/thanks/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".copy-status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == base + "/springfield-il/?source=share-copy"
    context.close()


def test_skip_link_shows_on_focus_and_focus_is_visible(site, page):
    base, _ = site
    page.goto(base + "/springfield-il/")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.bounding_box()["y"] < 0
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_print_shows_the_message_and_hides_the_form_and_navigation(site, page):
    base, _ = site
    page.goto(base + "/springfield-il/")
    page.emulate_media(media="print")
    expect(page.locator("form.petition")).to_be_hidden()
    expect(page.locator(".site-footer nav")).to_be_hidden()
    expect(page.locator("blockquote.message")).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator("form.petition")).to_be_visible()

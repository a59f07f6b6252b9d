"""Counts and progress as a visitor gets them in Chromium, in English and Spanish, with and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from theme_site import build_bilingual

pytestmark = pytest.mark.browser

COUNTS = '{"version": 1, "campaigns": {"thanks": {"springfield-il": 1204, "san-jose-ca": 3}}}\n'


@pytest.fixture
def site(make_site, serve_dir) -> str:
    """Springfield has a goal of 2,000 (set in cities.yaml); San José has none."""
    cities = (make_site().joinpath("cities.yaml")).read_text()
    cities = cities.replace("    name: Pat Doe\n", "    name: Pat Doe\n  goal: 2000\n", 1)
    out, _ = build_bilingual(make_site, base_url="http://127.0.0.1/",
                             files={"signatures.json": COUNTS, "cities.yaml": cities})
    return serve_dir(out)


def test_counts_and_progress_in_both_languages(site: str, page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site}/springfield-il/")
    expect(page.locator(".signatures-count")).to_have_text("1,204 neighbors have thanked Mayor Pat Doe.")
    bar = page.get_by_role("progressbar", name="1,204 of 2,000 signatures: 60% of the goal.")
    expect(bar).to_be_visible()
    assert bar.evaluate("el => [el.max, el.value]") == [2000, 1204]
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag22aa"]}})
    assert results.violations_count == 0, results.generate_report()
    page.goto(f"{site}/es/springfield-il/")
    expect(page.locator(".signatures-count")).to_have_text("1.204 vecinos le han dado las gracias a Pat Doe.")
    expect(page.get_by_role("progressbar", name="1.204 de 2.000 firmas: 60 % de la meta.")).to_be_visible()
    page.goto(f"{site}/san-jose-ca/")
    expect(page.locator(".signatures-count")).to_have_text("3 neighbors have thanked Alcaldesa Ana Ruiz.")
    expect(page.get_by_role("progressbar")).to_have_count(0)
    page.goto(f"{site}/es/")
    expect(page.locator(".signatures-count")).to_have_text(
        "1.207 vecinos les han dado las gracias a sus alcaldes en 2 ciudades.")


def test_progress_reads_without_javascript(site: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/springfield-il/")
    expect(page.get_by_role("progressbar", name="1,204 of 2,000 signatures: 60% of the goal.")).to_be_visible()
    expect(page.locator(".signatures-goal")).to_be_visible()
    context.close()

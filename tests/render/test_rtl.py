"""Right-to-left: an Arabic-first site (tests/sites/arabic) is dir="rtl", mirrored, axe clean, never too wide."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SITES
from htmlcheck import AXE_TAGS

from citypages.pipeline import build_site

ARABIC = SITES / "arabic"
KINDS = ("dearborn-mi/", "dearborn-mi/thanks/", "", "about/", "privacy/")


def build_arabic(dest: Path, base_url: str | None = None) -> Path:
    """The Arabic test site with the project's theme and the site's Arabic theme strings."""
    shutil.copytree(ARABIC, dest, ignore=shutil.ignore_patterns("i18n", "output"))
    shutil.copytree(ROOT / "theme", dest / "theme")
    shutil.copy(ARABIC / "i18n" / "ar.yaml", dest / "theme" / "i18n" / "ar.yaml")
    result = build_site(dest, base_url=base_url)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    return dest / "output"


def test_arabic_pages_are_rtl_and_english_pages_ltr_with_the_right_lang(tmp_path):
    out = build_arabic(tmp_path / "site")
    html = (out / "dearborn-mi" / "index.html").read_text()
    assert html.startswith('<!doctype html>\n<html lang="ar" dir="rtl">')
    assert "<h1>شكرًا رئيس البلدية سامي حداد لأنك جعلت ديربورن مدينة مرحِّبة</h1>" in html
    assert '<a href="https://example.org/repo/en/dearborn-mi/" hreflang="en" lang="en" dir="ltr">English</a>' in html
    english = (out / "en" / "dearborn-mi" / "index.html").read_text()
    assert '<html lang="en" dir="ltr">' in english
    assert "<h1>Thank Mayor سامي حداد for making ديربورن a welcoming city</h1>" in english
    assert '<html lang="ar" dir="rtl">' in (out / "404.html").read_text()


@pytest.fixture
def served(tmp_path, serve_dir):
    folder = tmp_path / "served"
    base = serve_dir(folder)
    folder.symlink_to(build_arabic(tmp_path / "site", base_url=base + "/"))
    return base


@pytest.mark.browser
def test_the_arabic_layout_is_mirrored(served, page):
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(served + "/dearborn-mi/")
    title = page.locator(".site-title").bounding_box()
    nav = page.locator(".languages").bounding_box()
    assert title and nav and title["x"] > nav["x"]  # the site's name starts on the right
    quote = page.locator(".message")
    assert quote.evaluate("e => getComputedStyle(e).borderRightWidth") == "4px"
    assert quote.evaluate("e => getComputedStyle(e).borderLeftWidth") == "0px"
    heading = page.locator("h1").bounding_box()
    main = page.locator("main").bounding_box()
    assert heading and main and abs((heading["x"] + heading["width"]) - (main["x"] + main["width"])) < 20
    page.goto(served + "/en/dearborn-mi/")
    assert page.locator(".message").evaluate("e => getComputedStyle(e).borderLeftWidth") == "4px"


@pytest.mark.browser
def test_every_arabic_and_english_page_is_axe_clean_and_fits_320_px(served, page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size({"width": 320, "height": 700})
    checked = []
    for prefix in ("", "en/"):
        for kind in (*KINDS, *(("404.html",) if not prefix else ())):
            page.goto(f"{served}/{prefix}{kind}")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            assert results.violations_count == 0, f"{prefix}{kind}:\n{results.generate_report()}"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{prefix}{kind} is {width} px wide"
            checked.append(page.evaluate("document.documentElement.dir"))
    assert checked.count("rtl") == 6 and checked.count("ltr") == 5

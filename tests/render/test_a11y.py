"""Accessibility and validity of every kind of page, in English and Spanish, in a real browser."""

from __future__ import annotations

import shutil

import pytest
from conftest import UNDER_CI
from htmlcheck import AXE_TAGS, nu_errors
from theme_site import PAGE_KINDS, build_bilingual


def test_every_page_is_valid_html_in_one_nu_checker_run(make_site):
    """One JVM start for the whole build, plus a broken page that proves the checker is listening."""
    if not shutil.which("java") and not UNDER_CI:
        pytest.skip("the Nu HTML checker needs Java (apt-get install -y default-jre-headless)")
    out, _ = build_bilingual(make_site)
    pages = list(out.rglob("*.html"))
    assert len(pages) >= 15
    broken = (out / "index.html").read_text().replace("<main", '<p id="main"></p><main', 1)
    (out / "broken-on-purpose.html").write_text(broken)
    lines = nu_errors(out)
    assert any("broken-on-purpose.html" in line and "Duplicate ID" in line for line in lines), lines
    assert [line for line in lines if "broken-on-purpose.html" not in line] == []


@pytest.mark.browser
def test_axe_finds_no_violation_on_any_kind_of_page_in_english_and_spanish(make_site, serve_dir, page):
    from axe_playwright_python.sync_playwright import Axe

    out, _ = build_bilingual(make_site, base_url="http://127.0.0.1/")
    base = serve_dir(out)
    axe = Axe()
    checked = []
    for prefix in ("", "es/"):
        for kind in PAGE_KINDS:
            if prefix and kind == "404.html":
                continue
            page.goto(f"{base}/{prefix}{kind}")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            assert results.violations_count == 0, f"{prefix}{kind}:\n{results.generate_report()}"
            checked.append(page.evaluate("document.documentElement.lang"))
    assert checked.count("es") == 4 and checked.count("en") == 5

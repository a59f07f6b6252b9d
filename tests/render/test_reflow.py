"""Reflow (WCAG 1.4.10): no page of the sample site scrolls sideways on a 320 CSS px screen, in any language."""

from __future__ import annotations

import pytest
import yaml

pytestmark = pytest.mark.browser


def test_no_page_kind_in_any_language_is_wider_than_320_px(make_site, run_cli, serve_dir, browser):
    site = make_site(base="sample")
    out = site / "output"
    out.mkdir()
    base = serve_dir(out)
    assert run_cli(site, "build", "--base-url", base + "/", "--quiet").status == 0
    languages = yaml.safe_load((site / "site.yaml").read_text())["languages"]
    prefixes = ["", *(f"{lang.lower()}/" for lang in languages[1:])]
    cities = sorted(p.parent.name for p in out.glob("*/thanks/index.html"))
    paths = ["404.html"]
    for prefix in prefixes:
        paths += [prefix, f"{prefix}about/", f"{prefix}privacy/"]
        paths += [f"{prefix}{slug}/{kind}" for slug in cities for kind in ("", "thanks/")]
    assert len(paths) > 4 * len(cities)
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = []
    for path in paths:
        page.goto(f"{base}/{path}", wait_until="domcontentloaded")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append((path, width))
    context.close()
    assert too_wide == []

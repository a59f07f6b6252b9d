"""The real sample site on a phone: every city's submit button is on the first screen, in every language."""

from __future__ import annotations

import pytest
import yaml


@pytest.mark.browser
def test_every_sample_city_page_shows_the_submit_button_on_the_first_phone_screen(make_site, run_cli, serve_dir,
                                                                                    browser):
    site = make_site(base="sample")
    out = site / "output"
    out.mkdir()
    base = serve_dir(out)
    assert run_cli(site, "build", "--base-url", base + "/", "--quiet").status == 0
    languages = yaml.safe_load((site / "site.yaml").read_text())["languages"]
    pages = sorted(p.parent.relative_to(out).as_posix() for p in out.glob("**/index.html")
                   if (p.parent / "thanks").is_dir())
    assert len(pages) >= 25 * len(languages)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    too_low = []
    for path in pages:
        page.goto(f"{base}/{path}/", wait_until="domcontentloaded")
        box = page.locator("form.petition button[type=submit]").bounding_box()
        assert box is not None, path
        if box["y"] + box["height"] > 740:
            too_low.append((path, round(box["y"] + box["height"])))
    context.close()
    assert too_low == [], "submit button below the first 360x740 screen"

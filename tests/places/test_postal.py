"""Postal codes by country: US ZIP and ZIP+4, Canadian A1A 1A1, Mexican 5 digits, free text elsewhere."""

from __future__ import annotations

import pytest
from conftest import SITES, copy_site
from htmlcheck import PageText
from theme_site import site_yaml

from citypages.pipeline import build_site

CITIES = """\
- name: Chicago
  state: IL
  mayor: {name: Brandon Doe}
- name: Montréal
  state: QC
  country: CA
  mayor: {name: Valérie Roe}
- name: Monterrey
  state: NLE
  country: MX
  mayor: {name: Adrián Poe}
- name: Paris
  state: IDF
  country: FR
  mayor: {name: Anne Loe}
"""
SLUGS = {"US": "chicago-il", "CA": "montreal-qc", "MX": "monterrey-nle", "FR": "paris-idf"}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    site = copy_site(SITES / "tiny", tmp_path_factory.mktemp("postal") / "site",
                     {"site.yaml": site_yaml(), "cities.yaml": CITIES})
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    return site / "output"


def _zip(out, country, lang="en"):
    prefix = "" if lang == "en" else f"{lang}/"
    page = PageText((out / prefix / SLUGS[country] / "index.html").read_text())
    field = next(a for t, a in page.tags if t == "input" and a.get("id") == "f-zip")
    html = (out / prefix / SLUGS[country] / "index.html").read_text()
    label = html.split('<label for="f-zip">')[1].split("</label>")[0]
    return field, label


@pytest.mark.parametrize(("country", "lang", "pattern", "inputmode", "label", "error"), [
    ("US", "en", "[0-9]{5}(-[0-9]{4})?", "numeric", "ZIP code (optional)", "60601-1234"),
    ("CA", "en", "[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]", "text", "Postal code (optional)", "K1A 0B1"),
    ("MX", "en", "[0-9]{5}", "numeric", "Postal code (optional)", "5-digit postal code"),
    ("FR", "en", None, "text", "Postal code (optional)", "Enter your postal code."),
    ("CA", "es", "[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]", "text", "Código postal (opcional)", "K1A 0B1"),
    ("MX", "es", "[0-9]{5}", "numeric", "Código postal (opcional)", "de 5 cifras"),
    ("US", "es", "[0-9]{5}(-[0-9]{4})?", "numeric", "Código postal (opcional)", "60601-1234"),
])
def test_each_country_gets_its_own_label_pattern_inputmode_and_message(out, country, lang, pattern, inputmode,
                                                                       label, error):
    field, shown = _zip(out, country, lang)
    assert field.get("pattern") == pattern
    assert field["inputmode"] == inputmode
    assert shown == label
    assert error in field["data-error"]
    assert field["autocomplete"] == "postal-code"


@pytest.mark.browser
def test_the_browser_accepts_each_countrys_real_codes_and_refuses_others(out, page):
    cases = {
        "US": (["60601", "60601-1234"], ["6060", "K1A 0B1", "606011234"]),
        "CA": (["K1A 0B1", "h2x1y4", "H2X 1Y4"], ["60601", "K1A-0B1", "KKA 0B1"]),
        "MX": (["06000", "64000"], ["6400", "6400a", "K1A 0B1"]),
        "FR": (["75001", "any text"], []),
    }
    for country, (good, bad) in cases.items():
        page.goto((out / SLUGS[country] / "index.html").as_uri())
        box = page.locator("#f-zip")
        for value in good + bad:
            box.fill(value)
            assert box.evaluate("e => e.checkValidity()") == (value in good), (country, value)

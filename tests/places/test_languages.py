"""Language tags are BCP 47 (pt-BR, zh-Hant), the switcher speaks each language, mayors' titles translate."""

from __future__ import annotations

import pytest
from htmlcheck import PageText
from theme_site import site_yaml

from citypages.pipeline import build_site, check_site
from citypages.places import languages


def _build(make_site, langs="[en, es, pt-BR, zh-Hant]", **files):
    site = make_site({"site.yaml": site_yaml(languages=langs), **files})
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    return site / "output"


def test_region_and_script_tags_build_under_lowercase_folders_with_the_tag_in_lang(make_site):
    out = _build(make_site)
    html = (out / "pt-br" / "springfield-il" / "index.html").read_text()
    assert '<html lang="pt-BR" dir="ltr">' in html
    assert '<link rel="alternate" hreflang="zh-Hant" href="https://example.org/repo/zh-hant/springfield-il/">' in html
    assert (out / "zh-hant" / "index.html").is_file() and (out / "zh-hant" / "about" / "index.html").is_file()
    assert '<html lang="zh-Hant"' in (out / "zh-hant" / "springfield-il" / "thanks" / "index.html").read_text()


def test_the_switcher_names_each_language_in_its_own_words(make_site):
    out = _build(make_site)
    page = PageText((out / "springfield-il" / "index.html").read_text())
    nav = {a["hreflang"]: a for t, a in page.tags if t == "a" and a.get("hreflang")}
    assert sorted(nav) == ["en", "es", "pt-BR", "zh-Hant"]
    html = (out / "springfield-il" / "index.html").read_text()
    for tag, name in [("en", "English"), ("es", "Español"), ("pt-BR", "Português (Brasil)"),
                      ("zh-Hant", "中文（繁體）")]:
        assert f'lang="{tag}"' in html and f">{name}</a>" in html, name
    assert ">EN</a>" not in html and ">ES</a>" not in html


@pytest.mark.parametrize("bad", ["pt_BR", "english", "EN", "zh-hant", "e"])
def test_a_malformed_language_tag_is_an_error_at_its_line(make_site, bad):
    site = make_site({"site.yaml": site_yaml(languages=f"[en, {bad}]")})
    errors = [d.as_text() for d in check_site(site) if d.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith("site.yaml:5:") and "BCP 47" in errors[0], errors


@pytest.mark.parametrize(("tag", "direction", "name"), [
    ("en", "ltr", "English"), ("ar", "rtl", "العربية"), ("he", "rtl", "עברית"), ("fa", "rtl", "فارسی"),
    ("pt-BR", "ltr", "Português (Brasil)"), ("es-419", "ltr", "Español"), ("az-Arab", "rtl", "az-Arab"),
    ("ur", "rtl", "اردو"), ("pa-Arab", "rtl", "ਪੰਜਾਬੀ"),
])
def test_direction_and_own_name_follow_the_tag(tag, direction, name):
    assert languages.is_tag(tag)
    assert languages.direction(tag) == direction
    assert languages.own_name(tag) == name


CITIES = """\
- name: Springfield
  state: IL
  mayor:
    name: Pat Doe
    title: {en: Mayor, es: Alcaldesa}
- name: King County
  state: WA
  mayor:
    name: Sam Roe
    title: County Executive
"""


def test_the_mayors_title_is_translated_by_the_theme_or_by_the_city(make_site):
    out = _build(make_site, "[en, es]", **{"cities.yaml": CITIES})
    assert "<h1>Gracias, Alcaldesa Pat Doe</h1>" in (out / "es" / "springfield-il" / "index.html").read_text()
    assert "<h1>Thank Mayor Pat Doe</h1>" in (out / "springfield-il" / "index.html").read_text()
    king = (out / "es" / "king-county-wa" / "index.html").read_text()
    assert "<h1>Gracias, Ejecutivo del condado Sam Roe</h1>" in king
    assert 'value="Ejecutivo del condado Sam Roe"' in king  # what the form sends says the same
    assert "<h1>Thank County Executive Sam Roe</h1>" in (out / "king-county-wa" / "index.html").read_text()


def test_a_title_for_a_language_the_site_does_not_have_is_an_error(make_site):
    site = make_site({"site.yaml": site_yaml(), "cities.yaml": CITIES.replace("es: Alcaldesa", "fr: Maire")})
    errors = [d.as_text() for d in check_site(site) if d.severity == "error"]
    assert errors == ["cities.yaml:1:1: error: Springfield: mayor title for 'fr', which is not in site.yaml's "
                      "languages ['en', 'es']"]


def test_each_language_of_a_mayors_title_is_checked_as_one_title_is(make_site):
    site = make_site({"site.yaml": site_yaml(), "cities.yaml": CITIES.replace("es: Alcaldesa", "es: ''")})
    errors = [d.as_text() for d in check_site(site) if d.severity == "error"]
    assert errors == ["cities.yaml:5:28: error: mayor.title.es: must not be empty"]

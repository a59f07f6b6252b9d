"""Every page names the site in its own language when site.yaml gives a title and description per language."""

from __future__ import annotations

import html as html_text
import re

from theme_site import build_bilingual, site_yaml

from citypages.pipeline import build_site

PER_LANGUAGE = site_yaml().replace("title: Tiny Test Site\ndescription: A tiny site the tests build.\n", (
    "title:\n  en: Tiny Test Site\n  es: Sitio de prueba\n"
    "description:\n  en: A tiny site the tests build.\n  es: Un sitio pequeño para las pruebas.\n"))
PAGES = {"content/pages/about.es.md": "---\ntitle: Quiénes somos\n---\n{{ site.title }} es una prueba.\n",
         "content/pages/privacy.md": "---\ntitle: Privacy\n---\n{{ site.title }} keeps little.\n"}


def _head(html: str, name: str) -> str:
    found = re.findall(rf'<meta (?:name|property)="{name}" content="([^"]*)">', html)
    assert len(found) == 1, (name, found)
    return html_text.unescape(found[0])


def _title(html: str) -> str:
    found = re.search(r"<title>(.*)</title>", html)
    assert found, html[:300]
    return html_text.unescape(found.group(1))


def test_each_language_names_the_site_in_its_own_words(make_site):
    site = make_site({"site.yaml": PER_LANGUAGE, **PAGES})
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    out = site / "output"
    es_city = (out / "es" / "springfield-il" / "index.html").read_text()
    assert _title(es_city).endswith(" · Sitio de prueba") and _head(es_city, "og:site_name") == "Sitio de prueba"
    assert '<a class="site-title" href="/repo/es/">Sitio de prueba</a>' in es_city
    es_thanks = (out / "es" / "springfield-il" / "thanks" / "index.html").read_text()
    assert _title(es_thanks).endswith(" · Sitio de prueba")
    es_home = (out / "es" / "index.html").read_text()
    assert _title(es_home) == "Sitio de prueba · Sitio de prueba"
    assert _head(es_home, "description") == _head(es_home, "og:description") == _head(
        es_home, "twitter:description") == "Un sitio pequeño para las pruebas."
    assert '<p class="lede">Un sitio pequeño para las pruebas.</p>' in es_home
    assert "Sitio de prueba es una prueba." in (out / "es" / "about" / "index.html").read_text()
    es_privacy = (out / "es" / "privacy" / "index.html").read_text()  # the English text, until it is translated
    assert "Tiny Test Site keeps little." in es_privacy and _title(es_privacy).endswith(" · Sitio de prueba")
    for page in ("springfield-il/index.html", "index.html", "about/index.html", "404.html"):
        english = (out / page).read_text()
        assert "Sitio de prueba" not in english and "Tiny Test Site" in _title(english), page
    assert _head((out / "index.html").read_text(), "description") == "A tiny site the tests build."


def test_one_text_still_names_every_language_the_same(make_site):
    out, _ = build_bilingual(make_site)
    for page in ("es/springfield-il/index.html", "es/index.html", "springfield-il/index.html"):
        html = (out / page).read_text()
        assert _title(html).endswith("Tiny Test Site") and _head(html, "og:site_name") == "Tiny Test Site", page


def test_the_sample_names_itself_in_spanish_on_its_spanish_pages(make_site):
    site = make_site(base="sample")
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    boston = (site / "output" / "es" / "boston-ma" / "index.html").read_text()
    assert _title(boston).endswith(" · Gracias, alcalde")
    assert _head(boston, "og:site_name") == "Gracias, alcalde"
    assert _title((site / "output" / "boston-ma" / "index.html").read_text()).endswith(" · Thank Your Mayor")

"""Plain pages: read, compiled once, filled with the site's and the form services' facts."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from citypages.check import validate
from citypages.copy import content_pages
from citypages.copy.content_pages import PageSource
from citypages.model.site import City, FormSettings, Mayor, Site
from citypages.read import load

FORM = FormSettings("formspree", MappingProxyType({"id": "abcdefgh", "recaptcha_disabled": True}))
SITE = Site(title="Tiny <Site>", base_url="https://example.org/", languages=("en", "es"),
            default_campaign="thanks", privacy_contact="p@example.org", form=FORM, organization="Org")


def source(text: str, slug: str = "privacy", language: str = "en") -> PageSource:
    shown = Path("content/pages") / (f"{slug}.md" if language == "en" else f"{slug}.{language}.md")
    md = load.split_front_matter(load.TextFile(shown, text))
    raw, diags = load.yaml_text(md.front_matter or "", shown, md.front_matter_line - 1)
    assert diags == [] and raw is not None
    return PageSource(slug, language, md, raw.value)


def test_a_page_names_the_form_service_and_the_site_and_their_values_are_escaped() -> None:
    page = source("---\ntitle: Privacy at {{ site.title }}\n---\nSent to {{ form.names }} at {{ form.hosts }}.\n")
    copies, diags = content_pages.compile_pages(SITE, [page, source("---\ntitle: P\n---\nX\n", language="es")])
    assert diags == []
    (en, es) = content_pages.fill(SITE, copies, content_pages.values(SITE))
    assert en.title == "Privacy at Tiny <Site>"  # plain text: page.html escapes it
    assert str(en.body) == "<p>Sent to Formspree at formspree.io.</p>"
    assert (es.language, es.text_language) == ("es", None)


def test_a_city_with_its_own_form_service_is_named_on_the_privacy_page_too() -> None:
    own = FormSettings("web3forms", MappingProxyType({"access_key": "0" * 8 + "-0000-0000-0000-" + "0" * 12}))
    city = City("A", "IL", "a-il", Mayor("Pat"), "thanks", form=own)
    facts = content_pages.values(SITE, [city])
    assert facts["form.names"] == "Formspree, Web3Forms"
    assert facts["form.hosts"] == "formspree.io, api.web3forms.com"
    assert facts["site.organization"] == "Org"


def test_the_names_a_page_may_use_are_those_values_fills() -> None:
    names = content_pages.names(SITE)
    assert set(names) == {"site", "form"}
    assert {f"{group}.{key}" for group, keys in names.items() for key in keys} == set(content_pages.values(SITE))


def test_an_unknown_placeholder_is_an_error_at_its_line() -> None:
    copies, diags = content_pages.compile_pages(SITE, [source("---\ntitle: P\n---\n\nHi {{ form.nope }}\n")])
    assert copies == []
    assert [(str(d.path), d.line, d.is_error) for d in diags] == [("content/pages/privacy.md", 5, True)]


def test_a_page_not_yet_translated_is_served_in_the_first_language_with_a_warning() -> None:
    copies, diags = content_pages.compile_pages(SITE, [source("---\ntitle: About\n---\nHello\n", "about")])
    assert [(c.language, c.text_language) for c in copies] == [("en", None), ("es", "en")]
    assert [d.as_text() for d in diags] == [
        "content/pages/about.es.md: warning: no 'es' translation of page 'about'; the en text is used"]


def test_cities_are_checked_against_the_sites_languages_and_their_own_form_is_pointed_out() -> None:
    own = FormSettings("formspree", MappingProxyType({"id": "zyxwvuts", "recaptcha_disabled": True}),
                       Path("cities.yaml"), 3, MappingProxyType({"provider": (4, 5)}))
    cities = [City("A", "IL", "a-il", Mayor("Pat"), "thanks", languages=("fr",), line=1),
              City("B", "IL", "b-il", Mayor("Lee", titles=(("de", "Bürgermeister"),)), "thanks", line=2, form=own)]
    assert [d.as_text() for d in validate.cities_with_site(cities, SITE)] == [
        "cities.yaml:1:1: error: A: language 'fr' is not in site.yaml's languages",
        "cities.yaml:4:5: warning: B: this city's petitions go to formspree.io, not to the site's form service; "
        "check that this host is the campaign's own",
        "cities.yaml:2:1: error: B: mayor title for 'de', which is not in site.yaml's languages ['en', 'es']"]

"""validate.py: raw values -> model objects, or errors that say what to fix and where."""

from __future__ import annotations

from pathlib import Path

from citypages.check import validate
from citypages.model.site import FormSettings, Site
from citypages.read import load

SITE = Site(title="T", base_url="https://example.org/", languages=("en",), default_campaign="thanks",
            privacy_contact="p@example.org", form=FormSettings("formspree"))


def cities(text: str) -> tuple[list, list[str]]:
    raw, diags = load.yaml_text(text, Path("cities.yaml"))
    assert diags == []
    result, diags = validate.cities(raw, SITE, reserved=frozenset({"about"}))
    return result, [d.as_text() for d in diags]


def city(name: str = "Springfield", state: str = "IL", extra: str = "") -> str:
    return f"- name: {name}\n  state: {state}\n  mayor:\n    name: Pat Doe\n{extra}"


def test_every_two_letter_slug_is_kept_for_languages_even_unlisted_ones():
    for slug in ("es", "fr", "zh"):
        assert cities(city(extra=f"  slug: {slug}\n"))[1] == [
            f"cities.yaml:5:9: error: slug '{slug}' is reserved: two-letter slugs are kept for language folders "
            "such as /es/; set another 'slug:'"]


def test_site_paths_and_page_slugs_are_reserved():
    for slug in ("static", "404", "_inbox", "about", "index"):
        _, errors = cities(city(extra=f"  slug: '{slug}'\n"))
        assert errors == [f"cities.yaml:5:9: error: slug '{slug}' is reserved: the site's own pages use that path; "
                          "set another 'slug:'"], slug


def test_a_derived_slug_can_be_reserved_too():
    errors = cities(city("Static", "'!'", extra="  country: ZZ\n"))[1]  # ZZ: no list of states
    assert errors == ["cities.yaml:1:3: error: slug 'static' is reserved: the site's own pages use that path; "
                      "set another 'slug:'"]


def test_a_very_long_name_gets_a_short_slug_cut_at_a_hyphen():
    result, errors = cities(city("Very long name " * 600, "CA"))
    assert errors == []
    full = "very-long-name-" * 600
    assert len(result[0].slug) <= 80 and full.startswith(result[0].slug + "-") and len(result[0].name) > 8000


def test_two_long_names_cut_to_the_same_slug_are_duplicates():
    text = city("Same start " * 20 + "one", "CA") + city("Same start " * 20 + "two", "CA")
    slug = "same-start-" * 6 + "same-start"
    assert cities(text)[1] == [
        f"cities.yaml:5:3: error: duplicate slug '{slug}' (also used by the city on line 1); "
        "give one of them a different 'slug:'"]


def test_urls_with_characters_that_need_encoding_say_how():
    assert cities(city(extra="  sources:\n    - https://example.org/a b\n"))[1][0].endswith(
        "is not a web address; it must start with https:// or http://")
    assert cities(city(extra="  sources:\n    - https://example.org/<x>\n"))[1] == [
        "cities.yaml:6:7: error: sources[1]: 'https://example.org/<x>' contains '<', which a web address cannot "
        "hold; write it as %3C (copy the address from the browser's address bar)"]


def test_all_errors_are_reported_not_only_the_first():
    text = city(extra="  population: many\n") + city("Dover", "DE", "  status: sanctuery\n  slug: es\n")
    assert len(cities(text)[1]) == 3

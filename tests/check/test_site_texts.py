"""site.yaml's title and description: one text, or one per language, checked as a mayor's title is."""

from __future__ import annotations

import pytest
from theme_site import site_yaml

from citypages.pipeline import check_site


def _messages(make_site, title: str, description: str = "description: A tiny site the tests build.\n") -> list[str]:
    text = site_yaml().replace("title: Tiny Test Site\n", title).replace(
        "description: A tiny site the tests build.\n", description)
    return [d.as_text() for d in check_site(make_site({"site.yaml": text})) if "site.yaml:" in d.as_text()
            and "reCAPTCHA" not in d.as_text()]


def test_one_text_or_one_per_language_passes(make_site):
    assert _messages(make_site, "title: Tiny Test Site\n") == []
    assert _messages(make_site, "title:\n  en: Tiny Test Site\n  es: Sitio de prueba\n",
                     "description: {en: A tiny site., es: Un sitio pequeño.}\n") == []


def test_a_language_the_site_does_not_have_is_an_error_at_its_line_as_for_a_mayors_title(make_site):
    assert _messages(make_site, "title:\n  en: Tiny Test Site\n  es: Sitio\n  fr: Site de test\n") == [
        "site.yaml:4:3: error: title for 'fr', which is not in site.yaml's languages ['en', 'es']"]


def test_a_missing_language_is_a_warning_and_its_pages_show_the_first_languages_text(make_site):
    assert _messages(make_site, "title: Tiny Test Site\n", "description:\n  en: A tiny site.\n") == [
        "site.yaml:2:1: warning: description: no text for 'es'; its pages show the 'en' one"]
    assert _messages(make_site, "title: Tiny Test Site\n", "description: {es: Un sitio pequeño.}\n") == [
        "site.yaml:2:1: warning: description: no text for 'en'; its pages show none"]


def test_a_title_without_the_first_language_is_an_error_as_the_others_fall_back_to_it(make_site):
    assert _messages(make_site, "title: {es: Sitio de prueba}\n") == [
        "site.yaml:1:1: error: title: no text for 'en'; the other languages fall back to it"]


@pytest.mark.parametrize(("title", "expected"), [
    ("title: {en: '', es: Sitio}\n", "site.yaml:1:13: error: title.en: must not be empty"),
    ("title: {en: [a, b], es: Sitio}\n", "site.yaml:1:13: error: title.en: expected text, found a list"),
    ('title: {en: T, es: "S\\x08"}\n',
     "site.yaml:1:20: error: title.es: contains the invisible control character U+0008; remove it"),
])
def test_each_languages_text_is_checked_as_one_text_is(make_site, title, expected):
    assert _messages(make_site, title) == [expected]

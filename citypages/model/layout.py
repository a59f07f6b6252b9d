"""Where a page lives in the site: the language folder, a city's path, the languages a city is shown in."""

from __future__ import annotations

from citypages.model.site import City, Site
from citypages.places import languages


def language_prefix(site: Site, lang: str) -> str:
    """The folder of a language's pages: none for the site's first language."""
    return "" if lang == site.default_language else f"{languages.segment(lang)}/"


def city_path(site: Site, city: City, lang: str) -> str:
    return f"{language_prefix(site, lang)}{city.slug}/"


def city_languages(site: Site, city: City) -> tuple[str, ...]:
    return tuple(lang for lang in site.languages if city.languages is None or lang in city.languages)

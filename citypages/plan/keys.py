"""The key of each kind of unit: every input its files are made from, listed once, here.

A rebuild renders a unit again only when its key changed, and a share card or the ZIP
lookup is taken from the cache by its key (base/cache.py): so a key must name every input
that reaches the unit's files, and nothing more. tests/write/test_keys.py edits each kind of
input (a template, a UI string, a setting, a city field, the copy, the counts) and checks
that a rebuild gives the bytes of a build from nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from citypages.base import hashing


def site(templates: str, strings: str, settings: str, drafts: bool, pages: Iterable[tuple[str, str]]) -> str:
    """What every page depends on: the engine, the templates, the UI strings, the settings, the drafts
    option and the list of plain pages (every page links to them). A change here renders every page."""
    return hashing.key(hashing.engine_key(), templates, strings, settings, drafts, sorted(pages))


def city_page(entry: str, campaign: str, counted: str) -> str:
    """A city's pages in one language (the language is in the unit's name): its entry, its campaign's
    copy in that language, and its count of signatures (on top of the site key)."""
    return f"{entry}:{campaign}:{counted}"


def index(lang: str, entries: Iterable[str], total: object) -> str:
    """A language's home page: every published city's entry and the total of signatures."""
    return hashing.key(lang, *entries, repr(total))


def content_page(title: str, description: str, body: str, languages: list[str]) -> str:
    """A plain page: its words and the languages it is written in (for its language links)."""
    return hashing.key(title, description, body, languages)


def sitemap(paths: Iterable[str]) -> str:
    """The sitemap: the path of every page."""
    return hashing.key(*paths)


def card(card_format: int, drawn_by: str, style: str, strings: str, settings: str, entry: str,
         campaign: str, words: Iterable[str]) -> str:
    """A share card, by all that draws it and nothing else: how cards are drawn (their format version and
    the imaging library), the theme's colours and fonts, the UI strings, the settings, the city's entry and
    its campaign's copy; the texts given per language (the site's title, the mayor's) only as `words`, the
    card's own, so an edit of the Spanish title redraws only Spanish cards. Not the templates or the rest
    of the engine: an edit there redraws no card."""
    return hashing.key("card", card_format, drawn_by, style, strings, settings, entry, campaign, *words)


def zip_lookup(lookup_format: int, dataset: str, nearest: int, places: Iterable[str]) -> str:
    """The ZIP lookup files: how they are made (their format version), the ZIP data set's version, how many
    cities a ZIP code lists, and every published city's place. Not the rest of the engine."""
    return hashing.key("zip", lookup_format, dataset, nearest, *places)


def badge(entry: str, count: int, colours: tuple[str, str]) -> str:
    """A city's badge.svg in one language (in the unit's name), on top of the site key (its template, words
    and base_url): the city's entry (its mayor), its count and the theme's colours, which are not in the
    site key (theme/static/ is not)."""
    return hashing.key("badge", entry, count, *colours)


def counts(cities: Iterable[tuple[str, str, int, tuple[str, ...]]]) -> str:
    """counts.json, on top of the site key (base_url): every published city's campaign, slug, count and
    languages (one badge each)."""
    return hashing.key("counts", *cities)

"""The key of each kind of unit: every input that reaches its files and nothing more (tests/write/test_keys.py)."""

from __future__ import annotations

from collections.abc import Iterable

from citypages.base import hashing


def site(templates: str, strings: str, settings: str, drafts: bool, pages: Iterable[tuple[str, str]]) -> str:
    """What every page depends on (every page links to the plain pages): a change here renders them all."""
    return hashing.key(hashing.engine_key(), templates, strings, settings, drafts, sorted(pages))


def city_page(entry: str, campaign: str, counted: str) -> str:
    """A city's pages in one language, on top of the site key: its entry, its campaign's copy, its count."""
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
    """A share card, by all that draws it, not the templates or the engine; per-language texts as its `words`."""
    return hashing.key("card", card_format, drawn_by, style, strings, settings, entry, campaign, *words)


def zip_lookup(lookup_format: int, dataset: str, nearest: int, places: Iterable[str]) -> str:
    """The ZIP lookup files: their format, data set and length of list, every city's place; not the engine."""
    return hashing.key("zip", lookup_format, dataset, nearest, *places)


def badge(entry: str, count: int, colours: tuple[str, str]) -> str:
    """A city's badge.svg in one language, on top of the site key: its entry, its count, the theme's colours."""
    return hashing.key("badge", entry, count, *colours)


def counts(cities: Iterable[tuple[str, str, int, tuple[str, ...]]]) -> str:
    """counts.json, on top of the site key: every published city's campaign, slug, count and languages."""
    return hashing.key("counts", *cities)

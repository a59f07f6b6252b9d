"""The site as units to render, each with the key of the inputs its files depend on.

write.py renders a unit again only when its key changed, so a key must cover every
input the unit's files are made from, and nothing more (a city page does not depend
on another city). A template error while rendering becomes a diagnostic at the
template's line, raised as InputError, so the build stops before output/ changes.
"""

from __future__ import annotations

import dataclasses
import functools
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2

from citypages.base import hashing
from citypages.base.diagnostics import Diagnostic, InputError, error
from citypages.cards import share_cards as cards
from citypages.model import host_limits, layout
from citypages.model.site import City, Page, Site
from citypages.model.unit import Unit
from citypages.plan import site_size
from citypages.plan.units import Units
from citypages.render import render
from citypages.responses import tally
from citypages.write import manifest, write
from citypages.zipfinder import zip_lookup as zip_files

if TYPE_CHECKING:  # the pipeline builds a SiteInput and hands it here
    from citypages.copy.content_pages import ContentPage
    from citypages.load.inputs import SiteInput

T = TypeVar("T")


def units(inp: SiteInput, drafts: bool = False) -> tuple[str, Units[Unit]]:
    """The site as units to render, each with the key of the inputs its files depend on.

    The site key covers what every page depends on (engine, theme, UI strings, settings,
    the list of plain pages); a unit's own key adds what only it depends on: a city page
    its city's entry and its campaign's text, an index the entries of every city. A city's
    units are made only when they are reached (see units.py).

    The units of one large file each (the indexes, the ZIP files, the sitemap) come first,
    the cities after them: a worker renders them while it holds only the site, not yet the
    share cards' caches, which stay once made (at 50,000 cities the index, rendered last,
    took a worker from 127 MB to 159 MB). A ZIP lookup that takes long then runs beside
    the cities, not alone at the end. The share cards come last, city by city (_card_units).
    """
    site, theme, root = inp.site, inp.theme, inp.root
    published = [c for c in inp.cities if drafts or not c.draft]
    strings_key, settings = hashing.tree_digest(root / "theme" / "i18n"), repr(site)  # read once, used twice
    site_key = hashing.key(manifest.engine_key(), hashing.tree_digest(root / "theme" / "templates"),
                            strings_key, settings, drafts, sorted((p.slug, p.language) for p in inp.pages))
    campaign_keys = {k: _file_key(root / c.path) for k, c in inp.campaigns.items()}
    known = inp.city_keys
    city_keys = known if all(c.slug in known for c in published) else {
        c.slug: known.get(c.slug) or hashing.digest(repr(dataclasses.replace(c, line=0))) for c in published}
    planned: Units[Unit] = Units()
    card_style = cards.theme_style(root / "theme")
    card_base = hashing.key(manifest.engine_key(), strings_key, settings,
                             cards.drawn_by())  # all of site_key a card depends on: not the templates
    for lang in site.languages:
        listed = [(c.campaign, c.slug) for c in published if lang in layout.city_languages(site, c)]
        total = tally.index_view(inp.signatures, listed, theme.strings[lang])
        key = hashing.key(lang, *(f"{c.slug}={city_keys[c.slug]}" for c in published), repr(total))
        planned.append(_one(f"index/{lang}", key, root, render.index_page, theme, site, published, lang, total))
    for page in inp.pages:
        langs = [p.language for p in inp.pages if p.slug == page.slug]
        key = hashing.key(page.title, page.description, page.body, langs)
        planned.append(_one(f"page/{page.language}/{page.slug}", key, root, render.content_page, theme, site, page,
                         langs))
    planned += zip_files.units(site, published)  # zip/*.json for the home page's ZIP lookup, when enabled
    planned.append(_one("404", "", root, render.not_found_page, theme, site))
    paths = functools.partial(_site_paths, site, published, inp.pages)
    planned.append(Unit("sitemap", hashing.key(*paths()),
                          lambda: [_guarded(root, render.sitemap, theme, site, list(paths()))]))
    planned.append(_one("robots", "", root, render.robots, theme, site))
    planned.append(Unit("nojekyll", "", lambda: [Page(".nojekyll", b"")]))
    if site.cname:
        cname = Page("CNAME", f"{site.cname}\n".encode())
        planned.append(Unit("cname", "", lambda: [cname]))
    for lang in site.languages:
        in_lang = [c for c in published if lang in layout.city_languages(site, c)]
        planned.add_made(in_lang, functools.partial(_city_units, inp, lang, city_keys, campaign_keys))
    by_languages: dict[tuple[str, ...], list[City]] = {}
    for city in published:
        by_languages.setdefault(layout.city_languages(site, city), []).append(city)
    for langs, group in by_languages.items():
        planned.add_made(group, functools.partial(_card_units, inp, langs, city_keys, campaign_keys,
                                               card_base, card_style))
    return site_key, planned


def _city_units(inp: SiteInput, lang: str, city_keys: dict[str, str], campaign_keys: dict[tuple[str, str], str],
               city: City) -> list[Unit]:
    """One city's units in one language: its pages."""
    site, theme, root = inp.site, inp.theme, inp.root
    campaign = inp.campaigns[(city.campaign, lang)]
    counted = tally.for_city(inp.signatures, campaign, city, inp.today)
    key = f"{city_keys[city.slug]}:{campaign_keys[(city.campaign, lang)]}:{tally.key(counted)}"
    return [Unit(f"city/{lang}/{city.slug}", key, functools.partial(  # lang is in the unit's name
        _guarded, root, render.city_pages, theme, site, campaign, city, lang,
        tally.city_view(counted, theme.strings[lang], city.mayor.title, city.mayor.name)))]


def _card_units(inp: SiteInput, langs: tuple[str, ...], city_keys: dict[str, str],
               campaign_keys: dict[tuple[str, str], str], card_base: str, card_style: cards.Style,
               city: City) -> list[Unit]:
    """One city's share cards, one unit per language, when the site draws them.

    A card's key covers all that draws it (`card_base`: the engine, the UI strings, the settings
    and Pillow), so a full build after a template change keeps the cards (Unit.own_key).

    They come after every page and one city's after the other: its cards in two languages share
    the lines of its place and its mayor, which the first one leaves in card_raster's caches for
    the next (drawn between its pages, or a whole language apart, a card found them gone).
    """
    out = []
    for lang in langs:
        campaign = inp.campaigns[(city.campaign, lang)]
        card_key = f"{card_base}:{city_keys[city.slug]}:{campaign_keys[(city.campaign, lang)]}"  # counts draw nothing
        headline = functools.partial(render.card_headline, inp.theme, inp.site, campaign, city, lang)
        out += cards.units(inp.site, city, lang, headline, card_key, card_style)
    return out


def _site_paths(site: Site, published: list[City], pages: tuple[ContentPage, ...]) -> Iterator[str]:
    """Every page's path for the sitemap, in plan order: made again when asked, not kept."""
    for lang in site.languages:
        for city in published:
            if lang in layout.city_languages(site, city):
                yield layout.city_path(site, city, lang)
        yield layout.language_prefix(site, lang)
    for page in pages:
        yield f"{layout.language_prefix(site, page.language)}{page.slug}/"


def template_pages(units: Iterable[Unit]) -> Iterator[Page]:
    """The files of the units a template makes: share cards and ZIP files are left out."""
    for unit in units:
        if not unit.name.startswith((cards.UNIT_PREFIX, zip_files.UNIT)):
            yield from unit.render()


def size_warning(inp: SiteInput, rendered: list[tuple[str, int]], units: Sequence[Unit],
                 host: host_limits.Host) -> list[Diagnostic]:
    """check's reckoning of the published site's size from the planned `units` and the `rendered` (path, bytes)
    (see site_size.estimate); drafts are not published, share cards and ZIP files are reckoned, not drawn."""
    draft_langs = [(c, lang) for c in inp.cities if c.draft for lang in layout.city_languages(inp.site, c)]
    drafts = tuple(layout.city_path(inp.site, c, lang) for c, lang in draft_langs)
    draft_cards = {f"{cards.UNIT_PREFIX}{lang}/{c.slug}" for c, lang in draft_langs}
    guess = site_size.estimate((f for f in rendered if not f[0].startswith(drafts)), inp.root / "theme" / "static",
                               [unit for unit in units
                                if unit.name.startswith(cards.UNIT_PREFIX) and unit.name not in draft_cards],
                               any(unit.name == zip_files.UNIT for unit in units), inp.root / "output")
    found = host_limits.warning_for(guess.size, Path("cities.yaml"), host, guess.how)
    return [found] if found else []


def _one(unit: str, key: str, root: Path, make: Callable[..., Page], *args: Any) -> Unit:
    return Unit(unit, key, lambda: [_guarded(root, make, *args)])


def static_files(static_dir: Path) -> Unit:
    """theme/static/ copied as it is, and only when a file in it changed."""
    def copy() -> list[Page]:
        files = sorted(p for p in static_dir.rglob("*") if p.is_file()) if static_dir.is_dir() else []
        return [Page(f"static/{p.relative_to(static_dir).as_posix()}", p.read_bytes()) for p in files]
    return Unit(write.STATIC_UNIT, hashing.tree_digest(static_dir), copy)


def _file_key(path: Path) -> str:
    try:
        return hashing.digest(path.read_bytes())
    except OSError:
        return ""


def _guarded(root: Path, make: Callable[..., T], *args: Any) -> T:
    """Run a render step; a template error becomes a diagnostic at the template's line."""
    try:
        return make(*args)
    except jinja2.TemplateError as exc:
        raise InputError([_template_error(exc, root)]) from exc


def _template_error(exc: jinja2.TemplateError, root: Path) -> Diagnostic:
    templates = (root / "theme" / "templates").resolve()
    message = f"template error: {getattr(exc, 'message', None) or exc}"
    if isinstance(exc, jinja2.TemplateNotFound):  # Jinja's message names our absolute search path
        message = f"template error: '{exc.name}' is not in theme/templates/; restore it or fix the name"
    elif isinstance(exc, jinja2.UndefinedError):
        message += " (a misspelt name, or one this page is not given)"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and templates in path.resolve().parents:
            shown = path.resolve().relative_to(root.resolve())
            return error(shown, frame.lineno or 0, 1, message)
    return error(Path("theme/templates"), 0, 0, message)

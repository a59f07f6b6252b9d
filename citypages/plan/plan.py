"""The site as units to render, each with the key of its inputs; a template error stops the build as a
diagnostic at the template's line, before output/ changes."""

from __future__ import annotations

import dataclasses
import functools
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2

from citypages.base import cache, hashing
from citypages.base.diagnostics import Diagnostic, InputError, error
from citypages.cards import fonts, share_cards
from citypages.copy import titles
from citypages.load import effective_theme
from citypages.model import host_limits, layout
from citypages.model.site import City, Page, Site
from citypages.model.unit import Unit
from citypages.plan import keys, site_size
from citypages.plan.units import Units
from citypages.render import render
from citypages.responses import tally
from citypages.write import write
from citypages.write.manifest import Manifest
from citypages.zipfinder import zip_lookup

if TYPE_CHECKING:  # the pipeline builds a SiteInput and hands it here
    from citypages.copy.content_pages import ContentPage
    from citypages.load.inputs import SiteInput

T = TypeVar("T")


@dataclass(frozen=True)
class Plan:
    """The site as units to render, in order, and the key of what every one of them depends on."""

    key: str
    units: Units[Unit]


def site(inp: SiteInput, drafts: bool = False, kept: Path | None = None) -> Plan:
    """The site's units: one large file each first, the cities' (made when reached) next, share cards last;
    cards and the ZIP lookup are found in the cache folder `kept` by their key (None: kept nowhere)."""
    site, theme, root = inp.site, inp.theme, inp.root
    published = [c for c in inp.cities if drafts or not c.draft]
    parts = effective_theme.digests(root)
    strings, settings = parts.i18n, repr(site)
    site_key = keys.site(parts.templates, strings, settings, drafts,
                         ((p.slug, p.language) for p in inp.pages))
    campaign_keys = {k: _file_key(root / c.path) for k, c in inp.campaigns.items()}
    known = inp.city_keys
    city_keys = known if all(c.slug in known for c in published) else {
        c.slug: known.get(c.slug) or hashing.digest(repr(dataclasses.replace(c, line=0))) for c in published}
    planned: Units[Unit] = Units()
    for lang in site.languages:
        listed = [(c.campaign, c.slug) for c in published if lang in layout.city_languages(site, c)]
        total = tally.index_view(inp.signatures, listed, theme.strings[lang])
        key = keys.index(lang, (f"{c.slug}={city_keys[c.slug]}" for c in published), total)
        planned.append(_one(f"index/{lang}", key, root, render.index_page, theme, site, published, lang, total))
    for page in inp.pages:
        langs = [p.language for p in inp.pages if p.slug == page.slug]
        key = keys.content_page(page.title, page.description, page.body, langs)
        planned.append(_one(f"page/{page.language}/{page.slug}", key, root, render.content_page, theme, site, page,
                            langs))
    places = [f"{p.name}={p.lat},{p.lon}" for p in zip_lookup.city_places(published)] if site.zip_lookup else []
    zip_key = keys.zip_lookup(zip_lookup.FORMAT, zip_lookup.dataset_version(), zip_lookup.NEAREST, places)
    planned += [_kept(u, kept) for u in zip_lookup.units(site, published, zip_key)]
    planned.append(_one("404", "", root, render.not_found_page, theme, site))
    paths = functools.partial(_site_paths, site, published, inp.pages)
    planned.append(Unit("sitemap", keys.sitemap(paths()),
                        lambda: [_guarded(root, render.sitemap, theme, site, list(paths()))]))
    if inp.signatures.present:  # counted, not guessed: without signatures.json no counts.json and no badges
        counted = [(c.campaign, c, inp.signatures.count(c.campaign, c.slug)) for c in published]
        rows = [(k, c.slug, n, layout.city_languages(site, c)) for k, c, n in counted]
        planned.append(Unit("counts", keys.counts(rows), lambda: [render.counts_file(site, counted)]))
    planned.append(_one("robots", "", root, render.robots, theme, site))
    planned.append(Unit("nojekyll", "", lambda: [Page(".nojekyll", b"")]))
    if site.cname:
        planned.append(Unit("cname", "", lambda: [Page("CNAME", f"{site.cname}\n".encode())]))
    style = card_style(root)
    for lang in site.languages:
        in_lang = [c for c in published if lang in layout.city_languages(site, c)]
        planned.add_made(in_lang, functools.partial(_city_units, inp, lang, city_keys, campaign_keys,
                                                    (style.background, style.ink)))
    by_languages: dict[tuple[str, ...], list[City]] = {}
    for city in published:
        by_languages.setdefault(layout.city_languages(site, city), []).append(city)
    card_settings = repr(dataclasses.replace(  # the card's key names its own words
        site, title="", description="", titles=(), descriptions=()))
    for langs, group in by_languages.items():
        planned.add_made(group, functools.partial(_card_units, inp, langs, style, strings, card_settings, city_keys,
                                                  campaign_keys, kept))
    return Plan(site_key, planned)


def _city_units(inp: SiteInput, lang: str, city_keys: dict[str, str], campaign_keys: dict[tuple[str, str], str],
                colours: tuple[str, str], city: City) -> list[Unit]:
    """One city's pages in one language, and its badge when the site has counts (its thank-you page shows it)."""
    site, theme, root, strings = inp.site, inp.theme, inp.root, inp.theme.strings[lang]
    campaign = inp.campaigns[(city.campaign, lang)]
    counted = tally.for_city(inp.signatures, campaign, city, inp.today)
    count = inp.signatures.count(city.campaign, city.slug)
    badge = tally.badge_view(count, strings, titles.in_language(city.mayor, lang, strings),
                             city.mayor.name) if inp.signatures.present else None  # a 0 nobody counted is wrong
    key = keys.city_page(city_keys[city.slug], campaign_keys[(city.campaign, lang)], tally.key(counted))
    units = [Unit(f"city/{lang}/{city.slug}", key, functools.partial(  # lang is in the unit's name
        _guarded, root, render.city_pages, theme, site, campaign, city, lang,
        tally.city_view(counted, strings, city.mayor.title, city.mayor.name), badge))]
    if badge:
        units.append(_one(f"badge/{lang}/{city.slug}", keys.badge(city_keys[city.slug], count, colours),
                          root, render.badge, theme, site, city, lang, badge, colours))
    return units


def _card_units(inp: SiteInput, langs: tuple[str, ...], style: share_cards.Style, strings: str, settings: str,
                city_keys: dict[str, str], campaign_keys: dict[tuple[str, str], str], kept: Path | None,
                city: City) -> list[Unit]:
    """One city's share cards, one a language in turn: the first leaves their shared lines in the raster's caches."""
    out = []
    for lang in langs:
        campaign = inp.campaigns[(city.campaign, lang)]
        key = keys.card(share_cards.FORMAT, share_cards.drawn_by(), style.key, strings, settings,
                        _card_entry(city, city_keys[city.slug]), campaign_keys[(city.campaign, lang)],
                        render.card_words(inp.theme, inp.site, campaign, city, lang))  # counts draw nothing
        headline = functools.partial(render.card_headline, inp.theme, inp.site, campaign, city, lang)
        mayor = titles.in_language(city.mayor, lang, inp.theme.strings[lang])
        out += [_kept(u, kept) for u in share_cards.units(inp.site, city, lang, mayor, headline, key, style)]
    return out


def _card_entry(city: City, entry: str) -> str:
    """A city's entry for its cards' keys: without titles given per language, as each card names its own."""
    if not city.mayor.titles:
        return entry
    return hashing.digest(repr(dataclasses.replace(city, line=0, mayor=dataclasses.replace(
        city.mayor, title="", titles=()))))


def _kept(unit: Unit, folder: Path | None) -> Unit:
    """The unit, its files taken from the cache `folder` by its key when they are there (None: no cache)."""
    if folder is None:
        return unit
    return Unit(unit.name, unit.key, functools.partial(cache.kept, folder, unit.key, unit.render), unit.kept)


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
        if not unit.name.startswith((share_cards.UNIT_PREFIX, zip_lookup.UNIT)):
            yield from unit.render()


def size_warning(inp: SiteInput, rendered: list[tuple[str, int]], units: Sequence[Unit],
                 host: host_limits.Host, last: Manifest | None) -> list[Diagnostic]:
    """check's reckoning of the published site's size (site_size.estimate), drafts left out."""
    draft_langs = [(c, lang) for c in inp.cities if c.draft for lang in layout.city_languages(inp.site, c)]
    drafts = tuple(layout.city_path(inp.site, c, lang) for c, lang in draft_langs)
    draft_cards = {f"{share_cards.UNIT_PREFIX}{lang}/{c.slug}" for c, lang in draft_langs}
    cards = [u for u in units if u.name.startswith(share_cards.UNIT_PREFIX) and u.name not in draft_cards]
    size, how = site_size.estimate((f for f in rendered if not f[0].startswith(drafts)),
                                   effective_theme.files(inp.root, "static"), cards,
                                   any(unit.name == zip_lookup.UNIT for unit in units), last)
    found = host_limits.warning_for(size, Path("cities.yaml"), host, how)
    return [found] if found else []


def _one(unit: str, key: str, root: Path, make: Callable[..., Page], *args: Any) -> Unit:
    return Unit(unit, key, lambda: [_guarded(root, make, *args)])


def card_style(root: Path) -> share_cards.Style:
    """The share cards' colours and fonts, from the effective theme."""
    return share_cards.theme_style(effective_theme.file(root, "static/style.css"),
                                   effective_theme.file(root, f"fonts/{fonts.REGULAR}").parent)


def static_files(root: Path) -> Unit:
    """The effective theme's static/ copied as it is, and only when a file in it changed."""
    def copy() -> list[Page]:
        files = effective_theme.files(root, "static")
        return [Page(f"static/{name}", path.read_bytes()) for name, path in files.items()]
    return Unit(write.STATIC_UNIT, effective_theme.digests(root).static, copy)


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
    folders = [d.resolve() for d in effective_theme.template_dirs(root)]
    message = f"template error: {getattr(exc, 'message', None) or exc}"
    if isinstance(exc, jinja2.TemplateNotFound):  # Jinja's message names our absolute search path
        message = f"template error: '{exc.name}' is not in theme/templates/; restore it or fix the name"
    elif isinstance(exc, jinja2.UndefinedError):
        message += " (a misspelt name, or one this page is not given)"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and (found := next((d for d in folders if d in path.resolve().parents), None)):
            shown = Path("theme/templates") / path.resolve().relative_to(found)
            return error(shown, frame.lineno or 0, 1, message)
    return error(Path("theme/templates"), 0, 0, message)

"""Fill the theme's templates (environment and filters in templates.py): (Site, Campaign, City, language) -> Pages."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from citypages import forms
from citypages.base.diagnostics import InputError, error
from citypages.cards import share_cards
from citypages.copy import second_action, status_copy, titles
from citypages.copy.campaign import Campaign
from citypages.copy.content_pages import ContentPage
from citypages.copy.values import copy_values
from citypages.model.layout import city_languages, city_path, language_prefix
from citypages.model.site import City, Page, Site
from citypages.places import states
from citypages.render import usmap
from citypages.render.templates import Theme

MAX_PAGE_BYTES = 5 * 1024 * 1024
"""Largest city page the build writes; past it, the entry or the copy is wrong (or hostile)."""
BADGE_NAME = "badge.svg"
COUNTS_FILE = "counts.json"

STREAM_PIECES = 2048
"""Template output pieces joined and encoded at a time by `streamed`."""


def streamed(template: jinja2.Template, **context: Any) -> bytes:
    """The bytes of `render().encode()`, built piece by piece: a large site's index and sitemap are megabytes,
    and one string first would hold the text three times over (the pieces, the string, its encoding)."""
    out = io.BytesIO()
    pieces = template.generate(**context)
    while batch := list(itertools.islice(pieces, STREAM_PIECES)):
        out.write("".join(batch).encode())
    return out.getvalue()


def globals_for(site: Site, lang: str, strings: dict[str, str]) -> dict[str, Any]:
    """What every template may name; `site` with its title and description in the page's language."""
    return {"site": titles.site_in_language(site, lang), "lang": lang, "t": strings, "url": site.url,
            "absolute_url": site.absolute_url, "prefix": language_prefix(site, lang)}


def city_pages(theme: Theme, site: Site, campaign: Campaign, city: City, lang: str,
               signatures: dict[str, Any] | None = None, badge: dict[str, Any] | None = None) -> list[Page]:
    """The action page and its thank-you page for one city in one language; `signatures` and `badge` (whose
    embed code the thank-you page offers) from responses.tally."""
    path = city_path(site, city, lang)
    thanks_path = f"{path}thanks/"
    strings = theme.strings[lang]
    values = _page_values(theme, site, campaign, city, lang)
    copy = status_copy.apply(campaign.render(values), city.status, campaign.status_text, strings, values)
    city = titles.localised(city, lang, strings)  # the mayor's title in the page's language
    form = forms.adapter(city.form or site.form).page_spec(forms.FormContext(
        city_slug=city.slug, city_name=city.name, mayor=city.mayor.name, campaign=campaign.slug,
        language=lang, page_url=site.absolute_url(path), thanks_url=site.absolute_url(thanks_path),
        subject=f"{copy['title']} ({city.name}, {city.state})",  # plain text: the form escapes it
    ))
    alternates = [(other, site.absolute_url(city_path(site, city, other))) for other in city_languages(site, city)]
    fixed = {**globals_for(site, lang, strings), "campaign": campaign}
    common = {"city": city, "copy": copy, "form": form, "alternates": alternates, "signatures": signatures}
    share_card = {"card": site.absolute_url(share_cards.card_path(path)),  # og:image, its alt text the card's words
                  "card_alt": f"{copy['title']} ({city.name}, {city.state}; {city.mayor.title} {city.mayor.name})"}
    card = share_card if site.share_cards else {}

    def render_page(name: str, values: dict[str, Any]) -> str:
        return theme.env.get_template(name).render(**fixed, **values)

    page_html = render_page("city.html", {**common, "page": {
        "path": path, "title": copy["title"], "description": copy.get("description", ""), **card}})
    action = second_action.for_city(city, campaign.action_texts, values, copy["title"],
                                    copy["petition"]) if second_action.offered(city) else None
    thanks_html = render_page("thanks.html", {
        **common, "alternates": [(lg, u + "thanks/") for lg, u in alternates], "second_action": action,
        "badge": badge and {**badge, "path": path + BADGE_NAME, "src": site.absolute_url(path + BADGE_NAME)},
        "page": {"path": thanks_path, "title": strings["thanks_title"],
                 "description": copy.get("description", ""), "city_path": path, **card}})
    pages = [Page(path + "index.html", page_html.encode()), Page(thanks_path + "index.html", thanks_html.encode())]
    for page in pages:
        if len(page.content) > MAX_PAGE_BYTES:  # a phone on a slow line could not load it
            raise InputError([error(Path("cities.yaml"), city.line, 1, (
                f"{city.name}: its page {page.path} would be {len(page.content):,} bytes; at most "
                f"{MAX_PAGE_BYTES:,} are allowed: shorten the entry's texts or the campaign copy"))])
    return pages


def badge(theme: Theme, site: Site, city: City, lang: str, view: dict[str, Any], colours: tuple[str, str]) -> Page:
    """badge.svg beside a city's page: its count in words (responses.tally.badge_view) on the theme's colours."""
    svg = theme.env.get_template("badge.svg").render(badge=view, lang=lang, background=colours[0], ink=colours[1])
    return Page(city_path(site, city, lang) + BADGE_NAME, svg.encode())


def counts_file(site: Site, counts: Iterable[tuple[str, City, int]]) -> Page:
    """counts.json: every published city's count by campaign and slug, and its badges; nothing about a person."""
    campaigns: dict[str, dict[str, Any]] = {}
    for campaign, city, count in sorted(counts, key=lambda row: (row[0], row[1].slug)):
        campaigns.setdefault(campaign, {})[city.slug] = {"count": count, "badges": {
            lang: site.absolute_url(city_path(site, city, lang) + BADGE_NAME) for lang in city_languages(site, city)}}
    data = {"version": 1, "campaigns": campaigns}
    return Page(COUNTS_FILE, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def _page_values(theme: Theme, site: Site, campaign: Campaign, city: City, lang: str) -> dict[str, str]:
    """The placeholder values of one city page, the mayor's title in the copy's language (a fallback copy's)."""
    copy_lang = campaign.language
    shown = titles.localised(city, copy_lang, theme.strings[copy_lang])
    return copy_values(titles.site_in_language(site, copy_lang), shown, site.absolute_url(city_path(site, city, lang)))


def card_headline(theme: Theme, site: Site, campaign: Campaign, city: City, lang: str) -> str:
    """The headline a share card shows: the page's own title, as plain text (the body is not filled)."""
    values = _page_values(theme, site, campaign, city, lang)
    title = {"title": campaign.texts["title"].text(values).strip()}
    return status_copy.apply(title, city.status, campaign.status_text, theme.strings[lang], values)["title"]


def card_words(theme: Theme, site: Site, campaign: Campaign, city: City, lang: str) -> tuple[str, ...]:
    """The per-language texts a share card in `lang` is drawn from: the site's title and the mayor's, in its
    language and in its copy's (the headline may name them)."""
    return tuple(text for shown in dict.fromkeys((lang, campaign.language))  # no copies: all cards ask, each build
                 for text in (site.title_in(shown), titles.in_language(city.mayor, shown, theme.strings[shown])))


def index_page(theme: Theme, site: Site, cities: Iterable[City], lang: str,
               signatures: dict[str, Any] | None = None) -> Page:
    """Every published city in this language, grouped under its state's full name."""
    by_state: dict[str, list[City]] = {}
    for city in sorted(cities, key=lambda c: c.name.casefold()):
        if lang in city_languages(site, city):
            by_state.setdefault(states.full_name(city.country, city.state), []).append(city)
    prefix, named = language_prefix(site, lang), titles.site_in_language(site, lang)
    listed = [c for group in by_state.values() for c in group]
    html = streamed(theme.env.get_template("index.html"),
        **globals_for(site, lang, theme.strings[lang]),
        page={"path": prefix, "title": named.title, "description": named.description},
        groups=sorted(by_state.items(), key=lambda kv: kv[0].casefold()),
        city_map=usmap.city_map(theme.outlines, listed) if theme.outlines else None,
        city_path=lambda c: city_path(site, c, lang),
        alternates=[(other, site.absolute_url(language_prefix(site, other))) for other in site.languages],
        signatures=signatures,
    )
    return Page(prefix + "index.html", html)


def content_page(theme: Theme, site: Site, page: ContentPage, langs: Iterable[str]) -> Page:
    prefix = language_prefix(site, page.language)
    path = f"{prefix}{page.slug}/"
    html = theme.env.get_template("page.html").render(
        **globals_for(site, page.language, theme.strings[page.language]),
        page={"path": path, "title": page.title, "description": page.description,
              "text_language": page.text_language},
        body=page.body,
        alternates=[(other, site.absolute_url(f"{language_prefix(site, other)}{page.slug}/")) for other in langs],
    )
    return Page(path + "index.html", html.encode())


def not_found_page(theme: Theme, site: Site) -> Page:
    lang = site.default_language
    html = theme.env.get_template("404.html").render(
        **globals_for(site, lang, theme.strings[lang]),
        page={"path": "404.html", "title": theme.strings[lang]["not_found_title"], "description": ""},
        alternates=[],
        # GitHub Pages serves one 404.html for every language, so it speaks all of them.
        translations=[(other, theme.strings[other]) for other in site.languages[1:]],
    )
    return Page("404.html", html.encode())


def sitemap(theme: Theme, site: Site, paths: list[str]) -> Page:
    xml = streamed(theme.env.get_template("sitemap.xml"), site=site, urls=map(site.absolute_url, sorted(paths)))
    return Page("sitemap.xml", xml)


def robots(theme: Theme, site: Site) -> Page:
    text = theme.env.get_template("robots.txt").render(site=site, absolute_url=site.absolute_url)
    return Page("robots.txt", text.encode())

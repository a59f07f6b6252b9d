"""The mayor's title, and the site's title and description, in each page's language; the site's texts
fall back to the first language's."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from citypages.model.site import City, Mayor, Site


def theme_key(title: str) -> str:
    """`theme_key("County Executive")` -> "mayor_title_county_executive"."""
    return "mayor_title_" + re.sub(r"[^a-z0-9]+", "_", title.casefold()).strip("_")


def in_language(mayor: Mayor, lang: str, strings: Mapping[str, str]) -> str:
    """The city's own title for `lang` (`title: {en: Mayor, es: Alcaldesa}`), else the theme's, else as written."""
    own = dict(mayor.titles)
    return own[lang] if lang in own else strings.get(theme_key(mayor.title)) or mayor.title


def localised(city: City, lang: str, strings: Mapping[str, str]) -> City:
    """The city as a page in `lang` shows it: its mayor's title translated."""
    title = in_language(city.mayor, lang, strings)
    if title == city.mayor.title:
        return city
    return dataclasses.replace(city, mayor=dataclasses.replace(city.mayor, title=title))


def site_in_language(site: Site, lang: str) -> Site:
    """The site as a page in `lang` names it: its title and description in that language."""
    title, description = site.title_in(lang), dict(site.descriptions).get(lang, site.description)
    if (title, description) == (site.title, site.description):
        return site
    return dataclasses.replace(site, title=title, description=description)

"""Share cards: one 1200 x 630 PNG per city page and language, for link previews (og:image).

Each card is its own unit of the site, keyed by what draws it (a no-op rebuild never loads Pillow):
raster.py places the words and draws and compresses the rows, png.py writes the file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from citypages.base import hashing
from citypages.base.diagnostics import Diagnostic, warning
from citypages.cards import fonts as font_files
from citypages.cards import raster
from citypages.cards.raster import HEIGHT, MARGIN, WIDTH  # noqa: F401  (the card's size, for callers)
from citypages.model import layout
from citypages.model.site import City, Page, Site
from citypages.model.unit import Unit

UNIT_PREFIX = "card/"
CARD_LIMIT = 100 * 1024
DEFAULT_COLOURS = ("#1d4e89", "#ffffff")
FORMAT = 1
"""How a card is drawn, part of every card's key: bump it with any change to cards/ that changes a card's look,
so those cards are redrawn (a change elsewhere in the engine redraws none)."""


@dataclass(frozen=True)
class Style:
    """What a card looks like apart from its words: colours (#rrggbb) and the font files."""

    background: str
    ink: str
    regular: Path
    bold: Path
    key: str = ""  # colours and the fonts' bytes: part of every card's key

    @property
    def available(self) -> bool:
        return self.regular.is_file() and self.bold.is_file()


def theme_style(css: Path, fonts: Path) -> Style:
    """The theme's accent colour from its style.css (:root --accent) and its fonts in `fonts`."""
    background, ink = DEFAULT_COLOURS
    try:
        found = re.search(r"--accent:\s*(#[0-9a-fA-F]{6})\b", css.read_text(encoding="utf-8"))
    except OSError:
        found = None
    if found:
        background = found.group(1).lower()
    regular, bold = fonts / font_files.REGULAR, fonts / font_files.BOLD
    return Style(background, ink, regular, bold, hashing.key(background, ink, font_files.digest((regular, bold))))


def card_path(city_path: str) -> str:
    """The card sits beside its page: boston-ma/ -> boston-ma/card.png."""
    return f"{city_path}card.png"


def draw(headline: str, place: str, mayor: str, site_title: str, style: Style) -> bytes:
    """One card as PNG bytes: place above, the headline large, the mayor and the site below."""
    marks = raster.marks(headline, place, mayor, site_title, style.regular, style.bold)
    return raster.card(marks, style.background, style.ink)


def units(site: Site, city: City, lang: str, mayor_title: str, headline: Callable[[], str], key: str,
          style: Style) -> list[Unit]:
    """The card of one city page in `lang` (its mayor's title in that language) as a unit cached by `key`
    (plan/keys.card); the headline is made only to draw."""
    if not site.share_cards or not style.available:
        return []
    path = layout.city_path(site, city, lang)  # beside its page, in the language's folder (pt-BR -> pt-br/)
    place = f"{city.name}, {city.state}"
    mayor = f"{mayor_title} {city.mayor.name}"
    return [Unit(f"{UNIT_PREFIX}{lang}/{city.slug}", key,
                 functools.partial(_render, path, headline, place, mayor, site.title_in(lang), style), kept=True)]


@functools.cache
def drawn_by() -> str:
    """The imaging library's version, part of every card's key: another Pillow may draw other bytes."""
    from importlib.metadata import version

    return f"pillow {version('pillow')}"


def _render(path: str, headline: Callable[[], str], place: str, mayor: str, title: str, style: Style) -> list[Page]:
    return [Page(card_path(path), draw(headline(), place, mayor, title, style))]


def warnings(site: Site, cities: Iterable[City], style: Style) -> list[Diagnostic]:
    """What the cards cannot draw: a missing font, a language's script, characters of a name."""
    if not site.share_cards:
        return []
    shown = Path("theme/fonts")
    if not style.available:
        return [warning(shown, 0, 0, f"{font_files.REGULAR} and {font_files.BOLD} are missing: no share cards "
                                     "are drawn (restore them from git)")]
    return [*font_files.language_warnings(site.languages, style.bold, shown / font_files.BOLD),
            *font_files.name_warnings(cities, style.regular)]

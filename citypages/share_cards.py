"""Share cards: one 1200 x 630 PNG per city page and language, for link previews (og:image).

A card shows the headline, the city and the mayor in white on the theme's accent colour
(`--accent` in theme/static/style.css), set in the fonts the theme ships in theme/fonts/
(DejaVu, under its own free licence). Drawing is the costly part of a build, so each card
is its own unit of the site, keyed by what draws it: a rebuild draws only the cards whose
city, campaign, colours or fonts changed, and a no-op rebuild draws none. The text is drawn
in shades of one colour on one background, so the image is a 256-colour palette PNG made
without quantising, and fast zlib settings keep each file well under 100 KB.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from citypages import fonts as font_files
from citypages import manifest
from citypages.diagnostics import Diagnostic, warning
from citypages.model import City, Page, Site
from citypages.write import Job

if TYPE_CHECKING:  # Pillow is imported where a card is drawn: a no-op rebuild never loads it
    from PIL.ImageFont import FreeTypeFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
CARD_NAME = "card.png"
UNIT_PREFIX = "card/"
CARD_LIMIT = 100 * 1024
DEFAULT_COLOURS = ("#1d4e89", "#ffffff")
Z_RLE = 3  # zlib's run-length strategy: flat backgrounds compress fast and small


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


def theme_style(theme_dir: Path) -> Style:
    """The theme's accent colour from style.css (:root --accent) and its fonts in theme/fonts/."""
    background, ink = DEFAULT_COLOURS
    css = theme_dir / "static" / "style.css"
    try:
        found = re.search(r"--accent:\s*(#[0-9a-fA-F]{6})\b", css.read_text(encoding="utf-8"))
    except OSError:
        found = None
    if found:
        background = found.group(1).lower()
    regular, bold = theme_dir / "fonts" / font_files.REGULAR, theme_dir / "fonts" / font_files.BOLD
    return Style(background, ink, regular, bold, manifest.key(background, ink, font_files.digest((regular, bold))))


def card_path(city_path: str) -> str:
    """The card sits beside its page: boston-ma/ -> boston-ma/card.png."""
    return f"{city_path}{CARD_NAME}"


@functools.cache
def _font(path: Path, size: int) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


@functools.cache
def _palette(background: str, ink: str) -> list[int]:
    """Index i is the background blended i/255 of the way to the ink: anti-aliased text maps straight in."""
    bg = [int(background[i:i + 2], 16) for i in (1, 3, 5)]
    fg = [int(ink[i:i + 2], 16) for i in (1, 3, 5)]
    return [round(b + (f - b) * i / 255) for i in range(256) for b, f in zip(bg, fg, strict=True)]


@functools.lru_cache(maxsize=65536)
def _width(font: FreeTypeFont, word: str) -> float:
    """A word's advance; the same words recur on every card, so each is measured once per process."""
    return font.getlength(word)


def _wrap(text: str, font: FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaks at spaces; a word longer than the line is cut where it must be.

    A line's width is the sum of its words and spaces (kerning across a space is ignored).
    """
    lines: list[str] = []
    line, used = "", 0.0
    space = _width(font, " ")
    for word in text.split():
        w = _width(font, word)
        if line and used + space + w <= width:
            line, used = f"{line} {word}", used + space + w
            continue
        if line:
            lines.append(line)
        while w > width:  # a 10,000-character name still fits the card
            cut = max(1, int(len(word) * width / w))
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            w = font.getlength(word)
        line, used = word, w
    if line:
        lines.append(line)
    return lines


def _fit(text: str, font_path: Path, width: int, max_lines: int, sizes: tuple[int, ...]) -> tuple[
        FreeTypeFont, list[str]]:
    """The largest size at which the text fits in max_lines; at the smallest, the rest is cut with '…'."""
    for size in sizes:
        font = _font(font_path, size)
        lines = _wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return font, lines


def draw(headline: str, place: str, mayor: str, site_title: str, style: Style) -> bytes:
    """One card as PNG bytes: place above, the headline large, the mayor and the site below."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN
    small, fitted = _fit(place, style.regular, text_width, 1, (36, 30))
    y = MARGIN - 8
    pen.text((MARGIN, y), fitted[0] if fitted else "", font=small, fill=230)
    y += 64
    font, lines = _fit(headline, style.bold, text_width, 4, (76, 68, 60, 52, 46))
    step = int(font.size * 1.18)
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=255)
        y += step
    pen.rectangle((MARGIN, HEIGHT - 150, MARGIN + 120, HEIGHT - 144), fill=150)
    for text, top, size in ((mayor, HEIGHT - 126, 34), (site_title, HEIGHT - 78, 28)):
        f, fitted = _fit(text, style.regular, text_width, 1, (size, size - 6))
        pen.text((MARGIN, top), fitted[0] if fitted else "", font=f, fill=235)
    card = image.convert("P")  # grey level i becomes index i, without copying the pixels through Python
    card.putpalette(_palette(style.background, style.ink))
    out = io.BytesIO()
    card.save(out, "PNG", compress_level=6, compress_type=Z_RLE)
    return out.getvalue()


def card_page(city_path: str, headline: str, place: str, mayor: str, site_title: str, style: Style) -> Page:
    """The card of one city page as a file of the site."""
    return Page(card_path(city_path), draw(headline, place, mayor, site_title, style))


def jobs(site: Site, city: City, lang: str, headline: Callable[[], str], inputs_key: str, style: Style) -> list[Job]:
    """The card of one city page as its own unit: `inputs_key` covers the city's entry and its campaign.

    The headline is asked for only when the card is drawn, so an unchanged card costs nothing.
    """
    if not site.share_cards or not style.available:
        return []
    path = f"{'' if lang == site.default_language else lang + '/'}{city.slug}/"
    place = f"{city.name}, {city.state}"
    mayor = f"{city.mayor.title} {city.mayor.name}"
    key = manifest.key(inputs_key, style.key, site.title)
    return [Job(f"{UNIT_PREFIX}{lang}/{city.slug}", key,
                functools.partial(_render, path, headline, place, mayor, site.title, style))]


def _render(path: str, headline: Callable[[], str], place: str, mayor: str, title: str, style: Style) -> list[Page]:
    return [card_page(path, headline(), place, mayor, title, style)]


def warnings(site: Site, cities: Iterable[City], style: Style) -> list[Diagnostic]:
    """What the cards cannot draw: a missing font, a language's script, characters of a name."""
    if not site.share_cards:
        return []
    shown = Path("theme/fonts")
    if not style.available:
        return [warning(shown, 0, 0, f"{font_files.REGULAR} and {font_files.BOLD} are missing: no share cards "
                                     "are drawn (restore them from git)")]
    return (font_files.language_warnings(site.languages, style.bold, shown / font_files.BOLD)
            + font_files.name_warnings(cities, style.regular))

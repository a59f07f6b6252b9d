"""Where a share card's words go: the place on top, the headline large, a bar, the mayor and the site below.

Each line has a fixed top, so a line that reads the same on many cards is the same band of rows (compressed
once); it is drawn word by word at whole pixels, or whole for Pillow to order when right-to-left.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # Pillow is imported where a card is drawn: a no-op rebuild never loads it
    from PIL.ImageFont import FreeTypeFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
TEXT_WIDTH = WIDTH - 2 * MARGIN
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "FSI", "LRE", "LRO", "LRI", "PDF", "PDI"})


class Line(NamedTuple):
    """A line of text with its left end and ascender line at (x, y), `shade` of the way to the ink (0 to 255)."""

    font: Path
    size: int
    text: str
    x: int
    y: int
    shade: int


class Bar(NamedTuple):
    """A filled rectangle, corners included, as ImageDraw.rectangle draws it."""

    box: tuple[int, int, int, int]
    shade: int


Mark = Line | Bar


@functools.cache
def font(path: Path, size: int) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


WIDTHS_KEPT = 4096
"""Words' advances kept per process: the campaign's words recur on every card, a city's name on one."""


@functools.lru_cache(maxsize=WIDTHS_KEPT)
def _width(face: FreeTypeFont, word: str) -> float:
    """A word's advance, measured once per process."""
    return face.getlength(word)


def _wrap(text: str, face: FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaks at spaces (kerning across them ignored); a word longer than the line is cut."""
    lines: list[str] = []
    line, used = "", 0.0
    space = _width(face, " ")
    for word in text.split():
        w = _width(face, word)
        if line and used + space + w <= width:
            line, used = f"{line} {word}", used + space + w
            continue
        if line:
            lines.append(line)
        while w > width:  # a 10,000-character name still fits the card
            cut = max(1, int(len(word) * width / w))
            while cut > 1 and face.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            w = face.getlength(word)
        line, used = word, w
    if line:
        lines.append(line)
    return lines


def _fit(text: str, font_path: Path, width: int, max_lines: int, sizes: tuple[int, ...]) -> tuple[
        FreeTypeFont, list[str]]:
    """The largest size at which the text fits in max_lines; at the smallest, the rest is cut with '…'."""
    for size in sizes:
        face = font(font_path, size)
        lines = _wrap(text, face, width)
        if len(lines) <= max_lines:
            return face, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and face.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return face, lines


def runs(line: Line) -> list[tuple[str, int]]:
    """The runs Pillow draws a line in with their left ends: its words at whole pixels, or a right-to-left line."""
    text = line.text
    if not text.isascii() and any(unicodedata.bidirectional(c) in _RIGHT_TO_LEFT for c in text):
        return [(text, line.x)]
    face = font(line.font, line.size)
    out, used, space = [], 0.0, _width(face, " ")
    for word in text.split(" "):
        if word:
            out.append((word, line.x + round(used)))
        used += _width(face, word) + space
    return out


def marks(headline: str, place: str, mayor: str, site_title: str, regular: Path, bold: Path) -> list[Mark]:
    """What a card is drawn with, in the order it is drawn, top to bottom (a line may be empty)."""
    face, fitted = _fit(place, regular, TEXT_WIDTH, 1, (36, 30))
    out: list[Mark] = [Line(regular, int(face.size), fitted[0] if fitted else "", MARGIN, MARGIN - 8, 230)]
    face, fitted = _fit(headline, bold, TEXT_WIDTH, 4, (76, 68, 60, 52, 46))
    step = int(face.size * 1.18)
    out += [Line(bold, int(face.size), text, MARGIN, MARGIN + 56 + i * step, 255) for i, text in enumerate(fitted)]
    out.append(Bar((MARGIN, HEIGHT - 150, MARGIN + 120, HEIGHT - 144), 150))
    for text, top, size in ((mayor, HEIGHT - 126, 34), (site_title, HEIGHT - 78, 28)):
        face, fitted = _fit(text, regular, TEXT_WIDTH, 1, (size, size - 6))
        out.append(Line(regular, int(face.size), fitted[0] if fitted else "", MARGIN, top, 235))
    return out

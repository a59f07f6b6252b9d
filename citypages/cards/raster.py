"""A share card laid out and drawn: its words placed, then a 4-colour PNG drawn and compressed band by band.

Each line has a fixed top (the place, the headline large, a bar, the mayor and the site below), so a line that
reads the same on many cards is the same band of rows; it is drawn word by word at whole pixels, or whole for
Pillow to order when right-to-left. Per process, the masks of words that recur and the compressed bands of rows
cards share (blank rows, the bar, the site's title) are kept: bench/results/cards.md.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from citypages.cards import png

if TYPE_CHECKING:  # Pillow is imported where a card is drawn: a no-op rebuild never loads it
    from PIL import Image
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


def _fit(text: str, font_path: Path, max_lines: int, sizes: tuple[int, ...]) -> tuple[FreeTypeFont, list[str]]:
    """The largest size at which the text fits the card in max_lines; at the smallest, the rest is cut with '…'."""
    for size in sizes:
        face = font(font_path, size)
        lines = _wrap(text, face, TEXT_WIDTH)
        if len(lines) <= max_lines:
            return face, lines
    lines = lines[:max_lines]
    last = lines[-1]
    while last and face.getlength(last + "…") > TEXT_WIDTH:
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
    face, fitted = _fit(place, regular, 1, (36, 30))
    out: list[Mark] = [Line(regular, int(face.size), fitted[0] if fitted else "", MARGIN, MARGIN - 8, 230)]
    face, fitted = _fit(headline, bold, 4, (76, 68, 60, 52, 46))
    step = int(face.size * 1.18)
    out += [Line(bold, int(face.size), text, MARGIN, MARGIN + 56 + i * step, 255) for i, text in enumerate(fitted)]
    out.append(Bar((MARGIN, HEIGHT - 150, MARGIN + 120, HEIGHT - 144), 150))
    for text, top, size in ((mayor, HEIGHT - 126, 34), (site_title, HEIGHT - 78, 28)):
        face, fitted = _fit(text, regular, 1, (size, size - 6))
        out.append(Line(regular, int(face.size), fitted[0] if fitted else "", MARGIN, top, 235))
    return out


DEPTH = 2
LEVELS = (1 << DEPTH) - 1
_RAWMODE = {2: "L;2", 4: "L;4", 8: "L"}
PAD = 8 // DEPTH  # index-0 pixels that fill one byte left of each row: that byte is the filter type 0
ROW = png.row_bytes(WIDTH, DEPTH)
Band = tuple[int, int, tuple[Mark, ...]]


def ink(shade: int) -> int:
    """The palette index a mark of this shade is drawn with."""
    return round(shade * LEVELS / 255)


@functools.cache
def palette(background: str, ink_colour: str) -> tuple[tuple[int, int, int], ...]:
    """Index i is the background blended i/LEVELS of the way to the ink: anti-aliased text maps straight in."""
    channels = list(zip(bytes.fromhex(background[1:]), bytes.fromhex(ink_colour[1:]), strict=True))
    return tuple(tuple(round(bg + (fg - bg) * i / LEVELS) for bg, fg in channels)  # type: ignore[misc]
                 for i in range(LEVELS + 1))


MASKS_KEPT = 4096
"""Rasterised runs kept per process, the least recently used dropped first: a campaign's words at every size."""
DRAWN_BEFORE_KEPT = 2
"""A run's mask is kept at its third drawing: a city's own words (its name, its mayor) are drawn once per
language, one card after the other (plan._card_jobs), and kept sooner would fill the cache with one-offs."""
SEEN_KEPT = 16384
"""Runs remembered as drawn, with how often, until they are kept; past this many the memory is cleared."""

_MASKS: dict[tuple[Path, int, str], tuple[Image.Image, int, int]] = {}
_SEEN: dict[tuple[Path, int, str], int] = {}


def _mask(font_path: Path, size: int, text: str) -> tuple[Image.Image, int, int]:
    """A run's mask as ImageDraw.text would blend it, and the offset of its top left (kept: DRAWN_BEFORE_KEPT)."""
    key = (font_path, size, text)
    kept = _MASKS.pop(key, None)
    if kept is not None:
        _MASKS[key] = kept  # now the most recently used
        return kept
    made = _rasterise(font_path, size, text)
    drawn = _SEEN.pop(key, 0)
    if drawn >= DRAWN_BEFORE_KEPT:
        _MASKS[key] = made
        if len(_MASKS) > MASKS_KEPT:
            del _MASKS[next(iter(_MASKS))]
    else:
        if len(_SEEN) >= SEEN_KEPT:
            _SEEN.clear()
        _SEEN[key] = drawn + 1
    return made


def _rasterise(font_path: Path, size: int, text: str) -> tuple[Image.Image, int, int]:
    """The run drawn by ImageDraw.text in full ink (its FreeType coverage) on a mask its size, and its top left."""
    from PIL import Image, ImageDraw

    face = font(font_path, size)
    left, top, right, bottom = face.getbbox(text)
    mask = Image.new("L", (right - left, bottom - top), 0)
    if text:
        ImageDraw.Draw(mask).text((-left, -top), text, fill=255, font=face)
    return mask, left, top


@functools.lru_cache(maxsize=256)
def placed(line: Line) -> tuple[int, int, tuple[tuple[Image.Image, int, int], ...]]:
    """A line's rows (top included, bottom not, within the card) and its runs' masks with their top left."""
    top, bottom, out = HEIGHT, 0, []
    for text, x in runs(line):
        mask, dx, dy = _mask(line.font, line.size, text)
        out.append((mask, x + dx, line.y + dy))
        if mask.size[0] and mask.size[1]:
            top, bottom = min(top, line.y + dy), max(bottom, line.y + dy + mask.size[1])
    return max(0, top), min(HEIGHT, bottom), tuple(out)


def rows(mark: Mark) -> tuple[int, int]:
    """The rows a mark may touch, top included, bottom not, within the card (none: top >= bottom)."""
    if isinstance(mark, Bar):
        return max(0, mark.box[1]), min(HEIGHT, mark.box[3] + 1)
    return placed(mark)[:2]


def bands(marks: Sequence[Mark]) -> list[Band]:
    """The card's rows cut where no mark crosses: (top, bottom, its marks in drawing order); blank bands have none."""
    cut: list[tuple[int, int, list[int]]] = []  # rows and the indexes of the marks on them
    done = 0
    for top, bottom, i in sorted((*rows(m), i) for i, m in enumerate(marks)):
        if bottom <= top:
            continue
        if top < done:  # the mark overlaps the band above, which grows
            start, _, held = cut[-1]
            cut[-1] = (start, max(done, bottom), [*held, i])
        else:
            if top > done:
                cut.append((done, top, []))
            cut.append((top, bottom, [i]))
        done = cut[-1][1]
    if done < HEIGHT:
        cut.append((done, HEIGHT, []))
    return [(top, bottom, tuple(marks[i] for i in sorted(held))) for top, bottom, held in cut]


def draw(top: int, bottom: int, marks: Sequence[Mark]) -> Image.Image:
    """Rows top to bottom with PAD pixels of index 0 on the left, each mark drawn as ImageDraw.text/rectangle would."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (PAD + WIDTH, bottom - top), 0)
    pen = ImageDraw.Draw(image)
    for mark in marks:
        if isinstance(mark, Bar):
            x0, y0, x1, y1 = mark.box
            pen.rectangle((PAD + x0, y0 - top, PAD + x1, y1 - top), fill=ink(mark.shade))
        else:
            level = ink(mark.shade)
            for mask, x, y in placed(mark)[2]:
                pen.bitmap((PAD + x, y - top), mask, fill=level)
    image.paste(0, (0, 0, PAD, bottom - top))  # what would fall left of the card is cut, as on a whole canvas
    return image


@functools.lru_cache(maxsize=HEIGHT + 1)
def _blank(rows: int) -> png.Piece:
    return png.compress(bytes(ROW * rows))


_KEPT: dict[Band, png.Piece] = {}
KEPT_BANDS = 512
"""Compressed bands kept per process, the least recently used dropped first: some 5 MB."""


def pieces(cut: Sequence[Band]) -> list[png.Piece]:
    """Each band compressed, or taken from those kept: what a band shows is all its bytes depend on.
    The bands not kept are drawn on one canvas and compressed by one compressor."""
    out: list[png.Piece | None] = []
    todo: list[tuple[int, Band]] = []
    for band in cut:
        top, bottom, marks = band
        if not marks:
            out.append(_blank(bottom - top))
            continue
        kept = _KEPT.pop(band, None)
        if kept is not None:
            _KEPT[band] = kept  # now the most recently used
        else:
            todo.append((len(out), band))
        out.append(kept)
    if todo:
        first, last = todo[0][1][0], todo[-1][1][1]
        rows = draw(first, last, [m for _, band in todo for m in band[2]]).tobytes("raw", _RAWMODE[DEPTH])
        made = png.compress_apart([rows[(top - first) * ROW:(bottom - first) * ROW]
                                        for _, (top, bottom, _) in todo])
        for (at, band), piece in zip(todo, made, strict=True):
            out[at] = _KEPT[band] = piece
        while len(_KEPT) > KEPT_BANDS:
            del _KEPT[next(iter(_KEPT))]
    return out  # type: ignore[return-value]  # every None was filled


def card(marks: Sequence[Mark], background: str, ink_colour: str) -> bytes:
    """The card as PNG bytes."""
    return png.png(_header(background, ink_colour), pieces(bands(marks)))


@functools.cache
def _header(background: str, ink_colour: str) -> bytes:
    return png.header(WIDTH, HEIGHT, DEPTH, palette(background, ink_colour))

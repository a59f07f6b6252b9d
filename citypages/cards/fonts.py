"""Which characters the theme's card fonts can draw, read from the font's own character map (cmap).

Pillow draws a missing character as an empty box without complaint: the build warns instead.
"""

from __future__ import annotations

import functools
import hashlib
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, warning
from citypages.model.site import City

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"

# A few letters each language cannot do without (its script's own, not only ASCII).
EXEMPLARS: dict[str, tuple[str, str]] = {
    "en": ("Latin", "AZaz"), "es": ("Latin", "áéíóúüñÑ¿¡"), "fr": ("Latin", "àâçéèêëîïôùûüÿœŒ"),
    "de": ("Latin", "äöüßÄÖÜ"), "pt": ("Latin", "ãõçáéíóú"), "it": ("Latin", "àèéìòù"),
    "pl": ("Latin", "ąćęłńóśźżŁ"), "vi": ("Vietnamese", "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"),
    "tl": ("Latin", "ñ"), "ht": ("Latin", "èò"), "so": ("Latin", "abc"), "tr": ("Latin", "çğıöşüİ"),
    "ru": ("Cyrillic", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"), "uk": ("Cyrillic", "ґєії"),
    "el": ("Greek", "αβγδεζηθικλμνξοπρστυφχψω"), "hy": ("Armenian", "աբգդ"), "ka": ("Georgian", "აბგდ"),
    "ar": ("Arabic", "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"), "fa": ("Arabic", "پچژگ"), "ur": ("Arabic", "ٹڈڑں"),
    "he": ("Hebrew", "אבגדהוזחטיכלמנסעפצקרשת"), "hi": ("Devanagari", "अआइईउऊकखगघ"),
    "bn": ("Bengali", "অআইঈউ"), "pa": ("Gurmukhi", "ਅਆਇ"), "ta": ("Tamil", "அஆஇ"), "th": ("Thai", "กขคง"),
    "km": ("Khmer", "កខគ"), "my": ("Myanmar", "ကခဂ"), "am": ("Ethiopic", "ሀለሐ"),
    "zh": ("Han", "的一是不了人我在有他这中"), "ja": ("Japanese", "あいうえおアイウエオ日本"),
    "ko": ("Hangul", "가나다라마"),
}
NEEDS_SHAPING = {"Arabic", "Hebrew", "Devanagari", "Bengali", "Gurmukhi", "Tamil", "Thai", "Khmer", "Myanmar"}
"""Scripts whose letters join or reorder: drawn correctly only with Pillow's complex text layout (raqm)."""


@functools.cache
def coverage(path: Path) -> frozenset[int]:
    """Every code point the font maps to a glyph, from its cmap table."""
    data = path.read_bytes()
    (tables,) = struct.unpack_from(">H", data, 4)
    directory = struct.iter_unpack(">4sIII", data[12:12 + 16 * tables])
    cmap = next((offset for tag, _, offset, _ in directory if tag == b"cmap"), None)
    if cmap is None:
        return frozenset()
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    out: set[int] = set()
    for platform, encoding, offset in struct.iter_unpack(">HHI", data[cmap + 4:cmap + 4 + 8 * count]):
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
            continue
        sub = cmap + offset
        (fmt,) = struct.unpack_from(">H", data, sub)
        if fmt == 4:
            out |= _format4(data, sub)
        elif fmt == 12:
            (groups,) = struct.unpack_from(">I", data, sub + 12)
            for start, end, glyph in struct.iter_unpack(">III", data[sub + 16:sub + 16 + 12 * groups]):
                out.update(range(start + (glyph == 0), end + 1))
    return frozenset(out)


def _format4(data: bytes, sub: int) -> set[int]:
    (seg2,) = struct.unpack_from(">H", data, sub + 6)
    ends = sub + 14
    starts, deltas, ranges = ends + seg2 + 2, ends + 2 * seg2 + 2, ends + 3 * seg2 + 2
    out: set[int] = set()
    for s in range(0, seg2, 2):
        (end,), (start,) = struct.unpack_from(">H", data, ends + s), struct.unpack_from(">H", data, starts + s)
        (delta,) = struct.unpack_from(">h", data, deltas + s)
        (range_offset,) = struct.unpack_from(">H", data, ranges + s)
        for code in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                (glyph,) = struct.unpack_from(">H", data, ranges + s + range_offset + 2 * (code - start))
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                out.add(code)
    return out


def digest(paths: Iterable[Path]) -> str:
    """The fonts' bytes in one key: a new font redraws every card."""
    h = hashlib.blake2b(digest_size=16)
    for path in paths:
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"missing:" + str(path).encode())
    return h.hexdigest()


def language_warnings(languages: Iterable[str], font: Path, shown: Path) -> Iterator[Diagnostic]:
    """One warning per enabled language whose script the card font cannot draw (or not correctly)."""
    have = coverage(font)
    for lang in languages:
        script, letters = EXEMPLARS.get(lang, ("", ""))
        lacking = [c for c in letters if ord(c) not in have]
        if lacking:
            yield warning(shown, 0, 0, f"share cards cannot draw {script} for '{lang}' (e.g. "
                                       f"{''.join(lacking[:5])}); add a font that covers it to theme/fonts/")
        elif script in NEEDS_SHAPING:
            from PIL import features  # only for a script that needs it: a build in Latin never loads Pillow

            if not features.check("raqm"):
                yield warning(shown, 0, 0, f"share cards in '{lang}' need complex text layout for {script}, "
                                           "which this Pillow lacks (libraqm); letters would not join")


def name_warnings(cities: Iterable[City], font: Path) -> Iterator[Diagnostic]:
    """A warning for each city whose name or mayor has characters its share card would show as boxes."""
    have = coverage(font)
    for city in cities:
        words = f"{city.name}{city.state}{city.mayor.title}{city.mayor.name}"
        lacking = "".join(dict.fromkeys(c for c in words if not c.isspace() and ord(c) >= 32 and ord(c) not in have))
        if lacking:
            yield warning(Path("cities.yaml"), city.line, 1, f"{city.name}: the share card's font cannot draw "
                                                            f"{lacking[:10]!r}; they show as boxes")

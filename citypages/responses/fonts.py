"""Fonts for the letters: the theme's DejaVu (Latin, Greek, Cyrillic), then for each character it lacks one of this
machine's fonts (fontconfig, or the folders of macOS and Windows): no font we could ship covers every script."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path("theme") / "fonts"
THEME = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_FOLDERS = {"darwin": ("/System/Library/Fonts", "/Library/Fonts", "~/Library/Fonts"),
            "win32": (os.path.expandvars(r"%WINDIR%\Fonts"),
                      os.path.expandvars(r"%LOCALAPPDATA%\Microsoft\Windows\Fonts"))}
_FONT_FILES = (".ttf", ".otf", ".ttc")
_CJK = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "BOPOMOFO", "IDEOGRAPHIC")


@dataclass(frozen=True)
class Face:
    """One font of a file (a .ttc holds several: `index` picks one)."""

    path: Path
    index: int = 0


@dataclass(frozen=True)
class Fonts:
    """What a set of letters is drawn with: the fallbacks after DejaVu, and what nothing here draws."""

    fallbacks: tuple[Face, ...]
    missing: frozenset[str]


THEME_ONLY = Fonts((), frozenset())
Finder = Callable[[str], "Face | None"]


def drawn(ch: str) -> bool:
    """Whether a character needs a glyph (spaces, controls, format marks and variation selectors do not)."""
    return not ch.isspace() and ch.isprintable() and not 0xFE00 <= ord(ch) <= 0xFE0F


def choose(texts: Iterable[str], theme: set[int], find: Finder) -> Fonts:
    """The fonts that draw every character of `texts` that DejaVu (`theme`, its code points) cannot; fonts
    already chosen are tried first, so a script costs one look-up."""
    wanted = sorted({ch for text in texts for ch in text if drawn(ch) and ord(ch) not in theme})
    chosen: list[Face] = []
    missing = set()
    for ch in wanted:
        if any(ord(ch) in code_points(face) for face in chosen):
            continue
        face = find(ch)
        if face is None or ord(ch) not in code_points(face):
            missing.add(ch)
        else:
            chosen.append(face)
    return Fonts(tuple(chosen), frozenset(missing))


@functools.cache
def code_points(face: Face) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


def theme_code_points(root: Path) -> set[int]:
    return set(code_points(Face(root / FONT_DIR / THEME[0])))


def system_finder() -> Finder:
    """fontconfig where there is one, else the system's font folders."""
    if shutil.which("fc-list"):
        return _fontconfig
    folders = [Path(f).expanduser() for f in _FOLDERS.get(sys.platform, ())]
    files = sorted((p for f in folders if f.is_dir() for p in f.rglob("*") if p.suffix.lower() in _FONT_FILES),
                   key=_preference)
    return functools.partial(_in_files, files)


def _fontconfig(ch: str) -> Face | None:
    found = subprocess.run(["fc-list", f":charset={ord(ch):x}", "--format", "%{file}\t%{index}\n"],
                           capture_output=True, text=True, check=False).stdout
    faces = [Face(Path(file), int(index or 0)) for file, _, index in
             (line.partition("\t") for line in found.splitlines()) if file.lower().endswith(_FONT_FILES)]
    return min(faces, key=lambda f: (_preference(f.path), f.index), default=None)


def _in_files(files: list[Path], ch: str) -> Face | None:
    for face in map(Face, files):
        with contextlib.suppress(Exception):  # a font file fontTools cannot read is one font fewer, not a failure
            if ord(ch) in code_points(face):
                return face
    return None


def _preference(path: Path) -> tuple[bool, bool, bool, int]:
    """A plain sans-serif regular face first: a letter is not the place for a display or mono font."""
    name = path.name.casefold()
    return ("serif" in name.replace("sans", ""), "mono" in name, not ("regular" in name or "-" not in name),
            len(name))


def script(ch: str) -> str:
    """The script a character belongs to, for a message: 'Hangul', 'Devanagari', 'emoji and symbols'."""
    if unicodedata.category(ch).startswith("S"):
        return "emoji and symbols"
    word = unicodedata.name(ch, "UNKNOWN").split()[0]
    return "Han" if word == "CJK" else word.capitalize()


def package(ch: str) -> str:
    """Debian's and Ubuntu's package with a font for the character (Noto covers almost every script)."""
    return "fonts-noto-cjk" if unicodedata.name(ch, "").startswith(_CJK) else "fonts-noto-core"

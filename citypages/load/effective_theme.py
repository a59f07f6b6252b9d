"""The effective theme: the default theme that ships with the engine, overlaid by the site's own files.

A file in the site's theme/templates/, static/ or i18n/ replaces the default of that name (as MkDocs'
custom_dir does), so an upgrade brings fixes to every file the site did not override.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import citypages
from citypages.base import hashing
from citypages.base.diagnostics import Diagnostic, warning

PARTS = ("templates", "static", "i18n")  # the parts a site may override file by file


def default_dir() -> Path:
    """The default theme: packaged beside the engine when installed, the checkout's theme/ otherwise."""
    package = Path(citypages.__file__).parent
    installed = package / "theme"
    return installed if installed.is_dir() else package.parent / "theme"


def _tree(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def files(root: Path, part: str) -> dict[str, Path]:
    """Every file of one part of the theme by its name in that part: the site's where it has one."""
    return {**_tree(default_dir() / part), **_tree(root / "theme" / part)}


def file(root: Path, name: str) -> Path:
    """One theme file (e.g. data/us-states.json, fonts/DejaVuSans.ttf): the site's if it has it, else the default."""
    own = root / "theme" / name
    return own if own.is_file() else default_dir() / name


def template_dirs(root: Path) -> list[Path]:
    """The folders Jinja searches in order: the site's overrides first, then the defaults."""
    dirs = [root / "theme" / "templates", default_dir() / "templates"]
    existing = [d for d in dirs if d.is_dir()]
    return [d for i, d in enumerate(existing) if d.resolve() not in {e.resolve() for e in existing[:i]}]


@dataclass(frozen=True)
class ThemeDigests:
    """The digest of each part of the effective theme: what a page's key names of the theme."""

    templates: str
    static: str
    i18n: str


def digests(root: Path) -> ThemeDigests:
    """Each part's file names and bytes, the site's overrides laid over the defaults."""
    return ThemeDigests(*(hashing.files_digest(files(root, part)) for part in PARTS))


def stale_overrides(root: Path, languages: tuple[str, ...]) -> list[Diagnostic]:
    """A site file in theme/ whose name no default has (renamed or removed by an upgrade) replaces nothing;
    in theme/i18n/ a file for one of the site's languages is a translation, not an override."""
    defaults = default_dir()
    if (root / "theme").resolve() == defaults.resolve():
        return []
    diags = []
    for part in PARTS:
        known = _tree(defaults / part)
        for name in _tree(root / "theme" / part):
            if name not in known and not (part == "i18n" and name.removesuffix(".yaml") in languages):
                diags.append(warning(Path("theme") / part / name, 0, 0,
                                     f"the default theme of City Pages {citypages.__version__} has no {part} file "
                                     "of this name, so it replaces nothing (renamed or removed in an upgrade? see "
                                     "CHANGELOG.md): move your change to the new name, or delete the file"))
    return diags

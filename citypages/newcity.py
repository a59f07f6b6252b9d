"""`new-city`: append a well-formed entry to cities.yaml, keeping its comments and layout.

The entry is added as text (a YAML dumper would drop the editor's comments), with every
value double-quoted by the YAML library itself; the whole new file is loaded and checked
before it replaces the old one in a single rename.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from citypages import load, render, validate
from citypages.diagnostics import Diagnostic, error, has_errors
from citypages.model import City, Site

CITIES = Path("cities.yaml")


@dataclass(frozen=True)
class NewCity:
    name: str
    state: str
    mayor: str
    mayor_title: str | None = None
    slug: str | None = None
    draft: bool = False


@dataclass(frozen=True)
class Added:
    """The city as it will be built, the line its entry starts on, and its page's address."""

    city: City
    line: int
    url: str
    file: str


def quoted(value: str) -> str:
    """One value as a YAML double-quoted scalar, escapes and all, on one line."""
    return yaml.safe_dump(value, allow_unicode=True, default_style='"', width=2**31).rstrip("\n")


def entry_text(new: NewCity, indent: str = "") -> str:
    """The lines of one entry, at the list's own indentation."""
    lines = [f"- name: {quoted(new.name)}", f"  state: {quoted(new.state)}"]
    if new.slug:
        lines.append(f"  slug: {quoted(new.slug)}")
    lines += ["  mayor:", f"    name: {quoted(new.mayor)}"]
    if new.mayor_title:
        lines.append(f"    title: {quoted(new.mayor_title)}")
    if new.draft:
        lines.append("  draft: true")
    return "".join(f"{indent}{line}\n" for line in lines)


def appended(text: str, new: NewCity) -> tuple[str, int]:
    """`text` with the entry added at the end; returns the new text and the entry's first line."""
    match = re.search(r"^([ \t]*)- ", text, re.MULTILINE)
    indent = match.group(1) if match else ""
    if text and not text.endswith("\n"):
        text += "\n"
    return text + entry_text(new, indent), text.count("\n") + 1


def add_city(root: Path, new: NewCity) -> tuple[Added | None, list[Diagnostic]]:
    """Check the new file (site settings, every city, the new slug), then write it; nothing on error."""
    root = Path(root)
    raw_site, diags = load.yaml_file(root / "site.yaml", Path("site.yaml"))
    site, problems = validate.site(raw_site)
    diags += problems
    if site is None:
        return None, diags or [error(Path("site.yaml"), 0, 0, "site.yaml is needed to add a city")]
    path = root / CITIES
    if path.exists():
        file, problems = load.read_text(path, CITIES)
        if file is None:
            return None, diags + problems
        old = file.text
    else:
        old = ""
    text, line = appended(old, new)
    city, problems = _check(text, line, site, _page_slugs(root))
    diags += problems
    if city is None or has_errors(diags):
        return None, diags
    _write_atomically(path, text)
    page = render.city_path(site, city, site.default_language)
    return Added(city, line, site.url(page), f"output/{page}index.html"), diags


def _check(text: str, line: int, site: Site, reserved: frozenset[str]) -> tuple[City | None, list[Diagnostic]]:
    raw, diags = load.yaml_text(text, CITIES)
    if has_errors(diags) or raw is None:
        return None, diags or [error(CITIES, 0, 0, "cities.yaml did not load after adding the city")]
    cities, problems = validate.cities(raw, site, reserved=reserved)
    diags += problems
    added = [c for c in cities if c.line == line]
    if not added and not has_errors(diags):  # e.g. a file written as one [flow, list]
        diags.append(error(CITIES, line, 1, "the new entry did not join the list of cities; "
                                            "is cities.yaml a list of '- name: ...' entries?"))
    return (added[0] if added else None), diags


def _page_slugs(root: Path) -> frozenset[str]:
    return frozenset(p.name.split(".")[0] for p in (root / "content" / "pages").glob("*.md"))


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the file, then rename over it: an interrupted run never leaves half a file."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

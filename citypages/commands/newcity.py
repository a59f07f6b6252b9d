"""`new-city`: add a well-formed entry to cities.yaml, in its state's group, keeping comments and layout: as
text, since a YAML dumper would drop the editor's comments; the whole new file is checked before it replaces the old."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from citypages.base import atomic
from citypages.base.diagnostics import Diagnostic, error, has_errors
from citypages.check import validate
from citypages.lint import advice
from citypages.load import readers
from citypages.model import layout
from citypages.model.site import City, Site
from citypages.places import gazetteer
from citypages.places.slugs import slugify
from citypages.read import entries, load

CITIES = Path("cities.yaml")


@dataclass(frozen=True)
class NewCity:
    name: str
    state: str
    mayor: str
    mayor_title: str | None = None
    slug: str | None = None
    draft: bool = False
    policy_url: str | None = None
    policy_name: str | None = None
    sources: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    last_verified: str | None = None


@dataclass(frozen=True)
class Added:
    """The city as it will be built, where its entry and page are, and what the gazetteer filled in."""

    city: City
    line: int
    url: str
    file: str
    looked_up: str = ""


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
    if new.population is not None:
        lines.append(f"  population: {new.population}")
    policy = (("name", new.policy_name), ("url", new.policy_url))
    if new.policy_name or new.policy_url:
        lines += ["  policy:", *(f"    {key}: {quoted(value)}" for key, value in policy if value)]
    if new.lat is not None and new.lon is not None:
        lines.append(f"  location: {{lat: {new.lat:.4f}, lon: {new.lon:.4f}}}")
    if new.last_verified:
        lines.append(f"  last_verified: {new.last_verified}")
    if new.sources:
        lines += ["  sources:", *(f"    - {quoted(url)}" for url in new.sources)]
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


_HEADING = re.compile(r"# -+ (?P<name>.+?) -+[ \t]*$")


def placed(text: str, new: NewCity, cities: list[City]) -> tuple[str, int]:
    """`text` with the entry in its state's group (by name within it), or a new group where its
    state's name sorts among the `# --- State ---` headings; at the end when the file has none."""
    if entries.split(text.encode()) is None:  # not a plain list of entries in the first column
        return appended(text, new)
    lines = text.removesuffix("\n").split("\n")
    same = [c for c in cities if c.state == new.state and 0 < c.line <= len(lines)]
    if same:
        after = [c for c in same if gazetteer.fold(c.name) > gazetteer.fold(new.name)]
        at = _entry_top(lines, after[0].line - 1) if after else _entry_end(lines, same[-1].line - 1, cities)
        return _insert(lines, at, entry_text(new)), at + 1
    headings = [(i, m.group("name")) for i, line in enumerate(lines) if (m := _HEADING.match(line))]
    name = gazetteer.state_name(new.state) or new.state
    if not headings:
        return appended(text, new)
    width = len(lines[headings[0][0]])
    heading = f"# --- {name} "
    heading += "-" * max(3, width - len(heading))
    later = [i for i, other in headings if gazetteer.fold(other) > gazetteer.fold(name)]
    if later:
        return _insert(lines, later[0], f"{heading}\n{entry_text(new)}\n"), later[0] + 2
    at = len(text.rstrip().split("\n"))  # after the last line that is not blank
    return _insert(lines[:at], at, f"\n{heading}\n{entry_text(new)}"), at + 3


def _entry_top(lines: list[str], first: int) -> int:
    """Where the entry starting on line index `first` begins, its own comments above it included."""
    while first > 0 and lines[first - 1].lstrip().startswith("#") and not _HEADING.match(lines[first - 1]):
        first -= 1
    return first


def _entry_end(lines: list[str], first: int, cities: list[City]) -> int:
    """The line index just after the entry starting at `first`: before the blank lines and comments
    that lead to the next entry or the end of the file."""
    starts = sorted(c.line - 1 for c in cities if c.line - 1 > first)
    end = starts[0] if starts else len(lines)
    while end > first + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _insert(lines: list[str], at: int, block: str) -> str:
    return "\n".join([*lines[:at], *block.removesuffix("\n").split("\n"), *lines[at:]]) + "\n"


def add_city(root: Path, new: NewCity, look_up: bool = True) -> tuple[Added | None, list[Diagnostic]]:
    """Check the new file (site settings, every city, the new slug), then write it; nothing on error.
    With `look_up`, a location and population not given come from the gazetteer."""
    raw_site, diags = load.yaml_file(root / "site.yaml", Path("site.yaml"))
    site, problems = validate.site(raw_site)
    diags += problems
    if site is None:
        return None, diags or [error(Path("site.yaml"), 0, 0, "site.yaml is needed to add a city")]
    path, old = root / CITIES, ""
    if path.exists():
        file, problems = load.read_text(path, CITIES)
        if file is None:
            return None, diags + problems
        old = file.text
    reserved = frozenset(p.name.split(".")[0] for p in readers.page_files(root))
    existing, problems = _cities(old, site, reserved) if old.strip() else ([], [])
    if existing is None or has_errors(problems):  # a file that does not load is refused as it is
        return None, diags + [d for d in problems if d.is_error]
    if (twin := _same_place(existing, new)) is not None:
        message = f"{twin.name}, {twin.state} is already at line {twin.line}; use --slug for a different place"
        return None, [*diags, error(CITIES, twin.line, 1, message)]
    new, looked_up = _looked_up(new, site) if look_up else (new, "")
    text, line = placed(old, new, existing) if existing else appended(old, new)
    city, problems = _check(text, line, site, reserved)
    diags += problems
    if city is None or has_errors(diags):
        return None, diags
    atomic.write_text(path, text)  # an interrupted run never leaves half a cities.yaml
    diags = [d for d in diags if d.is_error] + list(advice.missing_data([city]))  # only what is about this entry
    page = layout.city_path(site, city, site.default_language)
    return Added(city, line, site.url(page), f"output/{page}index.html", looked_up), diags


def _cities(text: str, site: Site, reserved: frozenset[str]) -> tuple[list[City] | None, list[Diagnostic]]:
    """The cities in `text` and what checking them found; None when it does not load."""
    raw, diags = load.yaml_text(text, CITIES)
    if has_errors(diags):
        return None, diags
    cities, problems = validate.cities(raw, site, reserved=reserved)
    return cities, diags + problems


def _same_place(cities: list[City], new: NewCity) -> City | None:
    """An entry with the new city's slug, or its name in its state (unless --slug sets them apart)."""
    slug = new.slug or slugify(new.name, new.state)
    return next((city for city in cities
                 if city.slug == slug or (not new.slug and city.state == new.state
                                          and gazetteer.fold(city.name) == gazetteer.fold(new.name))), None)


def _looked_up(new: NewCity, site: Site) -> tuple[NewCity, str]:
    """`new` with the gazetteer's coordinates and population where none were given, and what was filled."""
    if (new.lat is not None and new.population is not None) or site.country != "US":
        return new, ""
    place = gazetteer.lookup(new.name, new.state)
    if place is None:
        return new, ""
    filled = []
    if new.lat is None or new.lon is None:
        new = dataclasses.replace(new, lat=place.lat, lon=place.lon)
        filled.append(f"location {place.lat:.4f}, {place.lon:.4f}")
    if new.population is None and place.population:
        new = dataclasses.replace(new, population=place.population)
        filled.append(f"population {place.population:,}")
    return new, " and ".join(filled)


def _check(text: str, line: int, site: Site, reserved: frozenset[str]) -> tuple[City | None, list[Diagnostic]]:
    cities, diags = _cities(text, site, reserved)
    if cities is None:
        return None, diags
    added = [c for c in cities if c.line == line]
    if not added and not has_errors(diags):  # e.g. a file written as one [flow, list]
        diags.append(error(CITIES, line, 1, "the new entry did not join the list of cities; "
                                            "is cities.yaml a list of '- name: ...' entries?"))
    return (added[0] if added else None), diags

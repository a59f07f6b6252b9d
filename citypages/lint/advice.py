"""Warnings for what is allowed but probably not meant (see check_warnings). None stops a build;
`check` shows them, and the publishing workflow refuses the sample values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from citypages.base.diagnostics import Diagnostic, error, warning
from citypages.copy.campaign import Campaign
from citypages.copy.values import copy_values
from citypages.model import layout, schema
from citypages.model.site import City, Site
from citypages.read import load, yaml_hints

if TYPE_CHECKING:  # the pipeline hands a SiteInput here
    from citypages.load.inputs import SiteInput

CITIES = Path("cities.yaml")  # one path for every warning: a large site has tens of thousands
SITE = Path("site.yaml")
DEFAULT_STALE_AFTER_DAYS: int = schema.default("site", "stale_after_days")

# What the sample site.yaml ships with: a new organisation must replace each before publishing.
SAMPLE_VALUES = {
    "organization": ("Neighbors Welcome Network", "your organisation's name"),
    "privacy_contact": ("privacy@neighbors-welcome.example.org", "an address of yours that answers privacy requests"),
    "form.id": ("xyzzyabc", "the id of the form you made at your form service"),
}

MISSING_DATA = {
    "policy": "policy: (its name, url and summary: the page says what the city did)",
    "sources": "sources: (the official pages you checked, listed for readers)",
    "location": "location: {lat: ..., lon: ...} (without it the city has no dot on the map)",
    "last_verified": "last_verified: YYYY-MM-DD (without it check never says the entry is out of date)",
}
"""What a published entry's page shows, and what the warning says of each when the entry has none."""


def check_warnings(inp: SiteInput, today: dt.date, deploy: bool = False) -> list[Diagnostic]:
    """What `check` adds to validation: warnings for what is allowed but probably not meant."""
    return list(_check_warnings(inp, today, deploy))


def count_check_warnings(inp: SiteInput, today: dt.date) -> int:
    """How many warnings `check` would give, made one at a time and never held together: a build only
    counts them, and 50,000 generated cities have 75,000 (44 MB in the build process, held all at once)."""
    return sum(1 for _ in _check_warnings(inp, today))


def _check_warnings(inp: SiteInput, today: dt.date, deploy: bool = False) -> Iterator[Diagnostic]:
    yield from stale(inp.cities, today, inp.site.stale_after_days)
    yield from sample_values(inp.root, inp.site, deploy)
    yield from _examples(inp.cities, deploy)
    yield from missing_data(inp.cities)
    yield from curly_quotes(inp.root)
    yield from empty_placeholders(inp.site, inp.campaigns, inp.cities)


def stale(cities: Iterable[City], today: dt.date, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
          ) -> Iterator[Diagnostic]:
    """A warning for each city whose `last_verified` is more than `stale_after_days` before `today`."""
    for city in cities:
        verified = city.last_verified
        if not isinstance(verified, dt.date):
            continue
        age = (today - verified).days
        if age > stale_after_days:
            yield warning(CITIES, city.line, 1, (
                f"{city.name}: last_verified {verified.isoformat()} is {age} days old (more than "
                f"stale_after_days: {stale_after_days} in site.yaml); check the mayor and the policy "
                "against the sources, then update the date"))


def _examples(cities: Iterable[City], deploy: bool) -> Iterator[Diagnostic]:
    """The example entries of a new site (`example: true`): a warning each, an error before publishing."""
    say = error if deploy else warning
    for city in cities:
        if city.example:
            yield say(CITIES, city.line, 1, f"{city.name} is an example entry, not one of your cities: "
                                                         "replace it with a city you checked, or delete it")


def missing_data(cities: Iterable[City]) -> Iterator[Diagnostic]:
    """One warning per published entry lacking what its page shows: policy, sources, map dot, check date."""
    for city in cities:
        if city.draft:
            continue
        missing = [why for key, why in MISSING_DATA.items() if not getattr(city, key)]
        if missing:
            yield warning(CITIES, city.line, 1, f"{city.name}: the entry has no " + "; no ".join(missing))


def curly_quotes(root: Path) -> list[Diagnostic]:
    """Curly-quoted keys and values in site.yaml, cities.yaml and the front matter of content/'s Markdown."""
    out: list[Diagnostic] = []
    for shown in [SITE, CITIES, *sorted(p.relative_to(root) for p in (root / "content").rglob("*.md"))]:
        if not _has_curly(root / shown):  # the usual case: a large cities.yaml is not made text for nothing
            continue
        file, _ = load.read_text(root / shown, shown)
        if file is None:
            continue
        if shown.suffix == ".md":
            md = load.split_front_matter(file)
            if md.front_matter is not None:
                out += yaml_hints.curly_quote_warnings(md.front_matter, shown, md.front_matter_line - 1)
        else:
            out += yaml_hints.curly_quote_warnings(file.text, shown)
    return out


_CURLY_BYTES = tuple(q.encode() for q in yaml_hints.CURLY)


def _has_curly(path: Path) -> bool:
    """Whether the file's bytes hold a curly quote at all (missing or unreadable: read_text finds no text)."""
    try:
        data = path.read_bytes()
    except OSError:
        return True
    return any(q in data for q in _CURLY_BYTES)


def sample_values(root: Path, site: Site, deploy: bool = False) -> list[Diagnostic]:
    """The sample site's own values still in site.yaml: a warning, or with `deploy` an error."""
    raw_site, _ = load.yaml_file(root / SITE, SITE)
    found = {"organization": site.organization, "privacy_contact": site.privacy_contact,
             "form.id": str(site.form.options.get("id", ""))}
    make = error if deploy else warning
    when = "it cannot be published like this" if deploy else "change it before the first deploy"
    return [make(SITE, *_key_position(raw_site, key), f"{key} is still the sample site's '{sample}'; put {wanted} "
                 f"here ({when}; see docs/getting-started.md)")
            for key, (sample, wanted) in SAMPLE_VALUES.items() if found[key] == sample]


def _key_position(node: load.Raw | None, dotted: str) -> tuple[int, int]:
    pos = (0, 0)
    for part in dotted.split("."):
        if node is None or not isinstance(node.value, dict) or part not in node.value:
            return pos
        pos = node.key_pos[part]
        node = node.value[part]
    return pos


SHOWN_NAMES = 5
"""Cities named in one warning; the rest are counted."""


def empty_placeholders(site: Site, campaigns: dict[tuple[str, str], Campaign],
                       cities: Iterable[City]) -> list[Diagnostic]:
    """One warning per placeholder outside every `::: if` block (file and line) whose field is empty for
    some published city: "On , Ithaca adopted the ." is a sentence nobody checked."""
    published = [c for c in cities if not c.draft]
    out: list[Diagnostic] = []
    seen: set[int] = set()
    for (slug, lang), campaign in sorted(campaigns.items()):
        if id(campaign) in seen:  # a missing translation reuses the default language's copy
            continue
        seen.add(id(campaign))
        slots = [s for text in [*campaign.texts.values(), campaign.body] for s in text.unguarded()]
        if not slots:
            continue
        users = [c for c in published if c.campaign == slug and lang in layout.city_languages(site, c)]
        empty: dict[tuple[int, str], list[str]] = {(s.line, s.field): [] for s in slots if s.field != "city.url"}
        for city in users:  # one city's values at a time: all of a large site's at once took 40 MB
            values = copy_values(site, city, "")
            for (_line, name), names in empty.items():
                if not values.get(name):
                    names.append(city.name)
        out += [warning(campaign.path, line, 1, _message(name, names, len(users)))
                for (line, name), names in empty.items() if names]
    return out


def _message(field: str, empty: list[str], of: int) -> str:
    more = len(empty) - SHOWN_NAMES
    names = ", ".join(empty[:SHOWN_NAMES]) + (f" and {more:,} more" if more > 0 else "")
    return (f"'{{{{ {field} }}}}' is empty for {len(empty):,} of the {of:,} cities using this copy ({names}); "
            f"fill it in cities.yaml, or put the sentence between the lines '::: if {field}' and ':::'")

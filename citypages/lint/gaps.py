"""Placeholders that some cities leave empty: "On , Ithaca adopted the ." is a sentence nobody checked.

A placeholder outside every `::: if` block is shown to every city that uses the campaign;
when its field is empty for some of them, `check` warns at the placeholder's line and
names those cities, so the editor either fills the field in cities.yaml or puts the
sentence in a `::: if FIELD` block (docs/editing.md, "Placeholders").
"""

from __future__ import annotations

from collections.abc import Iterable

from citypages.base.diagnostics import Diagnostic, warning
from citypages.copy.campaign import Campaign
from citypages.copy.values import copy_values
from citypages.model import layout
from citypages.model.site import City, Site

SHOWN_NAMES = 5
"""Cities named in one warning; the rest are counted."""


def empty_placeholders(site: Site, campaigns: dict[tuple[str, str], Campaign],
                       cities: Iterable[City]) -> list[Diagnostic]:
    """One warning per placeholder (file and line) whose field is empty for some published city."""
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
        wanted = list(dict.fromkeys((s.line, s.field) for s in slots if s.field != "city.url"))
        empty: dict[tuple[int, str], list[str]] = {w: [] for w in wanted}
        for city in users:  # one city's values at a time: all of a large site's at once took 40 MB
            values = copy_values(site, city, "")
            for line, name in wanted:
                if not values.get(name):
                    empty[(line, name)].append(city.name)
        for line, name in wanted:
            if empty[(line, name)]:
                out.append(warning(campaign.path, line, 1, _message(name, empty[(line, name)], len(users))))
    return out


def _message(field: str, empty: list[str], of: int) -> str:
    names = ", ".join(empty[:SHOWN_NAMES]) + (f" and {len(empty) - SHOWN_NAMES:,} more" if len(empty) > SHOWN_NAMES
                                                else "")
    return (f"'{{{{ {field} }}}}' is empty for {len(empty):,} of the {of:,} cities using this copy ({names}); "
            f"fill it in cities.yaml, or put the sentence between the lines '::: if {field}' and ':::'")

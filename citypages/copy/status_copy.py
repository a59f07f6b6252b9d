"""A city's `status` picks the words: headline, description and share text per status.

For status S: the campaign's `status_text: {S: {...}}` (with `{{ a.b }}` placeholders), else the
theme's `status_<s>_<field>` (with `{city}`, `{title}`, `{name}`), else the campaign's own texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from citypages.base.diagnostics import Diagnostic
from citypages.copy import placeholders
from citypages.copy.placeholders import Filled, Names
from citypages.read.load import Raw

STATUSES = ("sanctuary", "welcoming", "limited-cooperation")
FIELDS = ("title", "description", "share")

StatusText = Mapping[str, Mapping[str, Filled]]
THEME_WORDS = {"city": "city.name", "title": "mayor.title", "name": "mayor.name"}
"""What a theme string's {city}, {title} and {name} stand for."""


def theme_key(status: str, field: str) -> str:
    """`theme_key("limited-cooperation", "title")` -> "status_limited_cooperation_title"."""
    return f"status_{status.replace('-', '_')}_{field}"


THEME_KEYS = tuple(theme_key(s, f) for s in STATUSES for f in FIELDS)
"""The theme strings this module reads; each may use {city}, {title} and {name}."""


def read(front_matter: Mapping[str, Raw], path: Path, names: Names) -> tuple[StatusText, list[Diagnostic]]:
    """The campaign's `status_text` (already schema-checked) as {status: {field: text with placeholders}}."""
    out: dict[str, dict[str, Filled]] = {}
    diags: list[Diagnostic] = []
    section = front_matter["status_text"].value if "status_text" in front_matter else {}
    for status, texts in section.items():
        filled, problems = placeholders.front_matter_texts(texts.value, texts.value, path, names)
        diags += problems
        if filled:
            out[status] = filled
    return out, diags


def apply(copy: dict[str, str], status: str | None, campaign_texts: StatusText,
          strings: Mapping[str, str], values: Mapping[str, str]) -> dict[str, str]:
    """The city's copy (plain texts) with its status's texts in place of the campaign's general ones."""
    if status not in STATUSES:
        return copy
    out = dict(copy)
    for field in FIELDS:
        own = campaign_texts.get(status, {}).get(field)
        default = strings.get(theme_key(status, field))
        if own is not None:
            out[field] = own.text(values).strip()
        elif default:
            out[field] = re.sub(r"\{(city|title|name)\}", lambda word: values.get(THEME_WORDS[word[1]], ""), default)
    return out

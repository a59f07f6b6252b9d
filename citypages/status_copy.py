"""A city's `status` picks the words: headline, description and share text per status.

Order for a city of status S: the campaign's `status_text: {S: {...}}`, else the theme's
default for S (theme/i18n/<lang>.yaml, keys `status_<s>_<field>`), else the campaign's own
`title`/`description`/`share`. A city without a status (or `none`) gets the campaign's texts.
Campaign texts use `{{ a.b }}` placeholders like the rest of the copy; theme defaults use
`{city}`, `{title}` and `{name}` like every theme string.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from citypages import schema
from citypages.diagnostics import Diagnostic, error
from citypages.load import Raw

STATUSES = ("sanctuary", "welcoming", "limited-cooperation")
FIELDS = ("title", "description", "share")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}")

StatusText = Mapping[str, Mapping[str, str]]


def theme_key(status: str, field: str) -> str:
    """`theme_key("limited-cooperation", "title")` -> "status_limited_cooperation_title"."""
    return f"status_{status.replace('-', '_')}_{field}"


THEME_KEYS = tuple(theme_key(s, f) for s in STATUSES for f in FIELDS)
"""The theme strings this module reads; each may use {city}, {title} and {name}."""


def read(front_matter: Raw, names: dict[str, Any]) -> tuple[dict[str, dict[str, str]], list[Diagnostic]]:
    """The campaign's `status_text` (already schema-checked) as {status: {field: text}}.

    A placeholder naming no field is an error at its line, with did-you-mean.
    """
    section = front_matter.value.get("status_text") if isinstance(front_matter.value, dict) else None
    if section is None:
        return {}, []
    out: dict[str, dict[str, str]] = {}
    diags: list[Diagnostic] = []
    leaves = sorted(_leaves(names))
    for status, texts in section.value.items():
        for field, raw in texts.value.items():
            text = schema.as_text(raw)
            for m in PLACEHOLDER.finditer(text):
                if m[1] not in leaves:
                    hint = difflib.get_close_matches(m[1], leaves, n=1, cutoff=0.6)
                    advice = f"did you mean '{{{{ {hint[0]} }}}}'?" if hint else f"use one of: {', '.join(leaves)}"
                    diags.append(error(raw.path, raw.line, raw.col,
                                       f"status_text.{status}.{field}: placeholder '{m[0]}' names no field ({advice})"))
            out.setdefault(status, {})[field] = text
    return out, diags


def _leaves(tree: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, sub in tree.items():
        name = f"{prefix}{key}"
        out |= _leaves(sub, name + ".") if isinstance(sub, dict) else {name}
    return out


def flat_values(context: Mapping[str, Any]) -> dict[str, str]:
    """A copy context ({"city": {...}, "mayor": {...}}) as {"city.name": "...", ...}; None is empty."""
    out: dict[str, str] = {}

    def walk(value: Any, name: str) -> None:
        if isinstance(value, Mapping):
            for key, sub in value.items():
                walk(sub, f"{name}.{key}" if name else str(key))
        else:
            out[name] = "" if value is None else str(value)

    walk(context, "")
    return out


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace each `{{ a.b }}` with its plain value (checked by `read`, so every name is known)."""
    return PLACEHOLDER.sub(lambda m: values.get(m[1], ""), text)


def fill_theme(text: str, values: Mapping[str, str]) -> str:
    """Theme strings name {city}, {title} and {name} (the mayor's title and name)."""
    words = {"city": values.get("city.name", ""), "title": values.get("mayor.title", ""),
             "name": values.get("mayor.name", "")}
    return re.sub(r"\{(city|title|name)\}", lambda m: words[m[1]], text)


def apply(copy: dict[str, Markup], status: str | None, campaign_texts: StatusText,
          strings: Mapping[str, str], context: Mapping[str, Any]) -> dict[str, Markup]:
    """The city's copy with its status's texts in place of the campaign's general ones."""
    if status not in STATUSES:
        return copy
    values = flat_values(context)
    out = dict(copy)
    for field in FIELDS:
        own = campaign_texts.get(status, {}).get(field)
        default = strings.get(theme_key(status, field))
        if own is not None:
            out[field] = Markup.escape(fill(own, values))
        elif default:
            out[field] = Markup.escape(fill_theme(default, values))
    return out

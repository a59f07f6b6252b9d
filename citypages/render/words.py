"""Small, plain-text helpers the theme uses to put words in the right form for each context.

Copy texts arrive as plain text, some other values as Markup. Where a value leaves HTML
(a URL query, JSON, a mail subject), the theme asks for `plain` text first and escapes it
for that context only, so "d'Alene" never becomes "d&#39;Alene" in a share text.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from citypages.places import languages, postal
from citypages.render import checked


def plain(value: Any) -> str:
    """The text a reader sees: Markup unescaped, anything else as str (None is empty)."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value.unescape()
    return str(value)


FILTERS = {"plain": plain, "postal_field": postal.field_for, "language_name": languages.own_name,
           "direction": languages.direction, "language_segment": languages.segment,
           "date_text": checked.date_text, "correction_url": checked.correction_url}
"""Jinja filters the theme environment gets from this module."""

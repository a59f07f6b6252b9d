"""Which of a language's plural forms a count takes, by CLDR's rules (through Babel).

A counted text is one key per form: `signatures_count` is the "other" form (the fallback),
`signatures_count_one`, `_few`, ... the forms a language has; the i18n check names each lacking form.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from babel import Locale, UnknownLocaleError

LANGUAGE = "plural_language"
"""The key of a language's UI strings that names its language (render.templates.Theme sets it)."""


@functools.cache
def _rule(lang: str) -> Locale:
    try:
        return Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):  # a language CLDR does not know counts like English
        return Locale("en")


def forms(lang: str) -> tuple[str, ...]:
    """The forms besides "other" that `lang` distinguishes, e.g. ("few", "many", "one") for Polish."""
    return tuple(sorted(_rule(lang).plural_form.tags))


def key(strings: Mapping[str, str], base: str, count: int) -> str:
    """The key of the text for `count` in the strings' language: `base` or `base_<form>`."""
    form = _rule(strings.get(LANGUAGE, "en")).plural_form(count)
    return f"{base}_{form}" if form != "other" and f"{base}_{form}" in strings else base

"""Checks on the theme's language files and on which languages copy is written in.

A `{placeholder}` a string may not use would show literally on the page: an error. A language file
still in English, a misnamed one (sp.yaml, about.es_MX.md), or copy in a language site.yaml does not
list are warnings; a theme file for another real language is fine (a theme may speak more).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from citypages.base.diagnostics import Diagnostic, error, warning
from citypages.copy import status_copy
from citypages.places import languages, plurals
from citypages.read import load

PLURALS: dict[str, frozenset[str]] = {
    "signatures_count": frozenset({"count", "title", "name"}), "signatures_total": frozenset({"count", "cities"}),
    "badge_count": frozenset({"count", "title", "name"}),
}
"""The counted texts (citypages/responses/tally.py): one key per plural form, see places/plurals.py."""

PLACEHOLDERS: dict[str, frozenset[str]] = {
    "your_message": frozenset({"title", "name"}),
    "form_privacy": frozenset({"provider"}),
    "form_leaves_site": frozenset({"provider"}),
    "back_to_city": frozenset({"city"}),
    "policy_since": frozenset({"since"}),
    "state_heading": frozenset({"state"}),
    "date_format": frozenset({"day", "month", "year"}),
    # signatures (citypages/responses/tally.py, deliver.py)
    **{f"{key}{form}": names for key, names in PLURALS.items()
       for form in ("", "_zero", "_one", "_two", "_few", "_many")},
    "signatures_none": frozenset({"title", "name"}),
    "badge_alt": frozenset({"title", "name"}),
    "signatures_closed": frozenset({"date"}),
    "signatures_goal": frozenset({"count", "goal", "percent"}),
    "letter_to": frozenset({"mayor", "city"}),
    "letter_summary": frozenset({"count", "first", "last"}),
    "letter_summary_one": frozenset({"count", "first"}),
    "letter_page": frozenset({"page", "pages"}),
    # the second action and the ZIP lookup (citypages/second_action.py, theme/static/zip.js)
    "action_call_heading": frozenset({"title", "name"}),
    "action_call_link": frozenset({"phone"}),
    "action_email_heading": frozenset({"title", "name"}),
    "action_email_link": frozenset({"email"}),
    "zip_miles": frozenset({"miles"}),
    "zip_unknown": frozenset({"zip"}),
    "zip_found": frozenset({"zip"}),
    "zip_going": frozenset({"city"}),
    **{key: frozenset({"city", "title", "name"}) for key in status_copy.THEME_KEYS},
}
"""What each theme string may name; a key not listed here may name nothing (a counted text: each of its forms)."""

SAME_IN_EVERY_LANGUAGE = frozenset({"share_whatsapp", "share_x", "share_facebook", "state_heading"})
COPY_SHARE = 0.8
"""A translation whose texts are this share (or more) of the English ones word for word is 'a copy'."""

_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


def theme_files(root: Path, site_languages: tuple[str, ...]) -> list[Diagnostic]:
    """Every problem of theme/i18n/*.yaml for a site in `site_languages` (first is the default)."""
    folder = root / "theme" / "i18n"
    diags: list[Diagnostic] = []
    texts: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = Path("theme/i18n") / path.name
        lang = path.stem
        if lang not in site_languages:  # the theme may speak more languages than this site
            if not languages.is_tag(lang) or _close(lang, site_languages):  # not a tag, or a near miss of one
                diags.append(_unused_file(shown, lang, site_languages))
            continue
        raw, problems = load.yaml_file(path, shown)
        if problems or raw is None or not isinstance(raw.value, dict):
            continue  # the loader reports those
        strings = {key: value for key, value in raw.value.items() if isinstance(value.value, str)}
        texts[lang] = {key: value.value for key, value in strings.items()}
        for key, value in strings.items():
            diags += _placeholder_errors(shown, key, value.value, value.line, value.col)
    for lang, strings in texts.items():
        diags += _lacking_forms(Path("theme/i18n") / f"{lang}.yaml", lang, strings)
    base = site_languages[0]
    for lang, strings in texts.items():
        if lang != base and base in texts:
            diags += _copy_of_base(Path("theme/i18n") / f"{lang}.yaml", strings, texts[base], base)
    return diags


def copy_files(root: Path, site_languages: tuple[str, ...]) -> list[Diagnostic]:
    """content/campaigns/<slug>.<lang>.md and content/pages/<slug>.<lang>.md in no language of the site."""
    diags: list[Diagnostic] = []
    for folder in ("campaigns", "pages"):
        for path in sorted((root / "content" / folder).glob("*.*.md")):
            lang = path.stem.partition(".")[2]
            if lang not in site_languages:
                diags.append(_unused_file(Path("content") / folder / path.name, lang, site_languages))
    return diags


def _close(lang: str, tags: tuple[str, ...]) -> list[str]:
    """Site languages `lang` looks like a misspelling of: es_MX ~ es-MX, ES ~ es, sp ~ es."""
    same = [tag for tag in tags if tag.casefold() == lang.replace("_", "-").casefold()]
    if same or languages.own_name(lang) != lang:  # a real language (fr) is no misspelling of es
        return same
    return difflib.get_close_matches(lang, tags, n=1, cutoff=0.5)


def _unused_file(shown: Path, lang: str, site_languages: tuple[str, ...]) -> Diagnostic:
    hint = _close(lang, site_languages)
    if hint:
        fixed = shown.name.replace(f"{lang}.", f"{hint[-1]}.", 1) if shown.suffix == ".md" else f"{hint[-1]}.yaml"
        return warning(shown, 0, 0, f"'{lang}' is not one of site.yaml's languages, so this file is not used "
                                    f"(did you mean {fixed}?)")
    if not languages.is_tag(lang):
        return warning(shown, 0, 0, f"'{lang}' is not a language tag (such as es or pt-BR), so this file is not "
                                    "used; name it after one of site.yaml's languages")
    return warning(shown, 0, 0, f"'{lang}' is not one of site.yaml's languages {list(site_languages)}, so this "
                                "file is not used; add the language to site.yaml or remove the file")


def _placeholder_errors(shown: Path, key: str, text: str, line: int, col: int) -> list[Diagnostic]:
    allowed = PLACEHOLDERS.get(key, frozenset())
    out = []
    for m in _PLACEHOLDER.finditer(text):
        if m[1] in allowed:
            continue
        hint = difflib.get_close_matches(m[1], sorted(allowed), n=1, cutoff=0.3)
        if hint:
            advice = f"did you mean '{{{hint[0]}}}'?"
        elif allowed:
            advice = "it may use " + ", ".join(f"{{{a}}}" for a in sorted(allowed))
        else:
            advice = "this text takes no placeholders"
        out.append(error(shown, line, col, f"{key}: '{m[0]}' would show as it is on the page ({advice})"))
    return out


def _lacking_forms(shown: Path, lang: str, strings: dict[str, str]) -> list[Diagnostic]:
    """A plural form the language counts by (CLDR) that its file gives no text for: the count would read wrong."""
    out = []
    for key in PLURALS:
        for form in plurals.forms(lang):
            if f"{key}_{form}" not in strings:
                example = next((n for n in (*range(200), 1000, 10**6)
                                if plurals.key({plurals.LANGUAGE: lang, f"{key}_{form}": ""}, key, n) != key), 1)
                out.append(warning(shown, 0, 0, f"no '{key}_{form}': {lang} counts {example} in its '{form}' form, "
                                                f"which would read as '{key}' does; add {key}_{form}"))
    return out


def _copy_of_base(shown: Path, strings: dict[str, str], base: dict[str, str], base_lang: str) -> list[Diagnostic]:
    keys = [k for k in base if k in strings and k not in SAME_IN_EVERY_LANGUAGE]
    same = [k for k in keys if strings[k] == base[k]]
    if keys and len(same) >= COPY_SHARE * len(keys):
        return [warning(shown, 0, 0, f"{len(same)} of its {len(keys)} texts are the same as in {base_lang}.yaml: "
                                     "it looks like a copy waiting to be translated")]
    return []

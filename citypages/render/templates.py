"""The theme's templates: their Jinja environment, its filters, and the check that every one compiles
before anything is written (apart from render.py, so that reading the theme never calls into rendering).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from markupsafe import Markup

from citypages.base.diagnostics import Diagnostic, error
from citypages.places import languages, plurals, postal
from citypages.render import usmap

REQUIRED_TEMPLATES = ("city.html", "thanks.html", "badge.svg", "index.html", "404.html", "page.html", "sitemap.xml",
                      "robots.txt")


@dataclass(frozen=True)
class Theme:
    """The loaded theme: its Jinja environment and UI strings per language."""

    env: jinja2.Environment
    strings: dict[str, dict[str, str]] = field(default_factory=dict)
    outlines: usmap.Outlines | None = None  # the index page's map; None draws no map

    def __post_init__(self) -> None:
        for lang, texts in self.strings.items():  # a count's words follow its language's plural rules
            texts[plurals.LANGUAGE] = lang


def environment(templates_dir: Path) -> jinja2.Environment:
    """Autoescaped and strict: a value from the data is always text, a misspelt variable an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # compiled templates kept in the temp folder: compiling costs more than building a small site
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters.update(footnotes=footnotes, plain=plain, postal_field=postal.field_for, date_text=date_text,
                       correction_url=correction_url, language_name=languages.own_name,
                       direction=languages.direction, language_segment=languages.segment)
    return env


def plain(value: Any) -> str:
    """The text a reader sees (Markup unescaped, None empty), for the theme to escape where a value leaves
    HTML (a URL query, JSON, a mail subject): "d'Alene" never becomes "d&#39;Alene" in a share text."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value.unescape()
    return str(value)


def date_text(day: dt.date | int, strings: Mapping[str, str]) -> str:
    """`date_text(date(2025, 6, 1), en)` -> "June 1, 2025", from the page's strings (`date_months`, twelve
    names, and `date_format`): no locale database. A bare year stays a year."""
    if isinstance(day, int):
        return str(day)
    months = strings.get("date_months", "").split()
    if len(months) != 12 or "date_format" not in strings:
        return day.isoformat()
    return strings["date_format"].format(day=day.day, month=months[day.month - 1], year=day.year)


def correction_url(repository: str | None, title: str, page_url: str) -> str | None:
    """The repository's issue form .github/ISSUE_TEMPLATE/correction.yml, prefilled with the page (a city page's
    "Report a correction" link); None when site.yaml names no repository."""
    if not repository:
        return None
    query = urlencode({"template": "correction.yml", "title": f"Correction: {title}", "page": page_url})
    return f"https://github.com/{repository}/issues/new?{query}"


_FOOTNOTE_REF = re.compile(r'(<a class="footnote-ref" href="#(?:copy-)?fn-[^"]*"[^>]*>)([^<]*)</a>')
_FOOTNOTE_BACK = re.compile(r'<a class="footnote-backref" href="(#(?:copy-)?fnref-[^"]*)"[^>]*>[^<]*</a>')
_FOOTNOTE_RULE = re.compile(r'<div class="footnote">\s*<hr>')


def footnotes(html: Markup, label: str, back: str, heading: str) -> Markup:
    """Make Markdown footnotes speak: a superscript "1" is read as "Note 1", the back link as words,
    and the notes get a heading instead of a bare rule. Works on sanitised HTML only."""
    if 'class="footnote' not in html:
        return html
    label, back, heading = (str(Markup.escape(x)) for x in (label, back, heading))
    out = _FOOTNOTE_REF.sub(lambda m: f'{m[1]}<span class="visually-hidden">{label} </span>{m[2]}</a>', html)
    out = _FOOTNOTE_BACK.sub(lambda m: f'<a class="footnote-backref" href="{m[1]}"><span aria-hidden="true">↩</span>'
                                       f'<span class="visually-hidden">{back}</span></a>', out)
    out = _FOOTNOTE_RULE.sub(f'<div class="footnote"><h2 class="footnotes-heading">{heading}</h2>', out, count=1)
    return Markup(out)


def check(env: jinja2.Environment, shown_dir: Path) -> list[Diagnostic]:
    """Compile every template now, so a syntax error stops the build before anything is written."""
    names = set(env.list_templates())
    diags = [error(shown_dir / name, 0, 0, "template not found; the theme needs it (restore it from git)")
             for name in REQUIRED_TEMPLATES if name not in names]
    for name in sorted(names):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            diags.append(error(shown_dir / name, exc.lineno or 0, 1, f"template syntax error: {exc.message}"))
        except jinja2.TemplateNotFound as exc:
            diags.append(error(shown_dir / name, 0, 0, f"includes a template that does not exist: {exc.name}"))
    return diags

"""The theme's templates: the Jinja environment they run in, its filters, and the check
that every one compiles before anything is written.

Kept apart from render.py so that reading the theme (readers.py) never calls into rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from citypages.base.diagnostics import Diagnostic, error
from citypages.places import plurals
from citypages.render import usmap, words

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
        # compiled templates are kept (by source checksum) in the user's temp folder: a rebuild
        # skips compiling them again, which costs more than building a small site
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.filters["footnotes"] = footnotes
    env.filters.update(words.FILTERS)
    return env


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
    diags = []
    names = set(env.list_templates())
    for name in REQUIRED_TEMPLATES:
        if name not in names:
            diags.append(error(shown_dir / name, 0, 0, "template not found; the theme needs it (restore it from git)"))
    for name in sorted(names):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            diags.append(error(shown_dir / name, exc.lineno or 0, 1, f"template syntax error: {exc.message}"))
        except jinja2.TemplateNotFound as exc:
            diags.append(error(shown_dir / name, 0, 0, f"includes a template that does not exist: {exc.name}"))
    return diags

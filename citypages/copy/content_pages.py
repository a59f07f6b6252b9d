"""Plain pages (about, privacy): their copy compiled once, then filled with the site's facts.

The form services' facts (`{{ form.hosts }}`, ...) come from their adapters, so the privacy page says
what each service receives without anyone writing it by hand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from citypages import forms
from citypages.base.diagnostics import Diagnostic, warning
from citypages.copy import titles
from citypages.copy.campaign import body_html
from citypages.copy.placeholders import Filled, Names, front_matter_texts
from citypages.copy.values import as_text
from citypages.model.site import City, Site
from citypages.read.load import MarkdownFile, Raw

SITE_FACTS = ("title", "organization", "privacy_contact")
"""What a page may name of site.yaml as `site.<name>`."""


@dataclass(frozen=True)
class PageCopy:
    """A page compiled once: its texts with placeholders still to fill."""

    slug: str
    language: str
    title: Filled
    description: Filled
    body: Filled
    text_language: str | None = None  # set when the text is a fallback in another language


def values(site: Site, cities: Iterable[City] = ()) -> dict[str, str]:
    """Every `site.*` and `form.*` value a page may show, those of cities with a `form:` of their own included."""
    settings = [site.form, *(c.form for c in cities if c.form is not None)]
    facts = forms.privacy_facts(forms.adapter(s) for s in settings)
    facts["hosts"] = ", ".join(dict.fromkeys(forms.destination(s) for s in settings))
    return {**{f"site.{k}": getattr(site, k) for k in SITE_FACTS},
            **{f"form.{k}": as_text(v) for k, v in facts.items()}}


def names(site: Site) -> Names:
    """The placeholders a page may use: those `values` fills (the same names whichever services)."""
    tree: dict[str, dict[str, None]] = {}
    for key in values(site):
        group, _, name = key.partition(".")
        tree.setdefault(group, {})[name] = None
    return tree


def compile_pages(site: Site, sources: Iterable[PageSource]) -> tuple[list[PageCopy], list[Diagnostic]]:
    """Render each page's Markdown once and check its placeholders; a language without its own
    translation of a page gets the default language's, with a warning."""
    allowed = names(site)
    diags: list[Diagnostic] = []
    out: list[PageCopy] = []
    for source in sources:
        md = source.file
        body, problems = body_html(md.body, md.path, md.body_line, allowed)
        diags += problems
        texts, problems = front_matter_texts(source.front_matter, ("title", "description"), md.path, allowed)
        diags += problems
        if body is None or problems:
            continue
        out.append(PageCopy(source.slug, source.language, texts.get("title", Filled(())),
                            texts.get("description", Filled(())), body))
    return out + _missing_translations(site, out, diags), diags


def fill(site: Site, copies: Iterable[PageCopy], facts: dict[str, str]) -> list[ContentPage]:
    """Each page filled for the theme's page.html, `site.title` in the language its text is written in."""
    out = []
    for c in copies:
        shown = {**facts, "site.title": titles.site_in_language(site, c.text_language or c.language).title}
        out.append(ContentPage(c.slug, c.language, c.title.text(shown), c.description.text(shown),
                               Markup(c.body.html(shown)), c.text_language))
    return out


def _missing_translations(site: Site, pages: list[PageCopy], diags: list[Diagnostic]) -> list[PageCopy]:
    """A page not translated yet is served in the default language at /<lang>/<slug>/, with a warning,
    so every language's footer links resolve."""
    have = {(p.slug, p.language) for p in pages}
    out: list[PageCopy] = []
    for page in pages:
        for lang in site.languages[1:]:
            if page.language == site.default_language and (page.slug, lang) not in have:
                shown = Path("content/pages") / f"{page.slug}.{lang}.md"
                diags.append(warning(shown, 0, 0, f"no '{lang}' translation of page '{page.slug}'; "
                                                  f"the {site.default_language} text is used"))
                out.append(dataclasses.replace(page, language=lang, text_language=page.language))
    return out


@dataclass(frozen=True)
class ContentPage:
    """A plain page from content/pages/ (about, privacy) in one language, rendered once."""

    slug: str
    language: str
    title: str
    description: str
    body: Markup
    text_language: str | None = None  # set when the text is a fallback in another language


@dataclass(frozen=True)
class PageSource:
    """One file of content/pages/ as read: its slug, language, front matter (with a title) and body."""

    slug: str
    language: str
    file: MarkdownFile
    front_matter: dict[str, Raw]

"""Campaign copy: front matter + Markdown -> a Campaign whose Markdown is rendered once (see placeholders.py)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markupsafe import Markup

from citypages.base.diagnostics import Diagnostic, error, has_errors
from citypages.copy import placeholders, sanitize, second_action, slots, status_copy
from citypages.copy.placeholders import Filled, Names, front_matter_texts
from citypages.model import schema
from citypages.read.load import MarkdownFile, yaml_text

MARKDOWN_EXTENSIONS = ["footnotes", "tables", "sane_lists", "attr_list", "toc"]
MARKDOWN_CONFIG = {
    "footnotes": {"BACKLINK_TITLE": "Back to the text of footnote %d", "SEPARATOR": "-"},
    "toc": {"permalink": False},
}

TEXT_FIELDS = ("title", "description", "petition", "button", "thanks", "share")

MAX_COPY_BYTES = 256 * 1024
"""Largest body of copy in one file: a campaign is a page of text, not a book."""


@dataclass(frozen=True)
class Campaign:
    """One campaign in one language, ready to be filled in per city."""

    slug: str
    language: str
    path: Path
    texts: dict[str, Filled]
    body: Filled
    zip_required: bool = schema.default("campaign", "zip_required")
    goal: int | None = None  # signatures: how many each city aims for, and the last day to sign
    closes: dt.date | None = None
    status_text: status_copy.StatusText = field(default_factory=dict)  # see status_copy.py
    action_texts: dict[str, Filled] = field(default_factory=dict)  # second_action.py: call script, email

    def render(self, values: Mapping[str, str]) -> dict[str, str]:
        """Fill the placeholders for one city: every front matter text (plain text) plus the body (HTML)."""
        out = dict.fromkeys(TEXT_FIELDS, "")  # optional texts left out are empty, so the theme's defaults apply
        out.update({name: t.text(values).strip() for name, t in self.texts.items()})
        out["body"] = Markup(self.body.html(values))
        return out


def parse(file: MarkdownFile, slug: str, language: str,
          names: Names = placeholders.CAMPAIGN_FIELDS) -> tuple[Campaign | None, list[Diagnostic]]:
    """Check and compile one campaign file. `names` is the tree of placeholders allowed."""
    if file.front_matter is None:
        return None, [error(file.path, 1, 1, "a campaign file starts with front matter between '---' lines "
                                             "(title, description, petition, button, thanks, share)")]
    raw, diags = yaml_text(file.front_matter, file.path, line_offset=file.front_matter_line - 1)
    if diags:
        return None, diags
    if raw is None:
        return None, [error(file.path, 2, 1, "the front matter is empty; it needs title, description and petition")]
    diags = schema.check(raw, schema.load("campaign"))
    if diags:
        return None, diags
    front = raw.value
    texts, diags = front_matter_texts(front, TEXT_FIELDS, file.path, names)
    action_texts, problems = front_matter_texts(front, second_action.FRONT_MATTER_KEYS, file.path, names)
    diags += problems
    body, problems = body_html(file.body, file.path, file.body_line, names)
    diags += problems
    status_text, problems = status_copy.read(front, file.path, names)
    diags += problems
    if has_errors(diags) or body is None:
        return None, diags
    zip_required = schema.setting(front, schema.load("campaign"), "zip_required")
    goal = front["goal"].value if "goal" in front else None
    closes = front["closes"].value if "closes" in front else None
    if closes is not None and not isinstance(closes, dt.date):
        closes = dt.date.fromisoformat(str(closes))
    return Campaign(slug, language, file.path, texts, body, zip_required, goal, closes, status_text,
                    action_texts), diags


def body_html(source: str, path: Path, first_line: int, names: Names) -> tuple[Filled | None, list[Diagnostic]]:
    """Markdown body -> sanitised HTML in pieces, with a warning for each thing the sanitiser removed."""
    size = len(source.encode("utf-8", "surrogatepass"))
    if size > MAX_COPY_BYTES:
        return None, [error(path, first_line, 1, f"the text is {size:,} bytes long; at most {MAX_COPY_BYTES:,} "
                                                 "are allowed in one file (split it into pages)")]
    deep = placeholders.complexity_problem(source)
    if deep is not None:
        offset, message = deep
        return None, [error(path, *placeholders.position(source, offset, first_line), message)]
    scanned, diags = placeholders.scan(source, path, first_line, 1, names, blocks=True)
    if scanned is None:
        return None, diags
    unsafe = _converter().reset().convert(scanned.text)
    warnings = sanitize.removals(unsafe, source, path, first_line)
    filled, diags = slots.html(sanitize.clean(unsafe), scanned, path)
    return filled, warnings + diags


@functools.cache
def _converter() -> markdown.Markdown:
    """One Markdown instance per process: setting up its extensions costs more than converting a page."""
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG, output_format="html")

"""Campaign copy: front matter + Markdown -> a Campaign whose Markdown is rendered once.

The body's Markdown is turned into HTML a single time per campaign and language; what
is left per city is filling placeholders such as {{ city.name }} into that HTML, in a
sandboxed, autoescaping Jinja environment, so a value from the data is always text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from citypages import schema
from citypages.diagnostics import Diagnostic, error
from citypages.load import MarkdownFile, yaml_text

MARKDOWN_EXTENSIONS = ["footnotes", "tables", "sane_lists", "attr_list", "toc"]
MARKDOWN_CONFIG = {
    "footnotes": {"BACKLINK_TITLE": "Back to the text of footnote %d", "SEPARATOR": "-"},
    "toc": {"permalink": False},
}

TEXT_FIELDS = ("title", "description", "petition", "button", "thanks", "share")

# What editors' Markdown may keep; everything else (script, iframe, style, on*) is removed.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
}


@dataclass(frozen=True)
class Campaign:
    """One campaign in one language, ready to be filled in per city."""

    slug: str
    language: str
    path: Path
    texts: dict[str, jinja2.Template]
    body: jinja2.Template
    zip_required: bool = False

    def render(self, context: dict[str, Any]) -> dict[str, Markup]:
        """Fill the placeholders for one city: every front matter text plus the body."""
        out = {name: Markup(t.render(context).strip()) for name, t in self.texts.items()}
        out["body"] = Markup(self.body.render(context))
        return out


def copy_environment() -> SandboxedEnvironment:
    """The environment campaign copy renders in: sandboxed, autoescaping, strict, None -> ""."""
    return SandboxedEnvironment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: "" if value is None else value,
        keep_trailing_newline=True,
    )


def parse(file: MarkdownFile, slug: str, language: str, names: dict[str, Any],
          env: SandboxedEnvironment) -> tuple[Campaign | None, list[Diagnostic]]:
    """Check and compile one campaign file. `names` is the tree of placeholders allowed."""
    diags: list[Diagnostic] = []
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
    texts: dict[str, jinja2.Template] = {}
    for key in TEXT_FIELDS:
        if key not in raw.value:
            continue
        value = raw.value[key]
        text = schema.as_text(value)
        template, problems = compile_copy(text, file.path, value.line, names, env)
        diags += problems
        if template is not None:
            texts[key] = template
    body_template, problems = compile_copy(file.body, file.path, file.body_line, names, env, markdown_body=True)
    diags += problems
    if diags or body_template is None:
        return None, diags
    zip_required = bool(raw.value["zip_required"].value) if "zip_required" in raw.value else False
    return Campaign(slug, language, file.path, texts, body_template, zip_required), []


def markdown_to_html(text: str) -> str:
    """Editor's Markdown -> sanitised HTML (footnotes, tables, headings with ids)."""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG,
                             output_format="html")
    return sanitize(html)


def sanitize(html: str) -> str:
    """Keep the allow-listed tags and attributes; drop scripts, embeds, styles and javascript: URLs."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"}, link_rel="noopener noreferrer")


def compile_copy(source: str, path: Path, first_line: int, names: dict[str, Any], env: SandboxedEnvironment,
             markdown_body: bool = False) -> tuple[jinja2.Template | None, list[Diagnostic]]:
    """Check placeholders on the source (so lines are the editor's), then compile what is rendered."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return None, [error(path, first_line + (exc.lineno or 1) - 1, 1, _syntax_message(exc))]
    diags = [error(path, first_line + line - 1, 1, message) for line, message in _unknown_names(tree, names)]
    if diags:
        return None, diags
    html = markdown_to_html(source) if markdown_body else source
    try:
        return env.from_string(html), []
    except jinja2.TemplateSyntaxError as exc:  # Markdown changed a placeholder's text
        return None, [error(path, first_line, 1, f"a placeholder does not survive Markdown formatting: {exc.message}; "
                                                 "keep placeholders out of links, code and emphasis markers")]


def _syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    message = exc.message or "syntax error"
    if "unexpected end of template" in message or "expected token 'end of print statement'" in message:
        return f"placeholder is not closed: write {{{{ city.name }}}} with both braces ({message})"
    return f"placeholder syntax error: {message}"


def _unknown_names(tree: nodes.Template, names: dict[str, Any]) -> list[tuple[int, str]]:
    """Placeholders naming no field, e.g. {{ city.mayr }}, with their line in the source."""
    out: list[tuple[int, str]] = []
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for node in tree.find_all((nodes.Getattr, nodes.Name)):
        chain = _chain(node)
        if chain is None or chain[0] in assigned:
            continue
        allowed: Any = names
        for depth, part in enumerate(chain):
            if not isinstance(allowed, dict):
                dotted = ".".join(chain[:depth])
                out.append((node.lineno, f"placeholder '{{{{ {dotted} }}}}' has no fields; remove '.{part}'"))
                break
            if part not in allowed:
                dotted = ".".join(chain[: depth + 1])
                hint = ", ".join(f"{'.'.join(chain[:depth])}.{k}".lstrip(".") for k in allowed)
                out.append((node.lineno, f"placeholder '{{{{ {dotted} }}}}' names no field; use one of: {hint}"))
                break
            allowed = allowed[part]
    return sorted(set(out))


def _chain(node: nodes.Node) -> list[str] | None:
    """`city.policy.name` as ["city", "policy", "name"]; None for a node inside a longer chain."""
    parts: list[str] = []
    while isinstance(node, nodes.Getattr):
        parts.append(node.attr)
        node = node.node
    if not isinstance(node, nodes.Name) or node.ctx != "load":
        return None
    return [node.name, *reversed(parts)]

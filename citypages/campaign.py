"""Campaign copy: front matter + Markdown -> a Campaign whose Markdown is rendered once.

The body's Markdown is turned into HTML a single time per campaign and language; what
is left per city is filling placeholders such as {{ city.name }} into that HTML, in a
sandboxed, autoescaping Jinja environment, so a value from the data is always text.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from citypages import sanitize as sanitizer
from citypages import schema, second_action
from citypages.diagnostics import Diagnostic, error, has_errors, warning
from citypages.load import MarkdownFile, yaml_text

MARKDOWN_EXTENSIONS = ["footnotes", "tables", "sane_lists", "attr_list", "toc"]
MARKDOWN_CONFIG = {
    "footnotes": {"BACKLINK_TITLE": "Back to the text of footnote %d", "SEPARATOR": "-"},
    "toc": {"permalink": False},
}

TEXT_FIELDS = ("title", "description", "petition", "button", "thanks", "share")

# Kept importable from here: the allow-list itself lives in sanitize.py.
ALLOWED_TAGS, ALLOWED_ATTRIBUTES = sanitizer.ALLOWED_TAGS, sanitizer.ALLOWED_ATTRIBUTES


@dataclass(frozen=True)
class Campaign:
    """One campaign in one language, ready to be filled in per city."""

    slug: str
    language: str
    path: Path
    texts: dict[str, jinja2.Template]
    body: jinja2.Template
    zip_required: bool = False
    action_texts: dict[str, str] = field(default_factory=dict)  # second_action.py: call script, email

    def render(self, context: dict[str, Any]) -> dict[str, Markup]:
        """Fill the placeholders for one city: every front matter text plus the body."""
        out = dict.fromkeys(TEXT_FIELDS, Markup(""))  # optional texts left out are empty, so the theme's defaults apply
        out.update({name: Markup(t.render(context).strip()) for name, t in self.texts.items()})
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
    action_texts, problems = second_action.texts(raw.value, names)
    diags += problems
    body_template, problems = compile_copy(file.body, file.path, file.body_line, names, env, markdown_body=True)
    diags += problems
    if has_errors(diags) or body_template is None:
        return None, diags
    zip_required = bool(raw.value["zip_required"].value) if "zip_required" in raw.value else False
    return Campaign(slug, language, file.path, texts, body_template, zip_required, action_texts), diags


def markdown_to_html(text: str) -> str:
    """Editor's Markdown -> sanitised HTML (footnotes, tables, headings with ids)."""
    return sanitize(_markdown(text))


@functools.cache
def _converter() -> markdown.Markdown:
    """One Markdown instance per process: setting up its extensions costs more than converting a page."""
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG, output_format="html")


def _markdown(text: str) -> str:
    return _converter().reset().convert(text)


def sanitize(html: str) -> str:
    """Keep the allow-listed tags and attributes; drop scripts, embeds, styles and javascript: URLs."""
    return sanitizer.clean(html)


def compile_copy(source: str, path: Path, first_line: int, names: dict[str, Any], env: SandboxedEnvironment,
             markdown_body: bool = False) -> tuple[jinja2.Template | None, list[Diagnostic]]:
    """Check placeholders on the source (so lines are the editor's), then compile what is rendered."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        line, col, message = _syntax_problem(source, exc)
        return None, [error(path, first_line + line - 1, col, message)]
    diags = [error(path, first_line + line - 1, col, message)
             for line, col, message in [*_unknown_names(source, tree, names), *_raw_html_filters(source, tree)]]
    if diags:
        return None, diags
    if not markdown_body:  # a front matter text is plain text: its own words are escaped, like the values
        for data in tree.find_all(nodes.TemplateData):
            data.data = str(escape(data.data))
        return env.from_string(tree), []
    unsafe = _markdown(source)
    warnings = [warning(path, first_line + r.line - 1, r.col, r.message) for r in sanitizer.removals(unsafe, source)]
    try:
        return env.from_string(sanitize(unsafe)), warnings
    except jinja2.TemplateSyntaxError as exc:  # Markdown changed a placeholder's text
        return None, [error(path, first_line, 1, f"a placeholder does not survive Markdown formatting: {exc.message}; "
                                                 "keep placeholders out of links, code and emphasis markers")]


_OPENERS = re.compile(r"\{\{|\{%|\{#")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _syntax_problem(source: str, exc: jinja2.TemplateSyntaxError) -> tuple[int, int, str]:
    """(line, col, message) for a broken placeholder, at the '{{' the editor left open where there is one."""
    message = exc.message or "syntax error"
    block = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if block:
        tag = block.group(1)
        opened = _find(source, re.compile(r"\{%-?\s*" + tag + r"\b"), last=True)
        line, col = opened or (exc.lineno or 1, 1)
        return line, col, f"'{{% {tag} %}}' is never closed; add '{{% end{tag} %}}' after the text it covers"
    unclosed = _unclosed(source)
    if unclosed:
        line, col, opener = unclosed
        snippet = source.splitlines()[line - 1][col - 1:].strip()
        return line, col, f"placeholder '{_short(snippet)}' is not closed; end it with '{_CLOSERS[opener]}'"
    return exc.lineno or 1, 1, f"placeholder syntax error: {message}"


def _unclosed(source: str) -> tuple[int, int, str] | None:
    """The first '{{', '{%' or '{#' with no closing braces before the next opener."""
    openers = list(_OPENERS.finditer(source))
    for i, m in enumerate(openers):
        stop = openers[i + 1].start() if i + 1 < len(openers) else len(source)
        if _CLOSERS[m.group()] not in source[m.end():stop]:
            return (*_line_col(source, m.start()), m.group())
    return None


def _find(source: str, pattern: re.Pattern[str], last: bool = False) -> tuple[int, int] | None:
    found = list(pattern.finditer(source))
    if not found:
        return None
    return _line_col(source, found[-1 if last else 0].start())


def _line_col(source: str, offset: int) -> tuple[int, int]:
    line = source.count("\n", 0, offset) + 1
    return line, offset - (source.rfind("\n", 0, offset) + 1) + 1


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _raw_html_filters(source: str, tree: nodes.Template) -> list[tuple[int, int, str]]:
    """'|safe' and autoescape switches would put a placeholder's text on the page as raw HTML."""
    out = []
    for node in tree.find_all(nodes.Filter):
        if node.name == "safe":
            line, col = _find(source, re.compile(r"\|\s*safe\b")) or (node.lineno, 1)
            out.append((line, col, "'|safe' would put raw HTML on the page; remove it (text is shown as written)"))
    for node in tree.find_all((nodes.ScopedEvalContextModifier, nodes.EvalContextModifier)):
        out.append((node.lineno, 1, "'{% autoescape %}' is not allowed in campaign copy; remove it"))
    return out


def _unknown_names(source: str, tree: nodes.Template, names: dict[str, Any]) -> list[tuple[int, int, str]]:
    """Placeholders naming no field, e.g. {{ city.mayr }}, with their line and column in the source."""
    out: list[tuple[int, int, str]] = []
    lines = source.split("\n")
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    inner = {id(g.node) for g in tree.find_all(nodes.Getattr)}  # 'city' in 'city.name' is part of a chain
    for node in tree.find_all((nodes.Getattr, nodes.Name)):
        chain = None if id(node) in inner else _chain(node)
        if chain is None or chain[0] in assigned:
            continue
        written = ".".join(chain)
        line_text = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
        col = line_text.find(written) + 1 or 1
        allowed: Any = names
        for depth, part in enumerate(chain):
            if not isinstance(allowed, dict):
                dotted = ".".join(chain[:depth])
                out.append((node.lineno, col, f"placeholder '{{{{ {written} }}}}': '{dotted}' has no fields; "
                                              f"write '{{{{ {dotted} }}}}'"))
                break
            if part not in allowed:
                parent = ".".join(chain[:depth])
                options = [f"{parent}.{k}".lstrip(".") for k in allowed]
                hint = difflib.get_close_matches(".".join(chain[: depth + 1]), options, n=1, cutoff=0.6)
                if hint:
                    fixed = ".".join([hint[0], *chain[depth + 1:]])
                    message = f"placeholder '{{{{ {written} }}}}' names no field (did you mean '{{{{ {fixed} }}}}'?)"
                else:
                    message = f"placeholder '{{{{ {written} }}}}' names no field; use one of: {', '.join(options)}"
                out.append((node.lineno, col, message))
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

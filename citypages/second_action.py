"""The thank-you page's second action: call the mayor's office, or email it.

A city offers it only when cities.yaml has the office's `phone`, `email` or `contact_url`;
the words come from the campaign's front matter (`call_script`, `email_subject`,
`email_body`), plain text with `{{ a.b }}` placeholders. Links are built here as data,
encoded for their scheme (RFC 3966 tel:, RFC 6068 mailto:); the partial
`_second_action.html` turns them into markup, escaped for the attribute like any value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from citypages import schema
from citypages.diagnostics import Diagnostic, error
from citypages.load import Raw
from citypages.model import City

FRONT_MATTER_KEYS = ("call_script", "email_subject", "email_body")

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")


@dataclass(frozen=True)
class SecondAction:
    """What the thank-you page offers; a field is None when the city has no such contact."""

    phone: str | None = None
    tel_href: str | None = None
    call_script: tuple[str, ...] = ()
    email: str | None = None
    mailto_href: str | None = None
    contact_url: str | None = None


def texts(front_matter: Mapping[str, Raw], names: Mapping[str, Any]) -> tuple[dict[str, str], list[Diagnostic]]:
    """The second action's texts from parsed campaign front matter, each placeholder checked.

    `names` is the tree of allowed placeholders (render.placeholder_names()).
    """
    out: dict[str, str] = {}
    diags: list[Diagnostic] = []
    for key in FRONT_MATTER_KEYS:
        if key not in front_matter:
            continue
        raw = front_matter[key]
        text = schema.as_text(raw)
        problems = [error(raw.path, raw.line, raw.col, f"{key}: {message}") for message in check(text, names)]
        diags += problems
        if not problems:
            out[key] = text
    return out, diags


def check(text: str, names: Mapping[str, Any]) -> list[str]:
    """Why `text` is not plain text with known `{{ a.b }}` placeholders (empty when it is)."""
    out: list[str] = []
    for m in _PLACEHOLDER.finditer(text):
        node: Any = names
        for part in m.group(1).split("."):
            node = node.get(part, KeyError) if isinstance(node, Mapping) else KeyError
        if node is KeyError or isinstance(node, Mapping):
            out.append(f"placeholder '{m.group()}' names no field; use e.g. '{{{{ mayor.name }}}}' or "
                       "'{{ city.name }}'")
    rest = _PLACEHOLDER.sub("", text)
    if _TEMPLATE_SYNTAX.search(rest):
        out.append("only placeholders such as '{{ mayor.name }}' are allowed here: no '{%', '{#' or filters")
    return out


def fill(text: str, values: Mapping[str, str]) -> str:
    """Put each placeholder's value into plain text; the caller escapes the result for its context."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), text)


def values(context: Mapping[str, Any]) -> dict[str, str]:
    """{"city.name": "Boston", "mayor.name": ...} from the nested copy context (render.copy_context)."""
    out: dict[str, str] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        elif isinstance(node, (list, tuple)):
            out[prefix] = ", ".join(map(str, node))
        else:
            out[prefix] = "" if node is None else str(node)

    walk("", context)
    return out


def tel_href(phone: str) -> str:
    """+1 617-635-4000 -> tel:+16176354000 (a global number, RFC 3966, without visual separators)."""
    return "tel:+" + "".join(c for c in phone if c.isdigit())


def mailto_href(address: str, subject: str, body: str) -> str:
    """A mailto: URL per RFC 6068: every reserved character percent-encoded, line breaks as %0D%0A."""
    def enc(text: str) -> str:
        return quote(re.sub(r"\r\n|\r|\n", "\r\n", text), safe="")

    fields = [(k, v) for k, v in (("subject", subject), ("body", body)) if v]
    query = "&".join(f"{k}={enc(v)}" for k, v in fields)
    return f"mailto:{quote(address, safe='@')}" + (f"?{query}" if query else "")


def offered(city: City) -> bool:
    """Whether cities.yaml gives this city's office a phone, an email or a contact page."""
    return bool(city.mayor.phone or city.mayor.email or city.mayor.contact_url)


def for_city(city: City, campaign_texts: Mapping[str, str], filled: Mapping[str, str],
             fallback_subject: str = "", fallback_body: str = "") -> SecondAction | None:
    """The second action one city's thank-you page shows, or None when cities.yaml has no contact for it."""
    mayor = city.mayor
    if not offered(city):
        return None
    script = fill(campaign_texts.get("call_script", ""), filled)
    paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", script) if p.strip())
    mailto = None
    if mayor.email:
        subject, body = (fill(campaign_texts[key], filled) if key in campaign_texts else fallback
                         for key, fallback in (("email_subject", fallback_subject), ("email_body", fallback_body)))
        mailto = mailto_href(mayor.email, subject.strip(), body.strip())
    return SecondAction(
        phone=mayor.phone,
        tel_href=tel_href(mayor.phone) if mayor.phone else None,
        call_script=paragraphs if mayor.phone else (),
        email=mayor.email,
        mailto_href=mailto,
        contact_url=mayor.contact_url,
    )

"""Sanitised copy with placeholder tokens -> literal HTML pieces and slots that know their context.

nh3 writes every attribute value in double quotes with `"` escaped, so a regular expression reads tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from citypages.base.diagnostics import Diagnostic, error
from citypages.copy.placeholders import URL_FIELDS, Block, Filled, Part, Scanned, Slot

_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"\'>/=]+(?:\s*=\s*"[^"]*")?)*)\s*(/?)>')
_ATTR = re.compile(r'(\s+)([^\s"\'>/=]+)(?:(\s*=\s*")([^"]*)("))?')
_LINK_PREFIX = re.compile(r"(?:https?://[^/?#\s]+[/?#]|mailto:|tel:)", re.I)
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction"})

Flat = Part | tuple[str, int]
"""A part, or ("B", i) for block marker i until `_nest` resolves the nesting ("b": one not on its own line)."""


def html(rendered: str, scanned: Scanned, path: Path) -> tuple[Filled | None, list[Diagnostic]]:
    """Split sanitised HTML into pieces and slots, each slot escaped later for its context."""
    # a marker alone in its paragraph, as it must be, stands without it (and the line end before it) as "B"
    rendered = re.sub(f"\n?<p>{scanned.nonce}b(\\d+)q</p>", f"{scanned.nonce}B\\1q", rendered)
    token = re.compile(f"{scanned.nonce}([kbB])(\\d+)q")
    diags: list[Diagnostic] = []
    flat: list[Flat] = []
    pos = 0
    for m in _TAG.finditer(rendered):
        flat += _text_parts(rendered[pos:m.start()], token, scanned)
        if token.search(m.group(0)):
            flat += _tag_parts(m, token, scanned, path, diags)
        else:
            flat.append(m.group(0))
        pos = m.end()
    flat += _text_parts(rendered[pos:], token, scanned)
    if diags:
        return None, diags
    parts, problems = _nest(flat, scanned, path)
    if problems:
        return None, problems
    return Filled(tuple(_merged(parts))), []


def _text_parts(chunk: str, token: re.Pattern[str], scanned: Scanned) -> list[Flat]:
    pieces = token.split(chunk)  # text, then (kind, number, text) for each token
    out: list[Flat] = [pieces[0]]
    for kind, number, text in zip(pieces[1::3], map(int, pieces[2::3]), pieces[3::3], strict=True):
        out.append(Slot(scanned.slots[number], "text", scanned.places[number][0]) if kind == "k" else (kind, number))
        out.append(text)
    return out


def _tag_parts(m: re.Match[str], token: re.Pattern[str], scanned: Scanned, path: Path,
               diags: list[Diagnostic]) -> list[Flat]:
    """A tag with a token in an attribute: the value's context decides how it is escaped."""
    out: list[Flat] = [f"<{m.group(1)}{m.group(2)}"]
    for a in _ATTR.finditer(m.group(3)):
        space, name, eq, value, quote_ = a.groups()
        hit = token.search(name)
        if hit:
            diags.append(_at(scanned, hit, path, "a placeholder cannot be an HTML attribute's name; "
                                                 "put it in the text or in a value"))
            continue
        out.append(f"{space}{name}")
        if value is not None:
            out += [eq, *_value_parts(name.lower(), value, token, scanned, path, diags), quote_]
    out.append(f"{m.group(4)}>")
    return out


def _value_parts(attr: str, value: str, token: re.Pattern[str], scanned: Scanned, path: Path,
                 diags: list[Diagnostic]) -> list[Flat]:
    out: list[Flat] = []
    pos = 0
    for hit in token.finditer(value):
        if hit.group(1) == "b":
            diags.append(_at(scanned, hit, path, "a '::: if' marker must stand on a line of its own"))
            continue
        field = scanned.slots[int(hit.group(2))]
        before = value[:hit.start()]
        if attr in URL_ATTRIBUTES:
            if attr != "href":
                diags.append(_at(scanned, hit, path, f"a placeholder cannot be part of an image or embed address "
                                                     f"('{attr}'): images are files of this site"))
                continue
            if before == "" and field in URL_FIELDS and hit.end() == len(value):
                context = "attr"  # a checked http(s) address, as a whole
            elif _LINK_PREFIX.match(before):
                context = "url"
            else:
                diags.append(_at(scanned, hit, path, "a placeholder in a link's address must come after "
                                                     "'https://host/' (e.g. https://example.org/{{ city.slug }}), "
                                                     "or be the whole address: {{ city.url }} or "
                                                     "{{ city.policy.url }}"))
                continue
        else:
            context = "id" if attr == "id" else "attr"
        out += [value[pos:hit.start()], Slot(field, context, scanned.places[int(hit.group(2))][0])]
        pos = hit.end()
    out.append(value[pos:])
    return out


def _at(scanned: Scanned, hit: re.Match[str], path: Path, message: str) -> Diagnostic:
    n = int(hit.group(2))
    line, col = scanned.places[n] if hit.group(1) == "k" else scanned.blocks[n][2:]
    return error(path, line, col, message)


def _nest(flat: list[Flat], scanned: Scanned, path: Path) -> tuple[list[Part], list[Diagnostic]]:
    """Turn block markers into nested Blocks; a marker not rendered as a paragraph of its own is an error."""
    stack: list[tuple[int, list[Part]]] = [(-1, [])]
    for part in flat:
        if not isinstance(part, tuple):
            stack[-1][1].append(part)
            continue
        kind, n = part
        field, _negate, line, col = scanned.blocks[n]
        if kind == "b":
            return [], [error(path, line, col, "a ':::' marker must stand on a line of its own, not indented "
                                                "inside a list or a quote")]
        if field:
            stack.append((n, []))
        else:
            opener, parts = stack.pop()
            f, neg = scanned.blocks[opener][:2]
            stack[-1][1].append(Block(f, neg, tuple(_merged(parts))))
    return stack[0][1], []


def _merged(parts: Iterable[Any]) -> list[Any]:
    """Adjacent literal pieces joined, empty ones dropped: fewer parts, faster filling."""
    out: list[Any] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += part
                continue
        out.append(part)
    return out

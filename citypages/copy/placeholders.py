"""Placeholders in editors' copy: found in the source, carried through Markdown as tokens, filled as text.

No template engine ever evaluates what an editor wrote. A placeholder, exactly `{{ a.b }}` naming a
field from a fixed list, is found in the *source* and becomes an opaque token that Markdown and the
sanitiser pass through; slots.py finds each again, and a city's value is escaped for where it stands.
Anything else between `{{ }}`, `{% %}` or `{# #}` is an error at its line and column; braces Markdown
or the sanitiser produce are plain text. A block keeps its lines only for a city whose field is not
empty (`::: if not ...` for the opposite); markers stand on lines of their own, and blocks may nest:

    ::: if city.policy.name
    On {{ city.policy.since }}, {{ city.name }} adopted the {{ city.policy.name }}.
    :::
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import escape

from citypages.base.diagnostics import Diagnostic, error
from citypages.model.schema import as_text, short
from citypages.read.load import Raw

Names = Mapping[str, "Names | None"]
"""A tree of allowed names: a field maps to None, a group of fields to its own tree."""

CAMPAIGN_FIELDS: Names = {
    "city": {"name": None, "state": None, "slug": None, "country": None, "status": None, "population": None,
             "url": None, "last_verified": None,
             "policy": {"name": None, "url": None, "since": None, "summary": None},
             "location": {"lat": None, "lon": None}},
    "mayor": {"name": None, "title": None},
    "site": {"title": None, "organization": None},
}
"""What campaign copy may name (docs/editing.md lists the same)."""

URL_FIELDS = frozenset({"city.url", "city.policy.url"})
"""Fields that hold a checked http(s) address, so they may stand as a link's whole address."""

MAX_NESTING = 12
"""Deepest nesting of brackets, quotes and lists in copy: past it Markdown's parser slows down badly."""
MAX_EMPHASIS_RUN = 12
"""Longest run of '*' or '_' in copy (a rule like '***' is three)."""


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a value goes, and how it is escaped there: "text", "attr", "url" or "id"."""

    field: str
    context: str = "text"
    line: int = 0  # where the placeholder stands in its file, for warnings about it


@dataclass(frozen=True, slots=True)
class Block:
    """Parts shown only for a city whose `field` is non-empty (or empty, with `negate`)."""

    field: str
    negate: bool
    parts: tuple[Part, ...]


Part = str | Slot | Block


@dataclass(frozen=True, slots=True)
class Filled:
    """Copy ready for any city: literal pieces and slots, in order."""

    parts: tuple[Part, ...]

    def fields(self) -> set[str]:
        """Every field this copy names, for checks of which cities leave one empty."""
        return set(_fields(self.parts))

    def unguarded(self) -> list[Slot]:
        """The slots outside every '::: if' block: shown to every city, filled or not."""
        return [p for p in self.parts if isinstance(p, Slot)]

    def text(self, values: Mapping[str, str]) -> str:
        """Plain text (front matter): values as they are; the theme escapes the whole."""
        return "".join(_join(self.parts, values, lambda slot, value: value))

    def html(self, values: Mapping[str, str]) -> str:
        """HTML (the body): each value escaped for where its slot stands."""
        return "".join(_join(self.parts, values, _escaped))


def _fields(parts: Iterable[Part]) -> Iterable[str]:
    for part in parts:
        if isinstance(part, Slot):
            yield part.field
        elif isinstance(part, Block):
            yield part.field
            yield from _fields(part.parts)


def _join(parts: Iterable[Part], values: Mapping[str, str], put: Callable[[Slot, str], str]) -> Iterable[str]:
    for part in parts:
        if isinstance(part, str):
            yield part
        elif isinstance(part, Slot):
            yield put(part, values.get(part.field, ""))
        elif bool(values.get(part.field)) != part.negate:
            yield from _join(part.parts, values, put)


def _escaped(slot: Slot, value: str) -> str:
    if slot.context == "url":
        return quote(value, safe="")
    if slot.context == "id":
        return slot.field.replace(".", "-").replace("_", "-")
    return str(escape(value))


_OPENER = re.compile(r"(?<!\\)(\{\{|\{%|\{#)")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_DOTTED = re.compile(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*")
_MARKER = re.compile(r"^[ \t]*:::[ \t]*(?:(if)[ \t]+(not[ \t]+)?(\S+)[ \t]*|(\S.*?))?[ \t]*$", re.M)
ALLOWED = "a placeholder names one field, like {{ city.name }} or {{ mayor.name }}"


@dataclass(frozen=True)
class Scanned:
    """Source with its placeholders and block markers replaced by tokens."""

    text: str
    nonce: str
    slots: tuple[str, ...]  # the field of token i
    places: tuple[tuple[int, int], ...]  # (line, col) in the file of token i
    blocks: tuple[tuple[str, bool, int, int], ...]  # (field, negate, line, col), or ("", False, ...) for an end


def scan(source: str, path: Path, line: int, col: int, names: Names,
         blocks: bool = False) -> tuple[Scanned | None, list[Diagnostic]]:
    """Find every placeholder (and, in a body, every `:::` marker); `line` and `col` are where `source`
    starts in its file, so errors point at the editor's own text."""
    nonce = _nonce(source)
    diags: list[Diagnostic] = []
    slots: list[str] = []
    places: list[tuple[int, int]] = []
    marks: list[tuple[str, bool, int, int]] = []
    where = functools.partial(position, source, line=line, col=col)
    out: list[str] = []
    pos = 0
    found = [*_OPENER.finditer(source), *(_MARKER.finditer(source) if blocks else ())]
    for m in sorted(found, key=re.Match.start):
        start = m.start()
        if start < pos:
            continue
        if m.re is _MARKER:
            field, problem = _marker(m, names)
            if problem:
                diags.append(error(path, *where(start + (m.group(0).find(":::"))), problem))
                continue
            out += [source[pos:start], f"\n\n{nonce}b{len(marks)}q\n\n"]
            marks.append((field or "", bool(m.group(2)), *where(start)))
            pos = m.end()
            continue
        opener = m.group(1)
        close = source.find(_CLOSER[opener], m.end())
        following = _OPENER.search(source, m.end())
        if close < 0 or (following and following.start() < close):
            rest = source[start:].split("\n", 1)[0].strip()
            diags.append(error(path, *where(start), f"placeholder '{short(rest, 40)}' is not closed; "
                                                    f"end it with '{_CLOSER[opener]}'"))
            pos = m.end()
            continue
        inner = source[m.end():close]
        written = source[start:close + 2]
        problem = _placeholder_problem(opener, inner.strip(), written, names)
        if problem:
            diags.append(error(path, *where(start + (len(opener) + len(inner) - len(inner.lstrip())
                                                     if opener == "{{" else 0)), problem))
        else:
            out += [source[pos:start], f"{nonce}k{len(slots)}q"]
            slots.append(inner.strip())
            places.append(where(start))
        pos = close + 2
    out.append(source[pos:])
    if blocks and not diags:
        diags += _balanced(marks, path)
    if diags:
        return None, diags
    return Scanned("".join(out), nonce, tuple(slots), tuple(places), tuple(marks)), []


def position(source: str, offset: int, line: int = 1, col: int = 1) -> tuple[int, int]:
    """Line and column in its file of `offset` in `source`, which starts there at `line` and `col`."""
    before = source.count("\n", 0, offset)
    column = offset - source.rfind("\n", 0, offset)
    return line + before, (col + column - 1 if before == 0 else column)


def _nonce(source: str) -> str:
    """Letters that do not occur in the source, so a token cannot be forged by the copy itself."""
    seed = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
    for i in range(0, 56, 8):
        nonce = "zq" + "".join(chr(ord("a") + int(c, 16)) for c in seed[i:i + 8])
        if nonce not in source:
            return nonce
    return "zq" + "x" * (max(len(w) for w in re.findall(r"x+", source)) + 1)


def _placeholder_problem(opener: str, inner: str, written: str, names: Names) -> str | None:
    if opener == "{%":
        word = inner.split(None, 1)[0] if inner else ""
        if word in ("if", "elif", "else", "endif"):
            return (f"'{short(written, 40)}' is a template tag, and copy has none; to keep a paragraph only for "
                    "cities that have a field, put it between the lines '::: if city.policy.name' and ':::'")
        return f"'{short(written, 40)}' is a template tag, and copy has none; {ALLOWED}"
    if opener == "{#":
        return f"'{short(written, 40)}' is a template comment, and copy has none; remove it"
    if not _DOTTED.fullmatch(inner):
        return f"'{short(written, 40)}' is not a placeholder: {ALLOWED} (no filters, quotes, calls or sums)"
    return name_problem(inner, names)


def name_problem(dotted: str, names: Names) -> str | None:
    """Why `city.nmae` is not a field (with did-you-mean), or None when it names one."""
    parts = dotted.split(".")
    node: Names | None = names
    for depth, part in enumerate(parts):
        before = ".".join(parts[:depth])
        if node is None:
            return f"placeholder '{{{{ {dotted} }}}}': '{before}' has no fields; write '{{{{ {before} }}}}'"
        if part not in node:
            options = [f"{before}.{k}".lstrip(".") for k in node]
            hint = difflib.get_close_matches(".".join(parts[:depth + 1]), options, n=1, cutoff=0.6)
            if hint:
                fixed = ".".join([hint[0], *parts[depth + 1:]])
                return f"placeholder '{{{{ {dotted} }}}}' names no field (did you mean '{{{{ {fixed} }}}}'?)"
            return f"placeholder '{{{{ {dotted} }}}}' names no field; use one of: {', '.join(options)}"
        node = node[part]
    if node is not None:
        fields = ", ".join(f"{dotted}.{k}" for k in node)
        return f"placeholder '{{{{ {dotted} }}}}' names a group of fields; name one of them: {fields}"
    return None


def _marker(m: re.Match[str], names: Names) -> tuple[str | None, str | None]:
    if m.group(4):
        return None, (f"'::: {short(m.group(4), 40)}' is not a block marker; write '::: if city.policy.name' "
                      "(or '::: if not ...') to open a block and ':::' alone to close it")
    if not m.group(1):
        return None, None
    field = m.group(3)
    if not _DOTTED.fullmatch(field):
        return None, f"'::: if {short(field, 40)}': after 'if' comes one field, like city.policy.name"
    problem = name_problem(field, names)
    return (None, problem.replace("placeholder", "block marker")) if problem else (field, None)


def _balanced(marks: list[tuple[str, bool, int, int]], path: Path) -> list[Diagnostic]:
    depth: list[tuple[int, int]] = []
    for field, _negate, ln, c in marks:
        if field:
            depth.append((ln, c))
        elif depth:
            depth.pop()
        else:
            return [error(path, ln, c, "':::' closes no block; remove it, or open the block with '::: if FIELD'")]
    if depth:
        ln, c = depth[-1]
        return [error(path, ln, c, "this '::: if' block is never closed; add a line ':::' after its text")]
    return []


def front_matter_texts(front: Mapping[str, Raw], keys: Iterable[str], path: Path,
                       names: Names) -> tuple[dict[str, Filled], list[Diagnostic]]:
    """Those of `keys` that `front` has, each as plain text with placeholders, and their problems."""
    out: dict[str, Filled] = {}
    diags: list[Diagnostic] = []
    for key in keys:
        if key in front:
            value = front[key]
            col = value.col + (0 if value.text is not None else 1)  # columns count past a quoted value's quote
            filled, problems = text(as_text(value), path, value.line, col, names)
            diags += problems
            if filled is not None:
                out[key] = filled
    return out, diags


def text(source: str, path: Path, line: int, col: int, names: Names) -> tuple[Filled | None, list[Diagnostic]]:
    """A front matter text: plain text with placeholders (its own '<b>' is shown as written)."""
    scanned, diags = scan(source, path, line, col, names)
    if scanned is None:
        return None, diags
    pieces = re.split(f"{scanned.nonce}k(\\d+)q", scanned.text)
    parts: list[Part] = [Slot(scanned.slots[int(p)], "text", scanned.places[int(p)][0]) if i % 2 else p
                         for i, p in enumerate(pieces)]
    return Filled(tuple(p for p in parts if p != "")), []


def complexity_problem(source: str) -> tuple[int, str] | None:
    """(offset, message) where copy nests deeper than Markdown can parse quickly, else None."""
    depth = 0
    for m in re.finditer(r"[\[\]]|[*_]{" + str(MAX_EMPHASIS_RUN + 1) + ",}", source):
        if m.group() == "[":
            depth += 1
            if depth > MAX_NESTING:
                return m.start(), (f"brackets nest more than {MAX_NESTING} deep here; "
                                   "a link's text cannot hold that many links")
        elif m.group() == "]":
            depth = max(0, depth - 1)
        else:
            return m.start(), f"a run of {len(m.group())} '{m.group()[0]}' characters; at most {MAX_EMPHASIS_RUN}"
    for m in re.finditer(r"^((?:[ \t]*(?:>|[-*+]|\d+[.)])[ \t]*){" + str(MAX_NESTING + 1) + ",})", source, re.M):
        return m.start(), f"quotes or lists nest more than {MAX_NESTING} deep here"
    return None

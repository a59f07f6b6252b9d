"""Where a YAML mistake really is, and its fix, found by reading the lines around the error.

PyYAML reports where its parser gave up, often far from the slip (an unclosed quote is "closed" by a
later entry's), so the source lines are read for the common slips: the line to change and its fix.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import yaml

from citypages.base.diagnostics import Diagnostic, error, warning

CURLY = "“”„‘’‚"
_ANY_CURLY = re.compile(f"[{CURLY}]")
_STRAIGHT = str.maketrans(CURLY, "\"\"\"'''")
_CLOSERS = {"“": "”", "„": "“’", "‘": "’", "‚": "‘’"}  # what may close a value each curly quote opens
_KEY = re.compile(r"(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s#'\"\-{\[][^:#]*?|\"[^\"]*\"|'[^']*')"
                  r":(?:[ \t]+(?P<value>.*))?$")
_NO_SPACE_DASH = re.compile(r"(?P<indent> *)-(?P<rest>[^\s\-].*)$")
_OPENING_QUOTE = re.compile(r" *(?:- +)?(?:[^\s#'\"][^:#]*:[ \t]+)?(?P<quote>[\"'])")
_STRUCTURE = re.compile(r" *(?:- |-$|[^\s#][^:]*:(?:\s|$))")
_CLOSING = {'"': re.compile(r'(?:[^"\\]|\\.)*+"'), "'": re.compile(r"(?:[^']|'')*+'")}
"""The rest of a quoted value up to its closing quote: `\\x` in double quotes, `''` in single, are no end."""


class Hint(NamedTuple):
    """A better place (0-based line and column) and message for a YAML syntax error."""

    line: int
    col: int
    message: str


# The parser's complaints that a slip in quoting, a dash or indentation can cause.
_STRUCTURAL = ("did not find expected key", "expected <block end>", "did not find expected '-' indicator",
               "mapping values are not allowed", "could not find expected ':'")


def explain(text: str, problem: str, line: int) -> Hint | None:
    """The real mistake behind a YAML syntax error reported on `line` (0-based), if it is a known one."""
    lines = text.split("\n")  # never empty
    line = max(0, min(line, len(lines) - 1))
    if not problem.startswith(_STRUCTURAL):
        return _curly_on_line(lines, line)
    return (_curly_on_line(lines, line) or _unclosed_quote(lines, line) or _dash_without_space(lines, line)
            or _misindented_key(lines, line))


def _curly_on_line(lines: list[str], at: int) -> Hint | None:
    """`title: “Tell: me”`: the editor did quote, with quotes YAML does not know."""
    found = _ANY_CURLY.search(lines[at])
    if not found:
        return None
    fixed = lines[at].translate(_STRAIGHT).strip()
    return Hint(at, found.start(), f"curly quotes {found.group()} are not quotes in YAML; use straight quotes: {fixed}")


def _unclosed_quote(lines: list[str], at: int) -> Hint | None:
    """The first value up to the error whose quote does not close on its line, where the next line is a key."""
    for i in range(at + 1):
        m = _OPENING_QUOTE.match(lines[i])
        if not m or _CLOSING[m.group("quote")].match(lines[i], m.end()):
            continue
        following = next((x for x in lines[i + 1:] if x.strip() and not x.lstrip().startswith("#")), "")
        if _STRUCTURE.match(following):
            quote = m.group("quote")
            return Hint(i, m.start("quote"), f"a quote {quote} is opened here but not closed on this line; "
                                             f"close the quote: put {quote} at the end of the value")
    return None


def _dash_without_space(lines: list[str], at: int) -> Hint | None:
    """`-name: Evanston`: without the space the dash is part of the key, not a list item."""
    for i in (at, at - 1):
        m = _NO_SPACE_DASH.match(lines[i]) if i >= 0 else None
        if m and ":" in m.group("rest"):
            fixed = f"{m.group('indent')}- {m.group('rest')}"
            return Hint(i, len(m.group("indent")), f"a list item needs a space after '-': write '{fixed.strip()}'")
    return None


def _misindented_key(lines: list[str], at: int) -> Hint | None:
    """A key indented unlike the keys of its entry; say by how much, and show the line as it should be."""
    m = _KEY.fullmatch(lines[at])
    if not m or m.group("dash"):
        return None
    indent, key = len(m.group("indent")), m.group("key").strip()
    levels, dash, opener = _levels_before(lines, at)
    if dash is None or not levels or indent in levels or (opener is not None and indent > opener):
        return None
    if indent <= dash:
        want = min(levels)
        where = "starts in the first column" if indent == 0 else f"is indented {_spaces(indent)}"
        message = f"'{key}:' {where}, outside its entry"
    else:
        want = min(levels, key=lambda level: (abs(level - indent), level))
        others = " or ".join(str(level) for level in sorted(levels))
        message = f"'{key}:' is indented {_spaces(indent)} but the keys around it {others}"
    fixed = " " * want + lines[at].strip()
    return Hint(at, indent, f"{message}; indent it {_spaces(want)}, like the keys above it: '{fixed}'")


def _levels_before(lines: list[str], at: int) -> tuple[set[int], int | None, int | None]:
    """Indentations of the keys in the entry above `at`, that entry's dash column, and the indentation
    of the key just above when it opens a block (`mayor:` with nothing after it), under which deeper is right."""
    levels: set[int] = set()
    opener: int | None = None
    for n, line in enumerate(x for x in reversed(lines[:at]) if x.strip() and not x.lstrip().startswith("#")):
        m = _KEY.fullmatch(line)
        if m is None:
            continue
        indent = len(m.group("indent")) + len(m.group("dash") or "")
        if n == 0 and not (m.group("value") or "").strip():
            opener = indent
        levels.add(indent)
        if m.group("dash"):
            return levels, len(m.group("indent")), opener
    return levels, None, opener


def _spaces(n: int) -> str:
    return f"{n} space{'s' * (n != 1)}"


_WRAPPED = re.compile(r"(?P<lead> *(?:- +)?(?:[^\s#][^:#]*:[ \t]+)?)"
                      r"(?P<open>[“„‘‚])(?P<inner>.*)(?P<close>[”“’‘])[ \t]*$")
_CURLY_KEY = re.compile(r" *(?:- +)?(?P<key>[“„‘‚][^:#]*[”“’‘]):(?:\s|$)")


def curly_quote_warnings(text: str, shown: Path, line_offset: int = 0) -> list[Diagnostic]:
    """A key or a whole value wrapped in curly quotes: YAML keeps them as text, so the page would show them."""
    out: list[Diagnostic] = []
    if not _ANY_CURLY.search(text):  # the usual case, even for a very large cities.yaml: one scan
        return out
    for i, line in enumerate(text.split("\n")):
        if line.lstrip().startswith("#") or not _ANY_CURLY.search(line):
            continue
        key = _CURLY_KEY.match(line)
        if key:
            plain = key.group("key")[1:-1]
            out.append(warning(shown, i + 1 + line_offset, key.start("key") + 1,
                               f"the key {key.group('key')} is in curly quotes, so it is not '{plain}'; "
                               f"write it without quotes: {plain}:"))
            continue
        m = _WRAPPED.fullmatch(line)
        if m and m.group("close") in _CLOSERS[m.group("open")]:
            inner = m.group("inner")
            quoted = f'"{inner}"' if '"' not in inner else "'" + inner.replace("'", "''") + "'"
            fixed = f"{m.group('lead').strip()} {quoted}".strip()
            out.append(warning(shown, i + 1 + line_offset, m.start("open") + 1,
                               f"curly quotes {m.group('open')}…{m.group('close')} are not quotes in YAML, so the "
                               f"page would show them; use straight quotes (or none): {fixed}"))
    return out


_TAB = "a tab character is used for indentation; YAML needs spaces (replace the tab with spaces)"
_DASHES = "a list item '-' is indented differently from the items before it; line the dashes up"
_LINE_UP = "this line is indented more or less than the keys around it; line it up with them"
_UNCLOSED = "a '{}' is opened here but never closed; add the closing '{}' (or put the value in quotes)"

_FRIENDLY = {  # how the parser's problem starts -> what to do about it
    "found character '\\t' that cannot start any token": _TAB,
    "found a tab character": _TAB,
    "found unexpected end of stream": "a quote is opened here but never closed; add the closing quote",
    "mapping values are not allowed":
        "unexpected ':'; put a value that contains ': ' in quotes, or check this line's indentation",
    "could not find expected ':'": "expected 'key: value'; a ':' is missing, or a quote is left open",
    "expected <block end>, but found '-'": _DASHES,
    "did not find expected '-' indicator": _DASHES,
    "expected <block end>, but found '<block mapping start>'": _LINE_UP,
    "expected <block end>, but found '<scalar>'": _LINE_UP,
    "did not find expected ',' or '}'": _UNCLOSED.format("{", "}"),
    "did not find expected ',' or ']'": _UNCLOSED.format("[", "]"),
    "did not find expected node content": "a '[' or '{' is still open here; close it, or put the value in quotes",
    "block sequence entries are not allowed":
        "a '- ' list item cannot follow 'key:' on the same line; put it on the next line, indented",
    "did not find expected key": "unexpected text after the value; put the whole value in quotes",
    "found undefined alias": "an alias '*name' refers to no anchor '&name' defined before it",
}

_AT_OPENING = ("found unexpected end of stream", "did not find expected ',' or")


def syntax_error(exc: yaml.MarkedYAMLError, shown_as: Path, line_offset: int, text: str) -> Diagnostic:
    """PyYAML's syntax error as a message an editor can act on, at the place to fix."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "syntax error"
    if problem.startswith(_AT_OPENING) and exc.context_mark is not None:
        mark = exc.context_mark
    context = f" ({exc.context})" if exc.context else ""
    message = next((nice for raw, nice in _FRIENDLY.items() if problem.startswith(raw)),
                   f"YAML syntax error: {problem}{context}")
    found = _line_at(text, mark)[mark.column:mark.column + 1] if mark else ""
    hint = explain(text, problem, exc.problem_mark.line) if exc.problem_mark else None
    if hint is not None and found != "\t":
        return error(shown_as, hint.line + 1 + line_offset, hint.col + 1, hint.message)
    if found == "\t":  # libyaml names no character in this message; look at the source
        message = _TAB
    elif problem.startswith("found character") and found:
        message = f"a value cannot start with '{found}'; put the value in quotes"
    elif problem.startswith("did not find expected node content") and mark:
        opened = _open_bracket(text, mark)
        if opened:
            mark, bracket = opened
            message = _UNCLOSED.format(bracket, _PAIRS[bracket])
    elif problem == "found undefined alias" and mark:
        name = re.match(r"\*([^\s,\]}]+)", _line_at(text, mark)[mark.column:])
        if name:
            message = f"the alias '*{name.group(1)}' refers to no anchor '&{name.group(1)}' defined before it"
    line = mark.line + 1 + line_offset if mark else 0
    col = mark.column + 1 if mark else 0
    return error(shown_as, line, col, message)


_PAIRS = {"[": "]", "{": "}"}


def _open_bracket(text: str, mark: yaml.Mark) -> tuple[yaml.Mark, str] | None:
    """The last '[' or '{' before `mark` that is never closed (quotes are skipped roughly)."""
    lines = text.split("\n")
    before = "\n".join([*lines[:mark.line], _line_at(text, mark)[:mark.column]])
    stack: list[int] = []
    quote = ""
    for i, c in enumerate(before):
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in _PAIRS:
            stack.append(i)
        elif c in "]}" and stack:
            stack.pop()
    if not stack:
        return None
    at = stack[-1]
    line = before.count("\n", 0, at)
    col = at - (before.rfind("\n", 0, at) + 1)
    return yaml.Mark("", at, line, col, None, None), before[at]


def _line_at(text: str, mark: yaml.Mark) -> str:
    lines = text.split("\n")
    return lines[mark.line] if mark.line < len(lines) else ""

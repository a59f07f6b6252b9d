"""Read YAML and Markdown files into raw values that remember their file, line and column.

Nothing here judges the data (validate.py does): only what cannot be read at all is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from citypages.base.diagnostics import Diagnostic, error
from citypages.read.yaml_hints import syntax_error

try:  # the C parser is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_ALIAS_EXPANSIONS = 10_000
"""How many values YAML aliases may add; stops a 'billion laughs' file from eating memory."""

MAX_ALIAS_CHARACTERS = 1_000_000
"""How much text YAML aliases may repeat: one long anchored value, aliased again and again, is a bomb too."""

MAX_FILE_BYTES = 50 * 1024 * 1024
_UNREADABLE = {FileNotFoundError: "file not found", IsADirectoryError: "is a folder, expected a file"}

FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""Controls (but tab and line ends), surrogates, noncharacters: YAML refuses them, HTML forbids them."""


@dataclass(slots=True)
class Raw:
    """A value read from YAML (a scalar, a list of Raw or a dict of str -> Raw) and where it stands; `key_pos`
    is each key's own position (for "unknown key"), `text` a plain scalar's source (`state: NO` is "NO")."""

    value: Any
    path: Path
    line: int
    col: int
    text: str | None = None
    key_pos: dict[str, tuple[int, int]] = field(default_factory=dict)

    def plain(self) -> Any:
        """The value with all positions stripped, as yaml.safe_load would give it."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


@dataclass(frozen=True, slots=True)
class InvalidScalar:
    """A scalar YAML could not turn into its type, e.g. the date 2026-02-30."""

    text: str
    reason: str


@dataclass(frozen=True)
class TextFile:
    """A text file's content and the name it is reported under."""

    path: Path
    text: str


def read_text(path: Path, shown_as: Path) -> tuple[TextFile | None, list[Diagnostic]]:
    """Read a UTF-8 file (a leading byte order mark is dropped silently)."""
    data, diags = read_utf8(path, shown_as)
    return (None if data is None else TextFile(shown_as, data.decode("utf-8"))), diags


def read_utf8(path: Path, shown_as: Path) -> tuple[bytes | None, list[Diagnostic]]:
    """read_text's text as UTF-8 bytes, or what is wrong with the file: a large cities.yaml is smaller kept as
    bytes (a text with one character beyond Latin-1 takes two or four bytes a character)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(shown_as, 0, 0, _UNREADABLE.get(type(exc), f"cannot read the file: {exc.strerror}"))]
    if len(data) > MAX_FILE_BYTES:
        return None, [error(shown_as, 0, 0, f"file is larger than {MAX_FILE_BYTES // 2**20} MB; "
                                            "is this the right file?")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [error(shown_as, line, col, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                                 "save it with UTF-8 encoding")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [error(shown_as, line, 1, "the file contains a NUL character; is it a text file?")]
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        return None, [error(shown_as, line, col, f"the file contains the invisible control character "
                                                 f"U+{ord(bad.group()):04X}; delete it (retype the text around it)")]
    del text  # the decoded text goes before the bytes are copied
    return data.replace(b"\r\n", b"\n"), []


def yaml_text(text: str, shown_as: Path, line_offset: int = 0) -> tuple[Raw | None, list[Diagnostic]]:
    """Parse YAML into a Raw tree; `line_offset` shifts lines for front matter inside a file."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_error(exc, shown_as, line_offset, text)]
    except yaml.YAMLError as exc:  # reader errors without a mark
        return None, [error(shown_as, 0, 0, f"cannot read YAML: {exc}")]
    if node is None:
        return None, []
    builder = _Builder(shown_as, line_offset)
    raw = builder.build(node)
    return (None if builder.too_big else raw), builder.diagnostics


def yaml_file(path: Path, shown_as: Path) -> tuple[Raw | None, list[Diagnostic]]:
    """Read and parse a YAML file; an empty file is an error, since every YAML file here has content."""
    file, diags = read_text(path, shown_as)
    if file is None:
        return None, diags
    raw, diags = yaml_text(file.text, shown_as)
    if raw is None and not diags:
        what = "holds only comments or blank lines" if file.text.strip() else "is empty"
        diags = [error(shown_as, 1, 1, f"the file {what}; it needs its settings or list of entries")]
    return raw, diags


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class MarkdownFile:
    """A Markdown file split into its front matter and body, each knowing its first line."""

    path: Path
    front_matter: str | None
    front_matter_line: int
    body: str
    body_line: int


def split_front_matter(file: TextFile) -> MarkdownFile:
    """Split `---` front matter from the body; line numbers stay those of the whole file."""
    m = _FRONT_MATTER.match(file.text)
    if not m:
        return MarkdownFile(file.path, None, 0, file.text, 1)
    body_line = file.text.count("\n", 0, m.end() - 1) + 2  # the line after the closing marker, a newline or not
    return MarkdownFile(file.path, m.group(1) or "", 2, file.text[m.end():], body_line)


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _Builder:
    """Walks PyYAML's composed nodes into Raw values, checking what PyYAML lets through."""

    def __init__(self, path: Path, line_offset: int):
        self.path = path
        self.line_offset = line_offset
        self.diagnostics: list[Diagnostic] = []
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used
        self.seen: set[int] = set()
        self.expansions = 0
        self.characters = 0
        self.too_big = False

    def _at(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def build(self, node: yaml.Node) -> Raw:
        line, col = self._at(node)
        if id(node) in self.seen:
            if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
                self.expansions += len(node.value) + 1
            else:
                self.characters += len(node.value)
            if (self.expansions > MAX_ALIAS_EXPANSIONS or self.characters > MAX_ALIAS_CHARACTERS) \
                    and not self.too_big:
                self.too_big = True
                self.diagnostics.append(error(self.path, line, col, (
                    f"YAML aliases here expand to more than {MAX_ALIAS_EXPANSIONS:,} values or "
                    f"{MAX_ALIAS_CHARACTERS:,} characters; write the entries out instead of repeating anchors")))
        self.seen.add(id(node))
        if self.too_big:
            return Raw(None, self.path, line, col)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            self.diagnostics.append(error(self.path, line, col, _tag_not_allowed(node.tag)))
            return Raw(None, self.path, line, col)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line, col)
        if isinstance(node, yaml.SequenceNode):
            return Raw([self.build(item) for item in node.value], self.path, line, col)
        return self._scalar(node, line, col)

    def _mapping(self, node: yaml.MappingNode, line: int, col: int) -> Raw:
        values: dict[str, Raw] = {}
        key_pos: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            kline, kcol = self._at(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    error(self.path, kline, kcol, "a key must be a plain name, not a list or mapping"))
                continue
            key = str(key_node.value)
            if key in key_pos:
                self.diagnostics.append(error(self.path, kline, kcol, (
                    f"duplicate key '{key}' (first given on line {key_pos[key][0]}); remove one of them")))
                continue
            key_pos[key] = (kline, kcol)
            values[key] = self.build(value_node)
        return Raw(values, self.path, line, col, key_pos=key_pos)

    def _scalar(self, node: yaml.ScalarNode, line: int, col: int) -> Raw:
        text = node.value if not node.style else None  # libyaml marks plain scalars '', PyYAML None
        if node.tag == "tag:yaml.org,2002:str":
            return Raw(node.value, self.path, line, col, text)
        construct = self.constructor.yaml_constructors.get(node.tag)
        if construct is None:
            return Raw(InvalidScalar(node.value, _tag_not_allowed(node.tag)), self.path, line, col, text)
        try:
            value = construct(self.constructor, node)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError) as exc:
            reason = _date_problem(node.value) if node.tag.endswith(":timestamp") else str(exc)
            value = InvalidScalar(node.value, reason)
        return Raw(value, self.path, line, col, text)


def _tag_not_allowed(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"marked with the YAML tag '{shown}', which is not allowed here; remove the tag"


def _date_problem(text: str) -> str:
    """Why a date-looking value is no date: name the month or day that does not exist."""
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not m:
        return "not a real date; write it as YYYY-MM-DD, e.g. 2026-01-31"
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return f"not a real date: there is no month {month}; write it as YYYY-MM-DD"
    return f"not a real date: {year}-{month:02d} has no day {day}"

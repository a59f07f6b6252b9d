"""cities.yaml's entries as ranges of the file's bytes, so each can be parsed on its own.

A large cities.yaml is then never one tree of nodes, and an entry whose bytes are unchanged
is not parsed again (load/cities_load.py). The patterns name only ASCII characters, so they
match the UTF-8 bytes where they would match the text; nothing is copied.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

_ITEM_START = re.compile(rb"-(?:[ \t]|$)")
_COLUMN_ZERO = re.compile(rb"^[^ \t\n#]", re.M)
_ANCHOR_OR_ALIAS = re.compile(rb"(?:^|[\s\[{,\x80-\xff])[&*][^\s,\]}]", re.M)
"""An anchor or alias: after a space, a bracket or a comma (or any non-ASCII byte, which may be a Unicode space)."""
_BLANK_OR_COMMENT = re.compile(rb"[ \t]*(?:#.*)?")


@dataclass(frozen=True)
class Entries:
    """The file's bytes and where each entry starts: `offsets` has one more, the file's end."""

    data: bytes
    lines: array  # the first line of each entry
    offsets: array

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, i: int) -> int:
        return self.lines[i]

    def raw(self, i: int) -> memoryview:
        """Entry i's bytes, not copied."""
        return memoryview(self.data)[self.offsets[i]:self.offsets[i + 1]]

    def text(self, first: int, last: int) -> str:
        """The text of entries first..last, one run of the file."""
        return self.data[self.offsets[first]:self.offsets[last + 1]].decode("utf-8")


def split(data: bytes) -> Entries | None:
    """A top-level list split into its entries; None when the file is anything but a plain list of '- '
    entries starting in the first column (a document marker, a directive, an anchor or alias that may tie
    entries together, text outside the list), and the caller reads the whole file the ordinary way.

    A '&' or '*' after a letter beyond ASCII gives None too (the byte pattern cannot tell it from an anchor):
    that file is read the ordinary way, which is only slower.
    """
    if _ANCHOR_OR_ALIAS.search(data):
        return None
    starts = [m.start() for m in _COLUMN_ZERO.finditer(data)]
    if not starts or any(not _ITEM_START.match(data, pos) for pos in starts):
        return None
    if not all(_BLANK_OR_COMMENT.fullmatch(line) for line in data[: starts[0]].split(b"\n")):
        return None
    lines, line, prev = array("q"), 1, 0
    for pos in starts:
        line += data.count(b"\n", prev, pos)
        prev = pos
        lines.append(line)
    return Entries(data, lines, array("q", [*starts, len(data)]))

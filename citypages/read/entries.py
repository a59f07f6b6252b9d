"""cities.yaml's entries as ranges of its bytes, so an unchanged entry is not parsed again (load/cities_load.py).

The patterns name only ASCII characters, so they match the UTF-8 bytes as they would the text.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from itertools import accumulate, pairwise

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

    def raw(self, i: int) -> memoryview:
        """Entry i's bytes, not copied."""
        return memoryview(self.data)[self.offsets[i]:self.offsets[i + 1]]

    def text(self, first: int, last: int) -> str:
        """The text of entries first..last, one run of the file."""
        return self.data[self.offsets[first]:self.offsets[last + 1]].decode("utf-8")


def split(data: bytes) -> Entries | None:
    """A top-level list split into its entries; None (read the whole file the ordinary way) for anything but '- '
    entries in the first column: a document marker, text outside the list, anchors or aliases that may tie entries."""
    if _ANCHOR_OR_ALIAS.search(data):
        return None
    starts = [m.start() for m in _COLUMN_ZERO.finditer(data)]
    if not starts or any(not _ITEM_START.match(data, pos) for pos in starts):
        return None
    if not all(_BLANK_OR_COMMENT.fullmatch(line) for line in data[: starts[0]].split(b"\n")):
        return None
    newlines_before = accumulate(data.count(b"\n", prev, pos) for prev, pos in pairwise([0, *starts]))
    lines = array("q", (count + 1 for count in newlines_before))
    return Entries(data, lines, array("q", [*starts, len(data)]))

"""An export file as people save it -> its text: UTF-8 or UTF-16, `,` `;` or tab, in bounded memory; other
bytes are an error naming the line, since a guessed code page would garble names without a word."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

FIELD_LIMIT = 100_000  # characters in one field: a long comment is a few thousand
LINE_LIMIT = 10 * FIELD_LIMIT  # characters in one line: every column of a row, each of a fair size
_PEEK = 4096  # bytes, then characters, looked at to tell the encoding, JSON from CSV, and the delimiter
_NEWLINES = re.compile(rb"\r\n?|\n")


class FormatError(Exception):
    """The file cannot be read as an export: (row, message)."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row, self.message = row, message


def read(path: Path) -> str | Iterator[list[str]]:
    """A JSON export's whole text, or a CSV export's records (the header first) read as they are used."""
    encoding = _encoding(path)
    with _decoding(path, encoding), path.open(encoding=encoding, newline="") as stream:
        head = stream.read(_PEEK)
        if head.lstrip().startswith(("[", "{")):
            return head + stream.read()
    return _records(path, encoding, _delimiter(head))


def _encoding(path: Path) -> str:
    with path.open("rb") as file:
        head = file.read(_PEEK)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the codec takes the byte order from the mark and drops it
    pairs = len(head) // 2  # without a mark: text in UTF-16 has a NUL in most pairs (ASCII, Latin letters)
    even, odd = head[0:pairs * 2:2].count(0), head[1:pairs * 2:2].count(0)
    if odd * 2 > pairs and even * 8 < odd:
        return "utf-16-le"
    if even * 2 > pairs and odd * 8 < even:
        return "utf-16-be"
    return "utf-8-sig"  # UTF-8 with or without its mark


def _delimiter(head: str) -> str:
    """The one of `,` `;` tab found most often outside quotes in the header line; `,` when none is."""
    first = re.sub(r'"[^"]*"', "", head.splitlines()[0] if head else "")
    return max(",;\t", key=first.count)


def _records(path: Path, encoding: str, delimiter: str) -> Iterator[list[str]]:
    csv.field_size_limit(FIELD_LIMIT)  # module-wide; csv's own default (131,072) is no choice of ours
    with _decoding(path, encoding), path.open(encoding=encoding, newline="") as stream:
        reader = csv.reader(_lines(stream), delimiter=delimiter)
        try:
            yield from reader
        except csv.Error as exc:
            too_long = "field limit" in str(exc)
            raise FormatError(reader.line_num, f"a field longer than {FIELD_LIMIT:,} characters" if too_long
                              else f"not readable as CSV: {exc}") from None


def _lines(stream: TextIO) -> Iterator[str]:
    """The file's lines, none longer than LINE_LIMIT: a longer one is given to csv cut (which finds a
    field over its limit in it), then refused."""
    for number, line in enumerate(iter(lambda: stream.readline(LINE_LIMIT), ""), 1):
        yield line
        if len(line) == LINE_LIMIT and not line.endswith(("\n", "\r")):
            raise FormatError(number, f"a line longer than {LINE_LIMIT:,} characters")


@contextmanager
def _decoding(path: Path, encoding: str) -> Iterator[None]:
    try:
        yield
    except UnicodeDecodeError:
        line, byte = _undecodable(path, encoding)
        raise FormatError(line, f"not UTF-8 or UTF-16 text: byte 0x{byte:02X} cannot be read (perhaps Windows-1252 "
                                "or Latin-1, as Excel's plain \"CSV\" is saved); save the file again as "
                                "\"CSV UTF-8\" in Excel, or in LibreOffice Calc with File > Save As, \"Edit filter "
                                "settings\" and the character set \"Unicode (UTF-8)\"") from None


def _undecodable(path: Path, encoding: str) -> tuple[int, int]:
    """(line, byte) of the first byte that is not `encoding`, found again from the start: the text reader
    decodes ahead of the line it gives, so where it failed is not where the byte is."""
    decoder, line = codecs.getincrementaldecoder(encoding)(), 1
    with path.open("rb") as file:
        while True:
            chunk = file.read(1 << 16)
            if chunk.endswith(b"\r"):  # a CRLF is counted once, not once in each chunk
                chunk += file.read(1)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return line + len(_NEWLINES.findall(exc.object, 0, exc.start)), exc.object[exc.start]
            if not chunk:
                return 0, 0
            line += len(_NEWLINES.findall(chunk))

"""A palette PNG written from pieces compressed apart, so the rows every card shares are compressed once.

PNG (ISO/IEC 15948) is a signature and chunks, each `length, type, data, CRC-32`: IHDR
(size, bit depth, colour type 3 = palette), PLTE (the colours), IDAT (the rows, a zlib
stream) and IEND. Each row is a filter-type byte (0: stored as it is) and the row's
palette indexes packed `depth` bits to a byte.

What makes it cheap: raw deflate streams that end with a full flush (Z_FULL_FLUSH) start
and end on a byte boundary and refer to nothing before them, so such pieces may be
compressed at any time, kept, and laid end to end in any order. A card is then a header,
the pieces of its bands (blank rows and lines of text seen before come from a cache),
a final empty block, and the Adler-32 of all the rows, which is combined from the
pieces' own sums without reading their rows again.

Pixels are never handled here one by one: the caller gives rows already packed by Pillow
(Image.tobytes("raw", "L;4") and the like), padded on the left by one byte of index 0,
which is the filter byte (`scanlines`).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEPTHS = (1, 2, 4, 8)
_ADLER_BASE = 65521
_ZLIB_HEADER = b"\x78\x01"  # deflate, 32 KB window, "fastest" level; 0x7801 % 31 == 0
_FINAL_BLOCK = b"\x03\x00"  # an empty last block with the fixed codes: BFINAL=1, BTYPE=01, end of block
Z_RLE = 3  # zlib's run-length strategy: flat backgrounds and solid strokes, compressed fast


@dataclass(frozen=True, slots=True)
class Piece:
    """Rows compressed on their own: raw deflate ending on a full flush, their length and Adler-32."""

    data: bytes
    size: int
    adler: int


def pad_pixels(depth: int) -> int:
    """How many index-0 pixels fill one byte on the left of each row: that byte is the filter type 0."""
    return 8 // depth


def compress(rows: bytes, level: int = 1, strategy: int = Z_RLE) -> Piece:
    """Scanlines (filter byte included) as an independent piece of the image's zlib stream."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
    return Piece(packer.compress(rows) + packer.flush(zlib.Z_FULL_FLUSH), len(rows), zlib.adler32(rows))


def compress_apart(chunks: Sequence[bytes], level: int = 1, strategy: int = Z_RLE) -> list[Piece]:
    """Several pieces from one compressor: a full flush after each makes each independent of the others."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15, 8, strategy)
    return [Piece(packer.compress(rows) + packer.flush(zlib.Z_FULL_FLUSH), len(rows), zlib.adler32(rows))
            for rows in chunks]


def adler32_combine(first: int, second: int, second_size: int) -> int:
    """The Adler-32 of A + B from those of A and B (as zlib's adler32_combine): A+B is never read."""
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % _ADLER_BASE
    b = (b1 + b2 + second_size * (a1 - 1)) % _ADLER_BASE
    return (b << 16) | a


def chunk(kind: bytes, data: bytes) -> bytes:
    """One chunk: length, type, data, and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def header(width: int, height: int, depth: int, palette: Sequence[tuple[int, int, int]]) -> bytes:
    """Signature, IHDR and PLTE of a palette image; what every card of one look shares."""
    if depth not in DEPTHS or not 1 <= len(palette) <= 1 << depth:
        raise ValueError(f"{len(palette)} colours do not fit a {depth}-bit palette")
    ihdr = struct.pack(">IIBBBBB", width, height, depth, 3, 0, 0, 0)
    return SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"PLTE", bytes(v for rgb in palette for v in rgb))


def png(head: bytes, pieces: Iterable[Piece]) -> bytes:
    """A whole PNG file: the header, one IDAT of the pieces in order, IEND."""
    adler, parts = 1, [_ZLIB_HEADER]
    for piece in pieces:
        parts.append(piece.data)
        adler = adler32_combine(adler, piece.adler, piece.size)
    parts += (_FINAL_BLOCK, struct.pack(">I", adler))
    return head + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def row_bytes(width: int, depth: int) -> int:
    """Bytes of one scanline: the filter byte and the packed indexes."""
    return 1 + (width * depth + 7) // 8

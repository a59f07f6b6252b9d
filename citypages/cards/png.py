"""A palette PNG written from pieces compressed apart, so the rows every card shares are compressed once.

Raw deflate pieces that end on a full flush start on a byte boundary and refer to nothing before
them: kept and laid end to end, they make one IDAT, whose Adler-32 is combined from theirs.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
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


def compress(rows: bytes) -> Piece:
    """Scanlines (filter bytes included) as an independent piece of the image's zlib stream."""
    return compress_apart([rows])[0]


def compress_apart(chunks: Sequence[bytes]) -> list[Piece]:
    """Several pieces from one compressor: a full flush after each makes each independent of the others."""
    packer = zlib.compressobj(1, zlib.DEFLATED, -15, 8, Z_RLE)
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
    if depth not in (1, 2, 4, 8) or not 1 <= len(palette) <= 1 << depth:
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

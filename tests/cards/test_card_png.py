"""The card PNG writer: pieces compressed apart make one valid PNG that Pillow reads back to the same indexes."""

from __future__ import annotations

import io
import itertools
import random
import zlib

import pytest
from PIL import Image

from citypages.cards import png


def packed_rows(indexes: list[list[int]], depth: int) -> bytes:
    """Scanlines as the PNG specification lays them out: filter byte 0, then the indexes, high bits first."""
    out = bytearray()
    for row in indexes:
        bits = "".join(format(v, f"0{depth}b") for v in row)
        bits += "0" * (-len(bits) % 8)
        out += b"\x00" + int(bits, 2).to_bytes(len(bits) // 8, "big")
    return bytes(out)


def decoded(png: bytes) -> tuple[Image.Image, list[int]]:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image, list(image.get_flattened_data())


@pytest.mark.parametrize("depth", [1, 2, 4, 8])
def test_pieces_compressed_apart_read_back_as_the_same_indexes_at_every_depth(depth):
    rng = random.Random(depth)
    width, height = 37, 23  # a width whose rows end inside a byte at 1, 2 and 4 bits
    indexes = [[rng.choice([0, 0, 0, rng.randrange(1 << depth)]) for _ in range(width)] for _ in range(height)]
    palette = [(i, 255 - i, (7 * i) % 256) for i in range(1 << depth)]
    rows = packed_rows(indexes, depth)
    step = png.row_bytes(width, depth)
    assert len(rows) == step * height
    cuts = [0, 5 * step, 6 * step, 6 * step, 17 * step, height * step]  # an empty piece too
    pieces = [png.compress(rows[a:b]) for a, b in itertools.pairwise(cuts)]
    made = png.png(png.header(width, height, depth, palette), pieces)
    image, got = decoded(made)
    assert image.format == "PNG" and image.mode == "P" and image.size == (width, height)
    assert image.getpalette()[:3 * len(palette)] == [v for rgb in palette for v in rgb]
    assert got == [v for row in indexes for v in row]
    assert zlib.decompress(made[made.index(b"IDAT") + 4:made.index(b"IEND") - 8]) == rows  # the Adler-32 checks out


def test_a_piece_kept_from_before_serves_any_later_image():
    blank = png.compress(bytes(png.row_bytes(8, 4) * 3))
    head = png.header(8, 4, 4, [(0, 0, 0)] * 16)
    for last in (b"\x00\x12\x34\x56\x78", b"\x00\xff\xff\xff\xff"):
        _, got = decoded(png.png(head, [blank, png.compress(last)]))
        assert got[:24] == [0] * 24 and got[24:] == [int(c, 16) for c in last[1:].hex()]


def test_adler32_combines_as_if_the_bytes_were_read_in_one_go():
    rng = random.Random(3)
    for _ in range(200):
        a, b = rng.randbytes(rng.randrange(0, 9000)), rng.randbytes(rng.randrange(0, 70000))
        assert png.adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)


def test_the_palette_must_fit_the_depth():
    with pytest.raises(ValueError, match="17 colours do not fit a 4-bit palette"):
        png.header(1, 1, 4, [(0, 0, 0)] * 17)


def test_chunks_carry_their_crc():
    made = png.png(png.header(1, 1, 8, [(1, 2, 3)]), [png.compress(b"\x00\x00")])
    assert made.startswith(png.SIGNATURE)
    at = len(png.SIGNATURE)
    while at < len(made):
        length = int.from_bytes(made[at:at + 4], "big")
        kind, data = made[at + 4:at + 8], made[at + 8:at + 8 + length]
        assert int.from_bytes(made[at + 8 + length:at + 12 + length], "big") == zlib.crc32(kind + data)
        at += 12 + length
    assert at == len(made) and kind == b"IEND"

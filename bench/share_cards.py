"""Benchmark what share cards cost, and whether the card engine's own PNG writer and caches pay.

    python bench/share_cards.py [--cities 10000] [--languages en,es] [--repeat 5] [--workers N]
                                [--variants engine,no-mask-cache,pillow-cached,pillow,off]

One generated site (bench/run.py's generator: the project's theme and content, N cities,
the ZIP lookup off) is built in each variant, the variants run alternately, round after
round, as subprocesses: a full build into an empty output/, then a no-op rebuild. Every
variant but `off` draws the same pixels (checked on a sample of cards after the rounds);
they differ in how:

  engine         the engine as it is: cards/png.py lays compressed bands end to end, the
                 bands cards share and the words' masks are kept per process (cards/raster.py)
  no-mask-cache  the same writer and band cache, every word rasterised afresh
  pillow-cached  the words' masks kept, the card drawn whole and written by Pillow's own
                 Image.save(format="PNG", bits=2, compress_level=1): the same palette, bit
                 depth and zlib level, no shared rows
  pillow         the plain way: each word drawn by ImageDraw.text on one canvas, saved as above
  off            share_cards: false, what the rest of the build costs

Prints the median wall and CPU times (user + system of the build and its workers, which a
busy machine inflates far less than the wall time) and each variant's ratio to `engine`.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # bench/run.py: the site generator and the measuring launcher

VARIANTS = ("engine", "no-mask-cache", "pillow-cached", "pillow", "off")
CHECKED = 200
"""Cards per variant whose pixels are compared with the engine's."""


def pillow_card(marks, background: str, ink_colour: str, cached: bool) -> bytes:
    """A card drawn whole on one canvas and written by Pillow's PNG plugin, with the engine's palette and depth."""
    from PIL import Image, ImageDraw

    from citypages.cards import raster

    canvas = Image.new("L", (raster.WIDTH, raster.HEIGHT), 0)
    pen = ImageDraw.Draw(canvas)
    for mark in marks:
        level = raster.ink(mark.shade)
        if isinstance(mark, raster.Bar):
            pen.rectangle(mark.box, fill=level)
        elif cached:
            for mask, x, y in raster.placed(mark)[2]:
                pen.bitmap((x, y), mask, fill=level)
        else:
            face = raster.font(mark.font, mark.size)
            for text, x in raster.runs(mark):
                pen.text((x, mark.y), text, fill=level, font=face)
    canvas.putpalette([v for rgb in raster.palette(background, ink_colour) for v in rgb])
    out = io.BytesIO()
    canvas.save(out, format="PNG", bits=raster.DEPTH, compress_level=1)
    return out.getvalue()


def build_as(variant: str, argv: list[str]) -> int:
    """Run the engine's CLI with the card drawing of `variant` (set before the build forks its workers)."""
    from citypages import cli
    from citypages.cards import raster

    if variant == "no-mask-cache":
        raster.DRAWN_BEFORE_KEPT = 1 << 62  # no run is ever kept
        raster.placed = raster.placed.__wrapped__  # nor a line's masks
    elif variant in ("pillow-cached", "pillow"):
        raster.card = lambda marks, bg, ink: pillow_card(marks, bg, ink, cached=variant == "pillow-cached")
    return cli.main(argv)


def site_variant(base: Path, dest: Path, cards: bool) -> Path:
    shutil.copytree(base, dest)
    text = (dest / "site.yaml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith(("zip_lookup:", "share_cards:")))
    (dest / "site.yaml").write_text(text + f"\nzip_lookup: false\nshare_cards: {'true' if cards else 'false'}\n",
                                    encoding="utf-8")
    return dest


def same_pixels(outputs: dict[str, Path]) -> dict[str, tuple[int, int]]:
    """For each variant, (cards compared, cards whose pixels differ from the engine's) on a sample of cards."""
    from PIL import Image

    cards = sorted(p.relative_to(outputs["engine"]) for p in outputs["engine"].rglob("card.png"))
    sample = random.Random(1).sample(cards, min(CHECKED, len(cards)))
    out = {}
    for variant, output in outputs.items():
        differ = sum(Image.open(outputs["engine"] / card).tobytes() != Image.open(output / card).tobytes()
                     for card in sample)
        out[variant] = (len(sample), differ)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--build-as"]:
        return build_as(argv[1], argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, default=10000)
    ap.add_argument("--languages", default="en,es")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    args = ap.parse_args(argv)
    variants = ["engine", *(v for v in args.variants.split(",") if v != "engine")]
    if unknown := set(variants) - set(VARIANTS):
        ap.error(f"unknown variants {sorted(unknown)}; known: {', '.join(VARIANTS)}")
    workers = ["--workers", str(args.workers)] if args.workers else []
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as tmp:
        base = bench.make_site(Path(tmp) / "base", args.cities, args.languages.split(","))
        sites = {v: site_variant(base, Path(tmp) / v, v != "off") for v in variants}
        runs: dict[str, list[tuple[float, float, float, float]]] = {v: [] for v in variants}
        for _ in range(args.repeat):
            for variant, site in sites.items():
                shutil.rmtree(site / "output", ignore_errors=True)
                build = [sys.executable, __file__, "--build-as", variant, "-C", str(site), "build", "--quiet",
                         *workers]
                full_wall, full_cpu, _ = bench.run(build)
                noop_wall, noop_cpu, _ = bench.run(build)
                runs[variant].append((full_wall, full_cpu, noop_wall, noop_cpu))
        checked = same_pixels({v: sites[v] / "output" for v in variants if v != "off"})
    med = {v: [statistics.median(column) for column in zip(*runs[v], strict=True)] for v in variants}
    print(f"{args.cities} cities in {args.languages}, {args.repeat} alternating rounds, medians")
    print(f"| {'variant':<14} | full s | full CPU s | no-op s | full / engine | full CPU / engine | same pixels |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for v in variants:
        full, cpu, noop, _ = med[v]
        pixels = "-" if v == "off" else f"{checked[v][0] - checked[v][1]} of {checked[v][0]}"
        print(f"| {v:<14} | {full:.2f} | {cpu:.2f} | {noop:.2f} | {full / med['engine'][0]:.2f} "
              f"| {cpu / med['engine'][1]:.2f} | {pixels} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

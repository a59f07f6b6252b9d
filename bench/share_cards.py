"""Benchmark what share cards cost: full builds and no-op rebuilds with cards and without.

    python bench/share_cards.py [--cities 10000] [--languages en,es] [--repeat 3] [--workers N]

For each size, one generated site (bench/run.py's generator: the project's theme and
content, N cities) is built with `share_cards: true` and with `share_cards: false` (the ZIP
lookup off in both, so only the cards differ). The two are run alternately, round after
round, as subprocesses: a full build into an empty output/, then a no-op rebuild. Prints
the median wall times, the median CPU times (user + system of the build and its workers,
which a busy machine inflates far less than the wall time) and the ratios; the targets are
at most +30% for a full build at 10,000 cities and nothing measurable for a no-op rebuild.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # bench/run.py: the site generator and the measuring launcher


def site_variant(base: Path, dest: Path, cards: bool) -> Path:
    shutil.copytree(base, dest)
    text = (dest / "site.yaml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith(("zip_lookup:", "share_cards:")))
    (dest / "site.yaml").write_text(text + f"\nzip_lookup: false\nshare_cards: {'true' if cards else 'false'}\n",
                                    encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cities", type=int, nargs="+", default=[10000])
    ap.add_argument("--languages", default="en,es")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args(argv)
    languages = args.languages.split(",")
    workers = ["--workers", str(args.workers)] if args.workers else []
    print(f"{'cities':>7} {'cards':>6} {'full s':>8} {'full CPU':>9} {'no-op s':>8} {'no-op CPU':>10}")
    with tempfile.TemporaryDirectory(prefix="bench-cards-") as tmp:
        for n in args.cities:
            base = bench.make_site(Path(tmp) / f"base-{n}", n, languages)
            sites = {cards: site_variant(base, Path(tmp) / f"{n}-{cards}", cards) for cards in (True, False)}
            runs: dict[bool, list[tuple[float, float, float, float]]] = {True: [], False: []}
            for _ in range(args.repeat):
                for cards, site in sites.items():
                    shutil.rmtree(site / "output", ignore_errors=True)
                    build = [*bench.BUILD, "-C", str(site), "build", "--quiet", *workers]
                    full_wall, full_cpu, _ = bench.run(build)
                    noop_wall, noop_cpu, _ = bench.run(build)
                    runs[cards].append((full_wall, full_cpu, noop_wall, noop_cpu))
            med = {k: [statistics.median(column) for column in zip(*runs[k], strict=True)] for k in (True, False)}
            for cards in (True, False):
                print(f"{n:>7} {'on' if cards else 'off':>6} {med[cards][0]:>8.2f} {med[cards][1]:>9.2f}"
                      f" {med[cards][2]:>8.2f} {med[cards][3]:>10.2f}")
            ratio = [on / off for on, off in zip(med[True], med[False], strict=True)]
            print(f"{n:>7} {'ratio':>6} {ratio[0]:>8.2f} {ratio[1]:>9.2f} {ratio[2]:>8.2f} {ratio[3]:>10.2f}"
                  "   (target: full <= 1.30, no-op ~1.00)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

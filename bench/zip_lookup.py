"""Benchmark the ZIP lookup files for the whole US: reading the packaged data, then the files.

    python bench/zip_lookup.py [--cities 30 1000 10000] [--repeat 5]

Each round runs in a fresh subprocess (so the package's data is read cold, as a build does)
and times the two steps of zip_lookup.pages(): loading every US ZIP from the `zipcodes`
package, and finding each ZIP's nearest cities and writing the shards in memory. The
cities are the sample site's (30) or N random places in the lower 48 states. Prints the
medians; the target is at most 2 s for the whole US.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ROUND = r"""
import json, random, sys, time
sys.path.insert(0, sys.argv[1])
from citypages import pipeline
from citypages.zipfinder import zip_lookup
n = int(sys.argv[2])
if n == 0:
    inp, _ = pipeline.load_site(sys.argv[1])
    cities = zip_lookup.city_places(inp.cities)
else:
    rng = random.Random(n)
    cities = [zip_lookup.Place(f"city-{i}", rng.uniform(25, 49), rng.uniform(-124, -67)) for i in range(n)]
t0 = time.perf_counter()
zips = zip_lookup.us_zip_codes()
t1 = time.perf_counter()
files = zip_lookup.shard_pages(zips, cities)
t2 = time.perf_counter()
print(json.dumps({"cities": len(cities), "zips": len(zips), "files": len(files),
                  "largest": max(len(p.content) for p in files), "load": t1 - t0, "shards": t2 - t1}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, nargs="+", default=[0, 1000, 10000],
                        help="city counts; 0 means the sample site's cities")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"{'cities':>7} {'zips':>6} {'files':>5} {'largest':>8} {'load s':>7} {'shards s':>8} {'total s':>7}")
    for n in args.cities:
        runs = [json.loads(subprocess.run([sys.executable, "-c", ROUND, str(ROOT), str(n)], check=True,
                                          capture_output=True, text=True).stdout) for _ in range(args.repeat)]
        load = statistics.median(r["load"] for r in runs)
        shards = statistics.median(r["shards"] for r in runs)
        total = statistics.median(r["load"] + r["shards"] for r in runs)
        r = runs[0]
        print(f"{r['cities']:>7} {r['zips']:>6} {r['files']:>5} {r['largest']:>8} {load:>7.2f} {shards:>8.2f} "
              f"{total:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

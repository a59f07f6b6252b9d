"""What every rebuild pays before it renders anything: the floor under "one city changed".

    python bench/rebuild_floor.py [--cities 10000] [--repeat 5]

A rebuild after one edit loads the site, plans every unit with the key of its inputs and reads
the last manifest to compare them (issue 25 keeps exactly that one way to know what changed).
This builds a generated site once, then times those steps alone, in a fresh Python each
round: importing the engine, `load_site` (cities from the cache), `plan.site` with every
unit's key, and `manifest.read`. It prints the CPU seconds of each (median of the rounds), and
beside them a full build's wall time, so the floor reads as a share of a full build.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import run as bench_run  # bench/run.py, beside this script

STEPS = """
import sys, time
t0 = time.process_time()
from pathlib import Path
from citypages import cli, pipeline
from citypages.plan import plan
from citypages.write import manifest
t1 = time.process_time()
inp, _ = pipeline.load_site(Path(sys.argv[1]), cache_dir=Path(sys.argv[2]))
t2 = time.process_time()
keys = [(u.name, u.key) for u in plan.site(inp, False, kept=Path(sys.argv[2]) / "kept").units]
t3 = time.process_time()
manifest.read(Path(sys.argv[2]), Path(sys.argv[3]).absolute())
t4 = time.process_time()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, len(keys))
"""
NAMES = ("import the engine", "load the site", "plan every unit's key", "read the manifest")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--cities", type=int, default=10000)
    args.add_argument("--repeat", type=int, default=5)
    opts = args.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site = bench_run.make_site(work / "site", opts.cities, ["en"])
        out, cache = work / "out", work / "cache"
        build = [*bench_run.BUILD, "-C", str(site), "build", "--quiet", "--out", str(out), "--cache-dir", str(cache)]
        bench_run.run(build)  # the first build: cards drawn, the cache filled
        rounds, walls, units = [], [], 0
        for _ in range(opts.repeat):
            done = subprocess.run([sys.executable, "-c", STEPS, str(site), str(cache), str(out)], check=True,
                                  capture_output=True, text=True, cwd=bench_run.ROOT)
            *times, units = done.stdout.split()
            rounds.append([float(t) for t in times])
            bench_run.shutil.rmtree(out)
            walls.append(bench_run.run(build)[0])
    full = statistics.median(walls)
    print(f"{opts.cities:,} cities, {units} units; a full build (output deleted, cache kept): {full:.2f} s wall")
    total = 0.0
    for i, name in enumerate(NAMES):
        cpu = statistics.median(r[i] for r in rounds)
        total += cpu
        print(f"  {name:24} {cpu:6.2f} s CPU")
    print(f"  {'before any page renders':24} {total:6.2f} s CPU = {100 * total / full:.1f}% of a full build")


if __name__ == "__main__":
    main()

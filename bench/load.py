"""Benchmark loading cities.yaml alone: seconds and peak memory of a load from empty (no cache).

    python bench/load.py --cities 10000 50000 [--repeat 5] [--workers N] [--against OTHER_CHECKOUT]

Each size gets a generated cities.yaml (bench/run.py's make_site). Each load runs in a fresh
Python (the build's own start is not counted: the clock starts after the imports), so its
peak RSS is its own and its workers' (the largest of them, as bench/run.py measures it).
With --against, the same load by another checkout of City Pages (e.g. an older commit
unpacked with `git archive`) joins the rounds, alternately, and the ratio is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import make_site  # noqa: E402  (bench/run.py, beside this script)

CHILD = """
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from citypages.load import cities_load
from citypages.read import load
from citypages.check import validate
root, workers = Path(sys.argv[2]), int(sys.argv[3]) or None
site, _ = validate.site(load.yaml_file(root / "site.yaml", Path("site.yaml"))[0])
start = time.perf_counter()
loaded = cities_load.cities(root, site, frozenset({"about", "privacy"}), None, workers)
seconds = time.perf_counter() - start
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"seconds": seconds, "cities": len(loaded.cities), "errors": len(loaded.diagnostics),
                  "peak_rss_mb": peak / 1024}))
"""


def load_once(checkout: Path, site: Path, workers: int | None) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(checkout), str(site), str(workers or 0)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the load by {checkout} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities", type=int, nargs="+", default=[10000, 50000])
    ap.add_argument("--repeat", type=int, default=5, help="rounds (the median is shown)")
    ap.add_argument("--workers", type=int, help="worker processes for the parse (default: the build's own choice)")
    ap.add_argument("--against", type=Path, help="another checkout whose load joins the rounds")
    args = ap.parse_args(argv)
    checkouts = {"this": ROOT, **({"against": args.against.resolve()} if args.against else {})}
    print(f"{'cities':>7} {'checkout':<9} {'median s':>9} {'min s':>7} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory(prefix="citypages-load-") as tmp:
        for n in args.cities:
            site = make_site(Path(tmp) / f"site-{n}", n, ["en"])
            runs: dict[str, list[dict]] = {name: [] for name in checkouts}
            for _ in range(args.repeat):
                for name, checkout in checkouts.items():  # alternately, so a busy machine slows both alike
                    runs[name].append(load_once(checkout, site, args.workers))
            medians = {}
            for name, got in runs.items():
                assert all(r["cities"] == n and r["errors"] == 0 for r in got), got
                medians[name] = statistics.median(r["seconds"] for r in got)
                print(f"{n:>7,} {name:<9} {medians[name]:>9.3f} {min(r['seconds'] for r in got):>7.3f} "
                      f"{max(r['peak_rss_mb'] for r in got):>12.1f}")
            if "against" in medians:
                print(f"{'':>7} this / against: {medians['this'] / medians['against']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

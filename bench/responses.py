"""Benchmark the signatures: import of N rows, `responses count` over them, one city's PDF letter.

    python bench/responses.py [--rows 100000] [--signers 10000] [--repeat 3]

The sample site (the project's own files) is copied to a temporary folder; a generic CSV
export of N rows with Unicode names, spread over its cities (a few duplicates, spam and
bad emails among them) is written once. Each round imports it into a fresh store, counts,
and delivers one city holding `--signers` signatures, each timed in-process; the medians
(wall and CPU time: on a shared machine the wall time says more about the neighbours)
are printed and written as JSON (bench/results/ by default). Targets: import of 100,000
rows in at most 10 s, count in at most 1 s, a 10,000-signer letter in at most 10 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citypages import pipeline  # noqa: E402
from citypages.commands import signatures  # noqa: E402
from citypages.responses import importer  # noqa: E402
from citypages.responses.store import Store  # noqa: E402

FIRST = ["Ana", "José", "María", "Łucja", "Zoë", "Renée", "Björn", "Siobhán", "Thảo", "Ayşe", "Jiří", "Olu"]
LAST = ["Ruiz", "Núñez", "Żółć", "Øvergård", "Dvořák", "Ó Súilleabháin", "Đặng", "Çelik", "Šťastný", "Haddad"]


def write_export(path: Path, rows: int, cities: list[str], heavy: str, signers: int, rng: random.Random) -> None:
    """A generic CSV: `signers` rows for the city `heavy`, the rest spread over the others."""
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["submitted_at", "name", "email", "zip", "comment", "opt_in", "city", "language", "_gotcha"])
        start = dt.datetime(2026, 9, 1)
        for i in range(rows):
            city = heavy if i < signers else rng.choice(cities)
            email = f"person{i}@example.org" if rng.random() > 0.01 else "not-an-email"
            if rng.random() < 0.01:
                email = f"person{max(0, i - 1)}@example.org"  # a duplicate
            out.writerow([(start + dt.timedelta(seconds=i * 37)).isoformat(), f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                          email, f"{rng.randrange(10000, 99999)}", "Thank you." if i % 5 == 0 else "",
                          "yes" if i % 3 == 0 else "", city, "en", "x" if rng.random() < 0.005 else ""])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--signers", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="citypages-responses-bench-"))
    try:
        site = work / "site"
        site.mkdir()
        for name in ("site.yaml", "cities.yaml", "content", "theme"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, site / name)
        inp, diags = pipeline.load_site(site)
        assert inp is not None, [d.as_text() for d in diags]
        slugs = [c.slug for c in inp.cities]
        heavy = slugs[0]
        export = work / "export.csv"
        write_export(export, args.rows, slugs, heavy, args.signers, random.Random(7))
        known, _ = signatures.known_from_site(site)
        assert known is not None
        times: dict[str, list[float]] = {"import": [], "count": [], "deliver": []}
        cpu: dict[str, list[float]] = {"import": [], "count": [], "deliver": []}
        for round_ in range(args.repeat):
            store_path = work / f"store{round_}.sqlite3"
            with Store.open(store_path) as store:
                t, c = time.perf_counter(), time.process_time()
                result = importer.import_file(store, export, export, known, "generic")
                times["import"].append(time.perf_counter() - t)
                cpu["import"].append(time.process_time() - c)
                t, c = time.perf_counter(), time.process_time()
                signatures.write_counts(site, store)
                times["count"].append(time.perf_counter() - t)
                cpu["count"].append(time.process_time() - c)
                t, c = time.perf_counter(), time.process_time()
                done = signatures.deliver_letters(site, store, work / f"deliveries{round_}", None, heavy,
                                                dt.date(2026, 12, 1), "2026-12-01T00:00:00Z")
                times["deliver"].append(time.perf_counter() - t)
                cpu["deliver"].append(time.process_time() - c)
                assert done.files, [d.as_text() for d in done.diagnostics]
        medians = {k: statistics.median(v) for k, v in times.items()}
        cpu_medians = {k: statistics.median(v) for k, v in cpu.items()}
        pdf = done.files[0]
        report = {"rows": args.rows, "signers": done.signers, "outcomes": dict(result.outcomes),
                  "median_seconds": medians, "median_cpu_seconds": cpu_medians,
                  "all_seconds": times, "pdf_bytes": pdf.stat().st_size,
                  "repeat": args.repeat, "python": sys.version.split()[0]}
        print(f"{args.rows} rows: {dict(result.outcomes)}")
        print(f"import   median {medians['import']:.2f} s wall, {cpu_medians['import']:.2f} s CPU  (target 10 s)")
        print(f"count    median {medians['count']:.3f} s wall, {cpu_medians['count']:.3f} s CPU  (target 1 s)")
        print(f"deliver  median {medians['deliver']:.2f} s wall, {cpu_medians['deliver']:.2f} s CPU for "
              f"{done.signers} signers, {pdf.stat().st_size // 1024} KiB (target 10 s)")
        args.results.mkdir(parents=True, exist_ok=True)
        (args.results / "responses.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

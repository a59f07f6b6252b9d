"""Two versions of the engine on the same generated site: is a change faster or slower?

    git worktree add /tmp/before HEAD~3      # or any other checkout of the project
    python bench/compare.py /tmp/before [--after DIR] --cities 10000 [--languages en,es] [--repeat 5] [--pages-only]
                            [--case full|template|one|noop-loaded]

Both builds read the same site folder (the measured version's theme and content, N generated cities)
and run alternately round after round so a noisy machine slows both alike. Prints the median
wall and CPU time of each and the ratio after/before. --pages-only turns share cards and the
ZIP lookup off, as the "pages only (= hugo)" row of run.py does, so the ratio is that of
rendering and writing the pages.

--case says which build is timed: `full` (the default) builds from empty; the others rebuild
each checkout's own output folder (built once first, not timed) after an edit to the shared
site: `template` adds a comment to base.html, `one` renames one mayor, `noop-loaded` changes
nothing and removes the no-op stamp, so the site is loaded and every unit's key compared.
Before each timed build the last build's deleter is waited for and the disk is synced.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench_run  # bench/ is a folder of scripts, not a package
from run import ROOT, make_site, run

EDITS: dict[str, Callable[[Path, Path, int], None]] = {
    "template": lambda site, out, n: bench_run.change_template(site, n),
    "one": lambda site, out, n: bench_run.change_one_mayor(site, n),
    "noop-loaded": lambda site, out, n: [p.unlink() for p in (*out.glob(".citypages/unchanged.json"),
                                                              *out.parent.glob(f"cache-{out.name}/unchanged.*"))],
}
"""What comes before each timed rebuild, by case (`n` counts the builds, so every edit is new)."""


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("before", type=Path, help="a checkout of the engine to compare against")
    args.add_argument("--after", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    args.add_argument("--cities", type=int, default=10000)
    args.add_argument("--languages", default="en")
    args.add_argument("--repeat", type=int, default=5)
    args.add_argument("--pages-only", action="store_true", help="share cards and the ZIP lookup off")
    args.add_argument("--case", choices=["full", *EDITS], default="full",
                      help="the build timed: from empty (default), or a rebuild after an edit")
    opts = args.parse_args(argv)
    trees = {"before": opts.before.resolve(), "after": opts.after.resolve()}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="citypages-compare-") as tmp:
        work = Path(tmp)
        bench_run.ROOT = trees["after"]  # the site's theme and content come from the version measured
        site = make_site(work / "site", opts.cities, opts.languages.split(","))
        if opts.pages_only:
            site = bench_run.pages_only(site, work / "site-pages")
        for page in (site / "content" / "pages").glob("privacy*.md"):  # its placeholders differ between versions
            page.unlink()
        def build(tree: Path, out: Path) -> list[str]:
            """A build of the site by one checkout; one that keeps its cache apart keeps it beside `out`."""
            cmd = [sys.executable, str(tree / "build.py"), "-C", str(site), "build", "-q", "--out", str(out)]
            if "--cache-dir" in (tree / "citypages" / "cli.py").read_text(encoding="utf-8"):
                cmd += ["--cache-dir", str(out.parent / f"cache-{out.name}")]
            return cmd

        if opts.case != "full":
            for name, tree in trees.items():
                run(build(tree, work / f"out-{name}"))  # the site each rebuild starts from; not timed
        for round_no in range(opts.repeat):
            for k, (name, tree) in enumerate(trees.items()):
                out = work / f"out-{name}" if opts.case != "full" else work / f"out-{name}-{round_no}"
                if opts.case != "full":
                    EDITS[opts.case](site, out, 2 * round_no + k)
                bench_run._wait_for_deleters(work)
                os.sync()
                wall, cpu, _ = run(build(tree, out))
                times[name].append((wall, cpu))
                if opts.case == "full":  # from nothing: no output, no cache
                    shutil.rmtree(out)
                    shutil.rmtree(out.parent / f"cache-{out.name}", ignore_errors=True)
    medians = {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t))
               for name, t in times.items()}
    kind = {"full": "full builds", "template": "rebuilds after a template edit",
            "one": "rebuilds after one mayor changed", "noop-loaded": "no-op rebuilds, site loaded"}[opts.case]
    kind = f"pages only, {kind}" if opts.pages_only else kind
    print(f"{opts.cities:,} cities, languages {opts.languages}, {opts.repeat} alternating rounds, {kind}")
    for name, (wall, cpu) in medians.items():
        print(f"  {name:<7} wall {wall:7.2f} s   CPU {cpu:7.2f} s")
    print(f"  after/before: wall {medians['after'][0] / medians['before'][0]:.2f}x, "
          f"CPU {medians['after'][1] / medians['before'][1]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

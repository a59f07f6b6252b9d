"""A rebuild with nothing changed answers from the last build's stamp, and only then (unchanged.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from citypages import pipeline
from citypages.base import cache
from citypages.model import host_limits
from citypages.responses import counts
from citypages.write import manifest, unchanged

ROOT = Path(__file__).resolve().parent.parent.parent


def cache_of(site: Path) -> Path:
    """The cache a plain `build` of the site keeps (in the test's own user cache folder)."""
    return cache.default_folder(site, site / "output")
SIGNED = json.dumps({"version": counts.VERSION, "campaigns": {"thanks": {"springfield-il": 3}}})


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The sites each build loaded: a build that answered from its stamp loaded none."""
    seen: list[Path] = []
    real = pipeline.load_site

    def load_site(root: Path, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        seen.append(root)
        return real(root, *args, **kw)

    monkeypatch.setattr(pipeline, "load_site", load_site)
    return seen


def _said(err: str) -> str:
    return err.strip()


def _built(out: str) -> str:
    """The build's line without its time, which differs from run to run."""
    return re.sub(r"in [0-9.]+ s", "in T s", out.strip())


def test_a_build_with_nothing_changed_says_what_a_full_no_op_says_and_loads_nothing(make_site, run_cli, loads):
    site = make_site({"cities.yaml": "- name: Oldtown\n  state: TX\n  mayor:\n    name: Pat Doe\n"
                                     "  last_verified: 2001-01-01\n"})  # a stale entry: one warning to count
    assert run_cli(site, "build").status == 0
    (cache_of(site) / unchanged.STAMP).unlink()
    real = run_cli(site, "build")  # a no-op the long way: load, plan, compare every key
    assert real.status == 0 and "(0 written)" in real.out and "warning" in real.err
    assert len(loads) == 2
    assert (cache_of(site) / unchanged.STAMP).is_file()  # ... which leaves a stamp too
    before = {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")}
    fast = run_cli(site, "build")
    assert len(loads) == 2, "the build loaded the site although nothing had changed"
    assert fast.status == 0
    assert (_built(fast.out), _said(fast.err)) == (_built(real.out), _said(real.err))
    assert {p: p.stat().st_mtime_ns for p in (site / "output").rglob("*")} == before  # nothing written


EDITS = {
    "cities.yaml": lambda site: _append(site / "cities.yaml", "# a comment\n"),
    "site.yaml": lambda site: _append(site / "site.yaml", "# a comment\n"),
    "a campaign": lambda site: _append(site / "content/campaigns/thanks.md", "\nOne more line.\n"),
    "a page": lambda site: _append(site / "content/pages/about.md", "\nOne more line.\n"),
    "a new page": lambda site: (site / "content/pages/faq.md").write_text("---\ntitle: FAQ\n---\nAsk.\n"),
    "a template": lambda site: _append(site / "theme/templates/base.html", "\n"),
    "a stylesheet": lambda site: _append(site / "theme/static/style.css", "\n"),
    "a UI string file": lambda site: _append(site / "theme/i18n/en.yaml", "\n"),
    "signatures": lambda site: (site / "signatures.json").write_text(SIGNED),
    "a removed file": lambda site: (site / "content/pages/about.md").unlink(),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_any_change_to_an_input_makes_the_build_load_the_site(make_site, run_cli, loads, edit):
    site = make_site()
    assert run_cli(site, "build").status == 0
    EDITS[edit](site)
    result = run_cli(site, "build")
    assert len(loads) == 2, f"a change to {edit} was taken for no change"
    assert result.status in (0, 1)  # some edits are mistakes, reported as such: what matters is that it looked


@pytest.mark.parametrize("option", [("--drafts",), ("--base-url", "https://other.example/")])
def test_another_option_makes_the_build_load_the_site(make_site, run_cli, loads, option):
    site = make_site()
    assert run_cli(site, "build").status == 0
    assert run_cli(site, "build", *option).status == 0
    assert len(loads) == 2


def test_another_day_makes_the_build_load_the_site(make_site, loads):
    """check's warnings and a campaign's closing day depend on the date."""
    site = make_site()
    assert pipeline.build_site(site, today=dt.date(2026, 1, 1)).ok
    assert pipeline.build_site(site, today=dt.date(2026, 1, 1)).ok
    assert len(loads) == 1
    assert pipeline.build_site(site, today=dt.date(2026, 1, 2)).ok
    assert len(loads) == 2


def test_a_changed_manifest_makes_the_build_look(make_site, run_cli, loads):
    site = make_site()
    assert run_cli(site, "build").status == 0
    with open(cache_of(site) / manifest.FILE, "ab") as f:
        f.write(b"\n")
    assert run_cli(site, "build").status == 0
    assert len(loads) == 2


def test_a_missing_output_folder_makes_the_build_look(make_site, run_cli, loads):
    site = make_site()
    assert run_cli(site, "build").status == 0
    shutil.rmtree(site / "output")
    assert run_cli(site, "build").status == 0
    assert len(loads) == 2 and (site / "output" / "index.html").is_file()


STAMPS = ["cut short", "changed", "not ours", "another format", "another value"]


@pytest.mark.parametrize("kind", STAMPS)
def test_a_stamp_that_is_not_whole_or_not_ours_is_ignored(make_site, run_cli, loads, kind):
    site = make_site()
    assert run_cli(site, "build").status == 0
    path = cache_of(site) / unchanged.STAMP
    good = path.read_bytes()
    if kind == "another value":
        cache.write(path, {"inputs": "x"})
    else:
        path.write_bytes({"cut short": good[:-3], "changed": good[:-1] + bytes([good[-1] ^ 1]),
                          "not ours": b"\x80\x04K\x01.",
                          "another format": good.replace(b" %d " % cache.FORMAT, b" 9 ", 1)}[kind])
    result = run_cli(site, "build")
    assert result.status == 0 and "(0 written)" in result.out
    assert len(loads) == 2
    assert path.read_bytes() == good  # and leaves a good one again


def test_a_link_among_the_inputs_means_no_key(make_site, tmp_path):
    site = make_site()
    os.symlink(site / "content/pages/about.md", site / "content/pages/about-too.md")  # inside the site: allowed
    assert unchanged.inputs_key(site, (), None) is None


def test_a_file_saved_while_the_site_is_written_leaves_no_stamp(make_site, run_cli, loads, monkeypatch):
    site = make_site()
    real = pipeline.write.site

    def saving_meanwhile(*args, **kw):  # type: ignore[no-untyped-def]
        done = real(*args, **kw)
        _append(site / "cities.yaml", "# saved during the build\n")
        return done

    monkeypatch.setattr(pipeline.write, "site", saving_meanwhile)
    assert run_cli(site, "build").status == 0
    assert not (cache_of(site) / unchanged.STAMP).exists()
    monkeypatch.setattr(pipeline.write, "site", real)
    assert run_cli(site, "build").status == 0
    assert len(loads) == 2


def test_a_failed_build_between_two_good_ones_keeps_the_stamp_true(make_site, run_cli, loads):
    site = make_site()
    assert run_cli(site, "build").status == 0
    cities = site / "cities.yaml"
    good = cities.read_text()
    cities.write_text(good.replace("name:", "nmae:", 1))
    assert run_cli(site, "build").status == 1
    cities.write_text(good)
    result = run_cli(site, "build")
    assert result.status == 0 and "(0 written)" in result.out
    assert len(loads) == 2  # the first build, the failed one; the third answered from the stamp


def test_every_library_requirements_txt_pins_is_in_the_key():
    pinned = {line.split("==")[0].strip().lower() for line in (ROOT / "requirements.txt").read_text().splitlines()
              if "==" in line and not line.lstrip().startswith("#")}
    assert pinned == set(unchanged.LIBRARIES)


def test_every_file_a_build_reads_from_the_site_is_in_the_key(make_site, tmp_path):
    """Run a whole build (one process) under an audit hook: each file it opens in the site is an input."""
    signed = json.dumps({"version": counts.VERSION, "campaigns": {"thank-your-mayor": {"boston-ma": 3}}})
    site = make_site({"signatures.json": signed}, base="sample")  # the sample draws cards and ZIP files
    script = textwrap.dedent("""
        import datetime, os, sys
        from pathlib import Path
        site, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
        opened = set()
        def hook(event, args):
            if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
                opened.add(os.path.abspath(os.fsdecode(args[0])))
        sys.addaudithook(hook)
        from citypages import pipeline
        result = pipeline.build_site(site, out, workers=1, today=datetime.date.today())
        assert result.ok, result.diagnostics
        for path in sorted(opened):
            if path.startswith(str(site) + os.sep) and not path.startswith(str(out)):
                print(Path(path).relative_to(site).as_posix())
    """)
    ran = subprocess.run([sys.executable, "-c", script, str(site), str(tmp_path / "out")], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    read = ran.stdout.split()
    assert "cities.yaml" in read and "signatures.json" in read and any(p.startswith("theme/fonts/") for p in read)
    assert [p for p in read if not p.startswith(tuple(f"{name}/" for name in unchanged.INPUTS))
            and p not in unchanged.INPUTS] == []


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def test_the_files_of_a_build_killed_while_staging_are_removed_by_the_next(make_site, run_cli, loads):
    """A rebuild killed before its renames leaves output/ and its manifest as they were, and its staged files
    beside output/: the next build removes them, and its stamp still tells the truth."""
    site = make_site()
    assert run_cli(site, "build").status == 0
    staged = site / f"{pipeline.write.TEMP_PREFIX}output-1234"
    staged.mkdir()
    (staged / "1234-1").write_bytes(b"half a page")
    assert run_cli(site, "build").status == 0
    assert not staged.exists()


def test_a_build_answered_from_its_stamp_still_warns_of_a_site_too_big_for_its_host(make_site, loads):
    tight = host_limits.Host("GitHub Pages", 20_000)
    site = make_site()
    first = pipeline.build_site(site, today=dt.date(2026, 1, 1), host=tight)
    again = pipeline.build_site(site, today=dt.date(2026, 1, 1), host=tight)
    assert len(loads) == 1
    assert first.size_warning is not None and again.size_warning == first.size_warning
    assert (again.pages, again.cities, again.written, again.unshown_warnings) == \
        (first.pages, first.cities, 0, first.unshown_warnings)
    roomy = pipeline.build_site(site, today=dt.date(2026, 1, 1))  # another host is another option
    assert len(loads) == 2 and roomy.size_warning is None


def test_the_stamp_leaves_no_temp_file_or_folder_behind(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    assert sorted(p.name for p in cache_of(site).iterdir()) == sorted(
        ["cities.pickle", manifest.FILE, unchanged.STAMP, "kept"])
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".output")) == []

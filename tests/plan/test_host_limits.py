"""The site against what its host publishes: build and check warn past 80% of GitHub Pages' 1 GB."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from citypages import pipeline
from citypages.base import hashing
from citypages.model.host_limits import GITHUB_PAGES, Host, SiteSize, shown_bytes, warning_for
from tests.conftest import SITES, CliResult

Run = Callable[..., CliResult]
TIGHT = Host("GitHub Pages", 100_000)
SNUG = Host("GitHub Pages", 90_000)
"""The tiny site publishes about 76 KB: past 80% of this."""
ROOMY = Host("GitHub Pages", 10_000_000)
SIZE_LINE = "a GitHub Pages site may publish"
SPARE = (SITES / "tiny" / "content" / "campaigns" / "thanks.md").read_text(encoding="utf-8")


def published(out: Path) -> SiteSize:
    """What the artifact would hold, measured on disk: every file but the build's own folder."""
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    return SiteSize(len(pages), sum(p.stat().st_size for p in pages), len(files), sum(p.stat().st_size for p in files))


def per_page(size: SiteSize) -> str:
    return f"{size.pages:,} pages of {shown_bytes(size.page_bytes // size.pages)} on average"


def size_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if SIZE_LINE in line]


# --- the warning itself ---------------------------------------------------------------------

def test_no_warning_up_to_80_percent_then_one_naming_pages_average_and_the_way_out() -> None:
    assert warning_for(SiteSize(1000, 400_000_000, 3000, 800_000_000), Path("output")) is None
    found = warning_for(SiteSize(40_000, 452_000_000, 61_000, 850_000_000), Path("output"))
    assert found is not None and not found.is_error
    assert found.as_text() == (
        "output: warning: the site is 850 MB, 85% of the 1 GB a GitHub Pages site may publish; 40,000 pages of "
        "11.3 KB on average, 21.2 KB a page with the share cards and other files. Publish fewer cities or "
        "languages per site, split it into several sites, or move it to object storage behind a CDN: see "
        "docs/performance.md#outgrowing-github-pages")


def test_past_the_limit_the_warning_says_the_deploy_may_fail() -> None:
    found = warning_for(SiteSize(40_007, 452_261_232, 60_949, 1_239_086_298), Path("output"))
    assert found is not None and not found.is_error
    assert found.message.startswith("the site is 1.2 GB, more than the 1 GB a GitHub Pages site may publish: "
                                    "the deploy may fail; 40,007 pages of 11.3 KB on average")


def test_an_estimate_says_it_is_one_and_how_it_was_made() -> None:
    found = warning_for(SiteSize(10, 50_000, 20, 90_000), Path("cities.yaml"), TIGHT, "an estimate from X")
    assert found is not None
    assert found.message.startswith("the site would be about 90 KB (an estimate from X), 90% of the 100 KB")


def test_the_threshold_is_the_hosts_share() -> None:
    size = SiteSize(10, 50_000, 20, 70_000)
    assert warning_for(size, Path("output"), TIGHT) is None
    assert warning_for(size, Path("output"), Host("GitHub Pages", 100_000, warn_share=0.5)) is not None
    assert GITHUB_PAGES.limit == 1_000_000_000 and GITHUB_PAGES.warn_share == 0.8


@pytest.mark.parametrize(("n", "shown"), [(999, "999 bytes"), (1_500, "1.5 KB"), (21_180, "21.2 KB"),
                                          (850_000_000, "850 MB"), (10**9, "1 GB"), (1_239_086_298, "1.2 GB")])
def test_sizes_are_shown_in_decimal_units_as_the_host_states_its_limit(n: int, shown: str) -> None:
    assert shown_bytes(n) == shown


def test_the_manifest_records_each_files_length_and_reads_no_other_number_as_one() -> None:
    entry = hashing.file_digest(b"12345")
    assert entry == f"{hashing.digest(b'12345')}:5" and hashing.file_size(entry) == 5
    for not_a_size in ("0" * 32, "abc:", "abc:-1", "abc:1e3", "abc:\u0663"):  # the last, an Arabic-Indic 3
        assert hashing.file_size(not_a_size) == 0


# --- build ----------------------------------------------------------------------------------

def test_build_measures_what_it_publishes_and_a_rebuild_still_does(make_site: Callable[..., Path]) -> None:
    site = make_site()
    first = pipeline.build_site(site, host=SNUG)
    on_disk = published(site / "output")
    assert first.ok and first.pages == on_disk.pages == 8
    assert first.size_warning in first.diagnostics
    assert first.size_warning.message.startswith(f"the site is {shown_bytes(on_disk.total)}, ")
    assert per_page(on_disk) in first.size_warning.message
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("name: Pat Doe", "name: Patricia Doe-Longername"))
    again = pipeline.build_site(site, host=SNUG)
    assert 0 < again.written < on_disk.files  # incremental: the unchanged files' lengths come from the manifest
    on_disk = published(site / "output")
    assert again.size_warning is not None
    assert again.size_warning.message.startswith(f"the site is {shown_bytes(on_disk.total)}, ")
    assert pipeline.build_site(site, host=ROOMY).size_warning is None


@pytest.mark.parametrize("quiet", [[], ["--quiet"]])
def test_build_prints_the_size_warning_and_still_succeeds(make_site: Callable[..., Path], run_cli: Run,
                                                          monkeypatch: pytest.MonkeyPatch, quiet: list[str]) -> None:
    site = make_site({"content/campaigns/spare.md": SPARE})  # one warning a build only counts
    roomy = run_cli(site, "build", *quiet)
    assert roomy.status == 0 and size_lines(roomy.err) == []
    assert roomy.err.splitlines()[-1] == "1 warning (run check to see them)"
    monkeypatch.setattr(pipeline, "build_site", functools.partial(pipeline.build_site, host=SNUG))
    tight = run_cli(site, "build", *quiet)
    assert tight.status == 0, tight.err
    [line] = size_lines(tight.err)
    assert line.startswith("output: warning: the site is ") and per_page(published(site / "output")) in line
    assert tight.err.splitlines()[-1] == "1 more warning (run check to see them)"  # the size one was shown


# --- check ----------------------------------------------------------------------------------

def test_check_warns_with_an_estimate_before_any_build_and_from_the_last_one_after(
        make_site: Callable[..., Path], run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site()
    assert size_lines(run_cli(site, "check").err) == []  # GitHub Pages' own 1 GB: far off
    check = pipeline.check_site
    monkeypatch.setattr(pipeline, "check_site", functools.partial(check, host=SNUG))
    before = run_cli(site, "check")
    assert before.status == 0 and before.out.startswith("Check passed")
    [line] = size_lines(before.err)
    assert line.startswith("cities.yaml: warning: the site would be about ")
    assert "(an estimate from the pages check rendered and 2 share cards it drew)" in line
    assert not (site / "output").exists()  # check writes nothing
    assert run_cli(site, "build").status == 0
    built = published(site / "output")
    [line] = size_lines(run_cli(site, "check").err)
    assert "(an estimate from the pages check rendered and the share cards of the last build)" in line
    assert per_page(built) in line  # the draft city's pages, which check renders too, are not counted
    estimate = float(re.search(r"would be about ([\d.]+) KB", line).group(1)) * 1000
    assert abs(estimate - built.total) / built.total < 0.02, (estimate, built.total)
    monkeypatch.setattr(pipeline, "check_site", functools.partial(check, host=ROOMY))
    assert size_lines(run_cli(site, "check").err) == []


def test_check_says_when_it_leaves_the_zip_lookup_out_and_counts_the_last_builds(
        make_site: Callable[..., Path]) -> None:
    site = make_site()
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "country: US\nzip_lookup: true\n")
    [before] = [d for d in pipeline.check_site(site, host=SNUG) if SIZE_LINE in d.message]
    assert "; not counting the ZIP lookup files, a few MB)" in before.message
    built = pipeline.build_site(site, host=Host("GitHub Pages", 10**12))
    assert built.ok and any(p.name.endswith(".json") for p in (site / "output" / "zip").iterdir())
    [after] = [d for d in pipeline.check_site(site, host=SNUG) if SIZE_LINE in d.message]
    assert "the share cards of the last build and the ZIP lookup files of the last build)" in after.message
    assert f"about {shown_bytes(published(site / 'output').total)} " in after.message

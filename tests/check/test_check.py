"""`check`: every kind of mistake, in text and as GitHub annotations; stale entries warn; exit statuses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from citypages.lint.advice import stale
from citypages.model.site import City, Mayor
from tests.conftest import ROOT, SITES, CliResult

Run = Callable[..., CliResult]
TINY = SITES / "tiny"
CITIES = (TINY / "cities.yaml").read_text(encoding="utf-8")
SITE = (TINY / "site.yaml").read_text(encoding="utf-8")
COPY = (TINY / "content" / "campaigns" / "thanks.md").read_text(encoding="utf-8")
CITY_TEMPLATE = (ROOT / "theme" / "templates" / "city.html").read_text(encoding="utf-8")


def _verified(date: str, stale_after_days: int | None = None) -> dict[str, str]:
    """Springfield's last_verified (line 9) set to `date`; the tiny site's stale_after_days replaced."""
    files = {"cities.yaml": CITIES.replace("last_verified: 2026-11-01", f"last_verified: {date}", 1)}
    if stale_after_days is not None:
        files["site.yaml"] = re.sub(r"(?m)^stale_after_days: .*$", f"stale_after_days: {stale_after_days}", SITE)
    return files


def _after_state(extra: str) -> dict[str, str]:
    """Springfield's entry (lines 2-6) with `extra` added after its `state:` line (line 3)."""
    return {"cities.yaml": CITIES.replace("  state: IL\n", f"  state: IL\n{extra}", 1)}


# (files to change, file, line, col, a part of the message that must be there)
KINDS = {
    "yaml syntax": (_after_state("  population: [1\n"), "cities.yaml", 4, 15, "'[' is opened here but never closed"),
    "tab indentation": ({"cities.yaml": CITIES.replace("  state: IL", "\tstate: IL", 1)},
                        "cities.yaml", 3, 1, "tab character"),
    "not UTF-8": ({"cities.yaml": CITIES.replace("Pat Doe", "Pat \udcff Doe").encode("utf-8", "surrogateescape")},
                  "cities.yaml", 5, 15, "not UTF-8"),
    "not a list": ({"cities.yaml": "name: Springfield\n"}, "cities.yaml", 1, 1, "must be a list of cities"),
    "duplicate key": (_after_state("  state: IL\n"), "cities.yaml", 4, 3, "duplicate key 'state'"),
    "unknown key": (_after_state("  popultion: 5\n"), "cities.yaml", 4, 3, "did you mean 'population'?"),
    "missing key": ({"cities.yaml": CITIES.replace("  mayor:\n    name: Pat Doe\n", "", 1)},
                    "cities.yaml", 2, 3, "missing required key 'mayor'"),
    "wrong type": (_after_state("  population: many\n"), "cities.yaml", 4, 15, "expected a whole number"),
    "bad slug": (_after_state("  slug: Spring Field\n"), "cities.yaml", 4, 9, "slug: 'Spring Field'"),
    "reserved slug": (_after_state("  slug: about\n"), "cities.yaml", 4, 9, "reserved"),
    "duplicate slug": ({"cities.yaml": CITIES + "- name: Springfield\n  state: IL\n  mayor: {name: X}\n"},
                       "cities.yaml", CITIES.count("\n") + 1, 3,
                       "duplicate slug 'springfield-il' (also used by the city on line 2)"),
    "not a date": (_verified("2025-13-01"), "cities.yaml", 9, 18, "not a real date"),
    "not an address": ({"cities.yaml": CITIES.replace("https://example.org/policy", "example.org/policy", 1)},
                       "cities.yaml", 17, 10, "must start with https:// or http://"),
    "missing campaign": (_after_state("  campaign: nope\n"), "cities.yaml", 4, 3,
                         "expected the file content/campaigns/nope.md"),
    "unknown placeholder": ({"content/campaigns/thanks.md": COPY.replace("{{ city.name }}", "{{ city.nme }}", 1)},
                            "content/campaigns/thanks.md", 3, 45, "'{{ city.nme }}' names no field"),
    "unknown form provider": ({"site.yaml": SITE.replace("provider: formspree", "provider: formspre")},
                              "site.yaml", 9, 3, "did you mean 'formspree'?"),
    "bad stale_after_days": (_verified("2026-11-01", 0), "site.yaml", 12, 19,
                             "stale_after_days: 0 is out of range"),
    "template error": ({"theme/templates/city.html": CITY_TEMPLATE.replace("{% endblock %}", "{% endblok %}", 1)},
                       "theme/templates/city.html", CITY_TEMPLATE.split("{% endblock %}")[0].count("\n") + 1, 1,
                       "unknown tag 'endblok'"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_mistake_in_text_and_github_format(kind: str, make_site: Callable[..., Path],
                                                         run_cli: Run) -> None:
    files, path, line, col, part = KINDS[kind]
    site = make_site(files)

    text = run_cli(site, "check")
    assert text.status == 1
    assert len(text.errors) == 1, text.err
    assert text.errors[0].startswith(f"{path}:{line}:{col}: error: "), text.errors
    assert part in text.errors[0]
    assert text.err.splitlines()[-1] == "Check failed: 1 error."
    assert text.out == ""

    github = run_cli(site, "check", "--format", "github")
    assert github.status == 1
    message = text.errors[0].split(": error: ", 1)[1]
    assert github.out.splitlines() == [f"::error file={path},line={line},col={col}::{message}"]
    assert not (site / "output").exists()  # check writes nothing


def test_a_clean_site_passes_with_status_0(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site()
    assert run_cli(site, "check").status == 0
    github = run_cli(site, "check", "--format", "github")
    assert (github.status, github.out, github.err) == (0, "", "")


def test_stale_entries_warn_but_pass(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site(_verified("2001-01-01", 180))
    text = run_cli(site, "check")
    assert text.status == 0
    assert text.errors == []
    warning = [x for x in text.err.splitlines() if ": warning: " in x]
    assert len(warning) == 1
    assert warning[0].startswith("cities.yaml:2:1: warning: Springfield: last_verified 2001-01-01")
    assert "stale_after_days: 180" in warning[0]
    assert text.out.strip() == "Check passed: 1 warning."
    github = run_cli(site, "check", "--format", "github")
    assert github.status == 0
    assert github.out.startswith("::warning file=cities.yaml,line=2,col=1::Springfield: last_verified 2001-01-01")


def test_stale_after_days_comes_from_site_yaml(make_site: Callable[..., Path], run_cli: Run) -> None:
    recent = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    site = make_site(_verified(recent, 5))
    result = run_cli(site, "check")
    assert result.status == 0 and "is 10 days old (more than stale_after_days: 5" in result.err
    assert run_cli(make_site(_verified(recent, 180)), "check").err == ""


def test_stale_warnings_compare_with_the_given_day() -> None:
    def city(name: str, verified: dt.date | None) -> City:
        return City(name, "ST", name.lower(), Mayor("M"), "thanks", last_verified=verified, line=7)

    today = dt.date(2026, 11, 27)
    cities = [city("Old", dt.date(2026, 5, 30)), city("Edge", dt.date(2026, 5, 31)), city("Never", None)]
    warnings = list(stale(cities, today))
    assert [(w.line, w.severity) for w in warnings] == [(7, "warning")]
    assert warnings[0].message.startswith("Old: last_verified 2026-05-30 is 181 days old")
    assert list(stale(cities, today, stale_after_days=365)) == []


def test_usage_mistakes_exit_2(make_site: Callable[..., Path], run_cli: Run, tmp_path: Path) -> None:
    assert run_cli(make_site(), "check", "--format", "json").status == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(empty, "check")
    assert result.status == 2 and "holds no site.yaml or cities.yaml" in result.err


def test_a_bad_base_url_option_is_an_error(make_site: Callable[..., Path], run_cli: Run) -> None:
    result = run_cli(make_site(), "check", "--base-url", "example.org")
    assert result.status == 1
    assert result.errors == ["--base-url: error: 'example.org' is not an http(s) address"]


def test_a_missing_campaign_is_reported_at_its_cities_campaign_key(make_site: Callable[..., Path],
                                                                    run_cli: Run) -> None:
    cities = ("- name: Springfield\n  state: IL\n  mayor:\n    name: Pat Doe\n"
              "- name: Shelbyville\n  state: IL\n  mayor: {name: Lee Roe}\n  goal: 10\n    # a comment\n"
              "  campaign:   autumn-drive\n")
    result = run_cli(make_site({"cities.yaml": cities}), "check")
    assert result.status == 1
    assert ("cities.yaml:10:3: error: campaign 'autumn-drive' not found: expected the file "
            "content/campaigns/autumn-drive.md") in result.err

"""`new-city` appends a well-formed entry, keeps comments and layout, and refuses bad ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from citypages.commands import newcity
from tests.conftest import CliResult

Run = Callable[..., CliResult]


def test_adds_an_entry_in_its_state_that_loads_and_keeps_comments(make_site: Callable[..., Path],
                                                                   run_cli: Run) -> None:
    site = make_site()
    cities = site / "cities.yaml"
    before = cities.read_text(encoding="utf-8") + "# the last comment\n"
    cities.write_text(before, encoding="utf-8")

    result = run_cli(site, "new-city", "Oakland", "--state", "CA", "--mayor", "Barbara Lee", "--no-lookup")

    assert result.status == 0, result.err
    after = cities.read_text(encoding="utf-8")
    head, tail = before.split("- name: San José\n")
    entry = '- name: "Oakland"\n  state: "CA"\n  mayor:\n    name: "Barbara Lee"\n'
    assert after == head + entry + "- name: San José\n" + tail  # before San José, every other line unchanged
    assert yaml.safe_load(after)[1] == {"name": "Oakland", "state": "CA", "mayor": {"name": "Barbara Lee"}}
    line = head.count("\n") + 1
    assert f"cities.yaml at line {line}" in result.out
    assert "/repo/oakland-ca/ (output/oakland-ca/index.html)" in result.out
    assert f"cities.yaml:{line}:1: warning: Oakland: the entry has no policy:" in result.err
    assert run_cli(site, "build", "--quiet").status == 0
    assert (site / "output" / "oakland-ca" / "index.html").is_file()


@pytest.mark.parametrize("name", ['Oak: "land" #1', "yes", "- [x]", "O'Hare\\n", "Łódź\u2028x", "@home"])
def test_values_that_mean_something_in_yaml_stay_plain_text(name: str, make_site: Callable[..., Path],
                                                            run_cli: Run) -> None:
    site = make_site()
    result = run_cli(site, "new-city", name, "--state", "TX", "--mayor", "Ana: #1", "--mayor-title", "true")
    assert result.status == 0, result.err
    entry = yaml.safe_load((site / "cities.yaml").read_text(encoding="utf-8"))[-1]
    assert entry == {"name": name, "state": "TX", "mayor": {"name": "Ana: #1", "title": "true"}}


def test_keeps_the_lists_indentation_and_adds_draft_and_slug(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site({"cities.yaml": "# cities\n  - name: A\n    state: IL\n    mayor: {name: C}"})  # no final newline
    result = run_cli(site, "new-city", "Gary", "--state", "IN", "--mayor", "Eddie Melton", "--slug", "gary",
                     "--draft", "--no-lookup")
    assert result.status == 0, result.err
    text = (site / "cities.yaml").read_text(encoding="utf-8")
    assert text.endswith('  - name: "Gary"\n    state: "IN"\n    slug: "gary"\n    mayor:\n'
                         '      name: "Eddie Melton"\n    draft: true\n')
    assert "(a draft: shown by serve, not published)" in result.out
    assert "/repo/gary/" in result.out


@pytest.mark.parametrize("name", ["San José", "San Jose", "san josé"])
def test_a_city_already_there_is_named_with_its_line(name: str, make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site()
    before = (site / "cities.yaml").read_bytes()
    result = run_cli(site, "new-city", name, "--state", "CA", "--mayor", "Someone")
    assert result.status == 1
    line = before.decode().split("\n").index("- name: San José") + 1
    assert result.errors == [f"cities.yaml:{line}:1: error: San José, CA is already at line {line}; "
                             "use --slug for a different place"]
    assert "Nothing was added" in result.err
    assert (site / "cities.yaml").read_bytes() == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".cities")] == []  # no temp file left
    other = run_cli(site, "new-city", name, "--state", "CA", "--mayor", "Someone", "--slug", "san-jose-2")
    assert other.status == 0, other.err


def test_refuses_an_invalid_value_and_a_broken_file(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site()
    result = run_cli(site, "new-city", "Gary", "--state", "IN", "--mayor", "X", "--slug", "Not A Slug")
    assert result.status == 1 and "slug" in result.errors[0]

    broken = make_site({"cities.yaml": "- name: A\n  state: [B\n"})
    before = (broken / "cities.yaml").read_bytes()
    result = run_cli(broken, "new-city", "Gary", "--state", "IN", "--mayor", "X")
    assert result.status == 1 and result.errors[0].startswith("cities.yaml:")
    assert (broken / "cities.yaml").read_bytes() == before


def test_a_flow_style_list_is_refused_not_mangled(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site({"cities.yaml": "[{name: A, state: B, mayor: {name: C}}]\n"})
    result = run_cli(site, "new-city", "Gary", "--state", "IN", "--mayor", "X")
    assert result.status == 1
    assert (site / "cities.yaml").read_text(encoding="utf-8") == "[{name: A, state: B, mayor: {name: C}}]\n"


def test_entry_text_is_plain_data() -> None:
    new = newcity.NewCity("San José", "CA", "Matt Mahan")
    assert newcity.entry_text(new) == '- name: "San José"\n  state: "CA"\n  mayor:\n    name: "Matt Mahan"\n'
    assert newcity.appended("", new) == (newcity.entry_text(new), 1)


SAMPLE_HEAD = "# --- Illinois ---"


def test_in_the_sample_a_city_joins_its_state_group_by_name(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site(base="sample")
    before = (site / "cities.yaml").read_text(encoding="utf-8")
    result = run_cli(site, "new-city", "Evanston", "--state", "IL", "--mayor", "Daniel Biss",
                     "--policy-url", "https://www.cityofevanston.org/welcoming", "--source",
                     "https://www.cityofevanston.org/a", "--source", "https://www.cityofevanston.org/b",
                     "--verified", "2026-11-30")
    assert result.status == 0, result.err
    after = (site / "cities.yaml").read_text(encoding="utf-8")
    lines = after.split("\n")
    at = lines.index('- name: "Evanston"')
    end = lines.index("", at)
    assert lines[at - 1].startswith("    - https://")  # right after Cook County's last line, the last in Illinois
    assert lines[end + 1].startswith("# --- Massachusetts")
    assert f"at line {at + 1}" in result.out
    assert "Filled in location 42.0411, -87.6901 and population 75,527 from GeoNames" in result.out
    entry = yaml.safe_load("\n".join(lines[at:end]))[0]
    assert entry == {"name": "Evanston", "state": "IL", "mayor": {"name": "Daniel Biss"}, "population": 75527,
                     "policy": {"url": "https://www.cityofevanston.org/welcoming"},
                     "location": {"lat": 42.0411, "lon": -87.6901}, "last_verified": dt.date(2026, 11, 30),
                     "sources": ["https://www.cityofevanston.org/a", "https://www.cityofevanston.org/b"]}
    assert after.replace("\n".join(lines[at:end]) + "\n", "") == before  # nothing else moved or changed
    assert result.err == ""  # policy, sources, location and the date given: nothing left to warn about


def test_a_new_state_gets_its_own_group_in_order(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site(base="sample")
    result = run_cli(site, "new-city", "Gary", "--state", "IN", "--mayor", "Eddie Melton")
    assert result.status == 0, result.err
    lines = (site / "cities.yaml").read_text(encoding="utf-8").split("\n")
    at = lines.index('- name: "Gary"')
    assert lines[at - 1] == "# --- Indiana " + "-" * (len(lines[at - 1]) - 14)
    assert len(lines[at - 1]) == len(next(x for x in lines if x.startswith(SAMPLE_HEAD)))
    assert lines[at - 3].startswith("    - https://") and lines[at - 2] == ""  # after Illinois' last entry
    end = lines.index("", at)
    assert lines[end + 1].startswith("# --- Massachusetts")
    assert run_cli(site, "check").status == 0


def test_an_unknown_place_is_added_without_a_location(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site()
    result = run_cli(site, "new-city", "Nowhere Springs", "--state", "IL", "--mayor", "X", "--lat", "40.1",
                     "--lon", "-88.2", "--population", "1200")
    assert result.status == 0, result.err
    assert "Filled in" not in result.out
    entry = next(e for e in yaml.safe_load((site / "cities.yaml").read_text(encoding="utf-8"))
                 if e["name"] == "Nowhere Springs")
    assert entry["location"] == {"lat": 40.1, "lon": -88.2} and entry["population"] == 1200
    assert run_cli(site, "new-city", "Elsewhere", "--state", "IL", "--mayor", "X", "--lat", "1").status == 2
    assert run_cli(site, "new-city", "Elsewhere", "--state", "IL", "--mayor", "X", "--verified", "2026-2-3"
                   ).status == 2

"""`new-city` appends a well-formed entry, keeps comments and layout, and refuses bad ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from citypages import newcity
from tests.conftest import CliResult

Run = Callable[..., CliResult]


def test_appends_an_entry_that_loads_and_keeps_comments(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site()
    cities = site / "cities.yaml"
    before = cities.read_text(encoding="utf-8") + "# the last comment\n"
    cities.write_text(before, encoding="utf-8")

    result = run_cli(site, "new-city", "Oakland", "--state", "CA", "--mayor", "Barbara Lee")

    assert result.status == 0, result.err
    after = cities.read_text(encoding="utf-8")
    assert after.startswith(before)  # every comment and line of the file is still there, unchanged
    entries = yaml.safe_load(after)
    assert entries[-1] == {"name": "Oakland", "state": "CA", "mayor": {"name": "Barbara Lee"}}
    line = before.count("\n") + 1
    assert f"cities.yaml at line {line}" in result.out
    assert "/repo/oakland-ca/ (output/oakland-ca/index.html)" in result.out
    assert run_cli(site, "build", "--quiet").status == 0
    assert (site / "output" / "oakland-ca" / "index.html").is_file()


@pytest.mark.parametrize("name", ['Oak: "land" #1', "yes", "- [x]", "O'Hare\\n", "Łódź\u2028x", "@home"])
def test_values_that_mean_something_in_yaml_stay_plain_text(name: str, make_site: Callable[..., Path],
                                                            run_cli: Run) -> None:
    site = make_site()
    result = run_cli(site, "new-city", name, "--state", "ST", "--mayor", "Ana: #1", "--mayor-title", "true")
    assert result.status == 0, result.err
    entry = yaml.safe_load((site / "cities.yaml").read_text(encoding="utf-8"))[-1]
    assert entry == {"name": name, "state": "ST", "mayor": {"name": "Ana: #1", "title": "true"}}


def test_keeps_the_lists_indentation_and_adds_draft_and_slug(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site({"cities.yaml": "# cities\n  - name: A\n    state: B\n    mayor: {name: C}"})  # no final newline
    result = run_cli(site, "new-city", "Gary", "--state", "IN", "--mayor", "Eddie Melton", "--slug", "gary",
                     "--draft")
    assert result.status == 0, result.err
    text = (site / "cities.yaml").read_text(encoding="utf-8")
    assert text.endswith('  - name: "Gary"\n    state: "IN"\n    slug: "gary"\n    mayor:\n'
                         '      name: "Eddie Melton"\n    draft: true\n')
    assert "(a draft: shown by serve, not published)" in result.out
    assert "/repo/gary/" in result.out


def test_refuses_a_duplicate_slug_and_writes_nothing(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site()
    before = (site / "cities.yaml").read_bytes()
    result = run_cli(site, "new-city", "San Jose", "--state", "CA", "--mayor", "Someone")
    assert result.status == 1
    line = before.decode().count("\n") + 1
    assert result.errors == [f"cities.yaml:{line}:3: error: duplicate slug 'san-jose-ca' (also used by the city "
                             "on line 10); give one of them a different 'slug:'"]
    assert "Nothing was added" in result.err
    assert (site / "cities.yaml").read_bytes() == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".cities")] == []  # no temp file left


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

"""Messages an editor can act on: YAML slips at their real line, curly quotes, missing data, sample values."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from citypages.read import load, yaml_hints
from tests.conftest import ROOT, SITES, CliResult

Run = Callable[..., CliResult]
CITIES = (SITES / "tiny" / "cities.yaml").read_text(encoding="utf-8")


def _first_error(text: str) -> str:
    raw, diags = load.yaml_text(text, Path("cities.yaml"))
    assert raw is None and diags, "the text was meant to be broken"
    return diags[0].as_text()


def test_an_unclosed_quote_is_reported_where_it_opens_even_when_a_later_quote_closes_it() -> None:
    lines = ["- name: A", "  state: IL", "  mayor: {name: B}", '  policy: {name: "x"}',
             "  status: welcoming", "  sources:", "    - https://example.org/a"]
    entry = "\n".join(lines) + "\n"
    text = entry.replace("status: welcoming", 'status: "welcoming') + entry * 50
    assert _first_error(text) == ('cities.yaml:5:11: error: a quote " is opened here but not closed on this line; '
                                  'close the quote: put " at the end of the value')


def test_a_quoted_value_wrapped_over_lines_is_not_taken_for_an_unclosed_quote() -> None:
    text = '- name: A\n  summary: "one\n    two"\n  state: [x\n'
    assert "'[' is opened here" in _first_error(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("- name: A\n  state: B\n-name: C\n  state: D\n",
     "cities.yaml:3:1: error: a list item needs a space after '-': write '- name: C'"),
    ("- name: A\n  mayor:\n    name: B\n status: welcoming\n",
     "cities.yaml:4:2: error: 'status:' is indented 1 space but the keys around it 2 or 4; indent it 2 spaces, "
     "like the keys above it: '  status: welcoming'"),
    ("- name: A\n  state: B\n  mayor:\n    name: M\n      title: T\n",
     "cities.yaml:5:7: error: 'title:' is indented 6 spaces but the keys around it 2 or 4; indent it 4 spaces, "
     "like the keys above it: '    title: T'"),
    ("- name: A\n  state: B\n  mayor:\n    name: Dr: M\n", None),  # a colon in a value: the usual advice
    ('- name: A\n  title: “Tell: me”\n',
     'cities.yaml:2:10: error: curly quotes “ are not quotes in YAML; use straight quotes: title: "Tell: me"'),
])
def test_indentation_and_dash_slips_show_the_right_form(text: str, expected: str | None) -> None:
    got = _first_error(text)
    if expected is None:
        assert "indent it" not in got and "put a value that contains ': ' in quotes" in got
    else:
        assert got == expected


def test_curly_quotes_that_parse_are_a_warning_with_the_straight_fix() -> None:
    text = "- name: “Evanston”\n  ‘state’: IL\n  note: O’Hare is “big”\n# “comment”\n"
    got = [d.as_text() for d in yaml_hints.curly_quote_warnings(text, Path("cities.yaml"))]
    assert got == [
        'cities.yaml:1:9: warning: curly quotes “…” are not quotes in YAML, so the page would show them; '
        'use straight quotes (or none): - name: "Evanston"',
        "cities.yaml:2:3: warning: the key ‘state’ is in curly quotes, so it is not 'state'; "
        "write it without quotes: state:",
    ]


def test_check_shows_curly_quotes_in_cities_and_front_matter(make_site: Callable[..., Path], run_cli: Run) -> None:
    copy = (SITES / "tiny" / "content" / "campaigns" / "thanks.md").read_text(encoding="utf-8")
    site = make_site({"cities.yaml": CITIES.replace("name: Pat Doe", "name: “Pat Doe”"),
                      "content/campaigns/thanks.md": copy.replace("button: Send thanks", "button: “Send thanks”")})
    result = run_cli(site, "check")
    assert result.status == 0, result.err
    warned = [line.split(": warning: ")[0] for line in result.err.splitlines() if "curly quotes" in line]
    assert warned == ["cities.yaml:5:11", "content/campaigns/thanks.md:5:9"]


def test_an_entry_missing_what_its_page_needs_is_a_warning_at_its_line(make_site: Callable[..., Path],
                                                                      run_cli: Run) -> None:
    site = make_site({"cities.yaml": CITIES + "- name: Gary\n  state: IN\n  mayor: {name: Eddie Melton}\n"})
    result = run_cli(site, "check")
    assert result.status == 0
    line = CITIES.count("\n") + 1
    warnings = [x for x in result.err.splitlines() if ": warning: " in x]
    assert len(warnings) == 1  # Shelby County is a draft: not published, not warned about
    assert warnings[0].startswith(f"cities.yaml:{line}:1: warning: Gary: the entry has no policy: ")
    for part in ("no sources:", "no dot on the map", "no last_verified:"):
        assert part in warnings[0]


def test_the_sample_values_warn_in_check_and_fail_the_deploy_check(make_site: Callable[..., Path],
                                                                   run_cli: Run) -> None:
    site = make_site(base="sample")
    check = run_cli(site, "check")
    assert check.status == 0
    sample = [x for x in check.err.splitlines() if "still the sample site's" in x]
    assert [x.split(": warning: ")[0] for x in sample] == ["site.yaml:8:1", "site.yaml:14:1", "site.yaml:17:3"]
    assert "form.id is still the sample site's 'xyzzyabc'" in sample[2]
    deploy = run_cli(site, "check", "--deploy")
    assert deploy.status == 1
    assert len(deploy.errors) == 3 and all("see docs/getting-started.md" in e for e in deploy.errors)
    assert run_cli(site, "build", "--quiet").status == 0  # the sample site still builds as it is
    site_yaml = (site / "site.yaml").read_text(encoding="utf-8")
    ours = (site_yaml.replace("Neighbors Welcome Network", "Our Group").replace("xyzzyabc", "mqkvbrxa")
            .replace("privacy@neighbors-welcome.example.org", "privacy@our-group.org"))
    (site / "site.yaml").write_text(ours, encoding="utf-8")
    assert run_cli(site, "check", "--deploy").status == 0


def test_a_mayor_written_on_one_line_shows_the_two_line_form(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site({"cities.yaml": CITIES.replace("  mayor:\n    name: Pat Doe\n", "  mayor: Pat Doe\n", 1)})
    assert run_cli(site, "check").errors == [
        "cities.yaml:4:10: error: mayor: its details go on indented lines below it; write two lines: 'mayor:' "
        "and under it, 2 spaces further in, 'name: Pat Doe'"]




COPY = (SITES / "tiny" / "content" / "campaigns" / "thanks.md").read_text(encoding="utf-8")


def test_a_campaign_no_city_uses_is_checked_and_warned_about(make_site: Callable[..., Path], run_cli: Run) -> None:
    broken = make_site({"content/campaigns/spare.md": COPY.replace("button: Send thanks", "button: Send: now")})
    result = run_cli(broken, "check")
    assert result.status == 1
    assert result.errors[0].startswith("content/campaigns/spare.md:5:13: error: unexpected ':'")

    unused = make_site({"content/campaigns/spare.md": COPY})
    result = run_cli(unused, "check")
    assert result.status == 0
    assert result.err.splitlines()[0] == (
        "content/campaigns/spare.md: warning: campaign 'spare' is used by no city and is not site.yaml's "
        "default_campaign; name it in a city's 'campaign: spare', or delete the file")


def test_front_matter_keys_get_did_you_mean(make_site: Callable[..., Path], run_cli: Run) -> None:
    site = make_site({"content/campaigns/thanks.md": COPY.replace("petition:", "message:")})
    assert run_cli(site, "check").errors == ["content/campaigns/thanks.md:4:1: error: unknown key 'message' "
                                             "(did you mean 'petition'?)"]


def test_docs_list_every_front_matter_key() -> None:
    import json

    keys = json.loads((ROOT / "citypages" / "schema" / "campaign.schema.json").read_text(encoding="utf-8"))
    editing = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    for key in keys["properties"]:
        assert f"| `{key}` |" in editing, f"docs/editing.md does not list the front matter key '{key}'"

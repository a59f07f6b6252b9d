"""A new site's example entries: check names each until it is replaced, and refuses to publish them."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = """- name: Springfield
  state: IL
  mayor: {name: Pat Doe}
  example: true
  location: {lat: 39.8, lon: -89.64}
  policy: {name: Welcoming City Resolution, url: https://example.org/springfield}
  sources: [https://example.org/springfield]
  last_verified: 2026-11-01
"""


def test_an_example_entry_is_a_warning_at_its_line_and_an_error_before_publishing(make_site, run_cli):
    site = make_site({"cities.yaml": EXAMPLE})
    checked = run_cli(site, "check")
    assert checked.status == 0
    said = "cities.yaml:1:1: warning: Springfield is an example entry, not one of your cities: replace it with a " \
           "city you checked, or delete it"
    assert said in checked.err.splitlines()
    deploying = run_cli(site, "check", "--deploy")
    assert deploying.status == 1
    assert said.replace(": warning: ", ": error: ") in deploying.err.splitlines()
    (site / "cities.yaml").write_text(EXAMPLE.replace("  example: true\n", ""))
    assert "example entry" not in run_cli(site, "check").err


def test_the_starter_site_flags_both_of_its_cities_as_examples():
    text = (ROOT / "citypages" / "starter" / "cities.yaml").read_text(encoding="utf-8")
    assert text.count("\n- name: ") + text.startswith("- name: ") == 2 == text.count("\n  example: true\n")

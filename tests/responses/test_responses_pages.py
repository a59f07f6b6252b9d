"""Counts on the pages: from the store to signatures.json to the build, without one byte of personal data."""

from __future__ import annotations

from pathlib import Path

from theme_site import site_yaml

from citypages import pipeline
from tests.responses_sites import FIXTURES, PROVIDERS, fixture_people, surnames
from tests.support import output_changed as changed
from tests.support import output_stamps as stamps

COUNTS = '{"version": 1, "campaigns": {"thanks": {"springfield-il": 1204, "san-jose-ca": 1}}}\n'


def _campaign(site: Path, extra: str) -> None:
    for name in ("thanks.md", "thanks.es.md"):
        path = site / "content" / "campaigns" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\n", f"---\n{extra}\n", 1), encoding="utf-8")


def test_after_import_count_and_build_no_email_or_surname_is_in_the_output(make_site, run_cli) -> None:
    site = make_site({"site.yaml": site_yaml()})
    for fixture, provider in PROVIDERS.items():
        assert run_cli(site, "responses", "import", str(FIXTURES / fixture), "--provider", provider).status == 0
    assert "Wrote signatures.json (counts only; commit it, then build): signatures: 33, cities: 2" \
        in run_cli(site, "responses", "count").out
    assert run_cli(site, "build", "--quiet").status == 0
    secrets = {p["email"].lower() for f in PROVIDERS for p in fixture_people(f) if "@" in p["email"]}
    secrets |= {s.lower() for f in PROVIDERS for s in surnames(f)}
    assert len(secrets) > 60  # every fixture's addresses and surnames
    files = [p for p in (site / "output").rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in [*files, site / "signatures.json"]:
        text = path.read_bytes().decode("utf-8", "replace").lower()
        found = sorted(s for s in secrets if s in text)
        assert found == [], f"{path}: {found}"
    page = (site / "output" / "springfield-il" / "index.html").read_text(encoding="utf-8")
    assert "22 neighbors have thanked Mayor Pat Doe." in page


def test_counts_are_worded_and_grouped_per_language(make_site, run_cli) -> None:
    site = make_site({"site.yaml": site_yaml(), "signatures.json": COUNTS})
    assert run_cli(site, "build", "--quiet").status == 0
    out = site / "output"
    es = (out / "es" / "springfield-il" / "index.html").read_text()
    assert "1,204 neighbors have thanked Mayor Pat Doe." in (out / "springfield-il" / "index.html").read_text()
    assert "1 neighbor has thanked Alcaldesa Ana Ruiz." in (out / "san-jose-ca" / "index.html").read_text()
    assert "1.204 vecinos le han dado las gracias a Pat Doe." in es
    es_index = (out / "es" / "index.html").read_text()
    assert "1.205 vecinos les han dado las gracias a sus alcaldes en 2 ciudades." in es_index
    assert "1,205 neighbors have thanked their mayors in 2 cities." in (out / "index.html").read_text()
    assert "<progress" not in (out / "springfield-il" / "index.html").read_text()


def test_a_goal_shows_progress_and_a_city_goal_wins(make_site, run_cli) -> None:
    site = make_site({"site.yaml": site_yaml(), "signatures.json": COUNTS})
    _campaign(site, "goal: 2000")
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("    title: Alcaldesa\n", "    title: Alcaldesa\n  goal: 10\n"))
    assert run_cli(site, "build", "--quiet").status == 0
    springfield = (site / "output" / "springfield-il" / "index.html").read_text()
    assert "1,204 of 2,000 signatures: 60% of the goal." in springfield
    assert '<progress class="signatures-bar" max="2000" value="1204" aria-labelledby="signatures-goal">' in springfield
    assert "1 of 10 signatures: 10% of the goal." in (site / "output" / "san-jose-ca" / "index.html").read_text()
    es = (site / "output" / "es" / "springfield-il" / "index.html").read_text()
    assert "1.204 de 2.000 firmas: 60 % de la meta." in es


def test_a_changed_count_rebuilds_only_that_city(make_site, run_cli) -> None:
    site = make_site({"site.yaml": site_yaml(), "signatures.json": COUNTS})
    assert run_cli(site, "build", "--quiet").status == 0
    out = site / "output"
    before = stamps(out)
    (site / "signatures.json").write_text(COUNTS.replace("1204", "1205"))
    assert run_cli(site, "build", "--quiet").status == 0
    written = changed(before, stamps(out), out)
    assert {"springfield-il/index.html", "es/springfield-il/index.html"} <= written
    assert written <= {"springfield-il/index.html", "es/springfield-il/index.html", "springfield-il/thanks/index.html",
                       "es/springfield-il/thanks/index.html", "index.html", "es/index.html",
                       "springfield-il/badge.svg", "es/springfield-il/badge.svg", "counts.json"}  # what shows counts


def test_a_closed_campaign_says_so_and_drops_the_form(make_site, run_cli) -> None:
    site = make_site({"site.yaml": site_yaml(), "signatures.json": COUNTS})
    _campaign(site, "closes: 2020-03-01")
    assert run_cli(site, "build", "--quiet").status == 0
    page = (site / "output" / "springfield-il" / "index.html").read_text()
    assert "This campaign closed on March 1, 2020: the form is gone." in page
    assert "1,204 neighbors have thanked Mayor Pat Doe." in page
    assert "<form" not in page and "form.js" not in page
    es = (site / "output" / "es" / "springfield-il" / "index.html").read_text()
    assert "Esta campaña cerró el 1 de marzo de 2020" in es and "<form" not in es


def test_a_campaign_closing_later_keeps_its_form(make_site) -> None:
    site = make_site({"site.yaml": site_yaml()})
    _campaign(site, "closes: 2099-12-31")
    inp, diags = pipeline.load_site(site)
    assert inp is not None, diags
    result = pipeline.build_site(site)
    assert result.ok
    page = (site / "output" / "springfield-il" / "index.html").read_text()
    assert "<form" in page and "closed" not in page
    assert "Be the first to thank Mayor Pat Doe." in page


def test_a_broken_counts_file_is_an_error_and_the_output_stays(make_site, run_cli) -> None:
    site = make_site({"signatures.json": COUNTS})
    assert run_cli(site, "build", "--quiet").status == 0
    before = (site / "output" / "index.html").read_bytes()
    (site / "signatures.json").write_text('{"version": 1, "campaigns": {"thanks": {"springfield-il": -3}}}')
    result = run_cli(site, "build", "--quiet")
    assert result.status == 1
    assert result.errors == ["signatures.json:1:1: error: campaign 'thanks', city 'springfield-il': the count must "
                             "be a whole number of 0 or more; write it again with 'build.py responses count'"]
    assert (site / "output" / "index.html").read_bytes() == before
    (site / "signatures.json").write_text('{"version": 1,')
    assert run_cli(site, "check").errors[0].startswith("signatures.json:1:")


def test_pages_with_counts_goal_and_a_closed_campaign_are_valid_html(make_site, run_cli) -> None:
    import shutil

    import pytest
    from conftest import UNDER_CI
    from htmlcheck import nu_errors

    if not shutil.which("java") and not UNDER_CI:
        pytest.skip("the Nu HTML checker needs Java (apt-get install -y default-jre-headless)")
    site = make_site({"site.yaml": site_yaml(), "signatures.json": COUNTS})
    _campaign(site, "goal: 2000\ncloses: 2020-03-01")
    assert run_cli(site, "build", "--quiet").status == 0
    out = site / "output"
    assert "<progress" in (out / "springfield-il" / "index.html").read_text()
    assert nu_errors(out) == []

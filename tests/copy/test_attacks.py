"""What a hostile pull request could try, by class (tests/attacks/<class>/<case>/), and what it gets.

Each case overlays `files/` on the tiny site. `expected.txt` says the outcome:
`error: LINE` (the exact first error line; exit 1; output/ untouched), or `builds`
followed by checks on every page (`present: TEXT`, `absent: TEXT`) and on what the build
printed (`warning: TEXT`). Every case that builds is then opened in Chromium, where a
canary would show: the attacks try to set document.title to PWNED, to refresh to /evil/,
or to reach another host; none may happen.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SITES, copy_site

from tests.support import apply_case, snapshot

CORPUS = Path(__file__).parent.parent / "attacks"
CASES = sorted(f"{p.parent.name}/{p.name}" for p in CORPUS.glob("*/*") if p.is_dir())
BUILDING = [c for c in CASES if (CORPUS / c / "expected.txt").read_text(encoding="utf-8").startswith("builds")]


def expected(case: str) -> list[str]:
    return (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def built_tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from citypages import cli

    site = copy_site(SITES / "tiny", tmp_path_factory.mktemp("good") / "site")
    assert cli.main(["-C", str(site), "build", "--quiet"]) == 0
    return site


def attacked(built_tiny: Path, tmp_path: Path, case: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(built_tiny, site)
    apply_case(site, CORPUS / case)
    return site


def test_the_corpus_covers_every_class_with_several_variants():
    classes = {c.split("/")[0] for c in CASES}
    assert len(CASES) >= 60 and len(classes) >= 10, classes
    for klass in classes:
        assert sum(c.startswith(f"{klass}/") for c in CASES) >= 3, klass


@pytest.mark.parametrize("case", CASES)
def test_each_attack_is_refused_at_its_line_or_builds_harmless(case, built_tiny, tmp_path, run_cli):
    site = attacked(built_tiny, tmp_path, case)
    before = snapshot(site / "output")
    outcome, *checks = expected(case)

    result = run_cli(site, "build")

    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    if outcome.startswith("error"):
        assert result.status == 1, result.err
        assert result.errors, result.err
        assert outcome == "error" or result.errors[0] == outcome.removeprefix("error: "), result.err
        assert snapshot(site / "output") == before, "a refused input must leave the last good site whole"
        return
    assert result.status == 0, result.err
    if any(c.startswith("warning: ") for c in checks):  # build only counts warnings; check shows them
        result = run_cli(site, "check")
    html = "\n".join(p.read_text(encoding="utf-8") for p in sorted((site / "output").rglob("*.html")))
    for check in checks:
        kind, _, text = check.partition(": ")
        if kind == "present":
            assert text in html, check
        elif kind == "absent":
            assert text not in html, check
        elif kind == "warning":
            assert text in result.err, result.err
        else:
            raise AssertionError(f"{case}: unknown check {check!r}")


@pytest.mark.browser
@pytest.mark.parametrize("case", BUILDING)
def test_no_attack_that_builds_runs_a_script_navigates_or_calls_another_host(case, built_tiny, tmp_path, run_cli,
                                                                           serve_dir, page):
    site = attacked(built_tiny, tmp_path, case)
    assert run_cli(site, "build", "--quiet").status == 0
    base = serve_dir(site / "output")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.context.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    paths = ["/springfield-il/", "/springfield-il/thanks/"]
    if (CORPUS / case / "files" / "content" / "pages").is_dir():
        paths.append("/about/")
    for path in paths:
        url = base + path
        page.goto(url, wait_until="load")
        with pytest.raises(Exception, match="Timeout"):  # a refresh or script navigation would end the wait
            page.wait_for_url(lambda u, url=url: u != url, timeout=300)
        assert page.evaluate("document.title") != "PWNED", "a script from the copy or the data ran"
        assert page.url == url
    offsite = [u for u in requests if not u.startswith(base + "/")]
    assert offsite == [], offsite
    assert not any("/evil/" in u for u in requests), requests


@pytest.mark.browser
def test_the_canaries_would_be_seen_if_an_attack_got_through(tmp_path, serve_dir, page):
    """The checks above can fail: a page that really carries the attacks trips both of them."""
    (tmp_path / "evil").mkdir()
    (tmp_path / "evil" / "index.html").write_text("<title>evil</title>")
    (tmp_path / "refresh.html").write_text('<meta http-equiv="refresh" content="0;url=/evil/"><title>x</title>')
    (tmp_path / "script.html").write_text("<title>x</title><script>document.title='PWNED'</script>")
    base = serve_dir(tmp_path)
    page.goto(base + "/refresh.html", wait_until="load")
    page.wait_for_url(lambda u: u != base + "/refresh.html", timeout=5000)
    assert page.url == base + "/evil/"
    page.goto(base + "/script.html", wait_until="load")
    assert page.evaluate("document.title") == "PWNED"

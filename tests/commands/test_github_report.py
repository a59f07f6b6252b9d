"""`check --format github`: errors first, warnings by importance, a notice past GitHub's 10, a full summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from citypages.base.diagnostics import error, warning
from citypages.commands import github_report
from tests.conftest import CliResult

Run = Callable[..., CliResult]
STALE = "Tucson: last_verified 2025-06-01 is 549 days old (more than stale_after_days: 180 in site.yaml)"


def test_errors_come_first_then_warnings_by_importance() -> None:
    diags = [warning(Path("cities.yaml"), 3, 1, STALE),
             warning(Path("theme/i18n/es.yaml"), 0, 0, "missing translation 'home'; using the en text"),
             error(Path("cities.yaml"), 9, 3, "unknown key 'mayr' (did you mean 'mayor'?)"),
             warning(Path("site.yaml"), 11, 3, "form: Formspree: reCAPTCHA is on by default")]
    assert [(d.severity, d.path.name) for d in github_report.ordered(diags)] == [
        ("error", "cities.yaml"), ("warning", "site.yaml"), ("warning", "es.yaml"), ("warning", "cities.yaml")]


def test_a_notice_says_how_many_github_will_not_show() -> None:
    diags = [warning(Path("cities.yaml"), i, 1, STALE) for i in range(1, 31)]
    diags += [error(Path("cities.yaml"), 40 + i, 1, "bad") for i in range(12)]
    lines = github_report.annotations(diags)
    assert len(lines) == 43
    assert all(x.startswith("::error ") for x in lines[:12])
    assert lines[-1] == ("::notice title=More than GitHub shows::GitHub marks only 10 errors and 10 warnings "
                         "of a step on the files, so 2 more errors and 20 more warnings are not marked; the "
                         "job's summary lists all 42, and the log above shows each one")
    assert not github_report.annotations(diags[:10])[-1].startswith("::notice")


def test_the_summary_table_shows_every_message_as_typed() -> None:
    diags = [warning(Path("cities.yaml"), 2, 1, "name: 'a|b <script>*x*'"), error(Path("site.yaml"), 0, 0, "e")]
    table = github_report.summary(diags)
    assert table.splitlines() == [
        "### City Pages check: 1 error, 1 warning", "",
        "| | File | Line | Message |", "|---|---|---|---|",
        "| error | site.yaml |  | e |",
        "| warning | cities.yaml | 2 | name: 'a\\|b &lt;script&gt;\\*x\\*' |"]


@pytest.mark.parametrize("with_summary", [True, False])
def test_check_writes_the_step_summary_when_github_gives_one(with_summary: bool, make_site: Callable[..., Path],
                                                            run_cli: Run, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    if with_summary:
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    else:
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    site = make_site(base="sample")
    result = run_cli(site, "check", "--format", "github")
    assert result.status == 0
    printed = result.out.splitlines()
    assert "reCAPTCHA" in printed[0]  # the most important warning is among the 10 GitHub shows
    assert printed[-1].startswith("::notice title=More than GitHub shows::")
    if with_summary:
        rows = [x for x in summary.read_text(encoding="utf-8").splitlines() if x.startswith("| warning |")]
        assert len(rows) == len(printed) - 1
    else:
        assert not summary.exists()

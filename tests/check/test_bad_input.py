"""Every broken input in tests/bad_input/ gives one clear error line and leaves output/ alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SITES, copy_site

from tests.support import apply_case, snapshot

CORPUS = Path(__file__).parent.parent / "bad_input"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def built_tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny site with a good output/, built once for the whole corpus."""
    from citypages import cli

    site = copy_site(SITES / "tiny", tmp_path_factory.mktemp("good") / "site")
    assert cli.main(["-C", str(site), "build", "--quiet"]) == 0
    return site





def test_corpus_is_large_and_every_case_has_an_expectation():
    assert len(CASES) >= 40
    for name in CASES:
        expected = (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert expected and ": error: " in expected[0], name


@pytest.mark.parametrize("name", CASES)
def test_bad_input_gives_one_clear_error_and_keeps_output(name, built_tiny, tmp_path, run_cli):
    site = tmp_path / "site"
    shutil.copytree(built_tiny, site)
    before = snapshot(site / "output")
    apply_case(site, CORPUS / name)
    expected = (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines()[0]

    result = run_cli(site, "build")

    assert result.status == 1, result.err
    assert result.errors[0] == expected
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.err.rstrip().endswith("nothing was written.")
    assert snapshot(site / "output") == before
    assert not list(tmp_path.glob("**/.output-*")), "a temporary folder was left behind"

"""`check` refuses an output folder committed to git: it is made by the build, never part of a commit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from citypages.lint import tracked
from tests.conftest import UNDER_CI


def _git(site: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=site,
                   check=True, capture_output=True, timeout=60)


needs_git = pytest.mark.skipif(shutil.which("git") is None and not UNDER_CI, reason="git is not installed")


@needs_git
def test_check_errors_when_the_output_folder_is_tracked_by_git(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    _git(site, "commit", "-qm", "with output")
    result = run_cli(site, "check")
    assert result.status == 1
    [line] = result.errors
    assert line.startswith("output: error: the output folder output/ is tracked by git (")
    assert line.endswith("git rm -r --cached output && add /output/ to .gitignore")
    _git(site, "rm", "-r", "-q", "--cached", "output")
    (site / ".gitignore").write_text("/output/\n")
    _git(site, "add", ".gitignore")
    _git(site, "commit", "-qm", "output is built, not committed")
    result = run_cli(site, "check")
    assert result.status == 0, result.err


@needs_git
def test_a_committed_site_folder_is_named_too_and_a_site_outside_a_repository_is_fine(make_site, run_cli):
    site = make_site({"_site/index.html": "<!doctype html>"})
    assert run_cli(site, "check").status == 0  # not a repository: no finding
    _git(site, "init", "-q")
    _git(site, "add", "_site/index.html")
    result = run_cli(site, "check")  # staged is tracked
    assert result.status == 1
    assert result.errors == ["_site: error: the output folder _site/ is tracked by git (1 file); a build reads what "
                             "is in it, so it must never come with a commit: git rm -r --cached _site && add "
                             "/_site/ to .gitignore"]


def test_no_git_at_all_is_no_finding(make_site, monkeypatch):
    monkeypatch.setenv("PATH", str(make_site()))  # a PATH with no git on it
    assert tracked.committed_output(make_site()) == []

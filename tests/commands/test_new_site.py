"""`citypages new DIR`: a site of the organisation's own files that checks with the engine alone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

import citypages
from citypages import cli
from tests.commands.test_workflows import _schema_check, _uses, zizmor
from tests.conftest import CliResult


def _new(tmp_path: Path, *args: str) -> Path:
    site = tmp_path / "site"
    assert cli.main(["new", str(site), *args], default_root=tmp_path) == 0
    return site


def test_new_writes_a_site_that_checks_and_holds_nothing_of_the_engine(
        tmp_path: Path, run_cli: Callable[..., CliResult]) -> None:
    site = _new(tmp_path, "--title", "Thank You, Mayors", "--languages", "en,es,fr")
    settings = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    assert settings["title"] == "Thank You, Mayors" and settings["languages"] == ["en", "es", "fr"]
    assert (site / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == \
        f"citypages=={citypages.__version__}"
    assert not list(site.rglob("*.py")) and not (site / "theme").exists()  # the theme is the installed one's
    assert len(yaml.safe_load((site / "cities.yaml").read_text(encoding="utf-8"))) == 2
    assert "EXAMPLES" in (site / "cities.yaml").read_text(encoding="utf-8")
    french = (site / "content" / "pages" / "about.fr.md").read_text(encoding="utf-8")
    assert french.startswith("---\n# Copied from the English copy: no fr text")
    assert "Copied" not in (site / "content" / "pages" / "about.es.md").read_text(encoding="utf-8")  # ours
    checked = run_cli(site, "check")
    assert checked.status == 0, checked.err
    assert run_cli(site, "build", "--quiet").status == 0
    assert (site / "output" / "fr" / "index.html").is_file()


def test_new_writes_least_privilege_workflows_and_dependabot(tmp_path: Path) -> None:
    site = _new(tmp_path)
    workflows = site / ".github" / "workflows"
    assert sorted(p.name for p in workflows.glob("*.yml")) == ["check.yml", "pages.yml", "refresh.yml"]
    result = _schema_check("vendor.github-workflows", *sorted(workflows.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr
    audit = zizmor(workflows)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    for path in workflows.glob("*.yml"):
        _uses(path)  # every action pinned to a commit
        text = path.read_text(encoding="utf-8")
        assert "build.py" not in text and "citypages/**" not in text  # the engine is installed, not kept here
    refresh = yaml.safe_load((workflows / "refresh.yml").read_text(encoding="utf-8"))
    assert refresh["jobs"]["count"]["if"] == "vars.CITYPAGES_REFRESH == 'true'"
    dependabot = yaml.safe_load((site / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert sorted(u["package-ecosystem"] for u in dependabot["updates"]) == ["github-actions", "pip"]


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert cli.main(["new", str(tmp_path / "site")], default_root=tmp_path) == 2
    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["notes.txt"]

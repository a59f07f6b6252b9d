"""The GitHub Actions workflows and the issue form: valid against their schemas (offline) and doing their job."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from citypages.responses import pull as pull_module
from tests.conftest import ROOT, CliResult

WORKFLOWS = ROOT / ".github" / "workflows"
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "add-city.yml"


def _schema_check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, timeout=60)


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _uses(workflow: dict[Any, Any]) -> dict[str, str]:
    return dict(step["uses"].split("@") for step in _steps(workflow) if "uses" in step)


def test_workflows_and_issue_form_pass_their_schemas() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["check.yml", "pages.yml", "refresh.yml"]
    result = _schema_check("vendor.github-workflows", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    result = _schema_check("vendor.github-issue-forms", ISSUE_FORM)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text((WORKFLOWS / "pages.yml").read_text(encoding="utf-8").replace("steps:", "step:", 1),
                      encoding="utf-8")
    result = _schema_check("vendor.github-workflows", broken)
    assert result.returncode == 1
    assert "step" in result.stdout


def test_pages_checks_builds_with_the_pages_address_and_deploys_one_at_a_time() -> None:
    pages = _load(WORKFLOWS / "pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert _uses(pages) == {"actions/checkout": "v6", "actions/setup-python": "v6", "actions/configure-pages": "v6",
                            "actions/cache/restore": "v5", "actions/cache/save": "v5",
                            "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5"}
    runs = [step.get("run", "") for step in _steps(pages)]
    check, build = runs.index("python build.py check --format github --deploy"), next(
        i for i, r in enumerate(runs) if r.startswith("python build.py build"))
    assert "pip install -r requirements.txt" in runs[check - 1] and check < build
    build_step = _steps(pages)[build]
    assert build_step["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert '--base-url "$BASE_URL/" --out "$RUNNER_TEMP/site"' in build_step["run"]  # empty, outside the checkout
    upload = next(s for s in _steps(pages) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "${{ runner.temp }}/site"
    assert 'rm -rf "$RUNNER_TEMP/site/.citypages"' in runs
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


def test_pages_keeps_the_last_build_so_a_one_city_change_renders_one_city() -> None:
    steps = _steps(_load(WORKFLOWS / "pages.yml"))
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    runs = [step.get("run", "") for step in steps]
    restore, save = steps[uses.index("actions/cache/restore")], steps[uses.index("actions/cache/save")]
    build = next(i for i, r in enumerate(runs) if r.startswith("python build.py build"))
    strip = runs.index('rm -rf "$RUNNER_TEMP/site/.citypages"')
    # restored before the build, saved after it but before the manifest is stripped, uploaded last
    assert steps.index(restore) < build < steps.index(save) < strip < uses.index("actions/upload-pages-artifact")
    assert restore["with"]["path"] == save["with"]["path"] == "${{ runner.temp }}/site"  # the build's --out
    key, prefix = restore["with"]["key"], restore["with"]["restore-keys"]
    assert prefix == "site-${{ runner.os }}-" and key.startswith(prefix)  # any earlier build is a start
    inputs = key.removeprefix(prefix)
    assert inputs.startswith("${{ hashFiles(") and inputs.endswith(") }}")
    for source in ("'site.yaml'", "'cities.yaml'", "'signatures.json'", "'content/**'", "'theme/**'",
                   "'citypages/**'", "'requirements.txt'"):  # a change to any of them is a new build to keep
        assert source in inputs, source
    assert restore["id"] == "last-build"
    assert save["with"]["key"] == "${{ steps.last-build.outputs.cache-primary-key }}"
    assert save["if"] == "steps.last-build.outputs.cache-hit != 'true'"  # a cache is never overwritten
    check_uses = [step.get("uses", "") for step in _steps(_load(WORKFLOWS / "check.yml"))]
    assert not any(u.startswith("actions/cache") for u in check_uses)  # a pull request's build starts from nothing


def test_the_pull_request_check_runs_only_what_editors_changes_need() -> None:
    check = _load(WORKFLOWS / "check.yml")
    assert "pull_request" in check["on"]
    assert _uses(check) == {"actions/checkout": "v6", "actions/setup-python": "v6"}
    setup = next(s for s in _steps(check) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "requirements.txt"
    runs = [step.get("run", "") for step in _steps(check)]
    assert runs[2:] == ["python -m pip install -r requirements.txt", "python build.py check --format github",
                        'python build.py build --quiet --base-url "https://pull-request.example/" --out _site',
                        "python tests/linkcheck.py _site"]
    joined = " ".join(runs)
    assert "chromium" not in joined and "pytest" not in joined and "requirements-dev" not in joined


def test_the_pull_request_link_check_passes_on_a_built_site_and_fails_on_a_broken_link(
        make_site: Callable[..., Path], run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    site = make_site()
    out = tmp_path / "_site"
    built = run_cli(site, "build", "--quiet", "--base-url", "https://pull-request.example/", "--out", str(out))
    assert built.status == 0, built.err
    linkcheck = [sys.executable, str(ROOT / "tests" / "linkcheck.py"), str(out)]
    ok = subprocess.run(linkcheck, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stdout
    assert "0 broken links" in ok.stdout and "forms may post to https://formspree.io/" in ok.stdout
    (out / "about" / "index.html").unlink()
    broken = subprocess.run(linkcheck, capture_output=True, text=True, timeout=60)
    assert broken.returncode == 1
    assert ": error: missing: /about/" in broken.stdout


@pytest.mark.parametrize("field", ["city", "state", "mayor", "policy_source"])
def test_the_add_city_form_requires_the_essentials(field: str) -> None:
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    items = {item.get("id"): item for item in form["body"]}
    assert items[field]["validations"]["required"] is True


def test_refresh_commits_only_the_counts_and_keeps_the_personal_data_off_the_site() -> None:
    refresh = _load(WORKFLOWS / "refresh.yml")
    assert "schedule" in refresh["on"] and "workflow_dispatch" in refresh["on"]
    assert refresh["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    steps = _steps(refresh)
    runs = [step.get("run", "") for step in steps]
    pull = next(s for s in steps if "responses pull" in s.get("run", ""))
    assert pull["env"] == {variable: f"${{{{ secrets.{variable} }}}}" for variable in pull_module.TOKENS.values()}
    assert [s for s in steps if "secrets." in str(s)] == [pull]  # the key is given to that step alone
    adds = [line.strip() for run in runs for line in run.splitlines() if line.strip().startswith("git add")]
    assert adds == ["git add signatures.json"]
    wipe = runs.index("rm -rf responses")
    build = next(i for i, r in enumerate(runs) if r.startswith("python build.py build"))
    assert runs.index(pull["run"]) < wipe < build
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_site"

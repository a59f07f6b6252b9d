"""The GitHub Actions workflows and the issue form: valid against their schemas (offline) and doing their job."""

from __future__ import annotations

import re
import shutil
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


PINNED = re.compile(r"uses: ([\w./-]+)@([0-9a-f]{40}) # (v\d+)\.\d+\.\d+$")


def _uses(workflow: Path) -> dict[str, str]:
    """Each action a workflow uses and the major version its pin's comment names; every `uses:`
    is pinned to a full commit SHA with the release's version beside it."""
    lines = [line.strip().removeprefix("- ") for line in workflow.read_text(encoding="utf-8").splitlines()
             if line.strip().removeprefix("- ").startswith("uses:")]
    pins = [PINNED.fullmatch(line) for line in lines]
    assert all(pins), [line for line, pin in zip(lines, pins, strict=True) if not pin]
    return {pin[1]: pin[3] for pin in pins if pin}


def test_workflows_and_issue_form_pass_their_schemas() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["check.yml", "pages.yml", "refresh.yml", "tests.yml"]
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
    assert pages["permissions"] == {}
    assert pages["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert _uses(WORKFLOWS / "pages.yml") == {
                            "actions/checkout": "v6", "actions/setup-python": "v6", "actions/configure-pages": "v6",
                            "actions/cache/restore": "v5", "actions/cache/save": "v5",
                            "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5"}
    runs = [step.get("run", "") for step in _steps(pages)]
    check, build = runs.index("python build.py check --format github --deploy"), next(
        i for i, r in enumerate(runs) if r.startswith("python build.py build"))
    assert "pip install -r requirements.txt" in runs[check - 1] and check < build
    build_step = _steps(pages)[build]
    assert build_step["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert ('--base-url "$BASE_URL/" --out "$RUNNER_TEMP/site" --cache-dir "$RUNNER_TEMP/citypages-cache"'
            in build_step["run"])  # empty, outside the checkout; the build's state apart from the site
    upload = next(s for s in _steps(pages) if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "${{ runner.temp }}/site"
    assert not any(".citypages" in run for run in runs)  # the site folder holds only the site
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"


def test_pages_keeps_the_last_build_so_a_one_city_change_renders_one_city() -> None:
    steps = _steps(_load(WORKFLOWS / "pages.yml"))
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    runs = [step.get("run", "") for step in steps]
    restore, save = steps[uses.index("actions/cache/restore")], steps[uses.index("actions/cache/save")]
    build = next(i for i, r in enumerate(runs) if r.startswith("python build.py build"))
    # restored before the build, saved after it, uploaded last
    assert steps.index(restore) < build < steps.index(save) < uses.index("actions/upload-pages-artifact")
    cache = "${{ runner.temp }}/citypages-cache"
    assert restore["with"]["path"] == save["with"]["path"] == cache  # the build's --cache-dir
    assert '--cache-dir "$RUNNER_TEMP/citypages-cache"' in runs[build]
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
    assert check_uses
    assert not any(u.startswith("actions/cache") for u in check_uses)  # a pull request's build starts from nothing


def test_the_pull_request_check_runs_only_what_editors_changes_need() -> None:
    check = _load(WORKFLOWS / "check.yml")
    assert "pull_request" in check["on"]
    assert _uses(WORKFLOWS / "check.yml") == {"actions/checkout": "v6", "actions/setup-python": "v6"}
    assert check["permissions"] == {} and check["jobs"]["check"]["permissions"] == {"contents": "read"}
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
    jobs = refresh["jobs"]
    assert jobs["count"]["if"] == "vars.CITYPAGES_REFRESH == 'true'"  # off until an organisation turns it on
    assert jobs["count"]["permissions"] == {"contents": "write"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    commit = next(r for r in runs if "git push" in r)
    assert commit.index("git pull --rebase") < commit.index("git push")  # onto what was pushed meanwhile
    assert '--cache-dir "$RUNNER_TEMP/citypages-cache"' in runs[build]
    assert "actions/cache/restore" in _uses(WORKFLOWS / "refresh.yml")  # the build cache pages.yml keeps


def test_every_job_gets_only_the_permissions_it_needs_and_keeps_no_token_it_does_not_push_with() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = _load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            granted = job["permissions"]
            writes = {k for k, v in granted.items() if v == "write"}
            assert writes <= {"pages", "id-token", "contents"}, (path.name, name)
            assert ("pages" in writes) == ("id-token" in writes) == (name == "deploy"), (path.name, name)
            pushes = any("git push" in step.get("run", "") for step in job.get("steps", []))
            assert ("contents" in writes) == pushes, (path.name, name)
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout"):
                    assert step["with"]["persist-credentials"] is pushes, (path.name, name)


def zizmor(folder: Path) -> subprocess.CompletedProcess[str]:
    """zizmor's offline audit of the workflows in `folder`: findings of medium severity and above."""
    binary = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or "zizmor"
    return subprocess.run([binary, "--offline", "--min-severity", "medium", str(folder)],
                          capture_output=True, text=True, timeout=120)


def test_zizmor_finds_nothing_above_low_in_the_workflows(tmp_path: Path) -> None:
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr
    unpinned = tmp_path / "unpinned.yml"  # the audit is real: a tag instead of a commit is found
    unpinned.write_text(re.sub(r"@[0-9a-f]{40} # (v\d+)[.\d]*", r"@\1",
                               (WORKFLOWS / "check.yml").read_text(encoding="utf-8")), encoding="utf-8")
    assert zizmor(tmp_path).returncode != 0

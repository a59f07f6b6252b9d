"""The engine as a package: its metadata agrees with requirements.txt, and an installed wheel builds a site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import citypages
from tests.conftest import ROOT


def _pins(name: str) -> dict[str, str]:
    """requirements file -> {normalised name: pinned version} (comments and -r lines skipped)."""
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            package, _, version = line.partition("==")
            pins[_normal(package)] = version
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_direct_dependency_is_pinned_in_requirements_within_its_range() -> None:
    pins = _pins("requirements.txt")
    for spec in map(Requirement, _project()["dependencies"]):
        assert _normal(spec.name) in pins, f"{spec.name} is a dependency but requirements.txt does not pin it"
        assert spec.specifier.contains(pins[_normal(spec.name)]), (spec, pins[_normal(spec.name)])


def test_every_dev_extra_is_pinned_in_requirements_dev_within_its_range() -> None:
    pins = _pins("requirements-dev.txt")
    for spec in map(Requirement, _project()["optional-dependencies"]["dev"]):
        assert _normal(spec.name) in pins, f"{spec.name} is a dev extra but requirements-dev.txt does not pin it"
        assert spec.specifier.contains(pins[_normal(spec.name)]), (spec, pins[_normal(spec.name)])


def test_the_build_backend_is_pinned_and_the_version_is_written_once() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    backend = Requirement(meta["build-system"]["requires"][0])
    assert str(backend.specifier).startswith("==")
    assert _pins("requirements-dev.txt")[_normal(backend.name)] == str(backend.specifier).removeprefix("==")
    assert "version" in _project()["dynamic"] and "version" not in _project()
    assert meta["tool"]["hatch"]["version"]["path"] == "citypages/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", citypages.__version__)  # a semantic version
    assert f"## [{citypages.__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def _venv(tmp_path: Path) -> Path:
    """A fresh venv that sees this one's libraries through a .pth file: installs need no network."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    site_packages = next((venv / "lib").glob("python3*/site-packages"))
    (site_packages / "parent.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


def _pip(venv: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                           "--no-deps",
                           "--no-build-isolation", "--no-index", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(venv / "bin" / "citypages"), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.mark.slow
def test_an_installed_wheel_starts_a_site_whose_overrides_reach_the_built_pages(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                            "-w", str(wheels), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    venv = _venv(tmp_path)
    _pip(venv, str(next(wheels.glob("citypages-*.whl"))))
    assert _run(venv, tmp_path, "--version").stdout.strip() == f"City Pages {citypages.__version__}"
    assert _run(venv, tmp_path, "new", "site").returncode == 0
    site = tmp_path / "site"
    installed = next((venv / "lib").glob("python3*/site-packages/citypages/theme"))
    page = (installed / "templates" / "page.html").read_text(encoding="utf-8")
    (site / "theme" / "templates").mkdir(parents=True)
    (site / "theme" / "templates" / "page.html").write_text(page.replace("</", "<!-- our page -->\n</", 1),
                                                            encoding="utf-8")
    (site / "theme" / "static").mkdir()
    (site / "theme" / "static" / "site.js").write_text("// our script\n", encoding="utf-8")
    result = _run(venv, site, "build", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "<!-- our page -->" in (site / "output" / "about" / "index.html").read_text(encoding="utf-8")
    assert (site / "output" / "static" / "site.js").read_text(encoding="utf-8") == "// our script\n"
    assert not [p for p in site.rglob("*.py")]  # no engine in the site
    defaults = {p.name for p in (installed / "templates").iterdir()}
    assert [p.name for p in (site / "theme" / "templates").iterdir()] == ["page.html"]
    assert "base.html" in defaults  # the templates it did not override come from the package


@pytest.mark.slow
def test_pip_installs_a_tagged_release_from_git(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", "--no-local", str(ROOT), str(repo)], check=True, timeout=120)
    tag = f"v{citypages.__version__}"
    subprocess.run(["git", "-C", str(repo), "tag", tag], check=True, timeout=60)
    venv = _venv(tmp_path)
    _pip(venv, f"citypages @ git+file://localhost{repo}@{tag}")  # pip 23's parser wants a host in file: URLs
    assert _run(venv, tmp_path, "--version").stdout.strip() == f"City Pages {citypages.__version__}"
    module = subprocess.run([str(venv / "bin" / "python"), "-m", "citypages", "--version"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert module.stdout.strip() == f"City Pages {citypages.__version__}"

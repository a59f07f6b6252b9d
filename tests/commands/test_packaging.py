"""The engine as a package: its metadata agrees with requirements.txt, and an installed wheel builds a site."""

from __future__ import annotations

import re
import tomllib

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

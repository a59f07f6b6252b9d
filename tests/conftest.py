"""Shared fixtures: tiny sites built in tmp_path, a static server on 127.0.0.1, Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from citypages import cli
from tests.support import quiet_server

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
UNDER_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def build_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every build a test runs keeps its cache in a temporary folder, never in the user's own cache folder."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip on a laptop without Chromium; under CI they must run (and fail if it is missing)."""
    if CHROMIUM.exists() or UNDER_CI:
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)")
    for item in items:
        uses_browser = {"page", "browser", "context"} & set(getattr(item, "fixturenames", ()))
        if uses_browser or item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Playwright drives Debian's Chromium; it never downloads a browser of its own."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def copy_site(source: Path, dest: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """Copy a site folder (with the project's theme unless it has one) and overwrite some files."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("output", ".output-*"))
    if not (dest / "theme").exists():
        shutil.copytree(ROOT / "theme", dest / "theme")
    return drop_unspoken_copy(write_files(dest, files), files)


def drop_unspoken_copy(site: Path, files: dict[str, str | bytes] | None) -> Path:
    """Remove the copied site's translations (thanks.es.md) in languages its site.yaml does not list.

    The tiny site carries Spanish copy for the tests that turn Spanish on; left in an English-only
    site it would be a copy file in a language the site does not speak, which `check` warns about.
    Files the test wrote itself are kept, so a test can still make that mistake on purpose.
    """
    try:
        spoken = set(yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8")).get("languages") or [])
    except (OSError, yaml.YAMLError, AttributeError):
        return site  # a test of a broken site.yaml: leave the folder as it is
    given = {Path(name) for name in files or {}}
    for path in sorted(site.glob("content/*/*.*.md")):
        lang = path.stem.partition(".")[2]
        if lang not in spoken and path.relative_to(site) not in given:
            path.unlink()
    return site


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """make_site({"cities.yaml": "..."}) -> a copy of tests/sites/tiny with those files replaced."""
    counter = iter(range(1000))

    def make(files: dict[str, str | bytes] | None = None, base: str = "tiny") -> Path:
        dest = tmp_path / f"site{next(counter)}"
        if base == "sample":  # the real sample site, without the engine, tests or output
            dest.mkdir()
            for name in ("site.yaml", "cities.yaml", "content", "theme"):
                src = ROOT / name
                (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
            return drop_unspoken_copy(write_files(dest, files), files)
        return copy_site(SITES / base, dest, files)

    return make


def write_files(dest: Path, files: dict[str, str | bytes] | None) -> Path:
    """Write {relative path: content} into a site folder."""
    for name, content in (files or {}).items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return dest


class CliResult:
    def __init__(self, status: int, out: str, err: str):
        self.status, self.out, self.err = status, out, err

    @property
    def errors(self) -> list[str]:
        return [line for line in self.err.splitlines() if ": error: " in line]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """run_cli(site_dir, "build", "--quiet") -> CliResult(status, out, err), in-process."""

    def run(site_dir: Path, *args: str) -> CliResult:
        capsys.readouterr()
        status = cli.main(["-C", str(site_dir), *args])
        captured = capsys.readouterr()
        return CliResult(status, captured.out, captured.err)

    return run


@pytest.fixture
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """serve_dir(folder) -> "http://127.0.0.1:PORT" serving that folder until the test ends."""
    with contextlib.ExitStack() as stack:
        yield lambda folder: stack.enter_context(quiet_server(folder))

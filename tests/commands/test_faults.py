"""A full, read-only or misplaced destination: one line naming the path, exit 1, no traceback,
and the last good output/ (or cities.yaml) byte for byte as it was. Real mounts, as root."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from citypages.commands import faults
from citypages.preview import serve
from citypages.preview.form_inbox import FormInbox
from tests import support
from tests.conftest import CliResult

Run = Callable[..., CliResult]
STATE = ".citypages"  # the build's own manifest and caches inside output/, not part of the site


@contextlib.contextmanager
def small_disk(folder: Path) -> Iterator[Path]:
    """A 2 MB tmpfs at `folder`, unmounted at the end; skipped where mounting is not allowed (never under CI)."""
    folder.mkdir()
    tried = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(folder)],
                           capture_output=True, text=True) if shutil.which("mount") else None
    if tried is None or tried.returncode != 0:
        reason = f"cannot mount a tmpfs here ({tried.stderr.strip() if tried else 'no mount command'})"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)  # CI runs as root: the test must run there
        pytest.skip(reason)
    try:
        yield folder
    finally:  # lazily if a process the build started (deleting an old tree) still has it open
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "--lazy", str(folder)], check=True)


def read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


def published(out: Path) -> dict[str, str]:
    return support.digests(out, skip=lambda rel: rel.parts[0] == STATE)


def _site_on(disk: Path, make_site: Callable[..., Path]) -> Path:
    return Path(shutil.copytree(make_site(), disk / "site"))


def test_a_full_disk_stops_the_build_with_one_line_and_leaves_output_as_it_was(
        tmp_path: Path, make_site: Callable[..., Path], run_cli: Run) -> None:
    with small_disk(tmp_path / "disk") as disk:
        site = _site_on(disk, make_site)
        assert run_cli(site, "build", "--quiet").status == 0
        before = published(site / "output")
        (site / "cities.yaml").write_text(support.fake_cities(400, states=support.US_STATES), encoding="utf-8")
        result = run_cli(site, "build", "--quiet")
        assert result.status == 1
        lines = result.err.strip().splitlines()
        assert len(lines) == 1, result.err
        assert lines[0].startswith("output/: error: no space left on device while writing the site (it needs about ")
        assert lines[0].endswith(" kB); the last good output/ is unchanged")
        assert published(site / "output") == before


def test_a_full_disk_stops_a_full_build_too(tmp_path: Path, make_site: Callable[..., Path], run_cli: Run) -> None:
    """A change to every page is built into a fresh folder beside output/: that one fills the disk."""
    site = make_site({"cities.yaml": support.fake_cities(60, states=support.US_STATES)})
    with small_disk(tmp_path / "disk") as disk:
        out = disk / "output"
        assert run_cli(site, "build", "--quiet", "--out", str(out)).status == 0, "the first build must fit"
        before = published(out)
        base = site / "theme" / "templates" / "base.html"
        base.write_text(base.read_text(encoding="utf-8").replace("</head>", "<!-- a change -->\n</head>"),
                        encoding="utf-8")
        result = run_cli(site, "build", "--quiet", "--out", str(out))
        assert result.status == 1, result.err
        assert result.err.strip().startswith(f"{out}/: error: no space left on device while writing the site")
        assert result.err.strip().endswith(f"; the last good {out}/ is unchanged")
        assert published(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["output"]  # the fresh folder was removed


def test_a_read_only_disk_stops_every_command_that_writes(tmp_path: Path, make_site: Callable[..., Path],
                                                          run_cli: Run) -> None:
    with small_disk(tmp_path / "disk") as disk:
        site = _site_on(disk, make_site)
        assert run_cli(site, "build", "--quiet").status == 0
        before, cities = published(site / "output"), (site / "cities.yaml").read_bytes()
        (site / "cities.yaml").write_bytes(cities.replace(b"Pat Doe", b"Robin Vega"))
        cities = (site / "cities.yaml").read_bytes()
        read_only(disk)
        expected = {
            ("build",): "output/: error: the device is read-only while writing the site; "
                        "the last good output/ is unchanged",
            ("new-city", "Oak Park", "--state", "IL", "--mayor", "Vicki Scaman", "--no-lookup"):
                "cities.yaml: error: the device is read-only while adding the city; the last good cities.yaml is "
                "unchanged",
            ("responses", "count"): "responses: error: the device is read-only while updating the store of responses",
            ("deliver",): "responses: error: the device is read-only while writing the letters",
            ("new", str(disk / "another")): f"{disk / 'another'}: error: the device is read-only while writing "
                                             "the new site",
        }
        for argv, line in expected.items():
            result = run_cli(site, *argv)
            assert (result.status, result.err.strip().splitlines()) == (1, [line]), argv
        assert published(site / "output") == before
        assert (site / "cities.yaml").read_bytes() == cities


def test_an_output_path_that_is_a_file_is_named_and_kept(make_site: Callable[..., Path], run_cli: Run,
                                                         tmp_path: Path) -> None:
    site = make_site()
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    for out in (notes, notes / "site"):
        result = run_cli(site, "build", "--out", str(out))
        assert result.status == 1
        assert result.err.strip().splitlines() == [
            f"{notes}: error: is a file, where a folder is needed while writing the site"]
    assert notes.read_text(encoding="utf-8") == "mine\n" and sorted(tmp_path.iterdir()) == [notes, site]
    (site / "output").write_text("not a folder\n", encoding="utf-8")
    result = run_cli(site, "build")
    assert result.err.strip() == "output: error: is a file, where a folder is needed while writing the site"


def test_a_folder_where_a_file_is_needed(make_site: Callable[..., Path], run_cli: Run, tmp_path: Path) -> None:
    site = make_site()
    folder = tmp_path / "a-folder"
    folder.mkdir()
    result = run_cli(site, "responses", "export", "--opted-in", "--out", str(folder))
    assert (result.status, result.err.strip()) == (
        1, f"{folder}/: error: is a folder, where a file is needed while writing the export")
    result = run_cli(site, "responses", "status", "--store", str(folder))
    assert (result.status, result.err.strip()) == (
        1, f"{folder}/: error: is a folder, where a file is needed while updating the store of responses")


def test_a_fault_inside_the_site_is_named_relative_to_it(tmp_path: Path) -> None:
    """Permission denied cannot be made as root (it reads and writes everything): the line is made directly."""
    site = tmp_path / "site"
    (site / "cities.yaml").parent.mkdir()
    (site / "cities.yaml").write_text("[]\n", encoding="utf-8")
    denied = PermissionError(errno.EACCES, "Permission denied", str(site / "cities.yaml"))
    assert faults.line(denied, site, "adding the city", site / "cities.yaml", True) == (
        "cities.yaml: error: permission denied while adding the city; the last good cities.yaml is unchanged")
    outside = PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "letters"))
    assert faults.line(outside, site, "writing the letters", tmp_path / "letters", False) == (
        f"{tmp_path / 'letters'}: error: permission denied while writing the letters")


def test_sqlite_s_own_faults_are_said_the_same_way(tmp_path: Path) -> None:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"
    args = type("Args", (), {"command": "responses", "verb": "import", "root": tmp_path, "store": None})()
    assert faults.message(full, args) == (  # type: ignore[arg-type]
        "responses/responses.sqlite3: error: no space left on device while updating the store of responses")
    assert faults.message(ValueError("a bug"), args) is None  # type: ignore[arg-type]


def test_the_preview_shows_a_fault_of_the_disk_in_place_of_the_site(tmp_path: Path,
                                                                     make_site: Callable[..., Path]) -> None:
    site = make_site()
    with small_disk(tmp_path / "disk") as disk, FormInbox() as inbox:
        read_only(disk)
        preview = serve.Preview(site, disk / "preview", "http://127.0.0.1:9/", inbox)
        result = preview.rebuild()
    assert not result.ok and [d.message for d in result.diagnostics] == ["read-only file system while building"]
    assert preview.failure is not None and "read-only file system while building" in preview.failure

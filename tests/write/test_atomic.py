"""Replacing a file in one step: old or new bytes, never half, never through a link."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

import pytest

from citypages.base import atomic


def test_a_new_file_gets_the_bytes_and_is_readable_by_all(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "signatures.json"
    atomic.write_text(path, "{}\r\n")
    assert path.read_bytes() == b"{}\r\n"  # line endings as given
    assert path.stat().st_mode & 0o777 == 0o644
    assert os.listdir(path.parent) == ["signatures.json"]  # no temp file left


def test_a_replaced_file_keeps_its_permission_bits(tmp_path: Path) -> None:
    path = tmp_path / "cities.yaml"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    atomic.write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_link_at_the_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep", encoding="utf-8")
    path = tmp_path / "site" / "manifest.json"
    path.parent.mkdir()
    path.symlink_to(outside)
    atomic.write_bytes(path, b"new")
    assert not path.is_symlink() and path.read_bytes() == b"new"
    assert outside.read_text(encoding="utf-8") == "keep"


def test_a_failing_dump_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "cities.json"
    path.write_bytes(b"old")

    def half(f: IO[bytes]) -> bool:
        f.write(b"ne")
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic.write_with(path, half)
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["cities.json"]


def test_a_dump_that_declines_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "cities.json"
    path.write_bytes(b"old")
    temps = tmp_path / "tmp"
    assert atomic.write_with(path, lambda f: f.write(b"x") < 0, temps) is False
    assert path.read_bytes() == b"old"
    assert os.listdir(temps) == []


def test_the_temp_file_is_one_the_watcher_and_editors_pass_over(tmp_path: Path) -> None:
    seen: list[str] = []

    def look(f: IO[bytes]) -> bool:
        seen.extend(os.listdir(tmp_path))
        return True

    atomic.write_with(tmp_path / "site.yaml", look)
    assert len(seen) == 1 and seen[0].startswith(".site.yaml-") and seen[0].endswith(".tmp")

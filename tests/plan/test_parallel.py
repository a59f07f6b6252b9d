"""Worker processes: the same files as a serial build, and the --workers and progress options."""

from __future__ import annotations

import io
import os
from pathlib import Path
from types import MappingProxyType

import pytest

from citypages.base import parallel
from citypages.commands import progress
from citypages.render import render
from tests.support import fake_cities, snapshot


def many_cities(n: int) -> str:
    return fake_cities(n, mayor="Mayor Número ")


def files(out: Path) -> dict[str, bytes]:
    return snapshot(out, skip=lambda rel: rel.name == "cities.json")


def test_a_parallel_build_writes_the_same_files_as_a_serial_one(make_site, run_cli, monkeypatch, tmp_path):
    site = make_site({"cities.yaml": many_cities(40)})
    monkeypatch.setattr(parallel, "MIN_UNITS_PER_WORKER", 1)  # a tiny site would otherwise stay serial
    monkeypatch.setattr(parallel, "CHUNK", 3)
    pids = tmp_path / "pids"
    pids.mkdir()
    real = render.city_pages

    def recording(*args):
        (pids / str(os.getpid())).touch()
        return real(*args)

    monkeypatch.setattr(render, "city_pages", recording)
    serial = run_cli(site, "build", "--workers", "1", "--out", str(site / "serial"))
    assert serial.status == 0, serial.err
    assert {p.name for p in pids.iterdir()} == {str(os.getpid())}
    for p in pids.iterdir():
        p.unlink()
    parallel_run = run_cli(site, "build", "--workers", "2", "--out", str(site / "parallel"))
    assert parallel_run.status == 0, parallel_run.err
    workers = {p.name for p in pids.iterdir()}
    assert workers and len(workers) <= 2, "worker processes rendered the cities"
    assert str(os.getpid()) not in workers, "the main process left rendering to its workers"
    assert files(site / "serial") == files(site / "parallel")
    assert len([p for p in files(site / "parallel") if p.endswith("/thanks/index.html")]) == 40


def test_a_template_error_in_a_worker_is_reported_and_nothing_is_written(make_site, run_cli, monkeypatch):
    site = make_site({"cities.yaml": many_cities(20)})
    monkeypatch.setattr(parallel, "MIN_UNITS_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    city = site / "theme" / "templates" / "city.html"
    city.write_text(city.read_text().replace("{{ city.name }}", "{{ city.name.nope }}", 1))
    result = run_cli(site, "build", "--workers", "2")
    assert result.status == 1
    assert result.errors and result.errors[0].startswith("theme/templates/city.html:"), result.err
    assert not (site / "output").exists()
    assert not list(site.glob(".output-*"))


def test_small_sites_stay_serial_and_jobs_must_be_positive(make_site, run_cli):
    assert parallel.workers_for(30, None) == 1
    assert parallel.workers_for(10 * parallel.MIN_UNITS_PER_WORKER, 2) == 2
    assert parallel.workers_for(10 * parallel.MIN_UNITS_PER_WORKER, 1) == 1
    site = make_site()
    assert run_cli(site, "build", "--workers", "0").status == 2
    assert run_cli(site, "build", "--workers", "two").status == 2


def test_no_progress_bar_when_stderr_is_not_a_terminal_or_quiet(make_site, run_cli):
    site = make_site()
    result = run_cli(site, "build")
    assert result.status == 0 and "\r" not in result.err and "pages," not in result.err

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress.wanted(Tty(), quiet=False)
    assert not progress.wanted(Tty(), quiet=True)
    assert not progress.wanted(io.StringIO(), quiet=False)


def test_the_bar_appears_only_after_a_second_and_is_cleared():
    now = [0.0]
    stream = io.StringIO()
    bar = progress.Bar(stream, clock=lambda: now[0])
    bar.start(4)
    bar.step(2)
    assert stream.getvalue() == "", "a quick build shows nothing"
    now[0] = 2.0
    bar.step(2)
    shown = stream.getvalue()
    assert "4 pages" in shown and "2/s" in shown and shown.startswith("\r[")
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_a_step_in_a_fresh_process_gets_every_item_and_gives_back_its_result(monkeypatch):
    from citypages.model.site import City, FormSettings, Mayor

    monkeypatch.setattr(parallel, "FRESH_BATCH", 2)  # several batches, the last one short
    form = FormSettings("formspree", options=MappingProxyType({"id": "abc"}))  # read-only mappings travel too
    cities = [City(f"Town {i}", "TX", f"town-{i}-tx", Mayor(f"Mayor {i}"), "welcome", form=form) for i in range(5)]
    assert parallel.in_fresh_process(repr, cities) == repr(cities)


def test_an_error_in_the_fresh_process_is_raised_here_with_its_message():
    with pytest.raises(RuntimeError, match="ValueError"):
        parallel.in_fresh_process(max, [])

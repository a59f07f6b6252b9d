"""The output folder is untrusted input: its cache, its manifest and its links cannot steer a build."""

from __future__ import annotations

import io
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citypages import pipeline
from citypages.base import guard, parallel
from citypages.lint import tracked
from citypages.load import cities_cache, cities_load
from citypages.write import manifest, write
from tests.conftest import UNDER_CI

STATE = manifest.STATE_DIR
ROOT = Path(__file__).resolve().parent.parent.parent


def files(out: Path) -> dict[str, bytes]:
    """The site's files (not the build's own folder), for comparing a build with a fresh one."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).as_posix().startswith(STATE)}


def fresh(site: Path, run_cli) -> dict[str, bytes]:
    out = site.parent / f"{site.name}-fresh"
    assert run_cli(site, "build", "--out", str(out)).status == 0
    return files(out)


def warnings_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line]


def edit_settings(site: Path) -> None:
    """An edit that changes no page (a comment in site.yaml), so the next build loads the site and reads
    output/.citypages/; with no edit at all it answers from its stamp and reads nothing there (unchanged.py)."""
    with open(site / "site.yaml", "a", encoding="utf-8") as f:
        f.write("# edited\n")


def change_mayor(site: Path, name: str = "Pat Newmayor") -> None:
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("name: Pat Doe", f"name: {name}"))


def link_to_a_copy(path: Path, elsewhere: Path) -> None:
    """The file at path moved outside the site, a link to it in its place: the same bytes, not the site's."""
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)


class _Canary:
    """Unpickling this creates the file it names: what a hostile cache would do."""

    def __init__(self, path: Path):
        self.path = str(path)

    def __reduce__(self) -> tuple:
        return open, (self.path, "w")


# --- the cities cache -------------------------------------------------------------------------

def test_a_pickle_in_place_of_the_cities_cache_is_never_unpickled(make_site, run_cli, tmp_path):
    site = make_site()
    assert run_cli(site, "build").status == 0
    canary = tmp_path / "unpickled"
    payload = pickle.dumps(_Canary(canary))
    assert not canary.exists()
    state = site / "output" / STATE
    (state / cities_load.CACHE_FILE).write_bytes(payload)
    (state / "cities.pickle").write_bytes(payload)  # the name older builds used: nothing reads it
    edit_settings(site)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert not canary.exists(), "the cache was unpickled"
    assert warnings_of(result.err) == [
        f"output/{STATE}/cities.json: warning: the cities cache is not one this build wrote "
        "(it is not JSON lines (UnicodeDecodeError)); ignored; building afresh"]
    assert files(site / "output") == fresh(site, run_cli)
    edit_settings(site)
    again = run_cli(site, "build")  # the build wrote a good cache back: no warning the next time
    assert again.status == 0 and warnings_of(again.err) == []


@pytest.mark.parametrize(("tamper", "reason"), [
    (lambda e: e[2].update(population="lots"), "population"),
    (lambda e: e[2]["mayor"].pop("title"), "Mayor has the keys"),
    (lambda e: e[2].update(last_verified={"date": "2026-02-30"}), "is not a date"),
    (lambda e: e[2].update(slug="../../escaped"), "slug is not one URL segment"),
    (lambda e: e[2].update(sources="https://example.org"), "expected a list"),
    (lambda e: e[2].update(evil=1), "City has the keys"),
    (lambda e: e.__setitem__(1, "2"), "is not an entry"),
])
def test_a_tampered_cities_cache_is_ignored_with_a_warning(make_site, run_cli, tamper, reason):
    site = make_site()
    assert run_cli(site, "build").status == 0
    cache = site / "output" / STATE / cities_load.CACHE_FILE
    head, first, *rest = cache.read_text(encoding="utf-8").splitlines()
    entry = json.loads(first)
    tamper(entry)
    cache.write_text("\n".join([head, json.dumps(entry), *rest]) + "\n", encoding="utf-8")
    change_mayor(site)  # so the build renders from what it loaded
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    [warned] = warnings_of(result.err)
    assert warned.startswith(f"output/{STATE}/cities.json: warning: the cities cache is not one this build wrote")
    assert reason in warned and warned.endswith("; ignored; building afresh")
    assert files(site / "output") == fresh(site, run_cli)
    assert not (site.parent / "escaped").exists()


def test_a_cache_cut_short_or_with_more_after_it_is_ignored(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    cache = site / "output" / STATE / cities_load.CACHE_FILE
    whole = cache.read_bytes()
    for text, reason in ((whole.rsplit(b"\n", 2)[0] + b"\n", "ends early"),
                         (whole + b"[]\n", "more after the last entry")):
        cache.write_bytes(text)
        edit_settings(site)
        result = run_cli(site, "build")
        assert result.status == 0, result.err
        assert any(reason in w for w in warnings_of(result.err)), result.err


def test_a_link_in_place_of_the_cache_is_not_read(make_site, run_cli, tmp_path):
    site = make_site()
    assert run_cli(site, "build").status == 0
    link_to_a_copy(site / "output" / STATE / cities_load.CACHE_FILE, tmp_path / "elsewhere.json")
    edit_settings(site)
    result = run_cli(site, "build")
    assert result.status == 0
    assert any("it is reached through a link" in w for w in warnings_of(result.err)), result.err


@pytest.mark.parametrize("name", [manifest.MANIFEST, cities_load.CACHE_FILE, "unchanged.json"])
def test_a_pipe_in_place_of_a_state_file_does_not_hold_the_build_up(make_site, name):
    """Opened as a file, a pipe waits for a writer for ever; the build runs in a process of its own here,
    so a build that did would fail the test, not hang it. The site is built afresh and is whole."""
    site = make_site()
    build = [sys.executable, str(ROOT / "build.py"), "-C", str(site), "build"]
    assert subprocess.run(build, capture_output=True, check=False, timeout=60).returncode == 0
    state = site / "output" / STATE / name
    state.unlink()
    os.mkfifo(state)
    edit_settings(site)
    change_mayor(site)
    done = subprocess.run(build, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Pat Newmayor" in (site / "output" / "springfield-il" / "index.html").read_text()
    if name != "unchanged.json":  # the stamp is only a shortcut: without it the build goes the long way
        assert f"{name} is not a plain file" in done.stderr, done.stderr


def test_a_manifest_of_one_endless_line_is_not_read_whole(make_site, run_cli):
    """A gigabyte with no newline (sparse: it takes no disk) would be read into memory whole."""
    site = make_site()
    assert run_cli(site, "build").status == 0
    record = site / "output" / STATE / manifest.MANIFEST
    with open(record, "wb") as f:
        f.write(b'{"format": 2, "site_key": "')
        f.truncate(1 << 30)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    change_mayor(site)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 512 * 1024  # KB
    assert any("a line is too long" in w for w in warnings_of(result.err)), result.err
    assert files(site / "output") == fresh(site, run_cli)


def test_a_link_in_place_of_the_manifest_is_not_read(make_site, run_cli, tmp_path):
    """Followed, a link to /dev/zero would be read as one endless line, and a link to a file outside
    the site (here a copy of the very manifest) would be trusted as this site's record."""
    site = make_site()
    assert run_cli(site, "build").status == 0
    link_to_a_copy(site / "output" / STATE / manifest.MANIFEST, tmp_path / "elsewhere.json")
    change_mayor(site)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert any(f"{manifest.MANIFEST} is not a plain file" in w for w in warnings_of(result.err)), result.err
    assert files(site / "output") == fresh(site, run_cli)


OWN_FORM = """
- name: Formtown
  state: IL
  mayor: {name: Fran Form, title: {en: Mayor, es: Alcaldesa}}
  goal: 500
  policy: {name: An order, since: 2019-04-01}
  languages: [en]
  form:
    provider: google_forms
    id: 1FAIpQLSe_test_form_id_0000
    fields: {name: entry.11, email: entry.12, zip: entry.13, comment: entry.14, opt_in: entry.15}
"""


def test_the_cache_gives_back_every_kind_of_field_of_the_sample_site(make_site):
    """Dates, policies, locations, a city's own form (read-only mappings, nested fields) read back equal."""
    site = make_site(base="sample")
    cities_yaml = site / "cities.yaml"
    cities_yaml.write_text(cities_yaml.read_text(encoding="utf-8") + OWN_FORM, encoding="utf-8")
    inp, diags = pipeline.load_site(site)
    assert inp is not None, diags
    cities = list(inp.cities)
    assert any(c.form is not None for c in cities) and any(c.last_verified for c in cities)
    entries = [(f"d{i}", c.line, c) for i, c in enumerate(cities)]
    path = site / "cache.json"
    with open(path, "wb") as f:
        assert cities_cache.dump(f, "ctx", "file", entries)
    back, reason = cities_cache.read(path, "ctx")
    assert reason is None and back is not None
    assert back["entries"] == entries
    assert [repr(c) for _, _, c in back["entries"]] == [repr(c) for c in cities]  # keys come from repr
    assert cities_cache.read(path, "other settings") == (None, None)  # stale, not suspicious


# --- the manifest -----------------------------------------------------------------------------

def _add_unit(out: Path, files: dict[str, str]) -> None:
    with open(out / STATE / manifest.MANIFEST, "a", encoding="utf-8") as f:
        f.write(json.dumps(["page/en/planted", "k", files]) + "\n")


@pytest.mark.parametrize("planted", ["../victim.txt", "{abs}", "springfield-il/../../victim.txt",
                                     "a\\..\\..\\victim.txt", "./victim.txt"])
def test_a_manifest_naming_a_path_outside_deletes_nothing_outside(make_site, run_cli, planted):
    site = make_site()
    assert run_cli(site, "build").status == 0
    victim = site / "victim.txt"
    victim.write_text("keep me")
    out = site / "output"
    _add_unit(out, {planted.format(abs=victim): "0" * 32})
    result = run_cli(site, "build")  # the planted unit is not in the site any more: its files would go
    assert result.status == 0, result.err
    assert victim.read_text() == "keep me"
    [warned] = warnings_of(result.err)
    assert warned.startswith(f"output/{STATE}/manifest.json: warning: the output folder is not as this build "
                             "left it (line ")
    assert "is not a path inside the output folder" in warned and warned.endswith("ignored; building afresh")
    assert files(out) == fresh(site, run_cli)


@pytest.mark.parametrize("bad", ['{"format": 2}', '{"format": 2, "site_key": 7}', "[1, 2]", "not json"])
def test_a_manifest_of_the_wrong_shape_means_a_full_build(make_site, run_cli, bad):
    site = make_site()
    assert run_cli(site, "build").status == 0
    out = site / "output"
    (out / STATE / manifest.MANIFEST).write_text(bad + "\n")
    change_mayor(site)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert files(out) == fresh(site, run_cli)
    if bad != "[1, 2]":  # another format's header is only stale
        assert any("manifest.json: warning:" in w for w in warnings_of(result.err)), result.err


def test_a_unit_line_of_the_wrong_shape_is_refused():
    out = Path("/nonexistent-site/output")
    for line in ('["u", "k"]', '["u", 1, {}]', '["u", "k", {"a.html": 5}]', '["u", "k", ["a.html"]]'):
        with pytest.raises(manifest.Invalid):
            manifest._parse(io.BytesIO(b'{"format": 2, "site_key": "s"}\n' + line.encode() + b"\n"), out)


# --- links inside output/ ---------------------------------------------------------------------

def test_a_link_at_the_top_of_output_cannot_redirect_a_delete(make_site, run_cli, tmp_path):
    site = make_site()
    assert run_cli(site, "build").status == 0
    outside = tmp_path / "etc"
    outside.mkdir()
    (outside / "passwd").write_text("root")
    out = site / "output"
    (out / "x").symlink_to(outside)
    _add_unit(out, {"x/passwd": "0" * 32})
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert (outside / "passwd").read_text() == "root"
    assert any("goes through a link" in w for w in warnings_of(result.err)), result.err
    assert not (out / "x").exists() and not (out / "x").is_symlink()  # the fresh site has no such link


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_link_deeper_in_output_cannot_redirect_a_write(make_site, run_cli, tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(parallel, "MIN_UNITS_PER_WORKER", 1)  # with 2 jobs, the pages are written by workers
    site = make_site()
    assert run_cli(site, "build", "--workers", jobs).status == 0
    out = site / "output"
    outside = tmp_path / "outside"
    outside.mkdir()
    thanks = out / "springfield-il" / "thanks"
    for p in thanks.iterdir():
        p.unlink()
    thanks.rmdir()
    thanks.symlink_to(outside)
    change_mayor(site)
    result = run_cli(site, "build", "--workers", jobs)
    assert result.status == 0, result.err
    assert list(outside.iterdir()) == [], "a page was written through the link"
    assert any("springfield-il/thanks is a link" in w for w in warnings_of(result.err)), result.err
    assert not thanks.is_symlink()
    assert "Pat Newmayor" in (out / "springfield-il" / "index.html").read_text()
    assert files(out) == fresh(site, run_cli)


def test_a_page_that_is_a_link_is_replaced_not_written_through(make_site, run_cli, tmp_path):
    site = make_site()
    assert run_cli(site, "build").status == 0
    out = site / "output"
    page = out / "springfield-il" / "index.html"
    outside = tmp_path / "page.html"
    outside.write_bytes(page.read_bytes())  # the same bytes: the manifest's digest matches
    page.unlink()
    page.symlink_to(outside)
    change_mayor(site)
    assert run_cli(site, "build").status == 0
    assert "Pat Newmayor" not in outside.read_text()
    assert not page.is_symlink() and "Pat Newmayor" in page.read_text()


def test_a_linked_temp_folder_cannot_redirect_a_write(make_site, run_cli, tmp_path):
    site = make_site()
    assert run_cli(site, "build").status == 0
    out = site / "output"
    outside = tmp_path / "tmp-outside"
    outside.mkdir()
    (outside / "keep").write_text("keep")
    (out / STATE / write.TEMP_FILES).symlink_to(outside)
    change_mayor(site)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert [p.name for p in outside.iterdir()] == ["keep"]
    assert "Pat Newmayor" in (out / "springfield-il" / "index.html").read_text()


def test_a_linked_state_folder_is_not_trusted(make_site, run_cli, tmp_path):
    site = make_site()
    assert run_cli(site, "build").status == 0
    out = site / "output"
    outside = tmp_path / "state-outside"
    (out / STATE).rename(outside)
    (out / STATE).symlink_to(outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    change_mayor(site)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    assert not (out / STATE).is_symlink()
    assert files(out) == fresh(site, run_cli)


def test_an_output_folder_that_is_a_link_is_replaced_and_its_target_left_alone(make_site, run_cli, tmp_path):
    site = make_site()
    elsewhere = tmp_path / "elsewhere"
    assert run_cli(site, "build", "--out", str(elsewhere)).status == 0
    (elsewhere / "keep.txt").write_text("keep")
    _add_unit(elsewhere, {"keep.txt": "0" * 32})
    cache = elsewhere / STATE / cities_load.CACHE_FILE  # well-formed, but not what cities.yaml says
    cache.write_text(cache.read_text(encoding="utf-8").replace("Pat Doe", "Planted Name"), encoding="utf-8")
    before = files(elsewhere)
    (site / "output").symlink_to(elsewhere)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert files(elsewhere) == before
    assert (site / "output").is_dir() and not (site / "output").is_symlink()
    assert any("the output folder is a link" in w for w in warnings_of(result.err)), result.err
    assert not list(site.glob(".output-*"))
    assert "Planted Name" not in (site / "output" / "springfield-il" / "index.html").read_text()
    assert "Pat Doe" in (site / "output" / "springfield-il" / "index.html").read_text()


def test_links_beside_output_named_like_leftovers_are_removed_not_followed(make_site, run_cli, tmp_path):
    site = make_site()
    assert run_cli(site, "build").status == 0
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    planted = [site / f"{prefix}output-1" for prefix in (write.OLD_PREFIX, write.TEMP_PREFIX, write.TRASH_PREFIX)]
    for link in planted:
        link.symlink_to(outside)
    change_mayor(site)
    assert run_cli(site, "build").status == 0
    assert [p.name for p in outside.iterdir()] == ["keep.txt"]
    assert not any(p.is_symlink() or p.exists() for p in planted)


@pytest.mark.parametrize("rel", ["../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "", "a/..", "nul\0"])
def test_the_guard_refuses_a_path_that_is_not_inside(tmp_path, rel):
    with pytest.raises(guard.OutsideOutput):
        guard.Guard(tmp_path)(rel)
    with pytest.raises(guard.OutsideOutput):
        guard.Guard(tmp_path, fresh=True)(rel)


def test_the_guard_lets_a_plain_path_through(tmp_path):
    assert guard.Guard(tmp_path)("es/springfield-il/index.html") == tmp_path / "es/springfield-il/index.html"
    assert guard.Guard(tmp_path)(".nojekyll") == tmp_path / ".nojekyll"


# --- a committed output folder ----------------------------------------------------------------

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

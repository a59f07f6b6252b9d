"""Rebuilds: deterministic output, only what changed is written, and a killed build recovers."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from citypages import pipeline
from citypages.base import cache
from citypages.base.diagnostics import InputError, error
from citypages.load import cities_load
from citypages.render import render
from citypages.write import write
from tests import support
from tests.support import output_changed as changed
from tests.support import output_stamps as stamps


def files(out: Path) -> dict[str, bytes]:
    """Every file's bytes: output/ holds only the site."""
    return support.snapshot(out)


def cached_cities(site: Path, out: Path) -> object:
    """What the cache of a build of `site` into `out` keeps of cities.yaml: the file's record and its entries."""
    entries: list[object] = []
    return cache.read(cache.default_folder(site, out) / cities_load.CACHE_FILE, entries)[0], entries


def test_two_builds_of_the_same_input_are_byte_identical(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build", "--out", str(site / "one")).status == 0
    assert run_cli(site, "build", "--out", str(site / "two")).status == 0
    one, two = files(site / "one"), files(site / "two")
    assert one == two
    assert "springfield-il/index.html" in one and not [p for p in one if p.startswith(".") and p != ".nojekyll"]


def test_a_no_op_rebuild_writes_no_file(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    before = stamps(site / "output")
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert "(0 written)" in result.out
    assert stamps(site / "output") == before


def test_one_city_changed_rewrites_only_its_pages_index_and_sitemap(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    before = stamps(site / "output")
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("name: Pat Doe", "name: Pat Newmayor"))
    assert run_cli(site, "build").status == 0
    out = site / "output"
    written = changed(before, stamps(out), out)
    assert "springfield-il/index.html" in written
    assert written <= {"springfield-il/index.html", "springfield-il/thanks/index.html", "index.html", "sitemap.xml",
                       "springfield-il/card.png"}  # the share card shows the mayor
    assert "Pat Newmayor" in (out / "springfield-il" / "index.html").read_text()
    assert files(out) == files(_fresh_build(site, run_cli))


def test_an_entry_that_moves_down_keeps_its_page_and_its_line_in_messages(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    before = stamps(site / "output")
    cities = site / "cities.yaml"
    text = cities.read_text()
    cities.write_text(text.replace("- name: Springfield", "# the capital of Illinois\n\n- name: Springfield"))
    assert run_cli(site, "build").status == 0
    written = changed(before, stamps(site / "output"), site / "output")
    assert written == set()
    cities.write_text(cities.read_text().replace("  mayor:\n    name: Ana Ruiz", "  mayor:\n    nme: Ana Ruiz"))
    result = run_cli(site, "build")
    assert result.status == 1
    line = cities.read_text().split("\n").index("    nme: Ana Ruiz") + 1
    assert any(e.startswith(f"cities.yaml:{line}:5: error:") for e in result.errors), result.errors


def test_a_deleted_city_is_removed_with_its_folders(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().split("- name: San José")[0])
    result = run_cli(site, "build")
    assert result.status == 0
    out = site / "output"
    assert not (out / "san-jose-ca").exists()
    assert "san-jose-ca" not in (out / "index.html").read_text()
    assert "san-jose-ca" not in (out / "sitemap.xml").read_text()
    assert files(out) == files(_fresh_build(site, run_cli))


def test_a_template_change_rewrites_every_page(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    base = site / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- changed --></body>"))
    assert run_cli(site, "build").status == 0
    assert "<!-- changed -->" in (site / "output" / "san-jose-ca" / "index.html").read_text()
    assert files(site / "output") == files(_fresh_build(site, run_cli))


def test_a_failed_rebuild_writes_nothing(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    before, content = stamps(site / "output"), files(site / "output")
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("state: IL", "state: IL\n  sate: IL"))
    assert run_cli(site, "build").status == 1
    assert stamps(site / "output") == before and files(site / "output") == content


def test_a_rebuild_killed_midway_leaves_whole_files_and_the_next_build_completes_the_tree(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    old = files(site / "output")
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("Pat Doe", "Pat Two").replace("Ana Ruiz", "Ana Two"))
    _killed_during_write(site, after=1)
    out = site / "output"
    now = files(out)
    for path, data in now.items():  # every page is the old one or a complete new one
        if path.endswith(".html"):
            assert data == old.get(path) or data.rstrip().endswith(b"</html>"), path
    assert run_cli(site, "build").status == 0
    assert not list(site.glob(".output-*"))
    assert files(out) == files(_fresh_build(site, run_cli))
    assert "Ana Two" in (out / "san-jose-ca" / "index.html").read_text()


def test_a_full_build_killed_midway_leaves_the_old_site_and_no_temp_folder_after_the_next(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    old = files(site / "output")
    base = site / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- new --></body>"))
    _killed_during_write(site, after=2, full=True)
    assert files(site / "output") == old
    assert list(site.glob(".output-new-*")), "the killed build left its temp folder (this test kills it hard)"
    assert run_cli(site, "build").status == 0
    assert not list(site.glob(".output-*"))
    assert files(site / "output") == files(_fresh_build(site, run_cli))


def test_the_cities_cache_is_used_and_a_stale_one_is_ignored(make_site, run_cli, monkeypatch):
    site = make_site()
    assert run_cli(site, "build").status == 0
    kept = cache.default_folder(site, site / "output") / cities_load.CACHE_FILE
    assert kept.is_file()
    kept.write_bytes(b"not a pickle")
    _append(site / "site.yaml", "# edited\n")  # a change that shows on no page: the build loads the site
    assert run_cli(site, "build").status == 0
    parsed: list[Path] = []
    real = cities_load.load.yaml_text
    monkeypatch.setattr(cities_load.load, "yaml_text",
                        lambda text, shown, *a: parsed.append(shown) or real(text, shown, *a))
    _append(site / "site.yaml", "# edited again\n")
    assert run_cli(site, "build").status == 0
    assert Path("cities.yaml") not in parsed, "an unchanged cities.yaml is not parsed again"
    assert Path("site.yaml") in parsed


def _fresh_build(site: Path, run_cli) -> Path:
    out = site.parent / (site.name + "-fresh")
    assert run_cli(site, "build", "--out", str(out)).status == 0
    return out


def _killed_during_write(site: Path, after: int, full: bool = False) -> None:
    """Run a build in a forked child that dies (no cleanup at all) after `after` files are written."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            count = [0]
            if full:
                real_new = write._write_new

                def dying_new(path, data):
                    count[0] += 1
                    if count[0] > after:
                        os._exit(9)
                    real_new(path, data)

                write._write_new = dying_new
            else:  # a rebuild stages every changed file, then renames them into place: die among the renames
                real_replace = os.replace

                def dying_replace(src, dst):
                    count[0] += 1
                    if count[0] > after:
                        Path(src).write_bytes(Path(src).read_bytes()[:100])  # and leave a half file behind
                        os._exit(9)
                    real_replace(src, dst)

                os.replace = dying_replace
            pipeline.build_site(site, workers=1)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9, "the build was killed part way"


def test_a_big_old_site_is_deleted_in_the_background_after_the_swap(tmp_path):
    out, new = tmp_path / "output", tmp_path / "new"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_text("old")
    (new / "a").mkdir(parents=True)
    (new / "a" / "index.html").write_text("new")
    write.swap(new, out, discard_later=True)
    assert (out / "a" / "index.html").read_text() == "new"
    assert not new.exists()
    deadline = time.monotonic() + 10
    while list(tmp_path.glob(".output-trash-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not list(tmp_path.glob(".output-trash-*")), "the deleter process removed the old site"
    write.recover(out)  # and a leftover, had there been one, goes with the next build
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_an_error_while_rendering_a_rebuild_leaves_no_mix_of_old_and_new_pages(make_site, run_cli, monkeypatch):
    site = make_site()
    assert run_cli(site, "build").status == 0
    old = files(site / "output")
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("Pat Doe", "Pat Two").replace("Ana Ruiz", "Ana Two"))
    real = render.city_pages

    def failing_for_san_jose(theme, site_, campaign, city, *rest):
        if city.slug == "san-jose-ca":
            raise InputError([error(Path("cities.yaml"), city.line, 1, "this page cannot be made")])
        return real(theme, site_, campaign, city, *rest)

    monkeypatch.setattr(render, "city_pages", failing_for_san_jose)
    result = run_cli(site, "build", "--workers", "1")
    assert result.status == 1 and ": error: this page cannot be made" in result.err
    assert files(site / "output") == old, "Springfield's new page was rendered first, yet nothing changed"


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def test_the_cities_cache_after_an_edit_is_the_one_a_fresh_build_writes(make_site, run_cli):
    """Unchanged entries come from the last cache, moved ones with their new lines: what a fresh build keeps."""
    site = make_site({"cities.yaml": support.fake_cities(40, states=("TX", "IL"))})
    assert run_cli(site, "build").status == 0
    cities = site / "cities.yaml"
    for edit in (lambda t: t.replace("name: Mayor 7\n", "name: Mayor Seven\n"),  # one entry, the rest in place
                 lambda t: "# moved down\n" + t.replace("- name: Town 3\n", "- name: Town Three\n")):
        cities.write_text(edit(cities.read_text()))
        assert run_cli(site, "build").status == 0
        fresh = _fresh_build(site, run_cli)
        assert cached_cities(site, site / "output") == cached_cities(site, fresh)
        shutil.rmtree(fresh)

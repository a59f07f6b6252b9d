"""The build's cache: kept apart from output/, checked as it is read, and found by the keys of its inputs.

output/ holds only what is published. What a build remembers (the manifest, the cities of
cities.yaml, the no-op stamp, the share cards and ZIP lookup files by their key) is in the
cache folder; a bad or foreign file there means the work is done afresh, with a warning for
the manifest and the cities, never a crash and never a file written outside output/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citypages.base import cache, guard, hashing
from citypages.cards import share_cards
from citypages.load import cities_load
from citypages.pipeline import KEPT, build_site
from citypages.write import manifest, unchanged
from citypages.zipfinder import zip_lookup

ZIP_ON = "zip_lookup: true\n"


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def fresh(site: Path, run_cli) -> dict[str, bytes]:
    """The same site built from nothing, with a cache of its own."""
    out = site.parent / f"{site.name}-fresh"
    assert run_cli(site, "build", "--out", str(out), "--cache-dir", str(site.parent / "fresh-cache")).status == 0
    return files(out)


def warnings_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": warning: " in line]


def change_mayor(site: Path, name: str = "Pat Newmayor") -> None:
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("name: Pat Doe", f"name: {name}"))


def edit_template(site: Path) -> None:
    base = site / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- a template edit --></body>"))


@pytest.fixture
def counted(make_site, monkeypatch, tmp_path) -> tuple[Path, Path, list[str], list[int]]:
    """The tiny site with the ZIP lookup, built once into its cache; then every card drawn and every ZIP
    lookup made is counted."""
    site = make_site()
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + ZIP_ON)
    folder = tmp_path / "the-cache"
    assert build_site(site, cache_dir=folder).ok
    drawn: list[str] = []
    real_draw = share_cards.draw
    monkeypatch.setattr(share_cards, "draw",
                        lambda headline, *rest: drawn.append(headline) or real_draw(headline, *rest))
    looked: list[int] = []
    real_pages = zip_lookup.pages
    monkeypatch.setattr(zip_lookup, "pages", lambda cities: looked.append(1) or real_pages(cities))
    return site, folder, drawn, looked


def test_output_holds_only_the_site_and_the_cache_what_the_next_build_needs(make_site, run_cli, tmp_path):
    site = make_site()
    folder = tmp_path / "kept-here"
    assert run_cli(site, "build", "--cache-dir", str(folder)).status == 0
    out = site / "output"
    assert not [p for p in out.rglob("*") if p.name.startswith(".") and p.name != ".nojekyll"]
    assert {p.name for p in folder.iterdir()} == {manifest.FILE, cities_load.CACHE_FILE, unchanged.STAMP, KEPT}
    assert len(list((folder / KEPT).iterdir())) == len(list(out.rglob("card.png")))
    assert files(out) == fresh(site, run_cli)


def test_the_default_cache_is_in_the_users_cache_folder_one_per_site_and_output(make_site, run_cli, build_cache):
    site = make_site()
    assert run_cli(site, "build").status == 0
    assert run_cli(site, "build", "--out", str(site / "other")).status == 0
    kept = sorted((build_cache / "citypages").iterdir())
    assert len(kept) == 2 and all((k / manifest.FILE).is_file() for k in kept)
    assert kept[0] != kept[1]


def test_a_template_change_renders_every_page_but_draws_no_card_and_makes_no_zip(counted, make_site):
    site, folder, drawn, looked = counted
    edit_template(site)
    assert build_site(site, cache_dir=folder).ok
    assert drawn == [] and looked == []
    out = site / "output"
    assert "<!-- a template edit -->" in (out / "springfield-il" / "index.html").read_text()
    other = make_site()  # the same site built from nothing: the kept files are the ones it draws
    (other / "site.yaml").write_text((other / "site.yaml").read_text() + ZIP_ON)
    edit_template(other)
    assert build_site(other, cache_dir=other.parent / "other-cache").ok
    assert files(out) == files(other / "output")


def test_an_edit_to_the_engine_outside_the_cards_draws_no_card(counted, monkeypatch):
    site, folder, drawn, looked = counted
    hashing.engine_key.cache_clear()
    monkeypatch.setattr(hashing, "engine_key", lambda: "an engine edited elsewhere")
    assert build_site(site, cache_dir=folder).ok
    assert drawn == [] and looked == []


def test_what_a_card_shows_or_how_cards_are_drawn_draws_it_again(counted, monkeypatch):
    site, folder, drawn, _ = counted
    change_mayor(site)
    assert build_site(site, cache_dir=folder).ok
    assert drawn == ["Thank Mayor Pat Newmayor"]
    monkeypatch.setattr(share_cards, "FORMAT", share_cards.FORMAT + 1)
    edit_template(site)  # the engine's source is as it was here: an input edit gets past the no-op stamp
    assert build_site(site, cache_dir=folder).ok
    assert len(drawn) == 1 + len(list((site / "output").rglob("card.png")))


def test_a_card_no_city_has_any_more_leaves_the_cache_at_the_next_full_build(counted):
    site, folder, _, _ = counted
    before = {p.name for p in (folder / KEPT).iterdir()}
    change_mayor(site)
    edit_template(site)  # a full build: it goes through every unit, and prunes what none has
    assert build_site(site, cache_dir=folder).ok
    after = {p.name for p in (folder / KEPT).iterdir()}
    assert len(after) == len(before) and len(after - before) == 1


@pytest.mark.parametrize("damage", ["cut short", "changed", "foreign", "empty"])
def test_a_kept_card_that_is_not_whole_is_drawn_again(counted, damage):
    site, folder, drawn, _ = counted
    out = site / "output"
    card = (out / "springfield-il" / "card.png").read_bytes()
    kept = [p for p in (folder / KEPT).iterdir() if card in p.read_bytes()]
    assert len(kept) == 1
    data = kept[0].read_bytes()
    kept[0].write_bytes({"cut short": data[:-10], "changed": data[:-1] + bytes([data[-1] ^ 1]),
                         "foreign": b"\x89PNG not ours", "empty": b""}[damage])
    edit_template(site)
    assert build_site(site, cache_dir=folder).ok
    assert drawn == ["Thank Mayor Pat Doe"]
    assert (out / "springfield-il" / "card.png").read_bytes() == card


@pytest.mark.parametrize("name", [manifest.FILE, cities_load.CACHE_FILE])
@pytest.mark.parametrize("damage", ["cut short", "random bytes", "another format's header"])
def test_a_damaged_manifest_or_cities_cache_means_work_done_afresh_with_one_warning(make_site, run_cli, tmp_path,
                                                                                     name, damage):
    site = make_site()
    folder = tmp_path / "cache"
    assert run_cli(site, "build", "--cache-dir", str(folder)).status == 0
    path = folder / name
    data = path.read_bytes()
    path.write_bytes({"cut short": data[: len(data) // 2], "random bytes": bytes(range(256)) * 4,
                      "another format's header": b"citypages-cache 999 abc\n" + data}[damage])
    change_mayor(site)
    result = run_cli(site, "build", "--cache-dir", str(folder))
    assert result.status == 0, result.err
    assert files(site / "output") == fresh(site, run_cli)
    warned = warnings_of(result.err)
    if damage == "another format's header" or (name == manifest.FILE and damage == "cut short"):
        assert len(warned) <= 1  # another engine's file, or a manifest cut at a line's end: no worse than none
    else:
        assert len(warned) == 1 and warned[0].startswith(str(path)), result.err
        assert "ignored" in warned[0]


@pytest.mark.parametrize("planted", ["../victim.txt", "{abs}", "springfield-il/../../victim.txt",
                                     "a\\..\\..\\victim.txt", "./victim.txt"])
def test_a_manifest_naming_a_path_outside_deletes_nothing_outside(make_site, run_cli, tmp_path, planted):
    site = make_site()
    folder = tmp_path / "cache"
    assert run_cli(site, "build", "--cache-dir", str(folder)).status == 0
    victim = site / "victim.txt"
    victim.write_text("keep me")
    with open(folder / manifest.FILE, "a", encoding="utf-8") as f:
        f.write(json.dumps(["page/en/planted", "k", {planted.format(abs=victim): "0" * 32}]) + "\n")
    change_mayor(site)
    result = run_cli(site, "build", "--cache-dir", str(folder))  # the planted unit is gone: its files would go
    assert result.status == 0, result.err
    assert victim.read_text() == "keep me"
    [warned] = warnings_of(result.err)
    assert "names a path outside the output folder" in warned and "the site was built afresh" in warned
    assert files(site / "output") == fresh(site, run_cli)


def test_a_manifest_of_another_output_folder_is_no_manifest(make_site, run_cli, tmp_path):
    site = make_site()
    folder = tmp_path / "cache"
    assert run_cli(site, "build", "--cache-dir", str(folder)).status == 0
    other = site / "elsewhere"
    result = run_cli(site, "build", "--cache-dir", str(folder), "--out", str(other))
    assert result.status == 0 and not warnings_of(result.err)
    assert files(other) == files(site / "output")  # a full build, not an update of a folder it never wrote


def test_a_value_is_read_back_only_whole_and_in_this_format(tmp_path):
    path = tmp_path / "v"
    cache.write(path, {"a": [1, 2]})
    assert cache.read(path) == ({"a": [1, 2]}, None)
    data = path.read_bytes()
    this, other = (b"citypages-cache %d " % n for n in (cache.FORMAT, cache.FORMAT + 1))
    path.write_bytes(data.replace(this, other))
    assert cache.read(path) == (None, None)
    path.write_bytes(data[:-1])
    assert cache.read(path)[1] == "its digest does not match (cut short or changed)"
    assert cache.read(tmp_path / "none") == (None, None)


def test_a_long_list_kept_in_parts_comes_back_whole_and_in_order(tmp_path):
    path, items = tmp_path / "v", [{"n": n, "same": "shared text"} for n in range(2 * cache.PART + 5)]
    cache.write(path, {"head": 1}, items)
    got: list[object] = []
    assert cache.read(path, got) == ({"head": 1}, None) and got == items
    assert cache.read(path) == ({"head": 1}, None)  # a reader that wants only the value
    path.write_bytes(path.read_bytes()[:-1])
    assert cache.read(path, [])[1] == "its digest does not match (cut short or changed)"


@pytest.mark.parametrize("rel", ["../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "", "a/..", "nul\0"])
def test_the_guard_refuses_a_path_that_is_not_inside(tmp_path, rel):
    with pytest.raises(guard.OutsideOutput):
        guard.inside(tmp_path, rel)


def test_the_guard_lets_a_plain_path_through(tmp_path):
    assert guard.inside(tmp_path, "es/springfield-il/index.html") == tmp_path / "es/springfield-il/index.html"
    assert guard.inside(tmp_path, ".nojekyll") == tmp_path / ".nojekyll"

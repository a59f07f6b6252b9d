"""Links in content/, theme/ or the site root that lead outside the site are refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

FILE_MSG = "error: is a link to a file outside the site; copy the file into the site instead of linking to it"
FOLDER_MSG = "error: is a link to a folder outside the site; copy the folder into the site instead of linking to it"
SECRET = "secret-words-from-outside"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site with a file nobody should publish."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n")
    (folder / "secret.txt").write_text(SECRET)
    return folder


def _replace_with_link(path: Path, target: Path) -> None:
    if path.is_dir():
        for p in sorted(path.rglob("*"), reverse=True):
            p.rmdir() if p.is_dir() else p.unlink()
        path.rmdir()
    elif path.exists():
        path.unlink()
    path.symlink_to(target)


@pytest.mark.parametrize(("link", "target", "message"), [
    ("content/pages/x.md", "secret.md", FILE_MSG),
    ("content/campaigns/thanks.md", "secret.md", FILE_MSG),
    ("theme/static", ".", FOLDER_MSG),
    ("theme/static/leak.txt", "secret.txt", FILE_MSG),
    ("theme/templates/_leak.html", "secret.txt", FILE_MSG),
    ("theme/i18n/en.yaml", "secret.txt", FILE_MSG),
    ("site.yaml", "secret.txt", FILE_MSG),
    ("signatures.json", "secret.txt", FILE_MSG),
    ("content", ".", FOLDER_MSG),
])
def test_a_link_leading_outside_is_an_error_naming_the_link_and_nothing_is_built(
        make_site, run_cli, outside, link, target, message):
    site = make_site()
    _replace_with_link(site / link, outside / target)
    for command in ("check", "build"):
        result = run_cli(site, command)
        assert result.status == 1, result.err
        assert result.errors == [f"{link}: {message}"]
        assert SECRET not in result.out + result.err
    assert not (site / "output").exists()


def test_a_link_through_a_folder_inside_the_site_to_outside_is_named_by_its_path(make_site, run_cli, outside):
    site = make_site()
    (site / "notes").mkdir()
    (site / "notes" / "leak.md").symlink_to(outside / "secret.md")
    (site / "content" / "pages" / "notes").symlink_to(site / "notes")
    result = run_cli(site, "check")
    assert result.status == 1
    assert result.errors == [f"content/pages/notes/leak.md: {FILE_MSG}"]


def test_links_that_stay_inside_the_site_are_fine_and_a_loop_does_not_hang(make_site, run_cli):
    site = make_site()
    pages = site / "content" / "pages"
    (site / "shared").mkdir()
    (site / "shared" / "about.md").write_bytes((pages / "about.md").read_bytes())
    (pages / "about.md").unlink()
    (pages / "about.md").symlink_to(Path("..") / ".." / "shared" / "about.md")  # relative, inside the site
    (site / "theme" / "static" / "loop").symlink_to(site / "theme")
    result = run_cli(site, "check")
    assert result.status == 0, result.err


def test_a_broken_link_outside_is_refused_too(make_site, run_cli, tmp_path):
    site = make_site()
    (site / "content" / "pages" / "gone.md").symlink_to(tmp_path / "no-such-file.md")
    result = run_cli(site, "check")
    assert result.errors == [f"content/pages/gone.md: {FILE_MSG}"]

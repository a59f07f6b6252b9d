"""The effective theme: the site's own theme files over the defaults, one digest per part, stale overrides named."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from citypages.base import hashing
from citypages.load import effective_theme
from tests.conftest import ROOT, CliResult


def test_this_repository_theme_is_the_default_and_its_digests_are_the_folders() -> None:
    assert effective_theme.default_dir().resolve() == (ROOT / "theme").resolve()
    got = effective_theme.digests(ROOT)
    assert got == effective_theme.ThemeDigests(*(hashing.tree_digest(ROOT / "theme" / p)
                                                 for p in effective_theme.PARTS))
    assert effective_theme.stale_overrides(ROOT, ("en", "es")) == []


def test_a_site_with_a_copy_of_the_default_theme_has_the_same_digests_and_no_warning(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    assert effective_theme.digests(tmp_path) == effective_theme.digests(ROOT)
    assert effective_theme.stale_overrides(tmp_path, ("en", "es")) == []


def test_an_override_changes_only_its_part_and_a_site_without_a_theme_uses_the_defaults(tmp_path: Path) -> None:
    assert effective_theme.digests(tmp_path) == effective_theme.digests(ROOT)
    (tmp_path / "theme" / "static").mkdir(parents=True)
    (tmp_path / "theme" / "static" / "style.css").write_text(":root { --accent: #005a9c; }\n", encoding="utf-8")
    changed = effective_theme.digests(tmp_path)
    assert changed.static != effective_theme.digests(ROOT).static
    assert (changed.templates, changed.i18n) == (effective_theme.digests(ROOT).templates,
                                                 effective_theme.digests(ROOT).i18n)
    assert effective_theme.files(tmp_path, "static")["style.css"] == tmp_path / "theme" / "static" / "style.css"
    assert effective_theme.files(tmp_path, "static")["form.js"] == ROOT / "theme" / "static" / "form.js"


def test_check_names_an_override_that_replaces_no_default(make_site: Callable[..., Path],
                                                           run_cli: Callable[..., CliResult]) -> None:
    site = make_site({"theme/templates/_old_footer.html": "<footer></footer>\n",
                      "theme/i18n/es.yaml": (ROOT / "theme" / "i18n" / "es.yaml").read_text(encoding="utf-8")})
    result = run_cli(site, "check")
    assert result.status == 0, result.err
    assert ("theme/templates/_old_footer.html: warning: the default theme of City Pages" in result.err
            and "replaces nothing" in result.err)
    assert "theme/i18n/es.yaml: warning" not in result.err  # a translation for a language of the site


def test_a_site_template_deleted_falls_back_to_the_default(make_site: Callable[..., Path],
                                                           run_cli: Callable[..., CliResult]) -> None:
    site = make_site()
    (site / "theme" / "templates" / "city.html").unlink()
    assert run_cli(site, "check").status == 0


def test_a_required_template_missing_from_the_default_theme_too_is_an_error(
        make_site: Callable[..., Path], run_cli: Callable[..., CliResult], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Was the bad_input case template-missing: now only a theme without a default can lack a template."""
    broken = shutil.copytree(ROOT / "theme", tmp_path / "default-theme")
    (broken / "templates" / "city.html").unlink()
    monkeypatch.setattr(effective_theme, "default_dir", lambda: broken)
    site = make_site()
    (site / "theme" / "templates" / "city.html").unlink()
    result = run_cli(site, "build")
    assert result.status == 1
    assert result.errors[0] == ("theme/templates/city.html: error: template not found; "
                                "the theme needs it (restore it from git)")
    assert result.err.rstrip().endswith("nothing was written.")

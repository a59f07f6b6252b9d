"""Every input that reaches a page is in its unit's key: after any edit, a rebuild gives the bytes of a build
from nothing.

A rebuild renders only units whose key changed and takes share cards and ZIP files from the
cache by their key (plan/keys.py). An input a page depends on but its key leaves out would
leave a stale page or card behind; each edit below is made to a built site, and the rebuild
(over its output and its cache) is compared with a build of the edited site from nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from citypages.pipeline import build_site
from tests.support import snapshot

ROOT = Path(__file__).resolve().parent.parent.parent
SIGNED = '{"version": 1, "campaigns": {"thanks": {"springfield-il": 3, "san-jose-ca": 5}}}\n'
TEMPLATES = sorted(p.name for p in (ROOT / "theme" / "templates").iterdir())


def _replace(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        path = site / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel} has no {old!r}: the edit would test nothing"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def _template(name: str) -> Callable[[Path], None]:
    """A visible change to a template: words added inside its first element or block that shows."""
    def edit(site: Path) -> None:
        path = site / "theme" / "templates" / name
        text = path.read_text(encoding="utf-8")
        if name.endswith(".txt"):
            path.write_text(text + "# edited\n", encoding="utf-8")
            return
        if name.endswith(".svg"):
            path.write_text(text.replace("<title>", "<title>EDITED ", 1), encoding="utf-8")
            return
        if name.endswith(".xml"):
            path.write_text(text.replace("<urlset", "<!-- edited --><urlset", 1), encoding="utf-8")
            return
        found = re.search(r"{% block [a-z_]+ %}|<(p|div|span|h1|h2|li|a|section|form|meta)\b[^>]*>", text)
        assert found, name
        path.write_text(text[:found.end()] + "EDITED " + text[found.end():], encoding="utf-8")
    return edit


def _ui_string(site: Path) -> None:
    for lang in ("en", "es"):
        path = site / "theme" / "i18n" / f"{lang}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines = [re.sub(r'^(\w+: ")', r"\1edited ", line, count=1) if line[:1].isalpha() and ': "' in line
                 else line for line in lines]
        path.write_text("".join(lines), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    **{f"template {name}": _template(name) for name in TEMPLATES},
    "every UI string": _ui_string,
    "a static file": _replace("theme/static/style.css", "{", "{ outline: 0;"),
    "site title": _replace("site.yaml", "title: Tiny Test Site", "title: Another Site"),
    "site description": _replace("site.yaml", "description: A tiny site", "description: A small site"),
    "organization": _replace("site.yaml", "organization: Test Org", "organization: Other Org"),
    "form id": _replace("site.yaml", "id: abcdefgh", "id: zyxwvuts"),
    "a second language": _replace("site.yaml", "languages: [en]", "languages: [en, es]"),
    "city name": _replace("cities.yaml", "- name: Springfield", "- name: Springfeld"),
    "mayor name": _replace("cities.yaml", "name: Pat Doe", "name: Pat Dee"),
    "mayor title": _replace("cities.yaml", "title: Alcaldesa", "title: Mayor"),
    "mayor's phone": _replace("cities.yaml", "    name: Pat Doe\n",
                                "    name: Pat Doe\n    phone: '+1 217 555 0101'\n"),
    "policy": _replace("cities.yaml", "url: https://example.org/springfield}", "url: https://example.org/sp2}"),
    "location": _replace("cities.yaml", "{lat: 39.8, lon: -89.64}", "{lat: 40.1, lon: -88.2}"),
    "last verified": _replace("cities.yaml", "last_verified: 2026-11-01", "last_verified: 2026-10-01"),
    "sources": _replace("cities.yaml", "sources: [https://example.org/springfield]",
                        "sources: [https://example.org/s2]"),
    "status": _replace("cities.yaml", "  last_verified: 2026-11-01\n", "  status: limited-cooperation\n"
                                      "  last_verified: 2026-11-01\n"),
    "a draft published": _replace("cities.yaml", "  draft: true\n", ""),
    "campaign copy": _replace("content/campaigns/thanks.md", "\n\n", "\n\nEdited copy.\n\n"),
    "campaign title": _replace("content/campaigns/thanks.md", "title:", "title: Edited"),
    "a plain page": _replace("content/pages/about.md", "{{ site.title }} by", "Edited. {{ site.title }} by"),
    "signatures": _replace("signatures.json", '"springfield-il": 3', '"springfield-il": 7'),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_rebuild_after_an_edit_gives_the_bytes_of_a_build_from_nothing(make_site, tmp_path, edit):
    site = make_site({"site.yaml": (ROOT / "tests/sites/tiny/site.yaml").read_text() + "zip_lookup: true\n",
                      "signatures.json": SIGNED})  # counts shown, so that their partial shows
    _replace("cities.yaml", "    name: Ana Ruiz\n", "    name: Ana Ruiz\n    email: mayor@example.org\n")(site)
    _rebuild_is_fresh(site, tmp_path, EDITS[edit])


PER_LANGUAGE = {  # site.yaml and a mayor's title written once per language
    "site title in one language": _replace("site.yaml", "es: Sitio de prueba", "es: Otro sitio"),
    "site description in one language": _replace("site.yaml", "es: Un sitio pequeño.", "es: Otro sitio pequeño."),
    "mayor title in one language": _replace("cities.yaml", "es: Regidora", "es: Alcaldesa"),
    "first language's site title": _replace("site.yaml", "en: Tiny Test Site", "en: Another Site"),
}


@pytest.mark.parametrize("edit", PER_LANGUAGE, ids=list(PER_LANGUAGE))
def test_a_rebuild_after_an_edit_of_one_languages_text_gives_the_bytes_of_a_build_from_nothing(
        make_site, tmp_path, edit):
    settings = (ROOT / "tests/sites/tiny/site.yaml").read_text().replace("languages: [en]", "languages: [en, es]")
    settings = settings.replace("title: Tiny Test Site", "title: {en: Tiny Test Site, es: Sitio de prueba}").replace(
        "description: A tiny site the tests build.", "description: {en: A tiny site., es: Un sitio pequeño.}")
    site = make_site({"site.yaml": settings})
    _replace("cities.yaml", "    title: Alcaldesa\n", "    title: {en: Mayor, es: Regidora}\n")(site)
    _rebuild_is_fresh(site, tmp_path, PER_LANGUAGE[edit])


def _rebuild_is_fresh(site: Path, tmp_path: Path, edit: Callable[[Path], None]) -> None:
    """Build `site`, make the edit, rebuild over the output and the cache: the bytes of a build from nothing."""
    assert build_site(site, cache_dir=tmp_path / "cache").ok
    before = snapshot(site / "output")
    edit(site)
    again = build_site(site, cache_dir=tmp_path / "cache")
    assert again.ok, again.diagnostics
    fresh = build_site(site, tmp_path / "fresh", cache_dir=tmp_path / "fresh-cache")
    assert fresh.ok
    now = snapshot(site / "output")
    assert now == snapshot(tmp_path / "fresh")
    assert now != before, "the edit changed no published byte: it tests nothing"

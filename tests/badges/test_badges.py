"""badge.svg beside every city page and counts.json: counts partner sites can show, from signatures.json only."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import UNDER_CI
from htmlcheck import AXE_TAGS, PageText, Tags, nu_errors
from theme_site import site_yaml

from citypages.places import plurals
from citypages.responses import tally
from tests.support import output_changed, output_stamps

COUNTS = '{"version": 1, "campaigns": {"thanks": {"springfield-il": 1234, "san-jose-ca": 1, "gone-tx": 9}}}\n'
BADGES = {  # badge.svg in the site -> the words it shows
    "springfield-il/badge.svg": "1,234 neighbors thanked Mayor Pat Doe",
    "es/springfield-il/badge.svg": "1.234 vecinos le dieron las gracias a Pat Doe",
    "san-jose-ca/badge.svg": "1 neighbor thanked Alcaldesa Ana Ruiz",
    "es/san-jose-ca/badge.svg": "1 vecino le dio las gracias a Ana Ruiz",
}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def counted(make_site, run_cli) -> Path:
    """The tiny site in English and Spanish with signatures.json, built."""
    site = make_site({"site.yaml": site_yaml(), "signatures.json": COUNTS})
    assert run_cli(site, "build", "--quiet").status == 0
    return site


def test_every_city_page_has_its_badge_in_each_language_with_its_count_and_mayor(counted) -> None:
    out = counted / "output"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("badge.svg")) == sorted(BADGES)
    accent = re.search(r"--accent:\s*(#[0-9a-f]{6})", (counted / "theme/static/style.css").read_text())[1]
    for path, words in BADGES.items():
        svg = (out / path).read_text(encoding="utf-8")
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        assert root.findtext(f"{SVG}title") == words and root.findtext(f"{SVG}text") == words
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == ("es" if path.startswith("es/") else "en")
        assert root.find(f"{SVG}rect").get("fill") == accent
        assert "<script" not in svg and "href" not in svg and "url(" not in svg and "@import" not in svg
        assert "<image" not in svg and "<foreignObject" not in svg and "<style" not in svg
        assert int(root.get("width")) > 7 * len(words)  # room for the words in a wide system font


def test_counts_json_lists_each_published_city_s_count_and_badges_and_no_person(counted) -> None:
    out = counted / "output"
    data = json.loads((out / "counts.json").read_text(encoding="utf-8"))
    signed = json.loads(COUNTS)["campaigns"]["thanks"]
    assert data["version"] == 1 and list(data["campaigns"]) == ["thanks"]
    cities = data["campaigns"]["thanks"]
    assert sorted(cities) == ["san-jose-ca", "springfield-il"]  # not the draft, nor a city no longer listed
    for slug, entry in cities.items():
        assert entry["count"] == signed[slug]
        assert entry["badges"] == {"en": f"https://example.org/repo/{slug}/badge.svg",
                                   "es": f"https://example.org/repo/es/{slug}/badge.svg"}
        assert all((out / url.removeprefix("https://example.org/repo/")).is_file() for url in entry["badges"].values())
    text = (out / "counts.json").read_text(encoding="utf-8")
    assert "Pat Doe" not in text and "@" not in text
    assert "badge.svg" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_the_thank_you_page_offers_the_badge_s_embed_code_with_its_absolute_address(counted) -> None:
    html = (counted / "output" / "springfield-il" / "thanks" / "index.html").read_text(encoding="utf-8")
    tags = Tags(html)
    (area,) = tags.find("textarea", id="badge-code")
    assert "readonly" in area and tags.find("label", **{"for": "badge-code"})
    code = re.search(r'<textarea id="badge-code"[^>]*>(.*?)</textarea>', html, re.S)[1]
    snippet = PageText(f"<p>{code}</p>").all_text  # the text a reader copies
    assert snippet == ('<img src="https://example.org/repo/springfield-il/badge.svg" alt="The number of neighbors '
                       f'who have thanked Mayor Pat Doe" width="{_width(counted, "springfield-il")}" height="28">')
    assert tags.find("img", src="/repo/springfield-il/badge.svg", alt=BADGES["springfield-il/badge.svg"])
    es = (counted / "output" / "es" / "springfield-il" / "thanks" / "index.html").read_text(encoding="utf-8")
    assert "https://example.org/repo/es/springfield-il/badge.svg" in es
    assert "El número de vecinos que le han dado las gracias a Pat Doe" in es


def _width(site: Path, slug: str) -> str:
    return ET.parse(site / "output" / slug / "badge.svg").getroot().get("width")


def test_without_signatures_json_there_is_no_badge_no_counts_json_and_no_embed_code(make_site, run_cli) -> None:
    site = make_site({"site.yaml": site_yaml()})
    assert run_cli(site, "build", "--quiet").status == 0
    out = site / "output"
    assert not list(out.rglob("badge.svg")) and not (out / "counts.json").exists()
    assert "badge" not in (out / "springfield-il" / "thanks" / "index.html").read_text(encoding="utf-8")


def test_a_changed_count_redraws_that_city_s_badges_only_and_a_no_op_build_writes_nothing(counted, run_cli) -> None:
    out = counted / "output"
    before = output_stamps(out)
    assert run_cli(counted, "build", "--quiet").status == 0
    assert output_changed(before, output_stamps(out), out) == set()
    (counted / "signatures.json").write_text(COUNTS.replace("1234", "1235"), encoding="utf-8")
    assert run_cli(counted, "build", "--quiet").status == 0
    written = output_changed(before, output_stamps(out), out)
    assert {p for p in written if p.endswith("badge.svg")} == {"springfield-il/badge.svg",
                                                               "es/springfield-il/badge.svg"}
    assert "counts.json" in written and "1,235 neighbors thanked" in (out / "springfield-il/badge.svg").read_text()


def test_badges_are_valid_svg_and_the_thank_you_pages_valid_html(counted) -> None:
    if not shutil.which("java") and not UNDER_CI:
        pytest.skip("the Nu HTML checker needs Java (apt-get install -y default-jre-headless)")
    assert nu_errors(counted / "output", svg=True) == []


def test_check_renders_badges_and_passes(counted, run_cli) -> None:
    assert run_cli(counted, "check").status == 0


@pytest.mark.parametrize(("count", "words"), [
    (0, "0 osób podziękowało"), (1, "1 osoba podziękowała"), (2, "2 osoby podziękowały"),
    (5, "5 osób podziękowało"), (22, "22 osoby podziękowały"), (1000, "1 000 osób podziękowało"),
])
def test_a_badge_s_count_takes_its_language_s_plural_form(count: int, words: str) -> None:
    polish = {plurals.LANGUAGE: "pl", "number_group": " ", "badge_alt": "Ile osób podziękowało: {title} {name}",
              "badge_count": "{count} osób podziękowało: {title} {name}",
              "badge_count_one": "{count} osoba podziękowała: {title} {name}",
              "badge_count_few": "{count} osoby podziękowały: {title} {name}",
              "badge_count_many": "{count} osób podziękowało: {title} {name}"}
    view = tally.badge_view(count, polish, "Burmistrz", "Jan Nowak")
    assert view["text"] == f"{words}: Burmistrz Jan Nowak"
    assert view["alt"] == "Ile osób podziękowało: Burmistrz Jan Nowak"


@pytest.mark.browser
def test_the_thank_you_page_with_its_badge_passes_axe_and_the_badge_loads_from_the_site(make_site, run_cli,
                                                                                       serve_dir, page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    site = make_site({"site.yaml": site_yaml(), "signatures.json": COUNTS})
    assert run_cli(site, "build", "--quiet", "--base-url", "http://127.0.0.1/").status == 0
    base = serve_dir(site / "output")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for prefix in ("", "es/"):
        page.goto(f"{base}/{prefix}springfield-il/thanks/")
        badge = page.locator(f'img[src$="/{prefix}springfield-il/badge.svg"]')
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=badge.element_handle())
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, f"{prefix}thanks:\n{results.generate_report()}"
    assert requested and all(url.startswith(base) for url in requested)

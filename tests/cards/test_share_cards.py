"""Share cards: one PNG per city page and language, absolute og:image tags, drawn only when changed."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from htmlcheck import Tags
from PIL import Image, ImageDraw
from theme_site import build_bilingual, site_yaml

from citypages.cards import fonts, raster, share_cards
from citypages.pipeline import build_site, check_site

ROOT = Path(__file__).resolve().parent.parent.parent
FONTS = ROOT / "theme" / "fonts"


def meta(html: str, key: str) -> str:
    found = [t for t in Tags(html).find("meta") if t.get("property") == key or t.get("name") == key]
    assert len(found) == 1, (key, found)
    return found[0]["content"] or ""


def test_every_city_page_has_a_1200_by_630_card_under_100_kb_named_by_absolute_meta_tags(make_site):
    out, _ = build_bilingual(make_site)
    pages = sorted(p for p in out.rglob("index.html") if (p.parent / "thanks").is_dir())
    assert len(pages) == 4  # Springfield and San José, in en and es (Shelby County is a draft)
    for page in pages:
        html = page.read_text()
        card = page.parent / "card.png"
        image = Image.open(card)
        assert image.format == "PNG" and image.size == (1200, 630)
        assert card.stat().st_size <= 100 * 1024
        rel = page.parent.relative_to(out).as_posix()
        assert meta(html, "og:image") == f"https://example.org/repo/{rel}/card.png"
        assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
        assert meta(html, "twitter:card") == "summary_large_image"
        assert meta(html, "og:image:alt").startswith(meta(html, "og:title"))
    es = (out / "es" / "san-jose-ca" / "index.html").read_text()
    assert meta(es, "og:image:alt") == "Gracias, Alcaldesa Ana Ruiz (San José, CA; Alcaldesa Ana Ruiz)"
    assert meta((out / "index.html").read_text(), "twitter:card") == "summary"
    en_card = (out / "san-jose-ca" / "card.png").read_bytes()
    assert en_card != (out / "es" / "san-jose-ca" / "card.png").read_bytes()  # each language has its own headline


def test_a_card_is_drawn_in_the_theme_accent_colour_with_white_text():
    style = share_cards.Style("#123456", "#ffffff", FONTS / fonts.REGULAR, FONTS / fonts.BOLD)
    png = share_cards.draw("Thank Mayor Ana Ruiz", "San José, CA", "Mayor Ana Ruiz", "Tiny", style)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = dict((c, n) for n, c in image.getcolors(1 << 16))
    assert max(colours, key=colours.get) == (0x12, 0x34, 0x56)
    assert (255, 255, 255) in colours


def test_a_huge_name_still_fits_one_card_under_the_limit():
    style = share_cards.theme_style(FONTS.parent / "static" / "style.css", FONTS)
    png = share_cards.draw("Ñ" * 10_000, "Á" * 10_000 + ", ST", "Zoë " * 2_000, "Site", style)
    image = Image.open(io.BytesIO(png))
    assert image.size == (1200, 630) and len(png) <= share_cards.CARD_LIMIT
    right_margin = image.crop((1200 - share_cards.MARGIN + 8, 0, 1200, 630))
    assert right_margin.getextrema() == (0, 0)  # nothing runs off the side: every line was cut to fit


def test_a_rebuild_draws_only_the_cards_of_changed_cities(make_site, monkeypatch):
    site = make_site()
    assert build_site(site).ok
    drawn: list[str] = []
    real = share_cards.draw
    monkeypatch.setattr(share_cards, "draw", lambda headline, *rest: drawn.append(headline) or real(headline, *rest))
    again = build_site(site)
    assert again.ok and again.written == 0 and drawn == []
    cities = site / "cities.yaml"
    cities.write_text(cities.read_text().replace("name: Pat Doe", "name: Pat Roe"))
    assert build_site(site).ok and drawn == ["Thank Mayor Pat Roe"]
    css = site / "theme" / "static" / "style.css"
    css.write_text(css.read_text().replace("--accent: #1d4e89;", "--accent: #8a1d4e;"))
    drawn.clear()
    assert build_site(site).ok and sorted(drawn) == ["Thank Alcaldesa Ana Ruiz", "Thank Mayor Pat Roe"]
    card = Image.open(site / "output" / "san-jose-ca" / "card.png").convert("RGB")
    assert card.getpixel((5, 5)) == (0x8a, 0x1d, 0x4e)


def test_a_no_op_rebuild_draws_no_card_and_never_loads_pillow(make_site):
    site = make_site()
    assert build_site(site).ok
    probe = ("import sys; from pathlib import Path; from citypages.pipeline import build_site; "
             f"r = build_site(Path({str(site)!r})); print(r.ok, r.written, 'PIL' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "0", "False"]


def test_cards_can_be_turned_off(make_site):
    site = make_site()
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "share_cards: false\n")
    assert build_site(site).ok
    assert not list((site / "output").rglob("card.png"))
    html = (site / "output" / "springfield-il" / "index.html").read_text()
    assert meta(html, "twitter:card") == "summary" and "og:image" not in html


def test_a_card_sits_beside_its_page_in_a_language_folder_of_a_mixed_case_tag(make_site):
    site = make_site()
    text = (site / "site.yaml").read_text().replace("languages: [en]", "languages: [en, pt-BR]")
    (site / "site.yaml").write_text(text)
    assert build_site(site).ok
    out = site / "output"
    pages = sorted(p for p in (out / "pt-br").rglob("index.html") if (p.parent / "thanks").is_dir())
    assert pages and not (out / "pt-BR").exists()  # one folder for the language, as its links say
    for page in pages:
        rel = page.parent.relative_to(out).as_posix()
        assert meta(page.read_text(), "og:image") == f"https://example.org/repo/{rel}/card.png"
        assert Image.open(page.parent / "card.png").size == (1200, 630)


def test_the_fonts_cover_latin_extended_and_the_build_names_what_they_cannot_draw(make_site):
    have = fonts.coverage(FONTS / fonts.REGULAR) & fonts.coverage(FONTS / fonts.BOLD)
    assert all(code in have for code in range(0x0100, 0x0250))  # Latin Extended-A and -B
    assert all(ord(c) in have for c in "¿¡áéíóúñü")
    assert ord("中") not in have
    taipei = "- name: 台北\n  state: TW\n  country: ZZ\n  slug: taipei\n  mayor:\n    name: Ana\n"
    site = make_site({"cities.yaml": taipei})
    text = (site / "site.yaml").read_text().replace("languages: [en]", "languages: [en, zh]")
    (site / "site.yaml").write_text(text)
    lines = [d.as_text() for d in check_site(site)]
    assert "theme/fonts/DejaVuSans-Bold.ttf: warning: share cards cannot draw Han for 'zh'" in "\n".join(lines), lines
    assert any(line.startswith("cities.yaml:1:1: warning: 台北: the share card's font cannot draw '台北'")
               for line in lines), lines


def reference(marks: list[raster.Mark]) -> bytes:
    """The card as ImageDraw draws its marks, one call each, on one whole canvas: what the bands must equal."""
    canvas = Image.new("L", (share_cards.WIDTH, share_cards.HEIGHT), 0)
    pen = ImageDraw.Draw(canvas)
    for mark in marks:
        if isinstance(mark, raster.Bar):
            pen.rectangle(mark.box, fill=raster.ink(mark.shade))
        else:
            face = raster.font(mark.font, mark.size)
            for text, x in raster.runs(mark):
                pen.text((x, mark.y), text, font=face, fill=raster.ink(mark.shade))
    return canvas.tobytes()


CARDS = [
    ("Thank Mayor Ana Ruiz for standing by San José's immigrant neighbors", "San José, CA", "Mayor Ana Ruiz", "Tiny"),
    ("Gracias, Siobhán Østergaard, por hacer de Ñandú Heights 7 una ciudad acogedora", "Ñandú Heights 7, TX",
     "Alcaldesa Siobhán Østergaard", "Ciudades"),
    ("Thank Mayor سامي حداد for making ديربورن a welcoming city", "ديربورن, MI", "Mayor سامي حداد", "City Pages"),
    ("Ñ" * 300, "Á" * 300 + ", ST", "Zoë " * 200, "Site"),
    ("", "", "", ""),
]


@pytest.mark.parametrize("words", CARDS, ids=["en", "es", "ar", "huge", "empty"])
def test_a_card_is_pixel_for_pixel_what_pillow_draws_for_its_marks(words):
    style = share_cards.theme_style(FONTS.parent / "static" / "style.css", FONTS)
    for _ in range(2):  # drawn afresh, then from the caches of words and bands
        png = share_cards.draw(*words, style)
        image = Image.open(io.BytesIO(png))
        assert (image.format, image.mode, image.size) == ("PNG", "P", (1200, 630))
        assert png[24] == raster.DEPTH  # IHDR's bit depth
        marks = raster.marks(*words, style.regular, style.bold)
        assert image.tobytes() == reference(marks)
        assert len(png) <= share_cards.CARD_LIMIT


def test_the_bands_cover_every_row_once_and_no_mark_crosses_a_cut():
    style = share_cards.theme_style(FONTS.parent / "static" / "style.css", FONTS)
    marks = raster.marks(*CARDS[1], style.regular, style.bold)
    cut = raster.bands(marks)
    assert [top for top, _, _ in cut] == [0] + [bottom for _, bottom, _ in cut[:-1]] and cut[-1][1] == 630
    drawn = [m for m in marks if isinstance(m, raster.Bar) or m.text]
    assert sorted(repr(m) for _, _, band in cut for m in band) == sorted(map(repr, drawn)) and len(drawn) == 8
    for top, bottom, band in cut:
        assert all(top <= raster.rows(m)[0] and raster.rows(m)[1] <= bottom for m in band)


def test_a_headline_line_that_names_no_one_is_one_band_every_card_shares():
    style = share_cards.theme_style(FONTS.parent / "static" / "style.css", FONTS)
    first = raster.bands(raster.marks(*CARDS[0], style.regular, style.bold))
    other = raster.bands(raster.marks(CARDS[0][0].replace("Ana Ruiz", "Ana Cruz"), "Dover, DE",
                                                "Mayor Ana Cruz", "Tiny", style.regular, style.bold))
    shared = set(first) & set(other)
    assert any(getattr(m, "text", "") == "neighbors" for _, _, band in shared for m in band)  # the headline's end
    assert any(getattr(m, "text", "") == "José's immigrant" for _, _, band in shared for m in band)
    assert any(band and getattr(band[0], "text", "") == "Tiny" for _, _, band in shared)  # the site's title
    assert any(not band for _, _, band in shared)  # blank rows


def test_right_to_left_lines_are_drawn_whole_and_others_word_by_word():
    style = share_cards.theme_style(FONTS.parent / "static" / "style.css", FONTS)
    lines = [m for m in raster.marks(*CARDS[2], style.regular, style.bold) if isinstance(m, raster.Line)]
    assert raster.runs(lines[0]) == [("ديربورن, MI", 72)]
    assert [text for text, _ in raster.runs(lines[-1])] == ["City", "Pages"]
    (_, city), (_, pages) = raster.runs(lines[-1])
    assert pages - city == round(raster.font(lines[-1].font, lines[-1].size).getlength("City "))


def test_the_cards_draw_through_pillows_documented_api_only():
    """ImageDraw's `.draw`, FreeTypeFont.getmask/getmask2, an image's `.im` and Image.core are Pillow's internals."""
    internal = re.compile(r"\.draw\.|\bgetmask2?\b|\.im\b|\bcore\b")
    for module in sorted((ROOT / "citypages" / "cards").glob("*.py")):
        code = [line for line in module.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith(("#", '"""'))]
        assert not [line for line in code if internal.search(line.split("#")[0])], module.name


BOSTON = "- name: Boston\n  state: MA\n  mayor:\n    name: Michelle Wu\n    title: {en: Mayor, es: Alcaldesa}\n"


def test_a_card_names_the_mayor_and_the_site_in_its_own_language(make_site, monkeypatch):
    settings = site_yaml().replace("title: Tiny Test Site\n", "title: {en: Tiny Test Site, es: Sitio}\n")
    site = make_site({"site.yaml": settings, "cities.yaml": BOSTON})
    drawn: dict[str, tuple[str, str]] = {}
    real = share_cards.draw
    monkeypatch.setattr(share_cards, "draw", lambda headline, place, mayor, title, style: drawn.setdefault(
        headline, (mayor, title)) and real(headline, place, mayor, title, style))
    assert build_site(site).ok
    assert drawn == {"Thank Mayor Michelle Wu": ("Mayor Michelle Wu", "Tiny Test Site"),
                     "Gracias, Alcaldesa Michelle Wu": ("Alcaldesa Michelle Wu", "Sitio")}
    es = (site / "output" / "es" / "boston-ma" / "index.html").read_text()
    assert meta(es, "og:image:alt") == "Gracias, Alcaldesa Michelle Wu (Boston, MA; Alcaldesa Michelle Wu)"

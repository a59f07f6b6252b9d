"""The theme's promises checked on built files: page weight, privacy headers, sharing, the map."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from htmlcheck import Tags
from theme_site import build_bilingual

from citypages.render import usmap

WEIGHT_LIMIT = 30 * 1024
MAP_LIMIT = 40 * 1024





def csp_of(tags: Tags) -> dict[str, list[str]]:
    (meta,) = tags.find("meta", **{"http-equiv": "Content-Security-Policy"})
    return {d.split()[0]: d.split()[1:] for d in (meta["content"] or "").split(";") if d.strip()}


def test_city_page_with_its_css_and_js_weighs_under_30_kb(make_site):
    out, _ = build_bilingual(make_site)
    static = sum((out / "static" / name).stat().st_size for name in ("style.css", "site.js", "form.js"))
    for page in ("springfield-il", "san-jose-ca", "es/springfield-il"):
        total = (out / page / "index.html").stat().st_size + static
        assert total < WEIGHT_LIMIT, f"{page}: {total} bytes"
    html = (out / "springfield-il" / "index.html").read_text()
    assert not re.search(r"<img|@import|url\(", html + (out / "static" / "style.css").read_text())


def test_every_page_has_a_strict_csp_and_nothing_inline_it_would_need_to_allow(make_site):
    out, _ = build_bilingual(make_site)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 15
    for path in pages:
        tags = Tags(path.read_text())
        where = path.relative_to(out)
        csp = csp_of(tags)
        assert csp["default-src"] == ["'none'"], where
        assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"], where
        for directive in ("form-action", "connect-src"):
            assert set(csp[directive]) <= {"'self'", "https://formspree.io"}, (where, directive)
        assert tags.inline == [], where
        assert not [t for t, a in tags.tags if "style" in a or any(k.startswith("on") for k in a)], where
        assert all(a.get("src") for a in tags.find("script")), where
        assert tags.find("meta", name="referrer", content="strict-origin-when-cross-origin"), where
    city = Tags((out / "springfield-il" / "index.html").read_text())
    assert csp_of(city)["form-action"] == ["'self'", "https://formspree.io"]
    assert csp_of(city)["connect-src"] == ["'self'", "https://formspree.io"]
    assert csp_of(Tags((out / "index.html").read_text()))["form-action"] == ["'self'"]


def test_links_to_other_sites_carry_noopener_noreferrer(make_site):
    out, _ = build_bilingual(make_site)
    checked = 0
    for path in out.rglob("*.html"):
        for attrs in Tags(path.read_text()).find("a"):
            href = attrs.get("href") or ""
            if urlsplit(href).scheme in ("http", "https") and not href.startswith("https://example.org/repo/"):
                checked += 1
                assert {"noopener", "noreferrer"} <= set((attrs.get("rel") or "").split()), (path, href)
    assert checked > 10


def test_city_pages_have_their_own_open_graph_and_twitter_tags(make_site):
    out, _ = build_bilingual(make_site)
    tags = Tags((out / "san-jose-ca" / "index.html").read_text())
    assert tags.find("meta", property="og:title", content="Thank Alcaldesa Ana Ruiz")
    assert tags.find("meta", property="og:url", content="https://example.org/repo/san-jose-ca/")
    assert tags.find("meta", property="og:description", content="Tell Ana Ruiz that San José is proud.")
    assert tags.find("meta", name="twitter:card", content="summary_large_image")
    assert tags.find("meta", name="twitter:title", content="Thank Alcaldesa Ana Ruiz")
    es = Tags((out / "es" / "san-jose-ca" / "index.html").read_text())
    assert es.find("meta", property="og:title", content="Gracias, Alcaldesa Ana Ruiz")
    assert es.find("meta", property="og:locale", content="es")


def test_share_links_carry_the_campaign_share_text_with_placeholders_filled(make_site):
    out, _ = build_bilingual(make_site)
    tags = Tags((out / "springfield-il" / "thanks" / "index.html").read_text())
    hrefs = [unquote(a["href"] or "") for a in tags.find("a") if a.get("href")]
    text, url = "I thanked Pat Doe.", "https://example.org/repo/springfield-il/"
    channels = {"mailto:?": "email", "sms:?": "sms", "https://wa.me/?": "whatsapp",
                "https://twitter.com/intent/tweet?": "x", "https://www.facebook.com/sharer/sharer.php?": "facebook"}
    for start, channel in channels.items():
        (link,) = [h for h in hrefs if h.startswith(start)]
        assert f"{url}?source=share-{channel}" in link, link
        if "facebook" not in start:
            assert text in link, link
    assert tags.find("button", **{"class": "copy-link", "data-url": f"{url}?source=share-copy"})
    es = [unquote(a["href"] or "") for a in Tags((out / "es" / "springfield-il" / "thanks" / "index.html")
                                                 .read_text()).find("a") if a.get("href")]
    assert any("Le di las gracias a Pat Doe." in h and "/repo/es/springfield-il/" in h for h in es)
    assert not Tags((out / "springfield-il" / "thanks" / "index.html").read_text()).find("iframe")


def test_footnotes_are_announced_as_notes_with_a_heading(make_site):
    out, _ = build_bilingual(make_site)
    html = (out / "springfield-il" / "index.html").read_text()
    assert '<span class="visually-hidden">Note </span>1</a>' in html
    assert '<h2 class="footnotes-heading">Notes</h2>' in html
    assert '<span class="visually-hidden">Back to the text</span>' in html and "<hr>" not in html
    es = (out / "es" / "springfield-il" / "index.html").read_text()
    assert '<span class="visually-hidden">Nota </span>1</a>' in es and ">Notas</h2>" in es


def test_projection_puts_places_in_their_frames_and_leaves_territories_out():
    honolulu = usmap.project(-157.86, 21.31)
    anchorage = usmap.project(-149.9, 61.22)
    chicago = usmap.project(-87.63, 41.88)
    assert honolulu and usmap.HAWAII.contains(honolulu)
    assert anchorage and usmap.ALASKA.contains(anchorage)
    assert chicago and 500 < chicago[0] < 700 and 100 < chicago[1] < 250
    seattle, miami = usmap.project(-122.33, 47.61), usmap.project(-80.19, 25.76)
    assert seattle and miami and seattle[0] < chicago[0] < miami[0] and seattle[1] < chicago[1] < miami[1]
    assert usmap.project(-66.1, 18.47) is None  # San Juan, Puerto Rico
    assert usmap.project(144.79, 13.44) is None  # Guam


def test_map_data_in_the_theme_is_small_and_in_the_frame():
    outlines = usmap.read_outlines(Path(__file__).parent.parent.parent / "theme" / "data" / "us-states.json")
    assert outlines is not None
    numbers = [int(n) for n in re.findall(r"M(-?\d+) (-?\d+)", outlines.land) for n in n]
    assert len(outlines.land) < 20_000 and outlines.land.count("M") > 49
    assert all(-5 <= n <= outlines.width + 5 for n in numbers)


def test_index_draws_a_named_link_per_located_city_and_lists_the_others(make_site):
    cities = """\
- {name: Springfield, state: IL, mayor: {name: Pat Doe}, location: {lat: 39.8, lon: -89.64}}
- {name: Honolulu, state: HI, mayor: {name: Rick Blangiardi}, location: {lat: 21.31, lon: -157.86}}
- {name: San Juan, state: PR, mayor: {name: Miguel Romero}, location: {lat: 18.47, lon: -66.1}}
- {name: Nowhere, state: KS, mayor: {name: No One}}
"""
    out, _ = build_bilingual(make_site, files={"cities.yaml": cities})
    html = (out / "index.html").read_text()
    figure = html[html.index('<figure class="map"'):html.index("</figure>") + 9]
    assert len(figure.encode()) < MAP_LIMIT
    links = Tags(figure).find("a")
    svg_links = {a["aria-label"]: a["href"] for a in links if a.get("aria-label")}
    assert svg_links == {"Springfield, IL": "/repo/springfield-il/", "Honolulu, HI": "/repo/honolulu-hi/"}
    assert "Not on the map:" in figure and '<a href="/repo/san-juan-pr/">San Juan, PR</a>' in figure
    assert "Nowhere" not in figure and '<a href="/repo/nowhere-ks/">Nowhere</a>' in html
    assert "https://" not in figure.replace("http://www.w3.org/2000/svg", "")
    assert (out / "es" / "index.html").read_text().count('aria-label="Honolulu, HI"') == 1


def test_index_lists_every_city_grouped_by_state(make_site):
    out, _ = build_bilingual(make_site)
    html = (out / "index.html").read_text()
    ca = html.index('<h2 id="state-1">California</h2>')
    assert ca < html.index('<a href="/repo/san-jose-ca/">San José</a>', ca) < html.index(">Illinois</h2>") \
        < html.index('<a href="/repo/springfield-il/">Springfield</a>')


def _map_tool():
    import importlib.util

    path = Path(__file__).resolve().parent.parent.parent / "tools" / "make_map_data.py"
    spec = importlib.util.spec_from_file_location("make_map_data", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_map_tool_decodes_topojson_and_simplifies_without_moving_arc_ends():
    tool = _map_tool()
    topology = {"transform": {"scale": [1, 1], "translate": [10, 20]}, "arcs": [[[0, 0], [1, 0], [0, 2]]]}
    assert tool.decode_arcs(topology) == [[(10, 20), (11, 20), (11, 22)]]
    wiggly = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 5.0), (4.0, 0.0)]
    simple = tool.simplify(wiggly, min_area=1.0)
    assert simple[0] == wiggly[0] and simple[-1] == wiggly[-1]
    assert (1.0, 0.01) not in simple and (3.0, 5.0) in simple
    assert tool.path_data([[(0, 0), (5, 0), (5, -5)]]) == "M0 0l5 0 0-5z"

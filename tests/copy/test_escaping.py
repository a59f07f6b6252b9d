"""Every value is escaped once, for its context: decode each context and get the editor's text back.

A value with quotes, an apostrophe, an ampersand and '<' goes through every place a city's
values reach (text, attributes, share-link query strings, the form's hidden fields); decoding
the context (HTML entities, then the URL query) must give exactly what the editor wrote.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from htmlcheck import PageText

from citypages.pipeline import build_site

CITY = "Coeur d'Alene & \"Sons\" <b>"
MAYOR = "Woody O'Neil & <i>Co</i>"
CITIES = f"""\
- name: {json.dumps(CITY)}
  state: ID
  mayor:
    name: {json.dumps(MAYOR)}
"""
CAMPAIGN = """---
title: "Thank {{ mayor.name }} for {{ city.name }}"
description: "Tell {{ mayor.name }} that {{ city.name }} is proud."
petition: "Thank you, {{ mayor.name }}."
share: "I thanked {{ mayor.name }} for keeping {{ city.name }} a sanctuary."
---
{{ city.name }} welcomes everyone.
"""
TITLE = f"Thank {MAYOR} for {CITY}"
SHARE = f"I thanked {MAYOR} for keeping {CITY} a sanctuary."


def _build(make_site):
    site = make_site({"cities.yaml": CITIES,
                      "content/campaigns/thanks.md": CAMPAIGN})
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    slug = next(p.parent.parent.name for p in (site / "output").glob("*/thanks/index.html"))
    return site / "output", slug


def _attrs(page: PageText, tag: str, **match: str) -> list[dict[str, str | None]]:
    return [a for t, a in page.tags if t == tag and all(a.get(k) == v for k, v in match.items())]


def test_text_and_attributes_decode_to_the_values_as_written(make_site):
    out, slug = _build(make_site)
    page = PageText((out / slug / "index.html").read_text())
    assert f"{TITLE} · Tiny Test Site" in page.all_text  # <title>
    assert TITLE in page.all_text  # <h1>
    assert f"Tell {MAYOR} that {CITY} is proud." in [a["content"] for a in _attrs(page, "meta", name="description")]
    assert _attrs(page, "meta", property="og:title")[0]["content"] == TITLE
    assert _attrs(page, "meta", name="twitter:title")[0]["content"] == TITLE
    hidden = {a["name"]: a["value"] for a in _attrs(page, "input", type="hidden")}
    assert CITY in hidden.values()
    assert f"{CITY} welcomes everyone." in page.all_text
    index = PageText((out / "index.html").read_text())
    assert CITY in index.all_text


def test_share_links_carry_the_text_once_url_encoded_never_html_escaped(make_site):
    out, slug = _build(make_site)
    html = (out / slug / "thanks" / "index.html").read_text()
    assert "%26%2339%3B" not in html and "&amp;#39;" not in html
    links = {a["href"]: a for a in _attrs(PageText(html), "a") if a.get("href")}
    page_url = f"https://example.org/repo/{slug}/"

    def query(prefix: str) -> dict[str, list[str]]:
        href = next(h for h in links if h.startswith(prefix))
        return parse_qs(urlsplit(href).query, keep_blank_values=True)

    mail = query("mailto:")
    assert mail["subject"] == [TITLE]
    assert mail["body"] == [f"{SHARE} {page_url}?source=share-email"]
    assert query("sms:")["body"] == [f"{SHARE} {page_url}?source=share-sms"]
    assert query("https://wa.me/")["text"] == [f"{SHARE} {page_url}?source=share-whatsapp"]
    tweet = query("https://twitter.com/")
    assert tweet["text"] == [SHARE] and tweet["url"] == [f"{page_url}?source=share-x"]
    assert query("https://www.facebook.com/")["u"] == [f"{page_url}?source=share-facebook"]

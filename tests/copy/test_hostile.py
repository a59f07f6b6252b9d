"""Hostile but valid input: HTML, quotes, template syntax, RTL, emoji, zero-width, huge strings.

Each value must reach the page as text (escaped, never markup), and every page must stay
valid HTML by the Nu checker (one run over the whole output, since the JVM is slow to start).
"""

from __future__ import annotations

import yaml
from htmlcheck import PageText, nu_errors

LONG = "Ω" + "long name " * 999 + "end"  # 10,000 characters with the two ends checkable
HOSTILE = [
    {"name": '<script>alert("city")</script>', "state": "IL",
     "mayor": {"name": "\"'><img src=x onerror=alert(1)>", "title": "</title><b>Mayor"},
     "policy": {"name": "{{ 7*7 }} {% raw %} {# x #}", "summary": "]]> --> <!-- &amp; &lt; \\ ` ${x} %s {0}",
                "url": "https://example.org/p?a=1&b='2'&c=%3Cscript%3E#x"}},
    {"name": "القدس \u202eevil\u202c", "state": "שלום", "country": "ZZ", "slug": "rtl-city",
     "mayor": {"name": "محمد \u200fعلي\u200e", "title": "רֹאשׁ"}},
    {"name": "🏙️ Emoji Town 👩🏽‍⚖️", "state": "CA", "mayor": {"name": "Zoë 🦄"}},
    {"name": "Zero\u200bWidth\u200c\u200d\u2060City", "state": "TX", "slug": "zero-width",
     "mayor": {"name": "In\u200bvisible", "title": "{{ mayor.name }}"}},
    {"name": LONG, "state": LONG, "country": "ZZ", "mayor": {"name": LONG, "title": "Mayor"},
     "policy": {"name": LONG, "summary": LONG * 2}},
    {"name": "O'Brien & Sons \"Quoted\"", "state": "NY", "mayor": {"name": "Dr. <i>Who</i> & co"},
     "sources": ["https://example.org/a?x=%22%3E%3Cscript%3E&y='1'"]},
]


CAMPAIGN = """---
title: "Thank {{ mayor.title }} {{ mayor.name }}"
description: "<b>Tell</b> {{ mayor.name }} that {{ city.name }} is \\"proud\\" & 'glad'."
petition: "Thank you, {{ mayor.title }} {{ mayor.name }}, for {{ city.name }}."
---
## Main

## Petition

{{ city.policy.summary }} in {{ city.name }}, {{ city.state }}.[^1] See [the form](#petition).

[^1]: {{ mayor.name }}
"""


def hostile_site(make_site):
    text = "# yaml-language-server: $schema=ignored\n" + yaml.safe_dump(HOSTILE, allow_unicode=True, width=1000)
    return make_site({"cities.yaml": text, "content/campaigns/thanks.md": CAMPAIGN})


def pages_by_city(out):
    """Each city's action page text, found by the slug the build gave it."""
    return {p.parent.name: p.read_text(encoding="utf-8") for p in out.glob("*/index.html")}


def test_hostile_values_build_and_show_as_text_in_valid_html(make_site, run_cli):
    site = hostile_site(make_site)
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    out = site / "output"
    pages = pages_by_city(out)
    index = PageText((out / "index.html").read_text(encoding="utf-8"))

    for city in HOSTILE:
        page_html = next(html for html in pages.values() if city["mayor"]["name"] in PageText(html).all_text)
        page = PageText(page_html)
        assert f"{city['name']}, {city['state']}" in page.all_text
        assert city["mayor"]["name"] in page.all_text
        for key in ("name", "summary"):
            if key in city.get("policy", {}):
                assert city["policy"][key] in page.all_text
        if "url" in city.get("policy", {}):
            assert city["policy"]["url"] in page.attribute_values()
        for source in city.get("sources", []):
            assert source in page.attribute_values() and source in page.all_text
        assert city["name"] in index.all_text

    for html in pages.values():
        page = PageText(html)
        for tag, attrs in page.tags:
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)
            if tag == "script":
                assert (attrs.get("src") or "").endswith((".js",)), "only the site's own scripts"
            assert tag != "img" or attrs.get("src", "").endswith(".svg"), (tag, attrs)
        assert "{{" not in html or "{{ 7*7 }}" in html or "{{ mayor.name }}" in html
        assert "49" not in page.all_text.replace("1949", ""), "a placeholder in data is never evaluated"

    assert nu_errors(out) == []


def test_hostile_values_in_the_form_subject_are_plain_text(make_site, run_cli):
    site = hostile_site(make_site)
    assert run_cli(site, "build").status == 0
    html = next(p for p in (site / "output").glob("*/index.html") if "Emoji Town" in p.read_text())
    hidden = {a.get("name"): a.get("value") for t, a in PageText(html.read_text()).tags if t == "input"}
    assert hidden["_subject"] == "Thank Mayor Zoë 🦄 (🏙️ Emoji Town 👩🏽‍⚖️, CA)"
    quoted = next(p for p in (site / "output").glob("*/index.html") if "Sons" in p.read_text())
    hidden = {a.get("name"): a.get("value") for t, a in PageText(quoted.read_text()).tags if t == "input"}
    assert hidden["_subject"] == "Thank Mayor Dr. <i>Who</i> & co (O'Brien & Sons \"Quoted\", NY)"

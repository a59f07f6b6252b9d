"""The thank-you page's second action: tel: and mailto: links that decode to the campaign's words."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from htmlcheck import Tags
from theme_site import build_bilingual

from citypages.copy import placeholders, second_action
from citypages.pipeline import check_site

HOSTILE = "Ann <script>alert(1)</script> & \"Bo\" O'Neil"

CITIES = f"""\
- name: Springfield
  state: IL
  mayor:
    name: '{HOSTILE.replace("'", "''")}'
    phone: +1 217-789-2000
    email: mayor.office+thanks@example.gov
    contact_url: https://example.gov/contact?a=1&b=2
- name: San José
  state: CA
  mayor:
    name: Ana Ruiz
    email: ana@example.gov
- name: Quiet Town
  state: OR
  mayor:
    name: Sam Lee
"""

ACTION_EN = """\
call_script: |
  Hello, I live in {{ city.name }}.

  Please thank {{ mayor.name }} for me.
email_subject: "Thanks & more from {{ city.name }}? #1 100%"
email_body: |
  Dear {{ mayor.name }},
  thank you from {{ city.name }} & all of us.
"""
ACTION_ES = """\
call_script: "Hola, vivo en {{ city.name }}. Gracias, {{ mayor.name }}."
email_subject: "Gracias desde {{ city.name }}"
email_body: "Querida {{ mayor.name }}: gracias de parte de {{ city.name }}."
"""


def with_front_matter(site_dir: Path, name: str, extra: str) -> str:
    text = (site_dir / "content" / "campaigns" / name).read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n---\n")
    return head + "\n" + extra.rstrip("\n") + sep + rest


def build(make_site, en: str = ACTION_EN, es: str = ACTION_ES) -> Path:
    tiny = Path(__file__).parent.parent / "sites" / "tiny"
    out, _ = build_bilingual(make_site, files={
        "cities.yaml": CITIES,
        "content/campaigns/thanks.md": with_front_matter(tiny, "thanks.md", en),
        "content/campaigns/thanks.es.md": with_front_matter(tiny, "thanks.es.md", es),
    })
    return out


def links(html: str, start: str) -> list[str]:
    return [a["href"] or "" for a in Tags(html).find("a") if (a.get("href") or "").startswith(start)]


def mailto_parts(href: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True, strict_parsing=True).items()}
    return unquote(parts.path), query


def test_tel_and_mailto_decode_to_the_number_subject_and_body_in_each_language(make_site):
    out = build(make_site)
    en = (out / "springfield-il" / "thanks" / "index.html").read_text()
    assert links(en, "tel:") == ["tel:+12177892000"]
    (mailto,) = links(en, "mailto:mayor")
    address, fields = mailto_parts(mailto)
    assert address == "mayor.office+thanks@example.gov"
    assert fields == {"subject": "Thanks & more from Springfield? #1 100%",
                      "body": f"Dear {HOSTILE},\r\nthank you from Springfield & all of us."}
    assert " " not in mailto and "+" not in mailto.split("?", 1)[1]  # RFC 6068: spaces are %20, never '+'
    assert "<p>Hello, I live in Springfield.</p><p>Please thank " in en
    assert links(en, "https://example.gov/") == ["https://example.gov/contact?a=1&b=2"]

    es = (out / "es" / "springfield-il" / "thanks" / "index.html").read_text()
    assert links(es, "tel:") == ["tel:+12177892000"]
    (mailto,) = links(es, "mailto:mayor")
    _, fields = mailto_parts(mailto)
    assert fields == {"subject": "Gracias desde Springfield",
                      "body": f"Querida {HOSTILE}: gracias de parte de Springfield."}
    assert "Llama a la oficina de" in es and "Lo que puedes decir:" in es


def test_hostile_values_stay_text(make_site):
    out = build(make_site)
    html = (out / "springfield-il" / "thanks" / "index.html").read_text()
    assert "<script>" not in html
    assert "Ann &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Bo&#34; O&#39;Neil" in html
    assert [t for t, _ in Tags(html).tags].count("script") == 1  # only the theme's own site.js


def test_only_what_the_data_has_is_offered(make_site):
    out = build(make_site)
    san_jose = (out / "san-jose-ca" / "thanks" / "index.html").read_text()
    assert links(san_jose, "tel:") == [] and len(links(san_jose, "mailto:ana@")) == 1
    assert "Call " not in san_jose
    quiet = (out / "quiet-town-or" / "thanks" / "index.html").read_text()
    assert 'class="second-action"' not in quiet and links(quiet, "tel:") == []


def test_without_campaign_words_the_email_falls_back_to_title_and_petition(make_site):
    out = build(make_site, en="", es="")
    html = (out / "san-jose-ca" / "thanks" / "index.html").read_text()
    (mailto,) = links(html, "mailto:ana@")
    _, fields = mailto_parts(mailto)
    assert fields == {"subject": "Thank Mayor Ana Ruiz", "body": "Thank you, Mayor Ana Ruiz, for San José."}
    springfield = (out / "springfield-il" / "thanks" / "index.html").read_text()
    assert links(springfield, "tel:") == ["tel:+12177892000"] and "call-script" not in springfield


def test_an_unknown_placeholder_in_the_call_script_is_an_error_at_its_line(make_site):
    tiny = Path(__file__).parent.parent / "sites" / "tiny"
    site = make_site({"content/campaigns/thanks.md": with_front_matter(
        tiny, "thanks.md", 'call_script: "Call {{ mayor.nmae }} {% if x %}"')})
    diags = [d.as_text() for d in check_site(site)]
    assert any(d.startswith("content/campaigns/thanks.md:8:23: error: placeholder "
                            "'{{ mayor.nmae }}' names no field") for d in diags), diags
    assert any(d.startswith("content/campaigns/thanks.md:8:37: error: '{% if x %}' is a template tag")
               for d in diags), diags


def test_bad_email_is_reported_at_its_value(make_site):
    site = make_site({"cities.yaml": "- name: A\n  state: B\n  mayor:\n    name: C\n    email: c at example.gov\n"})
    diags = [d.as_text() for d in check_site(site)]
    expected = "cities.yaml:5:12: error: mayor.email: 'c at example.gov' is not allowed"
    assert diags and diags[0].startswith(expected), diags


def test_mailto_encoding_is_rfc_6068():
    href = second_action.mailto_href("a@b.org", "x&y=z?#", "line 1\nline 2\r\nline 3")
    assert href == "mailto:a@b.org?subject=x%26y%3Dz%3F%23&body=line%201%0D%0Aline%202%0D%0Aline%203"
    assert second_action.mailto_href("a@b.org", "", "") == "mailto:a@b.org"
    assert second_action.tel_href("+44 20 7946-0000") == "tel:+442079460000"
    filled, _ = placeholders.text("{{ city.name }} / {{city.state}}", Path("c.md"), 1, 1, placeholders.CAMPAIGN_FIELDS)
    assert filled is not None and filled.text({"city.name": "A&B", "city.state": "C"}) == "A&B / C"

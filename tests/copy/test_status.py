"""A city's `status` drives its headline, description and share text."""

from __future__ import annotations

from citypages.pipeline import build_site, check_site

CITIES = """\
- name: Springfield
  state: IL
  status: sanctuary
  mayor: {name: Pat Doe}
- name: Tucson
  state: AZ
  status: welcoming
  mayor: {name: Regina Roe}
- name: Milwaukee
  state: WI
  status: limited-cooperation
  mayor: {name: Cal Jones}
- name: Ithaca
  state: NY
  mayor: {name: Ann Lee}
"""
CAMPAIGN = """---
title: "Thank {{ mayor.name }}"
description: "Tell {{ mayor.name }} that {{ city.name }} is proud."
petition: "Thank you, {{ mayor.name }}."
share: "I thanked {{ mayor.name }}."
status_text:
  welcoming:
    title: "Thank {{ mayor.name }} for welcoming people to {{ city.name }}"
---
Body.
"""


def _build(make_site, campaign=CAMPAIGN):
    site = make_site({"cities.yaml": CITIES, "content/campaigns/thanks.md": campaign})
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    return site / "output"


def test_each_status_gets_its_own_headline_description_and_share_text(make_site):
    out = _build(make_site)
    page = {slug: (out / slug / "index.html").read_text() for slug in ("springfield-il", "tucson-az",
                                                                        "milwaukee-wi", "ithaca-ny")}
    thanks = {slug: (out / slug / "thanks" / "index.html").read_text() for slug in page}
    # the theme's defaults, per status
    assert "<h1>Thank Mayor Pat Doe for keeping Springfield a sanctuary</h1>" in page["springfield-il"]
    assert "<h1>Thank Mayor Cal Jones for limiting Milwaukee&#39;s part in deportations</h1>" in page["milwaukee-wi"]
    assert "sanctuary" not in page["milwaukee-wi"].split("<h1>")[1].split("</h1>")[0]
    assert 'content="Milwaukee limits how far its police and jails help federal immigration enforcement.' \
        in page["milwaukee-wi"]
    assert "for%20limiting%20Milwaukee%27s%20part%20in%20deportations" in thanks["milwaukee-wi"]
    assert "for%20keeping%20Springfield%20a%20sanctuary" in thanks["springfield-il"]
    # the campaign's own text for a status wins over the theme's; its other fields keep the defaults
    assert "<h1>Thank Regina Roe for welcoming people to Tucson</h1>" in page["tucson-az"]
    assert "making%20Tucson%20a%20welcoming%20city" in thanks["tucson-az"]
    # no status: the campaign's general texts
    assert "<h1>Thank Ann Lee</h1>" in page["ithaca-ny"]
    assert "I%20thanked%20Ann%20Lee." in thanks["ithaca-ny"]


def test_a_misspelt_placeholder_in_status_text_is_an_error_with_did_you_mean(make_site):
    bad = CAMPAIGN.replace("{{ city.name }}\"\n---", "{{ city.nme }}\"\n---")
    site = make_site({"cities.yaml": CITIES, "content/campaigns/thanks.md": bad})
    errors = [d.as_text() for d in check_site(site) if d.severity == "error"]
    assert errors == ["content/campaigns/thanks.md:8:63: error: placeholder "
                      "'{{ city.nme }}' names no field (did you mean '{{ city.name }}'?)"]


def test_an_unknown_status_in_status_text_is_an_error(make_site):
    bad = CAMPAIGN.replace("  welcoming:\n", "  welcomming:\n")
    site = make_site({"cities.yaml": CITIES, "content/campaigns/thanks.md": bad})
    errors = [d.as_text() for d in check_site(site) if d.severity == "error"]
    assert len(errors) == 1 and "content/campaigns/thanks.md:7:3:" in errors[0] and "'welcoming'" in errors[0], errors


def test_the_sample_does_not_call_a_limited_cooperation_city_a_sanctuary(make_site):
    site = make_site(base="sample")
    result = build_site(site)
    assert result.ok
    html = (site / "output" / "milwaukee-wi" / "index.html").read_text()
    headline = html.split("<h1>")[1].split("</h1>")[0]
    assert "sanctuary" not in headline and "Milwaukee" in headline
    thanks = (site / "output" / "milwaukee-wi" / "thanks" / "index.html").read_text()
    assert "a%20sanctuary" not in thanks
    assert "acogedora" in (site / "output" / "es" / "tucson-az" / "index.html").read_text()

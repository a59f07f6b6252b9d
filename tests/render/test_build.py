"""End to end: a tiny site and the sample site built through the command, page by page."""

from __future__ import annotations

import re
from pathlib import Path

from linkcheck import broken_links

from tests.support import snapshot


def test_tiny_site_builds_one_page_and_one_thanks_page_per_published_city(make_site, run_cli):
    site = make_site()
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert "Built " in result.out and "for 2 cities" in result.out
    out = site / "output"
    assert (out / "springfield-il" / "index.html").is_file()
    assert (out / "springfield-il" / "thanks" / "index.html").is_file()
    assert (out / "san-jose-ca" / "index.html").is_file()
    assert not (out / "shelby-county-tn").exists(), "a draft is never published"
    for name in ("index.html", "404.html", "sitemap.xml", "robots.txt", ".nojekyll", "static/style.css"):
        assert (out / name).is_file(), name
    assert not (out / "CNAME").exists()


def test_city_page_carries_placeholders_form_and_meta(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    html = (site / "output" / "san-jose-ca" / "index.html").read_text()
    assert "<h1>Thank Alcaldesa Ana Ruiz</h1>" in html
    assert "San José, CA welcomes everyone." in html
    assert '<link rel="canonical" href="https://example.org/repo/san-jose-ca/">' in html
    assert '<meta property="og:title" content="Thank Alcaldesa Ana Ruiz">' in html
    assert '<meta name="twitter:title" content="Thank Alcaldesa Ana Ruiz">' in html
    assert 'action="https://formspree.io/f/abcdefgh"' in html
    assert 'name="city" value="san-jose-ca"' in html
    assert 'name="_gotcha"' in html
    assert 'class="footnote-ref"' in html and "<table>" in html
    assert 'href="/repo/privacy/"' in html


def test_drafts_flag_publishes_drafts(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build", "--drafts").status == 0
    html = (site / "output" / "shelby-county-tn" / "index.html").read_text()
    assert "County Mayor Lee Roe" in html and "draft-banner" in html


def test_custom_domain_writes_cname(make_site, run_cli):
    site = make_site()
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "cname: thanks.example.org\n")
    assert run_cli(site, "build").status == 0
    assert (site / "output" / "CNAME").read_text() == "thanks.example.org\n"


def test_base_url_override_prefixes_every_internal_link(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build", "--base-url", "https://user.github.io/other/").status == 0
    out = site / "output"
    html = (out / "springfield-il" / "index.html").read_text()
    assert 'href="/other/static/style.css"' in html
    assert 'href="https://user.github.io/other/springfield-il/"' in html
    assert broken_links(out, "/other/", ("https://formspree.io/",)) == []


def test_sample_site_builds_and_every_internal_link_resolves(make_site, run_cli):
    site = make_site(base="sample")
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    out = site / "output"
    import yaml

    cities = yaml.safe_load((site / "cities.yaml").read_text())
    published = [c for c in cities if not c.get("draft")]
    pages = {p.parent.name for p in out.glob("*/index.html")}
    for city in published:
        assert any(city["name"] in (out / slug / "index.html").read_text() for slug in pages), city["name"]
    base = "/" + "/".join(Path(__import__("urllib.parse").parse.urlsplit(
        yaml.safe_load((site / "site.yaml").read_text())["base_url"]).path).parts[1:]) + "/"
    assert broken_links(out, base.replace("//", "/"), ("https://formspree.io/",)) == []
    languages = yaml.safe_load((site / "site.yaml").read_text())["languages"]
    weights = {str(p.relative_to(out)): page_weight(p, out) for p in out.glob("*/index.html")}
    weights.update({str(p.relative_to(out)): page_weight(p, out) for p in out.glob("es/*/index.html")})
    indexes = {f"{lang}/index.html" for lang in languages}  # the index carries the map: its own budget
    heavy = {path: size for path, size in weights.items() if size >= 30_000 and path not in indexes}
    assert heavy == {}, "a city or plain page with its CSS and JS weighs 30 KB or more"
    sitemap = (out / "sitemap.xml").read_text()
    default_pages = [p for p in (site / "content" / "pages").glob("*.md") if p.name.count(".") == 1]
    per_language = len(published) + 1 + len(default_pages)  # cities, the index, plain pages
    assert sitemap.count("<loc>") == per_language * len(languages)


def page_weight(page: Path, out: Path) -> int:
    """Bytes of the HTML plus every stylesheet and script it loads from the site."""
    html = page.read_text()
    assets = re.findall(r'<(?:script src|link rel="stylesheet" href)="/[^"]*?(static/[^"]+)"', html)
    return page.stat().st_size + sum((out / asset).stat().st_size for asset in assets)


def test_a_removed_city_disappears_from_output(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    cities = (site / "cities.yaml").read_text()
    (site / "cities.yaml").write_text(cities.split("- name: San José")[0])
    assert run_cli(site, "build").status == 0
    assert not (site / "output" / "san-jose-ca").exists()
    assert (site / "output" / "springfield-il" / "index.html").exists()


def test_invalid_input_keeps_the_previous_output_byte_for_byte(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build").status == 0
    before = snapshot(site / "output")
    (site / "cities.yaml").write_text("- name: Springfield\n  state: IL\n  mayr: {name: X}\n")
    result = run_cli(site, "build")
    assert result.status == 1
    assert result.errors[0] == "cities.yaml:3:3: error: unknown key 'mayr' (did you mean 'mayor'?)"
    after = snapshot(site / "output")
    assert after == before
    assert not list(site.glob(".output-*")), "no temporary folder is left behind"


def test_exit_statuses(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "check").status == 0
    assert run_cli(site, "build", "--no-such-flag").status == 2
    assert run_cli(site / "nowhere").status == 2
    (site / "cities.yaml").write_text("- name: [\n")
    assert run_cli(site, "check").status == 1


def test_data_from_cities_yaml_is_escaped_never_markup(make_site, run_cli):
    site = make_site({"cities.yaml": (
        "- name: \"<script>alert(1)</script>\"\n"
        "  state: \"IL & <b>Co</b>\"\n"
        "  country: ZZ\n"  # a country without a list of states takes any text
        "  slug: evil\n"
        "  mayor: {name: \"\\\"Quoted\\\" O'Neil\"}\n")})
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    html = (site / "output" / "evil" / "index.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "IL &amp; &lt;b&gt;Co&lt;/b&gt;" in html
    assert "&#34;Quoted&#34; O&#39;Neil" in html


def test_slug_is_derived_from_name_and_state_with_accents_folded():
    from citypages.places.slugs import slugify

    assert slugify("San José", "CA") == "san-jose-ca"
    assert slugify("  St. Paul ", "MN") == "st-paul-mn"
    assert slugify("Cook County", "IL") == "cook-county-il"
    assert slugify("«»", "—") == ""

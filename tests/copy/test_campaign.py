"""Campaign copy: this Markdown renders as this HTML, raw HTML is sanitised with a warning per line."""

from __future__ import annotations

from pathlib import Path

import pytest

from citypages.copy import campaign, placeholders
from citypages.copy.placeholders import CAMPAIGN_FIELDS

PATH = Path("content/campaigns/thanks.md")
VALUES = {"city.name": "Springfield", "city.state": "IL", "city.policy.url": "https://example.org/p",
          "mayor.name": "Pat Doe", "mayor.title": "Mayor", "site.title": "T"}


def body(source: str, first_line: int = 1, values: dict[str, str] = VALUES) -> tuple[str, list[str]]:
    """Render Markdown body copy for one city; returns (html, diagnostics as text)."""
    filled, diags = campaign.body_html(source, PATH, first_line, CAMPAIGN_FIELDS)
    assert filled is not None, [d.as_text() for d in diags]
    return filled.html(values), [d.as_text() for d in diags]


def text(source: str, values: dict[str, str] = VALUES) -> str:
    filled, diags = placeholders.text(source, PATH, 3, 1, CAMPAIGN_FIELDS)
    assert filled is not None and not diags
    return filled.text(values)


def errors(source: str, markdown_body: bool = True) -> list[str]:
    if markdown_body:
        filled, diags = campaign.body_html(source, PATH, 1, CAMPAIGN_FIELDS)
    else:
        filled, diags = placeholders.text(source, PATH, 1, 1, CAMPAIGN_FIELDS)
    assert filled is None
    return [d.as_text() for d in diags]


def test_headings_lists_links_emphasis_render_as_html_without_warnings():
    html, diags = body("## Why {{ city.name }}\n\n- *one*\n- **two**\n\n1. [link](https://example.org/a)\n")
    assert diags == []
    assert '<h2 id="copy-why-city-name">Why Springfield</h2>' in html
    assert "<ul>\n<li><em>one</em></li>\n<li><strong>two</strong></li>\n</ul>" in html
    assert '<ol>\n<li><a href="https://example.org/a" rel="noopener noreferrer">link</a></li>\n</ol>' in html


def test_tables_footnotes_and_local_images_survive_sanitising():
    source = "| a | b |\n|:--|--:|\n| 1 | 2 |\n\nText.[^1] ![A map](map.png)\n\n[^1]: A note.\n"
    html, diags = body(source)
    assert diags == [], "Markdown's own table alignment styles are dropped without a warning"
    assert "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>" in html and "<td>1</td>" in html
    assert '<sup id="copy-fnref-1"><a class="footnote-ref" href="#copy-fn-1"' in html
    assert '<li id="copy-fn-1">' in html and 'class="footnote-backref" href="#copy-fnref-1"' in html
    assert '<img alt="A map" src="map.png">' in html


@pytest.mark.parametrize(("source", "gone", "warning"), [
    ("Hi\n\n<script>alert(1)</script>\n", "alert", "thanks.md:3:1: warning: removed <script>: scripts cannot run"),
    ("Hi\n<iframe src=\"https://video.example/embed/1\"></iframe>\n", "video.example",
     "thanks.md:2:1: warning: removed <iframe>: an embed would load another site"),
    ('<img src="x.png" alt="x" onerror="alert(1)">\n', "onerror",
     "thanks.md:1:26: warning: removed the 'onerror' attribute of <img>: event handlers would run code"),
    ('Text <span style="position:fixed">big</span>\n', "position",
     "thanks.md:1:12: warning: removed the 'style' attribute of <span>: styles come from the theme"),
    ("[click](javascript:alert(1))\n", "alert",
     "thanks.md:1:9: warning: removed a 'javascript:' address from <a>: only http, https, mailto and tel"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>\n', "alert", "thanks.md:1:10: warning: removed a 'javascript:' address"),
    ("![pixel](https://tracker.example/p.gif)\n", "tracker",
     "thanks.md:1:10: warning: removed the image address https://tracker.example/p.gif: images must be files"),
    ("# Big\n\nText\n", "<h1", "thanks.md:1:1: warning: removed <h1>: the page's title is its only level-1 heading"),
    ('<form action="https://evil.example/"><input name="q"></form>\n', "evil.example",
     "thanks.md:1:1: warning: removed <form>: this HTML is not on the allow-list"),
])
def test_raw_html_is_removed_with_a_warning_naming_file_and_line(source, gone, warning):
    html, diags = body(source)
    assert gone not in html
    assert any(d.startswith(f"content/campaigns/{warning}") for d in diags), diags


def test_ids_in_copy_cannot_collide_with_the_themes_and_links_follow_them():
    html, _ = body("## Petition\n\n[up](#petition) [form](#f-name) <span id=\"main\">x</span>\n")
    assert '<h2 id="copy-petition">Petition</h2>' in html and '<span id="copy-main">' in html
    assert 'href="#copy-petition"' in html, "a link to the copy's own heading follows its new id"
    assert 'href="#f-name"' in html, "a link to the theme's own ids is left alone"


def test_warning_lines_count_from_the_bodys_first_line_in_the_file():
    _, diags = body("Hi\n\n<script>x()</script>\n", first_line=9)
    assert diags == ["content/campaigns/thanks.md:11:1: warning: removed <script>: scripts cannot run in campaign copy"]


def test_placeholders_are_filled_as_text_never_html():
    html, _ = body("Hello {{ city.name }}\n", values={**VALUES, "city.name": "<script>x</script> & {{ 1 }}"})
    assert html == "<p>Hello &lt;script&gt;x&lt;/script&gt; &amp; {{ 1 }}</p>"


def test_front_matter_text_is_plain_text_the_theme_escapes():
    assert text("Thank <b>{{ mayor.name }}</b> & co") == "Thank <b>Pat Doe</b> & co"


@pytest.mark.parametrize("source", [
    "Hi {{ '<script>x</script>' | safe }}\n", "{{ city.name | safe }}", "{{ city.name|upper }}", "{{ 7*7 }}",
    "{{ city.name() }}", "{{ lipsum.__globals__ }}", "{{ cycler.__init__ }}", "{{ 'a' ~ 'b' }}",
    "{% autoescape false %}{{ city.name }}{% endautoescape %}\n", "{% set x = 1 %}", "{% include 'base.html' %}",
    "{# comment #}", "{{ city.name if 1 else 2 }}", "{{ city['name'] }}",
])
def test_anything_but_a_field_name_between_braces_is_an_error(source):
    for where in (True, False):
        found = errors(source, markdown_body=where)
        assert found and all(": error: " in line for line in found), found
def test_unknown_placeholder_points_at_its_column_with_did_you_mean():
    assert errors("Text\n\nWelcome to {{ city.nmae }}!\n") == [
        "content/campaigns/thanks.md:3:15: error: placeholder '{{ city.nmae }}' names no field "
        "(did you mean '{{ city.name }}'?)"]


def test_leaf_field_with_more_dots_says_it_has_no_fields():
    assert errors("{{ city.name.upper }}\n") == [
        "content/campaigns/thanks.md:1:4: error: placeholder '{{ city.name.upper }}': 'city.name' has no fields; "
        "write '{{ city.name }}'"]


def test_a_placeholder_naming_a_group_lists_its_fields():
    assert errors("{{ city.policy }}\n") == [
        "content/campaigns/thanks.md:1:4: error: placeholder '{{ city.policy }}' names a group of fields; "
        "name one of them: city.policy.name, city.policy.url, city.policy.since, city.policy.summary"]


def test_unclosed_placeholder_is_reported_where_it_opens():
    assert errors("One\n\nTwo {{ city.name and more\n\nThree\n") == [
        "content/campaigns/thanks.md:3:5: error: placeholder '{{ city.name and more' is not closed; end it with '}}'"]


def test_sanitiser_warnings_show_in_check_and_the_build_still_builds(make_site, run_cli):
    md = (Path(__file__).parent.parent / "sites/tiny/content/campaigns/thanks.md").read_text()
    site = make_site({"content/campaigns/thanks.md": md + "\n<script>steal()</script>\n",
                      "content/pages/about.md": "---\ntitle: About\n---\n<p onclick=\"x()\">About</p>\n"})
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    assert result.err.splitlines()[-1] == "2 warnings (run check to see them)"
    lines = md.count("\n") + 2
    printed = run_cli(site, "check").err.splitlines()
    assert f"content/campaigns/thanks.md:{lines}:1: warning: removed <script>: scripts cannot run in campaign copy" \
        in printed
    assert "content/pages/about.md:4:4: warning: removed the 'onclick' attribute of <p>: event handlers would run " \
        "code" in printed
    page = (site / "output" / "springfield-il" / "index.html").read_text()
    assert "steal" not in page and "onclick" not in (site / "output" / "about" / "index.html").read_text()


def test_a_campaign_with_only_the_required_keys_builds_with_the_theme_defaults(make_site, run_cli):
    site = make_site({"content/campaigns/thanks.md": "---\ntitle: Thanks\ndescription: D\npetition: P\n---\nBody\n"})
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    page = (site / "output" / "springfield-il" / "index.html").read_text(encoding="utf-8")
    assert '<button type="submit" class="button">Sign and send</button>' in page

"""Placeholders and '::: if' blocks: found in the source, filled as text, never evaluated."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from citypages.copy import campaign, placeholders
from citypages.copy.placeholders import CAMPAIGN_FIELDS

PATH = Path("content/campaigns/c.md")
SPRINGFIELD = {"city.name": "Springfield", "mayor.name": "Pat Doe", "city.policy.name": "Welcoming Ordinance",
               "city.policy.since": "2017", "city.slug": "springfield-il"}
ITHACA = {"city.name": "Ithaca", "mayor.name": "Robert Cantelmo", "city.slug": "ithaca-ny"}

POLICY_BLOCK = """Intro for {{ city.name }}.

::: if city.policy.name
On {{ city.policy.since }}, {{ city.name }} adopted the {{ city.policy.name }}.
:::

::: if not city.policy.name
{{ city.name }} has no written policy yet.
:::

The end.
"""


def compiled(source: str):
    filled, diags = campaign.body_html(source, PATH, 1, CAMPAIGN_FIELDS)
    assert filled is not None, [d.as_text() for d in diags]
    return filled


def test_a_block_shows_only_for_cities_whose_field_is_filled():
    filled = compiled(POLICY_BLOCK)
    assert filled.html(SPRINGFIELD) == ("<p>Intro for Springfield.</p>\n<p>On 2017, Springfield adopted the "
                                        "Welcoming Ordinance.</p>\n<p>The end.</p>")
    assert filled.html(ITHACA) == "<p>Intro for Ithaca.</p>\n<p>Ithaca has no written policy yet.</p>\n<p>The end.</p>"
    assert filled.fields() == {"city.name", "city.policy.name", "city.policy.since"}


def test_blocks_nest_and_hold_any_markdown():
    filled = compiled("::: if city.policy.name\n- one\n- {{ city.name }}\n\n::: if city.policy.since\n"
                      "Since {{ city.policy.since }}.\n:::\n:::\n")
    assert filled.html(SPRINGFIELD).strip() == "<ul>\n<li>one</li>\n<li>Springfield</li>\n</ul>\n<p>Since 2017.</p>"
    assert filled.html(ITHACA).strip() == ""


def errors(source: str) -> list[str]:
    filled, diags = campaign.body_html(source, PATH, 1, CAMPAIGN_FIELDS)
    assert filled is None
    return [d.as_text() for d in diags]


def test_block_mistakes_are_errors_at_their_line():
    assert errors("Text\n\n::: if city.policy.name\nNever closed.\n") == [
        "content/campaigns/c.md:3:1: error: this '::: if' block is never closed; add a line ':::' after its text"]
    assert errors("Text\n:::\n") == [
        "content/campaigns/c.md:2:1: error: ':::' closes no block; remove it, or open the block with '::: if FIELD'"]
    assert errors("::: if city.polcy.name\nx\n:::\n") == [
        "content/campaigns/c.md:1:1: error: block marker '{{ city.polcy.name }}' names no field "
        "(did you mean '{{ city.policy.name }}'?)"]
    assert errors("::: when city.name\nx\n:::\n")[0].startswith(
        "content/campaigns/c.md:1:1: error: '::: when city.name' is not a block marker")


def test_values_are_escaped_for_the_context_they_land_in():
    filled = compiled('[map](https://maps.example.org/?q={{ city.name }}) '
                      '<abbr title="{{ city.name }}">x</abbr> [policy]({{ city.policy.url }})\n\n'
                      '## About {{ city.name }}\n')
    html = filled.html({"city.name": 'A&B "Q" <i>', "city.policy.url": "https://example.org/p?a=1&b=2"})
    assert 'href="https://maps.example.org/?q=A%26B%20%22Q%22%20%3Ci%3E"' in html, "a URL part is percent-encoded"
    assert 'title="A&amp;B &#34;Q&#34; &lt;i&gt;"' in html, "an attribute value is escaped for the attribute"
    assert 'href="https://example.org/p?a=1&amp;b=2"' in html, "a checked address stands whole, escaped"
    assert '<h2 id="copy-about-city-name">About A&amp;B &#34;Q&#34; &lt;i&gt;</h2>' in html, "ids stay the same"


def test_front_matter_text_keeps_the_editors_own_markup_as_text():
    filled, diags = placeholders.text("Thank <b>{{ mayor.name }}</b> & co", PATH, 3, 8, CAMPAIGN_FIELDS)
    assert diags == [] and filled is not None
    assert filled.text({"mayor.name": "O'Brien"}) == "Thank <b>O'Brien</b> & co"


def test_a_token_written_in_the_copy_itself_is_just_text():
    source = "Hello {{ city.name }}"
    scanned, _ = placeholders.scan(source, PATH, 1, 1, CAMPAIGN_FIELDS)
    assert scanned is not None
    forged = compiled(f"{scanned.nonce}k0q and {{{{ city.name }}}}\n")
    assert forged.html({"city.name": "X"}).endswith(" and X</p>")
    assert "X and" not in forged.html({"city.name": "X"}), "the forged token was not filled"


PIECES = st.sampled_from([
    "{{", "}}", "{%", "%}", "{#", "#}", "{{ city.name }}", "{{ mayor.name }}", "{{ city.policy.url }}", "\\{",
    "&#123;", "<", ">", "<b>", "</b>", "<span title=\"", "\"", "[", "]", "(", ")", "](", "*", "_", "`", "\n",
    "\n\n", "::: if city.policy.name", ":::", "::: if not city.name", "> ", "- ", "1. ", "#", "## ", "|", "---",
    "<!--", "-->", "<script>", "javascript:", "https://x.org/", "\\", "[^1]", "[^1]: n", "{: #id }", " ", "x", "é",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_copy_is_either_built_or_refused_with_errors_never_a_crash(source):
    filled, diags = campaign.body_html(source, PATH, 1, CAMPAIGN_FIELDS)
    if filled is None:
        assert any(d.severity == "error" for d in diags), source
    else:
        html = filled.html(SPRINGFIELD)
        assert "zq" not in html or "zq" in source, "a token was left on the page"
    text, diags = placeholders.text(source, PATH, 1, 1, CAMPAIGN_FIELDS)
    assert text is not None or diags


def test_a_placeholder_some_cities_leave_empty_is_a_warning_unless_it_sits_in_a_block(make_site, run_cli):
    """'On , Ithaca adopted the .': check names the cities, at the placeholder's line."""
    copy = ("---\ntitle: Thanks\ndescription: D\npetition: P\n---\n"
            "On {{ city.policy.since }}, {{ city.name }} adopted it.\n\n"
            "::: if city.policy.name\nThe {{ city.policy.name }} holds.\n:::\n")
    site = make_site({"content/campaigns/thanks.md": copy})
    result = run_cli(site, "check")
    assert result.status == 0, result.err
    warned = [line for line in result.err.splitlines() if "is empty for" in line]
    assert warned == ["content/campaigns/thanks.md:6:1: warning: '{{ city.policy.since }}' is empty for 1 of the "
                      "2 cities using this copy (Springfield); fill it in cities.yaml, or put the sentence between "
                      "the lines '::: if city.policy.since' and ':::'"], result.err

"""Pages filled from skeletons are the bytes of a plain Jinja render: on the sample, generated and hostile cities."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest

from citypages import pipeline, render, skeleton
from citypages.skeleton import Skeletons
from tests.support import realistic_city


def both_ways(root: Path, signatures: Callable[[Any], dict[str, Any] | None] = lambda city: None) -> Skeletons:
    """Every city page and thank-you page of the site, filled and plain; they must be the same bytes."""
    inp, diags = pipeline.load_site(root)
    assert inp is not None, [str(d) for d in diags]
    checked = 0
    for lang in inp.site.languages:
        for city in inp.cities:
            if lang not in render.city_languages(inp.site, city):
                continue
            campaign = inp.campaigns[(city.campaign, lang)]
            args = (inp.theme, inp.site, campaign, city, lang, signatures(city))
            filled = render.city_pages(*args)
            plain = render.city_pages(*args, plain=True)
            for a, b in zip(filled, plain, strict=True):
                assert a.path == b.path
                assert a.content.decode() == b.content.decode(), f"{a.path} differs from the plain render"
            checked += 1
    assert checked
    return inp.theme.skeletons


def test_sample_site_every_page_and_language(make_site: Callable[..., Path]) -> None:
    skeletons = both_ways(make_site(base="sample"))
    assert skeletons.plain == 0  # every page came from a skeleton, none fell back
    assert skeletons.built < skeletons.filled / 2  # and skeletons are shared


def _entry(**fields: Any) -> str:
    """One cities.yaml entry; every value written as a JSON string, which YAML reads as it is."""
    lines = []
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"  {key}:")
            lines += [f"    {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()]
        else:
            lines.append(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return "-" + "\n".join(lines)[1:] + "\n"


OPTIONAL = [
    _entry(name="Phone Town", state="TX", mayor={"name": "Al Phone", "phone": "+1 512-555-0100"}),
    _entry(name="Mail Town", state="TX", mayor={"name": "Bea Mail", "email": "mayor@example.gov"}),
    _entry(name="Contact Town", state="TX", mayor={"name": "Cy Page", "contact_url": "https://example.gov/c?a=1&b=2"}),
    _entry(name="All Town", state="TX", status="sanctuary", last_verified="2024-02-29",
           mayor={"name": "Di All", "phone": "+1 512-555-0101", "email": "di@example.gov",
                  "contact_url": "https://example.gov/all"}),
    _entry(name="Url Town", state="TX", mayor={"name": "Uma Url"},
           policy={"name": "An order", "url": "https://example.org/o"}),
    _entry(name="Summary Town", state="TX", mayor={"name": "Sue Summary"},
           policy={"summary": "Only a summary.", "since": "2019-04-01"}),
    _entry(name="Since Town", state="TX", status="none", mayor={"name": "Sid Since"},
           policy={"name": "Year only", "since": 2011}),
    _entry(name="Bare Town", state="TX", mayor={"name": "Ed Bare"}),
    _entry(name="English Town", state="TX", languages=["en"], mayor={"name": "Flo English"}),
    _entry(name="Spanish Town", state="TX", languages=["es"], mayor={"name": "Gil Spanish"}),
    _entry(name="Draft Town", state="TX", draft=True, mayor={"name": "Hal Draft"}),
    _entry(name="Goal Town", state="TX", goal=250, mayor={"name": "Ivy Goal"}),
    _entry(name="Toronto", state="ON", country="CA", mayor={"name": "Jo Canada"}),
]


def test_generated_cities_with_and_without_each_optional_field(make_site: Callable[..., Path]) -> None:
    rng = random.Random(7)
    cities = "".join(realistic_city(i, rng) for i in range(40))
    cities += "".join(OPTIONAL)
    skeletons = both_ways(make_site({"cities.yaml": cities}, base="sample"))
    assert skeletons.filled > skeletons.built


HOSTILE = [
    "<script>alert(1)</script>", "O'Neil \"Bo\" & Co", "{{ city.name }}", "{% if true %}x{% endif %}",
    "{name} {title} {city}", "{since}", "zqabcdefghijkln0q zqd1q", "&amp; &lt;b&gt; %3C%20", "a\\b\\\\c",
    "Zürich Ñandú 東京 🏙️", "القاهرة \u202eevil", "שלום עליכם", "  spaced  ", "?source=share-x#frag",
]


def test_hostile_values_fill_as_the_plain_render_writes_them(make_site: Callable[..., Path]) -> None:
    entries = []
    for i, text in enumerate(HOSTILE):
        entries.append(_entry(
            name=f"{text} {i}", state=text if i % 2 else "TX", country="GB" if i % 2 else "US",
            slug=f"hostile-{i}",
            mayor={"name": text, "title": text if i % 2 else "Mayor",
                   "contact_url": f"https://example.gov/{i}?q=%3C&r='"},
            policy={"name": text, "summary": text, "url": f"https://example.org/p?x={i}&y='%22"},
        ))
    skeletons = both_ways(make_site({"cities.yaml": "".join(entries)}, base="sample"))
    assert skeletons.filled


def test_signatures_counts_and_goals(make_site: Callable[..., Path]) -> None:
    views = [None, {"sentence": "3 <signed>", "closed": False, "closed_text": "", "goal": None},
             {"sentence": "5 signed & more", "closed": False, "closed_text": "", "goal": 100, "value": 5,
              "percent": 5, "progress_text": "5 of 100"},
             {"sentence": "0", "closed": True, "closed_text": "Closed on <May 1>", "goal": None}]
    counter = iter(range(10_000))
    both_ways(make_site(base="sample"), lambda city: views[next(counter) % len(views)])


# The builder itself, on small templates: what steers a template becomes part of the shape.

def _env(**templates: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True, undefined=jinja2.StrictUndefined)


def _same(env: jinja2.Environment, values: list[dict[str, Any]], fixed: dict[str, Any] | None = None) -> Skeletons:
    skeletons = Skeletons()
    for v in values:
        assert skeletons.render(env, "t", fixed or {}, v, ()) == env.get_template("t").render(**(fixed or {}), **v)
    return skeletons


@dataclasses.dataclass(frozen=True)
class Place:
    name: str
    since: dt.date | None = None

    @property
    def loud(self) -> str:
        return self.name.upper()


PLACES = [{"p": Place("Paris", dt.date(2020, 1, 2))}, {"p": Place("Lyon", dt.date(2021, 3, 4))},
          {"p": Place("Paris <b>", None)}, {"p": Place("Lyon & co", dt.date(1999, 12, 31))}]


@pytest.mark.parametrize("template", [
    '{% if p.name == "Paris" %}capital{% else %}{{ p.name }}{% endif %}',
    "{{ p.name | length }} {{ p.name }}",
    "{% if p.since %}{{ p.since.year }}{% endif %}",
    "{{ p.name.upper() }}|{{ p.name[0] }}|{% for c in p.name %}{{ c }}.{% endfor %}",
    "{{ p.loud }} {{ p.name | replace('a', p.name) | replace('P', '<') }}",
    "{% autoescape false %}{{ p.name }}{% endautoescape %}",
    '{{ {"Paris": "P", "Lyon": "L"}.get(p.name, "?") }}',
    "{{ (p.name ~ '!') | urlencode }} {{ p.since | string }} {{ p.name | e | safe }}",
    "{% if p.name is string %}{{ p.name | truncate(5) }}{% endif %}",
    '{% set m = "<i>" | safe %}{{ (m ~ p.name ~ p.since) | replace("Q", "q") }}',  # a value inside Markup
    '{% if (p.name ~ "") == "Paris" %}capital{% endif %}{% if "ar" in ("<" ~ p.name) %}ar{% endif %}',
    '{% if p.name + "!" == "Paris!" %}capital{% endif %}{% if ("x" ~ p.name) | length > 5 %}long{% endif %}',
])
def test_templates_that_look_at_values_still_write_the_plain_page(template: str) -> None:
    _same(_env(t=template), PLACES)
    _same(_env(t=template), PLACES[::-1])  # the first city of a shape is checked against its plain page: not Paris


def test_a_value_used_only_as_text_is_a_slot_and_shared() -> None:
    skeletons = _same(_env(t="<p title='{{ p.name }}'>{{ p.name }}</p>"), PLACES)
    assert skeletons.built == 2  # one with a date, one without
    assert skeletons.plain == 0


def test_a_value_compared_joins_the_shape() -> None:
    skeletons = _same(_env(t='{% if p.name == "Paris" %}capital{% endif %}{{ p.name }}'), PLACES)
    assert skeletons.plain == 0 and skeletons.built == 4  # each name is its own shape


def test_unescaped_output_is_caught_by_the_probe_and_rendered_plainly() -> None:
    skeletons = _same(_env(t="{% autoescape false %}{{ p.name }}{% endautoescape %}"), PLACES)
    assert skeletons.filled == 0


def test_a_token_forged_in_the_fixed_text_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(skeleton.secrets, "choice", lambda letters: "a")  # the nonce is now zqaaaaaaaaaaaa
    forged = "zqaaaaaaaaaaaan0q zqaaaaaaaaaaaad0q"
    skeletons = _same(_env(t="{{ note }} {{ p.name }}"), PLACES, {"note": forged})
    assert skeletons.filled == 0


def test_a_filled_page_that_would_differ_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check against the first city's plain render: a broken fill is caught before any city sees it."""
    real_fill = skeleton.Skeleton.fill
    monkeypatch.setattr(skeleton.Skeleton, "fill", lambda self, nodes: (real_fill(self, nodes) or "") + " ")
    skeletons = _same(_env(t="{{ p.name }}"), PLACES)
    assert skeletons.filled == 0

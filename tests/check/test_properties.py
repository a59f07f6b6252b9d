"""Property: any city record, valid or not, gives a valid page showing its text, or a clean error line.

Hypothesis writes random cities.yaml files; each build runs in-process. A valid build's
pages are checked structurally per example and all of them by the Nu checker once at the
end (its JVM takes seconds to start). An exception reaching the user is always a failure.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import yaml
from conftest import SITES, copy_site
from htmlcheck import PageText, nu_errors
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citypages import cli

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LINE = re.compile(r"^\S[^:]*(:\d+:\d+)?: (error|warning): \S")

# Text an editor might paste: letters from any script, HTML and template syntax, controls, odd code points.
tricky = st.sampled_from(["<", ">", "&", '"', "'", "{{", "}}", "{%", "%}", "<script>", "</p>", "\u202e", "\u200b",
                          "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffe", "\U0010ffff", "\ud800", "🏙️",
                          "\t", "\n", "\r", "  ", "\\", "%", "---", "#", ": ", "- "])
text = st.lists(st.one_of(st.text(max_size=8), tricky), max_size=6).map("".join)
scalar = st.one_of(text, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(), st.dates())
anything = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                        max_leaves=6)
url = st.one_of(st.just("https://example.org/a?b=1&c=2"), st.just("javascript:alert(1)"), text.map("https://x.org/".__add__),
                text)
city = st.fixed_dictionaries(
    {"name": st.one_of(text, scalar), "state": st.one_of(text, scalar),
     "mayor": st.one_of(st.fixed_dictionaries({"name": st.one_of(text, scalar)},
                                              optional={"title": st.one_of(text, scalar)}), anything)},
    optional={
        "slug": st.one_of(st.from_regex(r"[a-z0-9]{1,3}(-[a-z0-9]{1,3}){0,2}", fullmatch=True), text),
        "population": st.one_of(st.integers(min_value=-5), scalar),
        "status": st.sampled_from(["sanctuary", "welcoming", "none", "Sanctuary", ""]),
        "location": st.fixed_dictionaries({"lat": st.one_of(st.floats(), scalar), "lon": st.floats(-200, 200)}),
        "policy": st.fixed_dictionaries({}, optional={"name": text, "url": url, "summary": text,
                                                       "since": st.one_of(st.integers(1600, 2200), st.dates(), text)}),
        "last_verified": st.one_of(st.dates(), text),
        "sources": st.lists(url, max_size=2),
        "draft": st.one_of(st.booleans(), scalar),
    })
# Now and then a key no schema knows, or a misspelt one.
any_city = st.tuples(city, st.dictionaries(st.one_of(text, st.sampled_from(["mayr", "populaton", "sorces"])),
                                           anything, max_size=1)).map(lambda pair: {**pair[1], **pair[0]})

# Valid records with hostile text: every kind of character a page can show, and markup-like strings.
shown = st.characters(blacklist_categories=("Cs", "Cc", "Cn"))
safe_tricky = st.sampled_from(["<", ">", "&", '"', "'", "{{", "}}", "{%", "%}", "<script>", "</p>", "\u202e",
                               "\u200b", "\ufeff", "🏙️", "  ", "\\", "%", "---", "#", ": ", "- ", "&amp;", "]]>"])
safe_text = st.lists(st.one_of(st.text(shown, min_size=1, max_size=8), safe_tricky), min_size=1, max_size=5).map(
    "".join)
valid_city = st.fixed_dictionaries(
    {"name": safe_text, "state": safe_text, "country": st.just("ZZ"),  # ZZ has no list of states: any text
     "slug": st.from_regex(r"c[0-9]{1,5}", fullmatch=True),
     "mayor": st.fixed_dictionaries({"name": safe_text}, optional={"title": safe_text})},
    optional={
        "population": st.integers(min_value=0),
        "status": st.sampled_from(["sanctuary", "welcoming", "limited-cooperation", "none"]),
        "location": st.fixed_dictionaries({"lat": st.floats(-90, 90), "lon": st.floats(-180, 180)}),
        "policy": st.fixed_dictionaries({}, optional={
            "name": safe_text, "summary": safe_text, "since": st.integers(1700, 2100),
            "url": st.from_regex(r"https://example\.org/[a-z0-9%._~-]{0,12}(\?[a-z]=[0-9'&]{0,5})?", fullmatch=True)}),
        "last_verified": st.dates(),
        "sources": st.lists(st.just("https://example.org/src"), max_size=2),
    })
cities = st.one_of(st.lists(valid_city, min_size=1, max_size=3, unique_by=lambda c: c["slug"]),
                   st.lists(st.one_of(valid_city, any_city), min_size=1, max_size=3))


def build(site: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = cli.main(["-C", str(site), "build", "--quiet"])
    return status, err.getvalue()


def well_nested(html: str) -> bool:
    """Every element closes in order: what the escaped text could break if it were not escaped."""
    stack: list[str] = []
    for m in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>", html):
        closing, tag = m.group(1), m.group(2).lower()
        if tag in VOID:
            continue
        if closing:
            if not stack or stack.pop() != tag:
                return False
        else:
            stack.append(tag)
    return not stack


def test_random_cities_give_valid_pages_or_clean_errors(tmp_path):
    site = copy_site(SITES / "tiny", tmp_path / "site")
    collected = tmp_path / "pages"
    collected.mkdir()
    outcomes = {"built": 0, "refused": 0}

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(cities=cities, raw_tail=st.one_of(st.just(""), st.just(""), text))
    def one(cities: list[dict], raw_tail: str) -> None:
        try:
            source = yaml.safe_dump(cities, allow_unicode=True)
        except (yaml.YAMLError, UnicodeEncodeError):
            source = yaml.safe_dump(cities, allow_unicode=False)
        (site / "cities.yaml").write_bytes((source + raw_tail).encode("utf-8", "surrogatepass"))
        status, err = build(site)
        assert status in (0, 1), err
        assert "Traceback" not in err
        if status == 1:
            outcomes["refused"] += 1
            lines = err.splitlines()
            assert lines[-1].startswith("Build stopped: "), err
            assert any(": error: " in line for line in lines), err
            assert all(LINE.match(line) for line in lines[:-1]), err
            return
        outcomes["built"] += 1
        published = yaml.load(source + raw_tail, Loader=yaml.CSafeLoader)  # the parser the build uses
        for page in (site / "output").glob("*/index.html"):
            html = page.read_text(encoding="utf-8")
            assert well_nested(html), page
        for entry in published:
            if entry.get("draft") is True:
                continue
            mayor, name = entry["mayor"]["name"], entry["name"]
            if not (isinstance(mayor, str) and isinstance(name, str)):
                continue  # 'name: 12' is shown as the editor wrote it; only text has one spelling to look for
            texts = [PageText(p.read_text(encoding="utf-8")).all_text for p in (site / "output").glob("*/index.html")]
            assert any(mayor in t and name in t for t in texts), entry
        target = collected / f"build{outcomes['built']}"
        shutil.copytree(site / "output", target, ignore=shutil.ignore_patterns("static"))

    one()
    assert outcomes["refused"] > 0 and outcomes["built"] > 0, outcomes
    assert nu_errors(collected) == []

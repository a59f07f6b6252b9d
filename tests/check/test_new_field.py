"""A new plain cities.yaml field is its schema entry, the template that shows it and this test.

The engine is copied and only its cities.schema.json is edited: the model, validation,
the cities cache and incremental builds must take the field from there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_site

SITES = ROOT / "tests" / "sites"
NICKNAME = {"type": "string", "maxLength": 60, "description": "What people call the city, e.g. the Windy City."}
PRONOUNS = {"type": "string", "maxLength": 30, "description": "The mayor's pronouns, e.g. she/her."}
FEATURED = {"type": "boolean", "default": False, "description": "true: listed first."}
SHOWN = """<p class="nickname">{{ city.nickname or "none" }} / {{ city.mayor.pronouns or "none" }}\
 / {{ "featured" if city.featured else "plain" }}</p>
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of build.py and citypages/ whose schema has three more fields, and nothing else changed."""
    root = tmp_path_factory.mktemp("engine")
    shutil.copy(ROOT / "build.py", root / "build.py")
    shutil.copytree(ROOT / "citypages", root / "citypages", ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "citypages" / "schema" / "cities.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    city = schema["items"]["properties"]
    city["nickname"], city["featured"], city["mayor"]["properties"]["pronouns"] = NICKNAME, FEATURED, PRONOUNS
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    return root


def _site(tmp_path: Path, cities: str) -> Path:
    site = copy_site(SITES / "tiny", tmp_path / "site", {"cities.yaml": cities})
    template = site / "theme" / "templates" / "city.html"
    text = template.read_text(encoding="utf-8")
    at = text.index('<p class="kicker">')
    template.write_text(text[:at] + SHOWN + text[at:], encoding="utf-8")
    return site


def _build(engine: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(engine / "build.py"), "-C", str(site), "build", "--quiet",
                           "--out", str(site / "output")], capture_output=True, text=True, timeout=120)


CITIES = """\
- name: Springfield
  state: IL
  nickname: <The "Capital" & more>
  featured: true
  mayor: {name: Pat Doe, pronouns: they/them}
- name: Shelbyville
  state: IL
  mayor: {name: Lee Roe}
"""


def _shown(site: Path, slug: str) -> str:
    page = (site / "output" / slug / "index.html").read_text(encoding="utf-8")
    start = page.index('<p class="nickname">')
    return page[start:page.index("</p>", start) + 4]


def test_a_field_added_to_the_schema_reaches_the_page_escaped(engine: Path, tmp_path: Path) -> None:
    site = _site(tmp_path, CITIES)
    done = _build(engine, site)
    assert done.returncode == 0, done.stderr
    assert _shown(site, "springfield-il") == ('<p class="nickname">&lt;The &#34;Capital&#34; &amp; more&gt;'
                                              " / they/them / featured</p>")
    assert _shown(site, "shelbyville-il") == '<p class="nickname">none / none / plain</p>'


def test_a_changed_field_rebuilds_only_its_city(engine: Path, tmp_path: Path) -> None:
    site = _site(tmp_path, CITIES)
    assert _build(engine, site).returncode == 0
    untouched = (site / "output" / "shelbyville-il" / "index.html").stat().st_mtime_ns
    (site / "cities.yaml").write_text(CITIES.replace("they/them", "she/her"), encoding="utf-8")
    done = _build(engine, site)
    assert done.returncode == 0, done.stderr
    assert _shown(site, "springfield-il").endswith(" / she/her / featured</p>")
    assert (site / "output" / "shelbyville-il" / "index.html").stat().st_mtime_ns == untouched


def test_a_wrong_value_is_named_with_its_file_and_line(engine: Path, tmp_path: Path) -> None:
    site = _site(tmp_path, CITIES.replace("featured: true", "featured: [1, 2]"))
    done = _build(engine, site)
    assert done.returncode == 1
    assert "cities.yaml:4" in done.stderr and "featured" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert not (site / "output").exists()


def test_a_field_the_model_cannot_take_plainly_is_refused_by_name(engine: Path, tmp_path: Path) -> None:
    """An object needs its own class in model.py: the engine says so instead of guessing a type."""
    broken = tmp_path / "engine"
    shutil.copytree(engine, broken)
    path = broken / "citypages" / "schema" / "cities.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["items"]["properties"]["office"] = {"type": "object", "description": "x"}
    path.write_text(json.dumps(schema), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import citypages.model.site"], cwd=broken, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert "cities.schema.json: office is not a plain" in done.stderr

"""City pages say when their facts were last checked and where to report a correction."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from htmlcheck import PageText
from theme_site import site_yaml

from citypages.pipeline import build_site, check_site
from citypages.render.templates import date_text

CITIES = """\
- name: Springfield
  state: IL
  mayor: {name: Pat Doe}
  last_verified: 2025-06-01
- name: Peoria
  state: IL
  mayor: {name: Lee Roe}
"""


def _build(make_site, extra_site: str = ""):
    site = make_site({"site.yaml": site_yaml() + extra_site, "cities.yaml": CITIES})
    result = build_site(site)
    assert result.ok, [d.as_text() for d in result.diagnostics]
    return site / "output"


def test_the_page_shows_last_checked_in_its_language_and_links_to_the_correction_form(make_site):
    out = _build(make_site, "repository: example-org/thanks-site\n")
    en = (out / "springfield-il" / "index.html").read_text()
    assert 'Last checked: <time datetime="2025-06-01">June 1, 2025</time>.' in en
    es = (out / "es" / "springfield-il" / "index.html").read_text()
    assert 'Última revisión: <time datetime="2025-06-01">1 de junio de 2025</time>.' in es
    link = next(a["href"] for t, a in PageText(en).tags if t == "a" and "issues/new" in (a.get("href") or ""))
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "github.com", "/example-org/thanks-site/issues/new")
    assert parse_qs(parts.query) == {"template": ["correction.yml"], "title": ["Correction: Springfield, IL"],
                                     "page": ["https://example.org/repo/springfield-il/"]}
    assert ">Report a correction</a>" in en and ">Informar de un error</a>" in es
    peoria = (out / "peoria-il" / "index.html").read_text()  # no last_verified: no date, still the link
    assert "Last checked" not in peoria and ">Report a correction</a>" in peoria


def test_without_a_repository_there_is_no_correction_link(make_site):
    out = _build(make_site)
    html = (out / "springfield-il" / "index.html").read_text()
    assert "Last checked:" in html and "Report a correction" not in html and "github.com" not in html
    assert 'class="checked"' not in (out / "peoria-il" / "index.html").read_text()


def test_a_repository_that_is_not_owner_slash_name_is_an_error(make_site):
    site = make_site({"site.yaml": site_yaml() + "repository: https://github.com/a/b\n", "cities.yaml": CITIES})
    errors = [d.as_text() for d in check_site(site) if d.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith("site.yaml:11:13: error: repository:"), errors


def test_the_correction_form_the_link_opens_exists():
    from conftest import ROOT

    form = ROOT / ".github" / "ISSUE_TEMPLATE" / "correction.yml"
    assert "id: page" in form.read_text(encoding="utf-8")


def test_dates_are_written_in_each_language():
    en = {"date_months": "January February March April May June July August September October November December",
          "date_format": "{month} {day}, {year}"}
    assert date_text(dt.date(2026, 12, 2), en) == "December 2, 2026"
    assert date_text(2017, en) == "2017"
    assert date_text(dt.date(2026, 1, 9), {}) == "2026-01-09"

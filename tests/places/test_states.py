"""`state` is checked against the country's list, with did-you-mean; the index speaks full names."""

from __future__ import annotations

import pytest
from theme_site import build_bilingual

from citypages.pipeline import check_site


def _errors(make_site, state: str, country: str = "") -> list[str]:
    cities = f"- name: Springfield\n  state: {state}\n{country}  mayor: {{name: Pat Doe}}\n"
    return [d.as_text() for d in check_site(make_site({"cities.yaml": cities})) if d.severity == "error"]


@pytest.mark.parametrize(("state", "country", "message"), [
    ("Illinois", "", "cities.yaml:2:10: error: state: 'Illinois' is a name; write its code (did you mean 'IL'?)"),
    ("illinois", "", "cities.yaml:2:10: error: state: 'illinois' is a name; write its code (did you mean 'IL'?)"),
    ("il", "", "cities.yaml:2:10: error: state: write 'IL' in capitals, not 'il'"),
    ("Ilinois", "", "cities.yaml:2:10: error: state: 'Ilinois' is not a state, DC or territory code of the United "
                    "States (did you mean 'IL' for Illinois?)"),
    ("QC", "", "cities.yaml:2:10: error: state: 'QC' is Quebec, in Canada; add 'country: CA', or use a state, DC or "
               "territory code of the United States"),
    ("Québec", "  country: CA\n", "cities.yaml:2:10: error: state: 'Québec' is a name; write its code (did you "
                                  "mean 'QC'?)"),
    ("Nuevo Leon", "  country: MX\n", "cities.yaml:2:10: error: state: 'Nuevo Leon' is a name; write its code "
                                      "(did you mean 'NLE'?)"),
    ("XX", "", "cities.yaml:2:10: error: state: 'XX' is not a state, DC or territory code of the United States; "
               "use its code, e.g. AL, AK, AZ, AR"),
])
def test_a_state_not_in_the_countrys_list_is_an_error_with_the_fix(make_site, state, country, message):
    assert _errors(make_site, state, country) == [message]


@pytest.mark.parametrize(("state", "country"), [("DC", ""), ("PR", ""), ("GU", ""), ("QC", "  country: CA\n"),
                                                ("NLE", "  country: MX\n"), ("Île-de-France", "  country: FR\n")])
def test_codes_territories_and_countries_without_a_list_are_accepted(make_site, state, country):
    assert _errors(make_site, state, country) == []


def test_the_index_groups_by_full_state_name_and_search_knows_name_and_code(make_site):
    out, _ = build_bilingual(make_site)
    html = (out / "index.html").read_text()
    assert '<h2 id="state-1">California</h2>' in html and '<h2 id="state-2">Illinois</h2>' in html
    assert 'data-search="Illinois IL"' in html and 'data-search="California CA"' in html
    assert ">IL</h2>" not in html


@pytest.mark.browser
def test_searching_the_full_state_name_or_its_code_finds_its_cities(make_site, serve_dir, tmp_path, page):
    from playwright.sync_api import expect

    folder = tmp_path / "served"
    base = serve_dir(folder)
    out, _ = build_bilingual(make_site, base_url=base + "/")
    folder.symlink_to(out)
    page.goto(base + "/")
    search = page.get_by_label("Search cities")
    springfield = page.get_by_role("link", name="Springfield", exact=True)
    san_jose = page.locator("#city-list").get_by_role("link", name="San José")
    for query in ("Illinois", "illinois", "IL"):
        search.fill(query)
        expect(springfield).to_be_visible()
    search.fill("Illinois")
    expect(san_jose).to_be_hidden()
    search.fill("California")
    expect(san_jose).to_be_visible()
    expect(springfield).to_be_hidden()

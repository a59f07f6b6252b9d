"""`form: {name_fields: split}`: first and last name fields, translated, posted under each provider's names."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import SITES, copy_site
from forms_sites import CITY, build, site_yaml
from playwright.sync_api import Browser, expect

from citypages.preview.form_inbox import FormInbox
from tests.support import quiet_server

SPLIT = "  name_fields: split\n"
GOOGLE_SPLIT = ("  provider: google_forms\n  id: 1FAIpQLSe_test_form_id_0000\n  name_fields: split\n"
                "  fields: {first_name: entry.1, last_name: entry.2, email: entry.3}\n")


def inputs(html: str) -> dict[str, str]:
    """id -> name of the form's visible text inputs."""
    found = re.findall(r'<input id="(f-[a-z-]+)" name="([^"]*)" type="(?:text|email)"', html)
    return {k: v for k, v in found if k != "f-hp"}


def test_the_default_is_one_full_name_field(make_site, run_cli):
    site = make_site()
    assert run_cli(site, "build", "--quiet").status == 0
    html = (site / "output" / CITY / "index.html").read_text(encoding="utf-8")
    assert inputs(html) == {"f-name": "name", "f-email": "_replyto", "f-zip": "zip"}
    assert '<label for="f-name">Full name</label>' in html


@pytest.mark.parametrize(("provider", "first", "last"), [
    ("formspree", "first_name", "last_name"), ("web3forms", "first_name", "last_name"),
    ("generic", "given", "family"),
])
def test_split_asks_for_first_and_last_name_under_the_providers_names(make_site, run_cli, provider, first, last):
    yaml_text = site_yaml(provider) + SPLIT
    if provider == "generic":
        renamed = "    mayor: ''\n    first_name: given\n    last_name: family\n"
        yaml_text = yaml_text.replace("    mayor: ''\n", renamed)
    site = make_site({"site.yaml": yaml_text.replace("languages: [en]", "languages: [en, es]")})
    result = run_cli(site, "build", "--quiet")
    assert result.status == 0, result.err
    html = (site / "output" / CITY / "index.html").read_text(encoding="utf-8")
    found = inputs(html)
    assert (found["f-first-name"], found["f-last-name"]) == (first, last) and "f-name" not in found
    assert '<label for="f-first-name">First name</label>' in html
    assert 'autocomplete="given-name"' in html and 'autocomplete="family-name"' in html
    spanish = (site / "output" / "es" / CITY / "index.html").read_text(encoding="utf-8")
    assert '<label for="f-first-name">Nombre</label>' in spanish
    assert '<label for="f-last-name">Apellidos</label>' in spanish


def test_google_forms_split_posts_its_entry_numbers(make_site, run_cli):
    site = make_site({"site.yaml": site_yaml("formspree").split("form:")[0] + "form:\n" + GOOGLE_SPLIT})
    assert run_cli(site, "build", "--quiet").status == 0
    html = (site / "output" / CITY / "index.html").read_text(encoding="utf-8")
    assert inputs(html) == {"f-first-name": "entry.1", "f-last-name": "entry.2", "f-email": "entry.3"}


@pytest.mark.parametrize(("body", "expected"), [
    ("  provider: formspree\n  id: abcdefgh\n  name_fields: halves\n",
     "site.yaml:11:16: error: form.name_fields: 'halves' is not one of: full, split"),
    (GOOGLE_SPLIT.replace("first_name: entry.1, ", ""),
     "site.yaml:12:3: error: form: Google Forms 'fields' needs 'first_name: entry.N'"),
])
def test_a_wrong_name_fields_setting_is_an_error_at_its_line(make_site, run_cli, body, expected):
    site = make_site({"site.yaml": site_yaml("formspree").split("form:")[0] + "form:\n" + body})
    result = run_cli(site, "check")
    assert result.status == 1
    assert any(e.startswith(expected) for e in result.errors), result.err


@pytest.fixture(scope="module")
def split_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FormInbox]]:
    with FormInbox() as service:
        root = copy_site(SITES / "tiny", tmp_path_factory.mktemp("split") / "site",
                         {"site.yaml": site_yaml("formspree", service.endpoint("formspree")) + SPLIT})
        www = tmp_path_factory.mktemp("www")
        with quiet_server(www) as url:
            build(root, www / "f", f"{url}/f/")
            yield f"{url}/f/{CITY}/", service


@pytest.mark.browser
def test_split_names_reach_the_provider_and_a_link_fills_them(browser: Browser, split_page) -> None:
    url, service = split_page
    page = browser.new_page()
    page.goto(f"{url}#first_name=Ana&last_name=Ruiz%20Soto&email=ana%40example.org")
    expect(page.get_by_label("First name")).to_have_value("Ana")
    expect(page.get_by_label("Last name")).to_have_value("Ruiz Soto")
    page.get_by_label("First name").fill("")
    page.get_by_role("button", name="Send thanks").click()
    expect(page.locator("#f-first-name-error")).to_have_text("Enter your first name.")
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("ZIP code").fill("60601")
    page.get_by_role("button", name="Send thanks").click()
    expect(page).to_have_url(f"{url}thanks/")
    assert service.wait(lambda s: len(s.received) == 1)
    fields = service.received[0]["fields"]
    assert (fields["first_name"], fields["last_name"], fields["_replyto"]) == ("Ana", "Ruiz Soto", "ana@example.org")
    assert "name" not in fields
    page.close()


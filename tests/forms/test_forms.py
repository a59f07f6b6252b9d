"""Form service settings: what `check` says about each provider, city overrides, endpoint, privacy text."""

from __future__ import annotations

import sys

import pytest
import yaml
from forms_sites import CTX, PROVIDERS, site_yaml

from citypages import forms
from citypages.model.site import FormSettings

HEAD = site_yaml("formspree").split("form:")[0] + "form:\n"  # site.yaml up to its form: line (line 8)


def form_yaml(body: str) -> str:
    return HEAD + body


@pytest.mark.parametrize(("body", "expected"), [
    ("  provider: formspree\n  id: abc\n",
     "site.yaml:10:3: error: form: Formspree id 'abc' does not look like one; it is the 8 letters and digits"),
    ("  provider: formspree\n", "site.yaml:9:3: error: form: provider 'formspree' needs 'id'"),
    ("  provider: web3forms\n  from_name: City Pages\n",
     "site.yaml:9:3: error: form: provider 'web3forms' needs 'access_key'"),
    ("  provider: web3forms\n  access_key: not-a-key\n",
     "site.yaml:10:3: error: form: Web3Forms access_key 'not-a-key' does not look like one"),
    ("  provider: staticforms\n  api_key: 'has spaces in it'\n",
     "site.yaml:10:3: error: form: Static Forms api_key 'has spaces in it' does not look like one"),
    ("  provider: basin\n  id: ab/cd\n", "site.yaml:10:3: error: form: Basin id 'ab/cd' does not look like one"),
    ("  provider: getform\n  id: a\n", "site.yaml:10:3: error: form: Getform id 'a' does not look like one"),
    ("  provider: formsubmit\n  to: 'x y'\n",
     "site.yaml:10:3: error: form: FormSubmit to 'x y' does not look like one"),
    ("  provider: google_forms\n  id: 1FAIpQLSe_test_form_id_0000\n",
     "site.yaml:9:3: error: form: provider 'google_forms' needs 'fields'"),
    ("  provider: google_forms\n  id: 1FAIpQLSe_test_form_id_0000\n  fields:\n    name: entry.1\n",
     "site.yaml:11:3: error: form: Google Forms 'fields' needs 'email: entry.N'"),
    ("  provider: google_forms\n  id: 1FAIpQLSe_test_form_id_0000\n  fields:\n    name: entry.1\n    email: e2\n",
     "site.yaml:13:5: error: form: Google Forms field 'email: e2' should be like entry.1234567"),
    ("  provider: generic\n  action: ftp://x\n", "site.yaml:10:3: error: form: 'action' must be an https address"),
    ("  provider: formspree\n  id: abcdefgh\n  endpoint: localhost:8001\n",
     "site.yaml:11:3: error: form: 'endpoint' must be an https address"),
    ("  provider: formspree\n  id: abcdefgh\n  subjet: x\n",
     "site.yaml:11:3: error: form: unknown setting 'subjet' for provider 'formspree'; allowed: id,"),
    ("  provider: formspre\n  id: abcdefgh\n",
     "site.yaml:9:3: error: form: unknown provider 'formspre' (did you mean 'formspree'?)"),
    ("  provider: netlify\n",
     "site.yaml:9:3: error: form: provider 'netlify': Netlify Forms only works on sites Netlify hosts"),
    ("  provider: action_network\n",
     "site.yaml:9:3: error: form: provider 'action_network': Action Network forms are embedded with a script"),
])
def test_a_bad_form_setting_is_one_error_at_its_line(make_site, run_cli, body, expected):
    result = run_cli(make_site({"site.yaml": form_yaml(body)}), "check")
    assert result.status == 1
    assert len(result.errors) == 1 and result.errors[0].startswith(expected), result.err


@pytest.mark.parametrize(("body", "expected"), [
    ("  provider: formspree\n  id: abcdefgh\n",
     "site.yaml:9:3: warning: form: Formspree: reCAPTCHA is on by default for every Formspree form and sends "
     "visitors to Google"),
    ("  provider: formsubmit\n  to: team@example.org\n",
     "site.yaml:10:3: warning: form: FormSubmit: the address 'team@example.org' would be published on every page"),
    ("  provider: google_forms\n  id: 1FAIpQLSe_test_form_id_0000\n  fields: {name: entry.1, email: entry.2}\n",
     "site.yaml:9:3: warning: form: Google Forms: the least private choice"),
])
def test_a_doubtful_but_working_choice_is_a_warning_and_check_passes(make_site, run_cli, body, expected):
    result = run_cli(make_site({"site.yaml": form_yaml(body)}), "check")
    assert result.status == 0, result.err
    assert expected in result.err
    assert "Check passed: 1 warning." in result.out


@pytest.mark.parametrize("provider", list(PROVIDERS))
def test_every_provider_in_the_test_table_checks_clean(make_site, run_cli, provider):
    result = run_cli(make_site({"site.yaml": site_yaml(provider)}), "check")
    assert result.status == 0, result.err
    assert result.errors == []


def test_every_provider_cites_its_documentation_and_says_what_it_receives():
    usable = [cls for cls in forms.PROVIDERS.values() if not cls.refused]
    assert len(usable) >= 8
    for cls in forms.PROVIDERS.values():
        module_doc = sys.modules[cls.__module__].__doc__ or ""
        assert cls.name == "generic" or (cls.docs.startswith("https://") and "https://" in module_doc), cls.name
        assert cls.privacy.service


@pytest.mark.parametrize("provider", list(PROVIDERS))
def test_endpoint_replaces_the_service_address_and_the_csp_origin_follows(provider):
    options = yaml.safe_load("x:\n" + PROVIDERS[provider][0])["x"]
    plain = forms.adapter(FormSettings(provider, options)).spec(CTX)
    local = forms.adapter(FormSettings(provider, {**options, "endpoint": "http://127.0.0.1:9/p/"})).spec(CTX)
    assert plain.origin.startswith("https://") and "127.0.0.1" not in plain.action
    assert local.origin == "http://127.0.0.1:9"
    assert local.action.startswith("http://127.0.0.1:9/p/")
    assert local.fetch_action.startswith("http://127.0.0.1:9/p/")
    assert local.hidden == plain.hidden and local.fields == plain.fields, "the field conventions are kept"


def test_a_city_collects_into_its_own_form_with_its_own_csp(make_site, run_cli):
    cities = """- name: Springfield
  state: IL
  mayor: {name: Pat Doe}
  form:
    id: cityform1
- name: Shelbyville
  state: IL
  mayor: {name: Lee Roe}
  form:
    provider: web3forms
    access_key: 0a1b2c3d-1111-2222-3333-444455556666
- name: Ogdenville
  state: IL
  mayor: {name: Ann Poe}
"""
    site = make_site({"cities.yaml": cities, "site.yaml": site_yaml("formspree")})
    result = run_cli(site, "build")
    assert result.status == 0, result.err
    out = site / "output"
    springfield = (out / "springfield-il" / "index.html").read_text()
    shelbyville = (out / "shelbyville-il" / "index.html").read_text()
    ogdenville = (out / "ogdenville-il" / "index.html").read_text()
    assert 'action="https://formspree.io/f/cityform1"' in springfield  # only the id changed
    assert 'name="_gotcha"' in springfield
    assert 'action="https://api.web3forms.com/submit"' in shelbyville
    assert "form-action 'self' https://api.web3forms.com;" in shelbyville
    assert "connect-src 'self' https://api.web3forms.com;" in shelbyville
    assert 'action="https://formspree.io/f/abcdefgh"' in ogdenville
    assert "form-action 'self' https://formspree.io;" in ogdenville


def test_a_bad_city_form_is_reported_at_its_line_in_cities_yaml(make_site, run_cli):
    cities = "- name: Springfield\n  state: IL\n  mayor: {name: Pat Doe}\n  form:\n    provider: web3forms\n"
    result = run_cli(make_site({"cities.yaml": cities}), "check")
    assert result.status == 1
    assert result.errors == ["cities.yaml:5:5: error: form: provider 'web3forms' needs 'access_key' "
                             "(see https://docs.web3forms.com/getting-started/api-reference)"]


def test_the_privacy_page_says_what_the_form_services_receive(make_site, run_cli):
    privacy = ("---\ntitle: Privacy\n---\n{{ form.summary }}\n\n"
               "::: if form.captcha\nCAPTCHA: {{ form.captcha }}\n:::\n\nServices: {{ form.names }}\n\n"
               "Hosts: {{ form.hosts }}\n")
    cities = ("- name: Springfield\n  state: IL\n  mayor: {name: Pat Doe}\n  form:\n    provider: google_forms\n"
              "    id: 1FAIpQLSe_test_form_id_0000\n    fields: {name: entry.1, email: entry.2}\n")
    site = make_site({"content/pages/privacy.md": privacy, "cities.yaml": cities,
                      "site.yaml": site_yaml("formspree")})
    assert run_cli(site, "build").status == 0
    result = run_cli(site, "check")
    assert "cities.yaml:5:5: warning: Springfield: this city's petitions go to docs.google.com, not to the site's " \
           "form service" in result.err, "a reviewer sees every city whose form goes elsewhere"
    html = (site / "output" / "privacy" / "index.html").read_text()
    assert "goes to Formspree, our form service" in html
    assert "CAPTCHA: Google (reCAPTCHA" in html
    assert "Services: Formspree, Google" in html
    assert "Hosts: formspree.io, docs.google.com" in html, "every host a petition may go to is listed"
    assert "Google may link the post to a Google account" in html
    assert "https://policies.google.com/privacy" in html


def test_google_forms_draws_only_the_mapped_fields_and_no_honeypot(make_site, run_cli):
    body = ("  provider: google_forms\n  id: 1FAIpQLSe_test_form_id_0000\n"
            "  fields: {name: entry.1, email: entry.2, city: entry.3}\n")
    site = make_site({"site.yaml": form_yaml(body)})
    assert run_cli(site, "build").status == 0
    html = (site / "output" / "springfield-il" / "index.html").read_text()
    assert 'action="https://docs.google.com/forms/d/e/1FAIpQLSe_test_form_id_0000/formResponse"' in html
    assert 'name="entry.1"' in html and 'name="entry.3" value="springfield-il"' in html
    assert 'id="f-zip"' not in html and 'id="f-hp"' not in html and 'data-source' not in html
    assert 'data-mode="no-cors"' in html and 'data-after="inline"' in html
    assert "<noscript>" in html


def test_a_plain_email_in_formsubmit_is_only_a_warning_but_the_alias_is_used_as_given(make_site, run_cli):
    site = make_site({"site.yaml": form_yaml("  provider: formsubmit\n  to: a1b2c3d4e5f6\n")})
    assert run_cli(site, "build").status == 0
    html = (site / "output" / "springfield-il" / "index.html").read_text()
    assert 'action="https://formsubmit.co/a1b2c3d4e5f6"' in html
    assert 'data-fetch-action="https://formsubmit.co/ajax/a1b2c3d4e5f6"' in html
    assert 'name="_captcha" value="false"' in html and 'name="_honey"' in html

"""The local inbox form service answers each provider's documented shape, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
import yaml
from forms_sites import CTX, PROVIDERS

from citypages import forms
from citypages.model.site import FormSettings
from citypages.preview.form_inbox import FormInbox

ORIGIN = "http://127.0.0.1:1"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def post(url: str, fields: dict[str, str], accept_json: bool = False) -> tuple[int, dict[str, str], str]:
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN}
    if accept_json:
        headers["Accept"] = "application/json"
    request = urllib.request.Request(url, data=urlencode(fields).encode(), headers=headers, method="POST")
    try:
        with OPENER.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


@pytest.fixture
def inbox() -> Iterator[FormInbox]:
    with FormInbox() as s:
        yield s


def test_it_listens_on_loopback_only():
    with pytest.raises(ValueError):
        FormInbox(host="0.0.0.0")


def test_web3forms_without_its_access_key_is_refused_in_json(inbox):
    status, headers, body = post(inbox.endpoint("web3forms") + "/submit", {"name": "Ada"}, accept_json=True)
    assert status == 400
    assert json.loads(body) == {"success": False, "message": "access_key is required"}
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert inbox.received == [] and inbox.rejected[0]["reason"] == "missing access_key"


def test_static_forms_needs_its_api_key_and_takes_any_honeypot_name(inbox):
    url = inbox.endpoint("staticforms") + "/submit"
    assert post(url, {"name": "Ada"}, accept_json=True)[0] == 400
    status, _, body = post(url, {"apiKey": "k" * 10, "my_honeypot_field": "spam"}, accept_json=True)
    assert status == 200 and json.loads(body)["success"] is True  # a bot is told all went well
    assert inbox.received == [] and len(inbox.dropped) == 1


def test_the_return_address_field_is_honoured_on_a_plain_post(inbox):
    status, headers, _ = post(inbox.endpoint("formspree") + "/f/abcdefgh",
                              {"_next": "http://127.0.0.1:2/thanks/", "email": "a@example.org"})
    assert status == 303 and headers["Location"] == "http://127.0.0.1:2/thanks/"
    assert inbox.received[0]["fields"] == {"_next": "http://127.0.0.1:2/thanks/", "email": "a@example.org"}


def test_web3forms_ignores_a_redirect_that_is_not_an_absolute_address(inbox):
    status, headers, body = post(inbox.endpoint("web3forms") + "/submit",
                                 {"access_key": "k", "redirect": "/thanks/"})
    assert status == 200 and "Location" not in headers and "recorded" in body


def test_formsubmit_shows_its_captcha_page_unless_told_not_to_and_answers_json_only_at_ajax(inbox):
    base = inbox.endpoint("formsubmit")
    status, _, body = post(base + "/a1b2c3d4", {"name": "Ada"})
    assert status == 200 and "CAPTCHA" in body and inbox.received == []
    status, headers, _ = post(base + "/a1b2c3d4", {"name": "Ada", "_captcha": "false", "_next": "http://x.test/"})
    assert status == 303 and headers["Location"] == "http://x.test/"
    status, headers, body = post(base + "/a1b2c3d4", {"name": "Ada", "_captcha": "false"}, accept_json=True)
    assert headers["Content-Type"].startswith("text/html"), "JSON only at /ajax/"
    status, headers, body = post(base + "/ajax/a1b2c3d4", {"name": "Ada"}, accept_json=True)
    assert status == 200 and json.loads(body)["success"] is True
    assert len(inbox.received) == 3


def test_google_forms_sends_no_cors_headers_and_no_json(inbox):
    status, headers, _ = post(inbox.endpoint("google_forms") + "/forms/d/e/abc/formResponse",
                                 {"entry.1": "Ada"}, accept_json=True)
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    assert headers["Content-Type"].startswith("text/html")
    assert inbox.received[0]["fields"] == {"entry.1": "Ada"}


def test_a_post_to_the_bare_address_is_matched_to_its_provider(inbox):
    post(inbox.url + "/submit", {"access_key": "k", "name": "Ada"})
    post(inbox.url + "/forms/d/e/abc/formResponse", {"entry.1": "Ada"})
    post(inbox.url + "/f/abcdefgh", {"_gotcha": "", "name": "Ada"})
    assert [r["provider"] for r in inbox.received] == ["web3forms", "google_forms", "formspree"]


def test_failing_on_purpose_answers_an_error_and_records_nothing(inbox):
    inbox.fail_with = 503
    status, _, body = post(inbox.endpoint("basin") + "/f/abc123", {"name": "Ada"}, accept_json=True)
    assert status == 503 and json.loads(body)["success"] is False
    assert inbox.received == [] and len(inbox.rejected) == 1


def test_a_dashboard_redirect_is_used_where_the_provider_keeps_it_there(inbox):
    inbox.dashboard_redirect["getform"] = "http://127.0.0.1:2/thanks/"
    status, headers, _ = post(inbox.endpoint("getform") + "/f/abcd", {"name": "Ada"})
    assert status == 303 and headers["Location"] == "http://127.0.0.1:2/thanks/"


def test_with_endpoint_points_any_provider_at_the_inbox(inbox):
    for provider in PROVIDERS:
        options = yaml.safe_load("x:\n" + PROVIDERS[provider][0])["x"]
        spec = forms.adapter(forms.with_endpoint(FormSettings(provider, options), inbox.url)).spec(CTX)
        post(spec.action, {**dict(spec.hidden), "name": "Ada"})
    assert [r["provider"] for r in inbox.received] == list(PROVIDERS)

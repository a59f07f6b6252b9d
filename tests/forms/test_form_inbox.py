"""The stand-in form service answers each provider's documented shape, over real HTTP on 127.0.0.1."""

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
from citypages.preview.form_inbox import StandIn

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
def stand_in() -> Iterator[StandIn]:
    with StandIn() as s:
        yield s


def test_it_listens_on_loopback_only():
    with pytest.raises(ValueError):
        StandIn(host="0.0.0.0")


def test_web3forms_without_its_access_key_is_refused_in_json(stand_in):
    status, headers, body = post(stand_in.endpoint("web3forms") + "/submit", {"name": "Ada"}, accept_json=True)
    assert status == 400
    assert json.loads(body) == {"success": False, "message": "access_key is required"}
    assert headers["Access-Control-Allow-Origin"] == ORIGIN
    assert stand_in.received == [] and stand_in.rejected[0]["reason"] == "missing access_key"


def test_static_forms_needs_its_api_key_and_takes_any_honeypot_name(stand_in):
    url = stand_in.endpoint("staticforms") + "/submit"
    assert post(url, {"name": "Ada"}, accept_json=True)[0] == 400
    status, _, body = post(url, {"apiKey": "k" * 10, "my_honeypot_field": "spam"}, accept_json=True)
    assert status == 200 and json.loads(body)["success"] is True  # a bot is told all went well
    assert stand_in.received == [] and len(stand_in.dropped) == 1


def test_the_return_address_field_is_honoured_on_a_plain_post(stand_in):
    status, headers, _ = post(stand_in.endpoint("formspree") + "/f/abcdefgh",
                              {"_next": "http://127.0.0.1:2/thanks/", "email": "a@example.org"})
    assert status == 303 and headers["Location"] == "http://127.0.0.1:2/thanks/"
    assert stand_in.received[0]["fields"] == {"_next": "http://127.0.0.1:2/thanks/", "email": "a@example.org"}


def test_web3forms_ignores_a_redirect_that_is_not_an_absolute_address(stand_in):
    status, headers, body = post(stand_in.endpoint("web3forms") + "/submit",
                                 {"access_key": "k", "redirect": "/thanks/"})
    assert status == 200 and "Location" not in headers and "recorded" in body


def test_formsubmit_shows_its_captcha_page_unless_told_not_to_and_answers_json_only_at_ajax(stand_in):
    base = stand_in.endpoint("formsubmit")
    status, _, body = post(base + "/a1b2c3d4", {"name": "Ada"})
    assert status == 200 and "CAPTCHA" in body and stand_in.received == []
    status, headers, _ = post(base + "/a1b2c3d4", {"name": "Ada", "_captcha": "false", "_next": "http://x.test/"})
    assert status == 303 and headers["Location"] == "http://x.test/"
    status, headers, body = post(base + "/a1b2c3d4", {"name": "Ada", "_captcha": "false"}, accept_json=True)
    assert headers["Content-Type"].startswith("text/html"), "JSON only at /ajax/"
    status, headers, body = post(base + "/ajax/a1b2c3d4", {"name": "Ada"}, accept_json=True)
    assert status == 200 and json.loads(body)["success"] is True
    assert len(stand_in.received) == 3


def test_google_forms_sends_no_cors_headers_and_no_json(stand_in):
    status, headers, _ = post(stand_in.endpoint("google_forms") + "/forms/d/e/abc/formResponse",
                                 {"entry.1": "Ada"}, accept_json=True)
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    assert headers["Content-Type"].startswith("text/html")
    assert stand_in.received[0]["fields"] == {"entry.1": "Ada"}


def test_a_post_to_the_bare_address_is_matched_to_its_provider(stand_in):
    post(stand_in.url + "/submit", {"access_key": "k", "name": "Ada"})
    post(stand_in.url + "/forms/d/e/abc/formResponse", {"entry.1": "Ada"})
    post(stand_in.url + "/f/abcdefgh", {"_gotcha": "", "name": "Ada"})
    assert [r["provider"] for r in stand_in.received] == ["web3forms", "google_forms", "formspree"]


def test_failing_on_purpose_answers_an_error_and_records_nothing(stand_in):
    stand_in.fail_with = 503
    status, _, body = post(stand_in.endpoint("basin") + "/f/abc123", {"name": "Ada"}, accept_json=True)
    assert status == 503 and json.loads(body)["success"] is False
    assert stand_in.received == [] and len(stand_in.rejected) == 1


def test_a_dashboard_redirect_is_used_where_the_provider_keeps_it_there(stand_in):
    stand_in.dashboard_redirect["getform"] = "http://127.0.0.1:2/thanks/"
    status, headers, _ = post(stand_in.endpoint("getform") + "/f/abcd", {"name": "Ada"})
    assert status == 303 and headers["Location"] == "http://127.0.0.1:2/thanks/"


def test_with_endpoint_points_any_provider_at_the_stand_in(stand_in):
    for provider in PROVIDERS:
        options = yaml.safe_load("x:\n" + PROVIDERS[provider][0])["x"]
        spec = forms.adapter(forms.with_endpoint(FormSettings(provider, options), stand_in.url)).spec(CTX)
        post(spec.action, {**dict(spec.hidden), "name": "Ada"})
    assert [r["provider"] for r in stand_in.received] == list(PROVIDERS)

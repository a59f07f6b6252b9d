"""`responses pull` over real HTTP on 127.0.0.1: the local inbox plays each documented submissions API."""

from __future__ import annotations

import base64
import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from citypages.preview.form_inbox import FormInbox
from tests.conftest import SITES

WEB3FORMS_KEY = "0a1b2c3d-1111-2222-3333-444455556666"
FORMS = {  # provider -> site.yaml's form block
    "formspree": "form:\n  provider: formspree\n  id: abcdefgh\n  recaptcha_disabled: true\n",
    "basin": "form:\n  provider: basin\n  id: basinform1\n",
    "getform": "form:\n  provider: getform\n  id: getform-1\n",
    "web3forms": f"form:\n  provider: web3forms\n  access_key: {WEB3FORMS_KEY}\n",
    "staticforms": "form:\n  provider: staticforms\n  api_key: sf-key-1234\n",
    "formsubmit": "form:\n  provider: formsubmit\n  to: 0123456789abcdef0123456789abcdef\n",
}


def _site_yaml(provider: str) -> str:
    text = (SITES / "tiny" / "site.yaml").read_text(encoding="utf-8")
    start = text.index("form:\n")
    end = text.index("stale_after_days")
    return text[:start] + FORMS[provider] + text[end:]


def _post(url: str, fields: dict[str, str]) -> None:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200


def _signer(i: int, email_field: str = "email") -> dict[str, str]:
    return {"name": f"Signer Ñandú {i}", email_field: f"s{i}@example.org", "city": "springfield-il",
            "campaign": "thanks", "language": "en", "opt_in": "yes" if i % 2 else ""}


def _queries(inbox: FormInbox, since: int = 0) -> list[dict[str, str]]:
    return [dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(r["path"]).query))
            for r in inbox.api_requests[since:]]


def test_formspree_pull_fetches_only_what_is_new_with_basic_auth(make_site, run_cli, monkeypatch) -> None:
    site = make_site({"site.yaml": _site_yaml("formspree")})
    with FormInbox() as inbox:
        inbox.api_keys["formspree"] = "secret-key"
        form = inbox.endpoint("formspree") + "/f/abcdefgh"
        for i in range(130):  # more than one page of the API's answers
            _post(form, _signer(i, "_replyto"))
        _post(form, {**_signer(999, "_replyto"), "_gotcha": "x"})
        _post(inbox.endpoint("formspree") + "/f/otherform", _signer(998, "_replyto"))
        assert inbox.wait(lambda s: len(s.received) == 131 and len(s.dropped) == 1)
        monkeypatch.setenv("CITYPAGES_FORMSPREE_API_KEY", "secret-key")
        api = inbox.endpoint("formspree")
        result = run_cli(site, "responses", "pull", "--api", api)
        assert result.status == 0, result.err
        assert "Pulled 130 submissions from Formspree: 130 imported, 0 duplicate" in result.out
        basic = "Basic " + base64.b64encode(b":secret-key").decode()
        assert {r["headers"]["Authorization"] for r in inbox.api_requests} == {basic}
        assert [(q["offset"], q["limit"], q["order"]) for q in _queries(inbox)] == [
            ("0", "100", "asc"), ("100", "100", "asc")]
        newest = max(e["at"] for e in inbox.received if e["path"] == "/f/abcdefgh")
        asked = len(inbox.api_requests)
        again = run_cli(site, "responses", "pull", "--api", api)
        assert again.status == 0 and "No new submissions from Formspree since the last pull." in again.out
        assert _queries(inbox, asked)[0]["since"] == newest
        for i in range(130, 133):
            _post(form, _signer(i, "_replyto"))
        assert inbox.wait(lambda s: len(s.received) == 134)
        more = run_cli(site, "responses", "pull", "--api", api)
        assert "Pulled 3 submissions from Formspree: 3 imported" in more.out
        monkeypatch.setenv("CITYPAGES_FORMSPREE_API_KEY", "wrong")
        refused = run_cli(site, "responses", "pull", "--api", api)
        assert refused.status == 1 and "Formspree answered 401" in refused.err and "check the API key" in refused.err
    run_cli(site, "responses", "count")
    assert '"springfield-il": 133' in (site / "signatures.json").read_text()


def test_basin_pull_sends_the_token_header_and_stops_at_what_it_pulled_before(make_site, run_cli,
                                                                               monkeypatch) -> None:
    site = make_site({"site.yaml": _site_yaml("basin")})
    with FormInbox() as inbox:
        inbox.api_keys["basin"] = "basin-key"
        form = inbox.endpoint("basin") + "/f/basinform1"
        for i in range(60):  # three of the local inbox's pages of 25
            _post(form, _signer(i))
        _post(form, {**_signer(999), "_gotcha": "x"})
        assert inbox.wait(lambda s: len(s.received) == 60 and len(s.dropped) == 1)
        monkeypatch.setenv("CITYPAGES_BASIN_API_KEY", "basin-key")
        api = inbox.endpoint("basin")
        result = run_cli(site, "responses", "pull", "--api", api)
        assert result.status == 0, result.err
        assert "Pulled 60 submissions from Basin: 60 imported, 0 duplicate, 0 spam" in result.out
        assert {r["headers"]["Authorization"] for r in inbox.api_requests} == {"Token basin-key"}
        assert _queries(inbox) == [{"form_id": "basinform1", "page": str(p)} for p in (1, 2, 3, 4)]
        for i in range(60, 62):
            _post(form, _signer(i))
        assert inbox.wait(lambda s: len(s.received) == 62)
        asked = len(inbox.api_requests)
        more = run_cli(site, "responses", "pull", "--api", api)
        assert "Pulled 2 submissions from Basin: 2 imported" in more.out
        assert _queries(inbox, asked) == [{"form_id": "basinform1", "page": "1"}]  # newest first: one page
        monkeypatch.setenv("CITYPAGES_BASIN_API_KEY", "wrong")
        refused = run_cli(site, "responses", "pull", "--api", api)
        assert refused.status == 1 and "Basin answered 403" in refused.err and "check the API key" in refused.err
    pulled = sorted((site / "responses" / "pulled").glob("basin-basinform1-*.json"))
    assert len(pulled) == 2 and json.loads(pulled[0].read_text(encoding="utf-8"))["submissions"][0]["payload_params"]


def test_getform_pull_sends_the_token_as_a_parameter_and_keeps_only_new_submissions(make_site, run_cli,
                                                                                   monkeypatch) -> None:
    site = make_site({"site.yaml": _site_yaml("getform")})
    with FormInbox() as inbox:
        inbox.api_keys["getform"] = "getform-token"
        form = inbox.endpoint("getform") + "/f/getform-1"
        for i in range(23):  # three of Getform's documented pages of 10
            _post(form, _signer(i))
        assert inbox.wait(lambda s: len(s.received) == 23)
        monkeypatch.setenv("CITYPAGES_GETFORM_API_TOKEN", "getform-token")
        api = inbox.endpoint("getform")
        result = run_cli(site, "responses", "pull", "--api", api)
        assert result.status == 0, result.err
        assert "Pulled 23 submissions from Getform: 23 imported" in result.out
        assert _queries(inbox) == [{"token": "getform-token", "page": str(p)} for p in (1, 2, 3)]
        assert all("Authorization" not in r["headers"] for r in inbox.api_requests)
        again = run_cli(site, "responses", "pull", "--api", api)
        assert "No new submissions from Getform since the last pull." in again.out
        _post(form, _signer(23))
        assert inbox.wait(lambda s: len(s.received) == 24)
        assert "Pulled 1 submission from Getform: 1 imported" in run_cli(site, "responses", "pull", "--api", api).out
        monkeypatch.setenv("CITYPAGES_GETFORM_API_TOKEN", "wrong")
        refused = run_cli(site, "responses", "pull", "--api", api)
        assert refused.status == 1 and "Getform answered 401" in refused.err and "wrong" not in refused.err
    run_cli(site, "responses", "count")
    assert '"springfield-il": 24' in (site / "signatures.json").read_text()


def test_web3forms_pull_finds_the_only_form_and_follows_the_cursor(make_site, run_cli, monkeypatch) -> None:
    site = make_site({"site.yaml": _site_yaml("web3forms")})
    with FormInbox() as inbox:
        inbox.api_keys["web3forms"] = "w3f_live_key"
        form = inbox.endpoint("web3forms") + "/submit"
        for i in range(130):  # two pages of the most the API gives (100)
            _post(form, {**_signer(i), "access_key": WEB3FORMS_KEY})
        assert inbox.wait(lambda s: len(s.received) == 130)
        monkeypatch.setenv("CITYPAGES_WEB3FORMS_API_KEY", "w3f_live_key")
        api = inbox.endpoint("web3forms")
        result = run_cli(site, "responses", "pull", "--api", api)
        assert result.status == 0, result.err
        assert "Pulled 130 submissions from Web3Forms: 130 imported" in result.out
        assert {r["headers"]["Authorization"] for r in inbox.api_requests} == {"Bearer w3f_live_key"}
        paths = [urllib.parse.urlsplit(r["path"]).path for r in inbox.api_requests]
        assert paths == ["/web3forms/v1/forms", "/web3forms/v1/submissions", "/web3forms/v1/submissions"]
        first, second = _queries(inbox)[1:]
        assert first == {"form_id": WEB3FORMS_KEY, "limit": "100"} and second["cursor"]
        again = run_cli(site, "responses", "pull", "--api", api)
        assert "No new submissions from Web3Forms since the last pull." in again.out
        _post(form, {**_signer(200), "access_key": "99999999-1111-2222-3333-444455556666"})
        assert inbox.wait(lambda s: len(s.received) == 131)
        two = run_cli(site, "responses", "pull", "--api", api)
        assert two.status == 1 and "Web3Forms lists 2 forms for this key" in two.err and "give --form ID" in two.err
        chosen = run_cli(site, "responses", "pull", "--api", api, "--form", "99999999-1111-2222-3333-444455556666")
        assert "Pulled 1 submission from Web3Forms: 1 imported" in chosen.out


@pytest.mark.parametrize(("provider", "title"), [("staticforms", "Static Forms"), ("formsubmit", "FormSubmit")])
def test_pull_says_plainly_where_no_api_is_offered(provider: str, title: str, make_site, run_cli) -> None:
    site = make_site({"site.yaml": _site_yaml(provider)})
    result = run_cli(site, "responses", "pull")
    assert result.status == 1
    assert f"build.py: error: pull is not offered for {title}" in result.err
    assert "responses import FILE" in result.err and "Traceback" not in result.err
    asked = run_cli(make_site(), "responses", "pull", "--provider", provider)
    assert asked.status == 1 and f"pull is not offered for {title}" in asked.err


def test_pull_without_a_key_says_which_variable_to_set(make_site, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CITYPAGES_FORMSPREE_API_KEY", raising=False)
    result = run_cli(make_site(), "responses", "pull")
    assert result.status == 2
    assert "set CITYPAGES_FORMSPREE_API_KEY" in result.err
    monkeypatch.delenv("CITYPAGES_BASIN_API_KEY", raising=False)
    basin = run_cli(make_site(), "responses", "pull", "--provider", "basin")
    assert basin.status == 2 and "set CITYPAGES_BASIN_API_KEY" in basin.err


def test_a_damaged_cursor_file_is_ignored_with_a_warning(make_site, run_cli, monkeypatch, tmp_path: Path) -> None:
    site = make_site({"responses/pulled/cursors.json": "[not what pull writes"})
    with FormInbox() as inbox:
        inbox.api_keys["formspree"] = "k"
        _post(inbox.endpoint("formspree") + "/f/abcdefgh", _signer(1, "_replyto"))
        assert inbox.wait(lambda s: len(s.received) == 1)
        monkeypatch.setenv("CITYPAGES_FORMSPREE_API_KEY", "k")
        result = run_cli(site, "responses", "pull", "--api", inbox.endpoint("formspree"))
    assert result.status == 0 and "Pulled 1 submission from Formspree: 1 imported" in result.out
    assert "cursors.json: ignored" in result.err and "fetched again and imported once" in result.err
    assert json.loads((site / "responses" / "pulled" / "cursors.json").read_text())["formspree/abcdefgh"]["since"]


def test_a_forgotten_signer_is_not_pulled_back(make_site, run_cli, monkeypatch) -> None:
    site = make_site()
    with FormInbox() as inbox:
        inbox.api_keys["formspree"] = "k"
        for i in range(2):
            _post(inbox.endpoint("formspree") + "/f/abcdefgh", _signer(i, "_replyto"))
        assert inbox.wait(lambda s: len(s.received) == 2)
        monkeypatch.setenv("CITYPAGES_FORMSPREE_API_KEY", "k")
        api = inbox.endpoint("formspree")
        assert "Pulled 2 submissions from Formspree: 2 imported" in run_cli(site, "responses", "pull", "--api", api).out
        forgot = run_cli(site, "responses", "forget", "S1@example.org")
        assert "signatures deleted: 1" in forgot.out and "Removed from " in forgot.out
        (site / "responses" / "pulled" / "cursors.json").unlink()  # everything is fetched again
        again = run_cli(site, "responses", "pull", "--api", api)
    assert "Pulled 2 submissions from Formspree: 0 imported, 0 duplicate, 0 spam, 0 rejected, 1 already imported, " \
           "1 forgotten" in again.out
    answers = "".join(p.read_text(encoding="utf-8") for p in (site / "responses" / "pulled").glob("formspree-*.json"))
    assert "s0@example.org" in answers and "s1@example.org" not in answers  # nor in what was fetched again
    assert b"s1@example.org" not in (site / "responses" / "responses.sqlite3").read_bytes()

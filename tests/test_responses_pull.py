"""`responses pull` over real HTTP on 127.0.0.1: the stand-in plays Formspree's submissions API."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest

from citypages.stand_in import StandIn


def _post(url: str, fields: dict[str, str]) -> None:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200


def test_pull_fetches_what_the_form_received_and_imports_it_once(make_site, run_cli, monkeypatch) -> None:
    site = make_site()
    with StandIn() as stand_in:
        stand_in.api_keys["formspree"] = "secret-key"
        form = stand_in.endpoint("formspree") + "/f/abcdefgh"
        for i in range(130):  # more than one page of the API's answers
            _post(form, {"name": f"Signer Ñandú {i}", "_replyto": f"s{i}@example.org", "city": "springfield-il",
                         "campaign": "thanks", "language": "en", "opt_in": "yes" if i % 2 else ""})
        _post(form, {"name": "Robot", "_replyto": "r@example.org", "city": "springfield-il", "_gotcha": "x"})
        _post(stand_in.endpoint("formspree") + "/f/otherform", {"name": "Elsewhere", "_replyto": "e@example.org",
                                                                "city": "springfield-il"})
        assert stand_in.wait(lambda s: len(s.received) == 131 and len(s.dropped) == 1)
        monkeypatch.setenv("CITYPAGES_FORMSPREE_API_KEY", "secret-key")
        api = stand_in.endpoint("formspree")
        result = run_cli(site, "responses", "pull", "--api", api)
        assert result.status == 0, result.err
        assert "Pulled 130 submissions from formspree: 130 imported, 0 duplicate" in result.out
        again = run_cli(site, "responses", "pull", "--api", api)
        assert "130 already imported" in again.out
        monkeypatch.setenv("CITYPAGES_FORMSPREE_API_KEY", "wrong")
        refused = run_cli(site, "responses", "pull", "--api", api)
        assert refused.status == 1 and "answered 401" in refused.err and "check the API key" in refused.err
    run_cli(site, "responses", "count")
    assert '"springfield-il": 130' in (site / "signatures.json").read_text()


def test_pull_without_a_key_says_which_variable_to_set(make_site, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CITYPAGES_FORMSPREE_API_KEY", raising=False)
    result = run_cli(make_site(), "responses", "pull")
    assert result.status == 2
    assert "set CITYPAGES_FORMSPREE_API_KEY" in result.err

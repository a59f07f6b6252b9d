"""A form service is registered in one place: the export reader and `responses pull` find it there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citypages import forms
from citypages.forms.base import FormContext, FormService, FormSpec, Privacy, field_map
from citypages.forms.exports import Api, Format, Get, Item
from citypages.responses import formats

ROW = {"id": "s1", "signed_on": "2026-11-01T10:00:00", "e_mail": "ada@example.org", "name": "Ada Quiñones",
       "city": "springfield-il", "campaign": "thanks", "language": "en"}


def _submissions(get: Get, base: str, form: str, token: str, cursor: dict[str, Any]) -> Iterator[list[Item]]:
    """One page with one submission; no HTTP, so the test needs no server."""
    yield [ROW]


class Petitio(FormService):
    """A service no module defines: its export names the time `signed_on`, the e-mail `e_mail`, the honeypot `_trap`."""

    name = "petitio"
    title = "Petitio"
    docs = "https://petitio.example.org/docs"
    privacy = Privacy("Petitio", "https://petitio.example.org/privacy")
    export_format = Format("petitio", "Petitio", ("signed_on",), renamed=(("e_mail", "email"),), honeypots=("_trap",),
                           json_list="submissions", marks=("_trap",))
    pull_api = Api("petitio", "Petitio", "CITYPAGES_PETITIO_API_KEY", "https://api.petitio.example.org",
                   "https://petitio.example.org/docs/api", _submissions)

    def spec(self, ctx: FormContext) -> FormSpec:
        return FormSpec(action="https://petitio.example.org/f/x", provider=self.name, provider_name=self.title,
                        fields=field_map(email="e_mail"), honeypot="_trap", privacy=self.facts())


class Scriptum(Petitio):
    """A service with an export but no API to pull from."""

    name = "scriptum"
    title = "Scriptum"
    export_format = Format("scriptum", "Scriptum", ("signed_on",))
    pull_api = None
    no_pull = "Scriptum documents no API for reading submissions"


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Petitio and Scriptum in the registry, the one line a new service adds to citypages/forms/__init__.py."""
    monkeypatch.setitem(forms.PROVIDERS, Petitio.name, Petitio)
    monkeypatch.setitem(forms.PROVIDERS, Scriptum.name, Scriptum)


def test_every_registered_service_says_how_its_submissions_come_back() -> None:
    for name, cls in forms.PROVIDERS.items():
        if cls.refused:
            assert cls.export_format is None and cls.pull_api is None, name
            continue
        assert cls.export_format is not None and cls.export_format.provider == name, name
        assert (cls.pull_api is None) != (not cls.no_pull), f"{name}: a pull_api or a reason there is none"
        if cls.pull_api is not None:
            assert cls.pull_api.provider == name and cls.pull_api.docs.startswith("https://"), name
            assert cls.pull_api.pages.__doc__ and "/" in cls.pull_api.pages.__doc__, f"{name}: cite its API page"


def test_the_export_reader_reads_a_registered_service_by_its_format(registered, tmp_path: Path) -> None:
    export = tmp_path / "petitio.csv"
    export.write_text("signed_on,name,e_mail,city,campaign,_trap\n"
                      "2026-11-01T10:00:00,Ada Quiñones,ada@example.org,springfield-il,thanks,\n"
                      "2026-11-01T11:00:00,Bot,bot@example.org,springfield-il,thanks,filled\n", encoding="utf-8")
    provider, rows = formats.read(export)  # guessed from its marks
    read = [row for _, row in rows]
    assert provider == "petitio"
    assert [(s.provider, s.submitted_at, s.email, s.honeypot) for s in read if not isinstance(s, str)] == [
        ("petitio", "2026-11-01T10:00:00", "ada@example.org", ""),
        ("petitio", "2026-11-01T11:00:00", "bot@example.org", "filled")]


def test_responses_pull_offers_and_uses_a_registered_service(registered, make_site, run_cli, monkeypatch) -> None:
    site = make_site()
    monkeypatch.setenv("CITYPAGES_PETITIO_API_KEY", "key")
    result = run_cli(site, "responses", "pull", "--provider", "petitio", "--form", "f1")
    assert result.status == 0, result.err
    assert "Pulled 1 submission from Petitio: 1 imported" in result.out
    (pulled,) = (site / "responses" / "pulled").glob("petitio-f1-*.json")
    assert json.loads(pulled.read_text(encoding="utf-8")) == {"submissions": [ROW]}
    assert "No new submissions from Petitio" in run_cli(site, "responses", "pull", "--provider", "petitio",
                                                        "--form", "f1").out


def test_responses_pull_gives_a_registered_service_s_reason_for_no_api(registered, make_site, run_cli) -> None:
    result = run_cli(make_site(), "responses", "pull", "--provider", "scriptum")
    assert result.status == 1
    assert "pull is not offered for Scriptum: Scriptum documents no API for reading submissions" in result.err

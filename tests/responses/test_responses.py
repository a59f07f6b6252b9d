"""The store of responses: every provider's export imported, sorted, reported, and never twice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from citypages.responses import formats
from citypages.responses.store import SCHEMA_VERSION, Store, StoreError
from tests.responses_sites import FIXTURES, PROVIDERS

UNKNOWN, BAD = "unknown city 'atlantis-xx' (not in cities.yaml); rejected", "'not-an-email' is not a valid email " \
                                                                          "address; rejected"
EXPECTED = {  # fixture -> (rows, spam, the warnings by row); the services that drop spam themselves have none
    "formspree.csv": (6, 0, [(5, UNKNOWN), (6, BAD)]),  # Formspree never stores a post whose _gotcha is filled
    "formspree.json": (6, 0, [(4, UNKNOWN), (5, BAD)]),
    "basin.csv": (7, 1, [(6, UNKNOWN), (7, BAD)]),
    "basin.json": (6, 0, [(2, BAD), (3, UNKNOWN)]),  # the API answers newest first
    "getform.csv": (7, 1, [(6, UNKNOWN), (7, BAD)]),
    "getform.json": (6, 0, [(4, UNKNOWN), (5, BAD)]),
    "formsubmit.csv": (7, 1, [(6, UNKNOWN), (7, BAD)]),
    "web3forms.csv": (7, 1, [(6, UNKNOWN), (7, BAD)]),
    "staticforms.csv": (7, 1, [(6, UNKNOWN), (7, BAD)]),
    "google_forms.csv": (6, 0, [(5, UNKNOWN), (6, BAD)]),  # Google Forms has no honeypot
    "generic.csv": (7, 1, [(6, UNKNOWN), (7, BAD)]),
}


def test_every_fixture_has_its_expectations() -> None:
    assert sorted(EXPECTED) == sorted(PROVIDERS) == sorted(p.name for p in FIXTURES.iterdir())


@pytest.mark.parametrize("fixture", sorted(PROVIDERS))
def test_each_export_is_sorted_and_every_reject_is_reported(fixture: str, make_site, run_cli) -> None:
    site = make_site()
    rows, spam, expected = EXPECTED[fixture]
    result = run_cli(site, "responses", "import", str(FIXTURES / fixture), "--provider", PROVIDERS[fixture])
    assert result.status == 0, result.err
    assert f"({PROVIDERS[fixture]}): rows: {rows}, imported: 3, duplicate: 1, spam: {spam}, rejected: 2, " \
           "already imported: 0" in result.out
    warnings = [line for line in result.err.splitlines() if ": warning: " in line]
    shown = str(FIXTURES / fixture)
    assert warnings == [f"{shown}:{row}: warning: {message}" for row, message in expected]
    again = run_cli(site, "responses", "import", str(FIXTURES / fixture), "--provider", PROVIDERS[fixture])
    assert f"imported: 0, duplicate: 0, spam: 0, rejected: 0, already imported: {rows}" in again.out
    assert ": warning: " not in again.err


def test_the_services_json_answers_are_read_as_they_come(make_site, run_cli) -> None:
    site = make_site()
    for fixture in ("basin.json", "getform.json", "formspree.json"):
        assert run_cli(site, "responses", "import", str(FIXTURES / fixture), "--provider",
                       PROVIDERS[fixture]).status == 0
    with Store.open(site / "responses" / "responses.sqlite3") as store:
        rows = dict(store.db.execute("SELECT email, submitted_at FROM submissions WHERE provider != 'formspree'"))
        opted = {row["email"] for row in store.opted_in()}
    assert rows["basinjson0@example.org"] == "2026-11-01T10:00:00"  # created_at, in UTC
    assert rows["getformjson1@example.org"] == "2026-11-02T11:30:00"  # submissionDate "02-11-2026 11:30", day first
    # basin.json lists the newest first: still the earlier signature counts, and the later is the duplicate
    assert {"basinjson0@example.org", "getformjson0@example.org", "fsjson0@example.org"} <= opted


def test_status_totals_per_file_and_city(make_site, run_cli) -> None:
    site = make_site()
    for fixture in ("formspree.csv", "google_forms.csv"):
        assert run_cli(site, "responses", "import", str(FIXTURES / fixture)).status == 0
    status = run_cli(site, "responses", "status")
    lines = [line.split() for line in status.out.splitlines()]
    formspree, google = str(FIXTURES / "formspree.csv"), str(FIXTURES / "google_forms.csv")
    assert lines[0] == ["file", "city", "imported", "duplicate", "spam", "rejected", "forgotten", "delivered"]
    assert [formspree, "springfield-il", "2", "1", "0", "1", "0", "0"] in lines
    assert [formspree, "san-jose-ca", "1", "0", "0", "0", "0", "0"] in lines
    assert [formspree, "atlantis-xx", "0", "0", "0", "1", "0", "0"] in lines
    assert [google, "springfield-il", "2", "1", "0", "1", "0", "0"] in lines
    assert lines[-1] == ["total", "6", "2", "0", "4", "0", "0"]


def test_status_keeps_two_exports_with_the_same_name_apart(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    header = "submitted_at,name,email,city,campaign\n"
    for folder, rows in (("march", 2), ("april", 3)):
        export = tmp_path / folder / "export.csv"
        export.parent.mkdir()
        export.write_text(header + "".join(f"2026-11-0{i + 1}T10:00:00,Ana {folder} {i},{folder}{i}@example.org,"
                                           "springfield-il,thanks\n" for i in range(rows)), encoding="utf-8")
        assert run_cli(site, "responses", "import", str(export)).status == 0
    lines = [line.split() for line in run_cli(site, "responses", "status").out.splitlines()]
    assert [str(tmp_path / "march" / "export.csv"), "springfield-il", "2", "0", "0", "0", "0", "0"] in lines
    assert [str(tmp_path / "april" / "export.csv"), "springfield-il", "3", "0", "0", "0", "0", "0"] in lines
    assert lines[-1] == ["total", "5", "0", "0", "0", "0", "0"]


def test_providers_are_told_apart_by_their_headers() -> None:
    def header(name: str) -> list[str]:
        return (FIXTURES / name).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert formats.detect(header("formspree.csv")) == "formspree"
    assert formats.detect(header("google_forms.csv")) == "google_forms"
    assert formats.detect(header("web3forms.csv")) == "web3forms"
    assert formats.detect(header("formsubmit.csv")) == "formsubmit"
    assert formats.detect(header("generic.csv")) == "generic"


def test_times_in_the_services_shapes() -> None:
    assert formats.parse_time("2026-11-01T10:00:00Z") == "2026-11-01T10:00:00"
    assert formats.parse_time("2026-11-01T12:00:00+02:00") == "2026-11-01T10:00:00"
    assert formats.parse_time("11/1/2026 10:00:00") == "2026-11-01T10:00:00"
    assert formats.parse_time("1793527200") == "2026-11-01T10:00:00"
    assert formats.parse_time("1793527200000") == "2026-11-01T10:00:00"
    assert formats.parse_time("soon") is None


def test_a_file_that_is_no_export_is_an_error_with_its_place(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    bad = tmp_path / "notes.csv"
    bad.write_text("title,body\nhello,world\n", encoding="utf-8")
    result = run_cli(site, "responses", "import", str(bad))
    assert result.status == 1
    assert result.errors == [f"{bad}:1:1: error: no email column in the header (title, body); is this a CSV with "
                             "the form's own field names export? (--provider NAME picks another)"]
    broken = tmp_path / "broken.json"
    broken.write_text('{"submissions": [', encoding="utf-8")
    assert run_cli(site, "responses", "import", str(broken)).errors[0].startswith(f"{broken}:1:")


def test_the_schema_is_versioned_and_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "responses.sqlite3"
    with Store.open(path):
        pass
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="another program"), Store.open(other):
        pass
    newer = tmp_path / "newer.sqlite3"
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"), Store.open(newer):
        pass


def test_purge_deletes_personal_data_but_keeps_the_counts(make_site, run_cli) -> None:
    site = make_site()
    run_cli(site, "responses", "import", str(FIXTURES / "generic.csv"))
    result = run_cli(site, "responses", "purge", "--before", "2026-11-04")
    # two kept, a duplicate, a spam
    assert "Deleted the personal data (the signatures still count on the pages): submissions: 4" in result.out
    db = site / "responses" / "responses.sqlite3"
    text = db.read_bytes().lower()
    assert b"generic0@example.org" not in text and b"generic1@example.org" not in text
    assert b"generic4@example.org" in text
    run_cli(site, "responses", "count")
    assert '"springfield-il": 2' in (site / "signatures.json").read_text(encoding="utf-8")


def test_export_of_opted_in_supporters(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    run_cli(site, "responses", "import", str(FIXTURES / "formspree.csv"))
    out = tmp_path / "an.csv"
    result = run_cli(site, "responses", "export", "--opted-in", "--format", "action-network", "--out", str(out))
    assert result.status == 0, result.err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "email,first_name,last_name,zip_code,campaign,city_page,language,signed_at"
    assert [line.split(",")[0] for line in lines[1:]] == ["formspree0@example.org", "formspree1@example.org"]
    inside = run_cli(site, "responses", "export", "--opted-in", "--out", str(site / "output" / "x.csv"))
    assert inside.status == 2 and "inside the site's output folder" in inside.err


def test_an_unknown_campaign_is_rejected_and_purge_delivered_clears_what_was_delivered(make_site, run_cli,
                                                                                      tmp_path: Path) -> None:
    site = make_site()
    export = tmp_path / "rows.csv"
    export.write_text("submitted_at,name,email,city,campaign\n"
                      "2026-11-01T10:00:00,Ada Quiñones,ada@example.org,springfield-il,thanks\n"
                      "2026-11-01T11:00:00,Bo Šťastný,bo@example.org,springfield-il,no-such-campaign\n",
                      encoding="utf-8")
    result = run_cli(site, "responses", "import", str(export))
    assert f"{export}:3: warning: unknown campaign 'no-such-campaign' (no file in content/campaigns/); rejected" \
        in result.err
    assert run_cli(site, "deliver").status == 0
    assert "submissions: 1" in run_cli(site, "responses", "purge", "--delivered").out
    text = (site / "responses" / "responses.sqlite3").read_bytes()
    assert "Quiñones".encode() not in text and "Šťastný".encode() in text  # the rejected row was never delivered

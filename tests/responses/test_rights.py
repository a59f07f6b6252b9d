"""A signer's rights: forgotten for good, shown on request, never mailed after unsubscribing; exports never
split a full name."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from citypages.responses import rights
from citypages.responses.store import _MIGRATIONS, SCHEMA_VERSION, Store

HEADER = "submitted_at,name,email,zip,comment,opt_in,city,campaign\n"
ROWS = (HEADER
        + "2026-11-01T10:00:00,Ana María García López,Ana.Garcia@Example.org,62701,Fix the Quiñones park,yes,"
          "springfield-il,thanks\n"
        + "2026-11-02T10:00:00,Bo Lindqvist,bo@example.org,62702,,yes,springfield-il,thanks\n"
        + "2026-11-03T10:00:00,Ana María García López,ana.garcia@example.org,95112,Otra vez más,yes,san-jose-ca,"
          "thanks\n")
ANA = ("ana.garcia", "García", "Quiñones", "Otra vez más", "95112")  # the address's local part, name, comment, ZIP


def _export(tmp_path: Path, rows: str = ROWS) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(rows, encoding="utf-8")
    return path


def _store_bytes(site: Path) -> bytes:
    return (site / "responses" / "responses.sqlite3").read_bytes().lower()


def _exports(site: Path, run_cli, tmp_path: Path) -> dict[str, str]:
    out = {}
    for fmt in ("csv", "action-network", "everyaction", "mailchimp"):
        path = tmp_path / f"{fmt}.csv"
        result = run_cli(site, "responses", "export", "--opted-in", "--format", fmt, "--out", str(path))
        assert result.status == 0, result.err
        out[fmt] = path.read_text(encoding="utf-8")
    return out


def test_a_forgotten_person_does_not_come_back(make_site, run_cli, tmp_path: Path) -> None:
    site, export = make_site(), _export(tmp_path)
    assert "imported: 3" in run_cli(site, "responses", "import", str(export)).out
    assert run_cli(site, "deliver").status == 0  # a letter made before the request names her
    assert "García" in (site / "deliveries" / "thanks" / "springfield-il.csv").read_text(encoding="utf-8-sig")
    forgot = run_cli(site, "responses", "forget", " ANA.GARCIA@example.org ")
    assert forgot.status == 0, forgot.err
    assert "signatures deleted: 2" in forgot.out
    for city in ("san-jose-ca", "springfield-il"):
        letter = site / "deliveries" / "thanks" / f"{city}.pdf"
        assert f"warning: {letter} (delivered before) names this person" in forgot.err
    again = run_cli(site, "responses", "import", str(export))
    assert "imported: 0, duplicate: 0, spam: 0, rejected: 0, already imported: 1, forgotten: 2" in again.out
    text = _store_bytes(site)
    for trace in ANA:
        assert trace.lower().encode() not in text, trace
    assert b"bo@example.org" in text
    with Store.open(site / "responses" / "responses.sqlite3") as store:
        assert store.db.execute("SELECT COUNT(*) FROM submissions").fetchone() == (1,)
    status = [line.split() for line in run_cli(site, "responses", "status").out.splitlines()]
    assert [str(export), "san-jose-ca", "0", "0", "0", "0", "1", "0"] in status
    assert [str(export), "springfield-il", "1", "0", "0", "0", "1", "1"] in status  # Bo, delivered once
    assert ["total", "1", "0", "0", "0", "2", "1"] in status
    later = run_cli(site, "deliver")
    assert later.status == 0 and "san-jose-ca" not in later.out  # she was San José's only signer
    sheet = (site / "deliveries" / "thanks" / "springfield-il.csv").read_text(encoding="utf-8-sig")
    assert "Bo Lindqvist" in sheet and "García" not in sheet
    for fmt, written in _exports(site, run_cli, tmp_path).items():
        assert "bo@example.org" in written and "garcia" not in written.lower(), fmt
    run_cli(site, "responses", "count")
    counts = json.loads((site / "signatures.json").read_text(encoding="utf-8"))
    assert counts["campaigns"]["thanks"] == {"springfield-il": 1}


def test_forget_takes_the_person_out_of_the_pulled_answers(make_site, run_cli) -> None:
    site = make_site()
    pulled = site / "responses" / "pulled" / "formspree-f1-20261101T100000000000.json"
    pulled.parent.mkdir(parents=True)
    items = [{"_date": "2026-11-01T10:00:00Z", "_replyto": "Ana.Garcia@example.org", "name": "Ana María García López",
              "city": "springfield-il"},
             {"_date": "2026-11-02T10:00:00Z", "_replyto": "bo@example.org", "name": "Bo", "city": "springfield-il"}]
    pulled.write_text(json.dumps({"submissions": items}), encoding="utf-8")
    result = run_cli(site, "responses", "forget", "ana.garcia@example.org")
    assert f"Removed from {pulled}" in result.out
    left = json.loads(pulled.read_text(encoding="utf-8"))["submissions"]
    assert [i["_replyto"] for i in left] == ["bo@example.org"]


def test_forget_in_one_campaign_keeps_the_others(tmp_path: Path) -> None:
    from citypages.responses.store import Submission
    with Store.open(tmp_path / "s.sqlite3") as store:
        ana = Submission("generic", "2026-11-01T10:00:00", "thanks", "springfield-il", "en", "Ana", "ana@example.org",
                         "", "", True, "", {})
        store.add([(ana, "kept", "x.csv", 2)])
        assert rights.forget(store, "ana@example.org", "other", "2026-11-05T00:00:00Z").rows == 0
        forgotten = rights.forgotten_test(store)
        assert forgotten is not None and not forgotten(ana)
        assert store.db.execute("SELECT COUNT(*) FROM submissions").fetchone() == (1,)
        assert rights.forget(store, "ana@example.org", "thanks", "2026-11-05T00:00:00Z").rows == 1
        assert rights.forgotten_test(store)(ana)


def test_show_prints_what_the_store_holds(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    run_cli(site, "responses", "import", str(_export(tmp_path)))
    shown = run_cli(site, "responses", "show", "ana.garcia@EXAMPLE.org")
    assert shown.status == 0, shown.err
    lines = shown.out.splitlines()
    assert lines.count("  name: Ana María García López") == 2
    assert "signature 2:" in lines and "  city: san-jose-ca" in lines
    assert "  as exported, comment: Otra vez más" in lines
    run_cli(site, "responses", "unsubscribe", str(_plain(tmp_path, "ana.garcia@example.org")))
    run_cli(site, "responses", "forget", "ana.garcia@example.org")
    after = run_cli(site, "responses", "show", "ana.garcia@example.org").out
    assert "The store holds no signature of ana.garcia@example.org." in after
    assert "(every campaign): only a salted digest of the address is kept" in after
    assert "Unsubscribed: never exported" in after


def _plain(tmp_path: Path, *addresses: str) -> Path:
    path = tmp_path / "unsubscribed.txt"
    path.write_text("\n".join(addresses) + "\n", encoding="utf-8")
    return path


def test_unsubscribed_addresses_are_never_exported(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    run_cli(site, "responses", "import", str(_export(tmp_path)))
    mailchimp = tmp_path / "unsubscribed_members.csv"
    mailchimp.write_text("Email Address,First Name,Last Name,UNSUB_TIME\nBO@example.org,Bo,Lindqvist,2026-11-09\n",
                         encoding="utf-8")
    result = run_cli(site, "responses", "unsubscribe", str(mailchimp))
    assert result.status == 0, result.err
    assert "addresses: 1, new: 1" in result.out
    for fmt, written in _exports(site, run_cli, tmp_path).items():
        assert "bo@example.org" not in written.lower() and "ana.garcia@example.org" in written.lower(), fmt
    assert b"bo@example.org" in _store_bytes(site)  # the signature still counts; only the digest marks the request
    assert "new: 0" in run_cli(site, "responses", "unsubscribe", str(_plain(tmp_path, "bo@example.org"))).out


def test_an_unsubscribed_list_saved_by_excel_is_read_as_an_export_is(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    run_cli(site, "responses", "import", str(_export(tmp_path)))
    excel = tmp_path / "unsubscribed.txt"  # Excel's "Unicode Text": UTF-16 with its mark, tabs between fields
    excel.write_bytes("Email\tName\r\nbo@example.org\tBo\r\n".encode("utf-16"))
    result = run_cli(site, "responses", "unsubscribe", str(excel))
    assert result.status == 0, result.err
    assert "addresses: 1, new: 1" in result.out
    assert all("bo@example.org" not in w.lower() for w in _exports(site, run_cli, tmp_path).values())


def test_each_export_has_the_documented_columns_and_never_splits_a_name(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    run_cli(site, "responses", "import", str(_export(tmp_path)))
    split = tmp_path / "split.csv"
    split.write_text("submitted_at,first_name,last_name,email,zip,opt_in,city\n"
                     "2026-11-04T10:00:00,María José,de la Cruz Ortega,mj@example.org,62704,yes,springfield-il\n",
                     encoding="utf-8")
    assert "imported: 1" in run_cli(site, "responses", "import", str(split)).out
    written = {fmt: text.splitlines() for fmt, text in _exports(site, run_cli, tmp_path).items()}
    assert written["action-network"][0] == "email,first_name,last_name,zip_code,campaign,city_page,language,signed_at"
    assert written["everyaction"][0] == "FirstName,LastName,Email,ZipOrPostal"
    assert written["mailchimp"][0] == "Email Address,First Name,Last Name"
    assert written["csv"][0] == "name,email,zip,campaign,city,language,signed_at"
    by_email = {fmt: {line.split(",")[(0 if fmt in ("action-network", "mailchimp") else 2)]: line
                      for line in lines[1:]} for fmt, lines in written.items() if fmt != "csv"}
    assert by_email["action-network"]["ana.garcia@example.org"].startswith(
        "ana.garcia@example.org,Ana María García López,,95112,thanks,san-jose-ca,en,")  # the latest signature
    assert by_email["everyaction"]["ana.garcia@example.org"] == "Ana María García López,,ana.garcia@example.org,95112"
    assert by_email["mailchimp"]["ana.garcia@example.org"] == "ana.garcia@example.org,Ana María García López,"
    assert by_email["everyaction"]["mj@example.org"] == "María José,de la Cruz Ortega,mj@example.org,62704"
    assert by_email["mailchimp"]["mj@example.org"] == "mj@example.org,María José,de la Cruz Ortega"
    assert "María José de la Cruz Ortega,mj@example.org" in "\n".join(written["csv"])  # the letter's full name


def test_bad_input_is_one_line_and_status_1(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    bad = run_cli(site, "responses", "forget", "ana.garcia@")
    assert bad.status == 1 and bad.errors == ["EMAIL: error: 'ana.garcia@' is not an email address"]
    assert run_cli(site, "responses", "show", "nobody").status == 1
    headless = tmp_path / "list.csv"
    headless.write_text("name,address\nBo,bo@example.org\n", encoding="utf-8")
    result = run_cli(site, "responses", "unsubscribe", str(headless))
    assert result.status == 1
    assert result.errors == [f"{headless}:1:1: error: no email column in the header (name, address); expected one "
                             "headed Email, Email Address or email"]
    wrong = _plain(tmp_path, "bo@example.org", "", "not an address")
    assert run_cli(site, "responses", "unsubscribe", str(wrong)).errors == [
        f"{wrong}:3:1: error: 'not an address' is not an email address"]
    missing = tmp_path / "nowhere.csv"
    gone = run_cli(site, "responses", "unsubscribe", str(missing))
    assert gone.status == 1 and gone.errors == [f"{missing}: error: cannot read the file: No such file or directory"]
    assert all("Traceback" not in r.err for r in (bad, result, gone))


def test_a_store_of_schema_1_opens_and_forgets(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(_MIGRATIONS[0])
    db.execute("INSERT INTO submissions (key, provider, submitted_at, campaign, city, language, name, email,"
               " email_norm, outcome, file, row) VALUES ('k', 'generic', '2026-11-01T10:00:00', 'thanks',"
               " 'springfield-il', 'en', 'Ana María García López', 'ana@example.org', 'ana@example.org', 'kept',"
               " 'x.csv', 2)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        assert [r["name"] for r in store.opted_in()] == []  # opt_in was 0
        assert rights.held(store, "ANA@example.org").rows[0]["name"] == "Ana María García López"
        assert rights.forget(store, "ana@example.org", None, "2026-11-05T00:00:00Z").rows == 1
    assert b"garc" not in path.read_bytes().lower()

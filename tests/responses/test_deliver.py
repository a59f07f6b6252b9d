"""The letters to the mayors: the right signers on the right city's letter, and no one else."""

from __future__ import annotations

from pathlib import Path

import pypdf

from citypages.responses import deliver
from tests.responses_sites import FIXTURES, fixture_people


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_each_city_letter_holds_its_own_signers_only(make_site, run_cli) -> None:
    site = make_site()
    for fixture in ("formspree.csv", "basin.csv"):
        assert run_cli(site, "responses", "import", str(FIXTURES / fixture), "--provider",
                       fixture.split(".")[0]).status == 0
    result = run_cli(site, "deliver")
    assert result.status == 0, result.err
    letters = site / "deliveries" / "thanks"
    springfield, san_jose = _text(letters / "springfield-il.pdf"), _text(letters / "san-jose-ca.pdf")
    people = fixture_people("formspree.csv") + fixture_people("basin.csv")
    kept = {p["name"] for p in people if p["email"].endswith("0@example.org") or p["email"].endswith("4@example.org")}
    for person in people:
        name = person["name"]
        if name in kept and person["city"] == "springfield-il":
            assert name in springfield and name not in san_jose
    san_jose_people = {p["name"] for p in people if p["city"] == "san-jose-ca"}
    assert san_jose_people and all(n in san_jose and n not in springfield for n in san_jose_people)
    for rejected in [p for p in people if p["city"] == "atlantis-xx" or p["email"] == "not-an-email"]:
        assert rejected["name"] not in springfield and rejected["name"] not in san_jose
    assert "Spam Bot" not in springfield
    for person in people:  # no email address on any letter
        assert person["email"].lower() not in springfield.lower() + san_jose.lower()
    assert "To Mayor Pat Doe, Springfield, IL" in springfield
    assert "4 people signed this message between 2026-11-01 and 2026-11-05." in springfield
    assert "Thank you, Mayor!" in springfield and "Page 1 of 1" in springfield
    sheet = (letters / "springfield-il.csv").read_text(encoding="utf-8-sig").splitlines()
    assert sheet[0] == "name,postal_code,comment,signed_at" and len(sheet) == 5
    status = run_cli(site, "responses", "status")
    assert "delivered thanks/springfield-il: 4 signatures" in status.out
    assert status.out.splitlines()[-3].split()[-1] == "6"  # delivered: 4 in Springfield, 2 in San José


def test_page_size_follows_the_country_and_long_lists_are_numbered(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent.parent
    signers = [{"name": f"Signer Number {i}", "zip": "62701", "comment": "Thanks" if i % 7 == 0 else "",
                "submitted_at": "2026-11-01T10:00:00"} for i in range(300)]
    words = {"letter_to": "To {mayor}, {city}", "letter_summary": "{count} signed {first} {last}",
             "letter_summary_one": "", "letter_signers": "Signed by", "letter_name": "Name", "letter_zip": "ZIP",
             "letter_comments": "Comments", "letter_page": "Page {page} of {pages}"}
    for country, width in (("US", 612), ("CA", 612), ("DE", 595)):
        letter = deliver.Letter("c", "x", "Town", country, "Mayor M", "Org", "Title", "Message", signers, words)
        path = tmp_path / f"{country}.pdf"
        path.write_bytes(deliver.pdf_bytes(letter, root, __import__("datetime").date(2026, 12, 1)))
        reader = pypdf.PdfReader(path)
        assert round(float(reader.pages[0].mediabox.width)) == width
        pages = len(reader.pages)
        assert pages > 3
        assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
        assert "Signer Number 299" in reader.pages[-1].extract_text() or "Signer Number 299" in _text(path)


def test_a_name_the_font_cannot_draw_is_reported_not_dropped(make_site, run_cli, tmp_path: Path,
                                                              monkeypatch) -> None:
    site = make_site()
    empty = tmp_path / "fonts.conf"  # a machine without a font for Han
    empty.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>\n')
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    export = tmp_path / "generic.csv"
    export.write_text("submitted_at,name,email,city\n2026-11-01T10:00:00,李小龍 Lee,lee@example.org,springfield-il\n",
                      encoding="utf-8")
    assert run_cli(site, "responses", "import", str(export)).status == 0
    result = run_cli(site, "deliver", "--city", "springfield-il")
    assert result.status == 0, result.err
    assert "can draw 小, 李, 龍 (Han)" in result.err and "fonts-noto-cjk" in result.err
    sheet = (site / "deliveries" / "thanks" / "springfield-il.csv").read_text(encoding="utf-8-sig")
    assert "李小龍 Lee" in sheet


def test_deliver_refuses_the_site_output_folder(make_site, run_cli) -> None:
    site = make_site()
    run_cli(site, "responses", "import", str(FIXTURES / "generic.csv"))
    result = run_cli(site, "deliver", "--out", str(site / "output" / "letters"))
    assert result.status == 1
    assert "inside the site's output folder" in result.err
    assert not (site / "output" / "letters").exists()

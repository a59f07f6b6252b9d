"""Letters in every script: each signer's name is drawn, shaped and given back by the letter's text layer."""

from __future__ import annotations

import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

NAMES = ("李小龙", "김민준", "प्रिया शर्मा", "አበበ ቢቂላ", "สมชาย ใจดี", "محمد الأحمد", "דוד כהן", "সুমন দাস",
         "Ana 😀 Ruiz")
SHAPED = ("प्रिया शर्मा", "محمد الأحمد", "সুমন দাস")  # ligatures and conjuncts: compared letter by letter


def _letters(text: str) -> Counter[str]:
    """The characters that carry meaning: no spaces, no bidi marks (pdftotext wraps RTL lines in them)."""
    return Counter(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def _export(tmp_path: Path) -> Path:
    lines = ["submitted_at,name,email,city,comment"]
    lines += [f"2026-11-0{i + 1}T10:00:00,{name},p{i}@example.org,springfield-il,{name}"
              for i, name in enumerate(NAMES)]
    path = tmp_path / "names.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_names_in_nine_scripts_are_drawn_and_given_back(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    assert run_cli(site, "responses", "import", str(_export(tmp_path))).status == 0
    result = run_cli(site, "deliver", "--city", "springfield-il")
    assert result.status == 0, result.err
    assert "warning" not in result.err, result.err
    assert "Delivered: letters: 1, signatures: 9" in result.out
    pdf = site / "deliveries" / "thanks" / "springfield-il.pdf"
    read = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert read.stderr == ""  # no "No font in show": every line says which font it is drawn in
    text = read.stdout
    lines = [_letters(line) for line in text.splitlines()]
    for name in NAMES:
        if name not in SHAPED:
            assert name in text.replace("\u202b", "").replace("\u202c", ""), name
        found = [line for line in lines if not _letters(name) - line]
        assert len(found) == 3, name  # in the signers' list, over the comment and in it
    sheet = (site / "deliveries" / "thanks" / "springfield-il.csv").read_text(encoding="utf-8-sig")
    assert all(name in sheet for name in NAMES)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(pdf), "/tmp/letter"], check=True)


@pytest.mark.parametrize("name, script, package", [("김민준", "Hangul", "fonts-noto-cjk"),
                                                    ("አበበ ቢቂላ", "Ethiopic", "fonts-noto-core")])
def test_a_script_no_font_here_draws_is_named_with_its_package(make_site, run_cli, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               name: str, script: str, package: str) -> None:
    site = make_site()
    export = tmp_path / "one.csv"
    export.write_text(f"submitted_at,name,email,city\n2026-11-01T10:00:00,{name} Lee,lee@example.org,springfield-il\n",
                      encoding="utf-8")
    assert run_cli(site, "responses", "import", str(export)).status == 0
    empty = tmp_path / "fonts.conf"  # a machine whose fontconfig knows no fonts
    empty.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>\n')
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    result = run_cli(site, "deliver", "--city", "springfield-il")
    assert result.status == 0, result.err
    chars = ", ".join(sorted({ch for ch in name if not ch.isspace()}))
    assert f"no font on this machine can draw {chars} ({script})" in result.err
    assert f"apt install {package}" in result.err
    sheet = (site / "deliveries" / "thanks" / "springfield-il.csv").read_text(encoding="utf-8-sig")
    assert f"{name} Lee" in sheet

"""Exports as spreadsheets save them: UTF-16 or UTF-8 with a mark, `;` or tabs, and files that are too much."""

from __future__ import annotations

import codecs
import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from citypages.responses.sheets import FIELD_LIMIT, LINE_LIMIT
from tests.conftest import ROOT
from tests.responses_sites import FIXTURES

# a comment holding every delimiter, a quote and a line break: each shape must quote it and read it back
TRICKY = ["2026-11-06T10:00:00", "Zoë Ng", "generic5@example.org", "62701", 'Línea uno; "dos",\tseis\ny tres',
          "yes", "springfield-il", "", "en", "newsletter", ""]
ROWS = [*csv.reader(FIXTURES.joinpath("generic.csv").open(encoding="utf-8", newline="")), TRICKY]
STORED = ("SELECT key, provider, submitted_at, campaign, city, language, name, email, zip, comment, opt_in, source, "
          "raw, outcome, row FROM submissions ORDER BY key")


def sheet(delimiter: str) -> str:
    """ROWS as Excel and LibreOffice write them: CRLF line ends, fields quoted where needed."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(ROWS)
    return out.getvalue()


def stored(site: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(site / "responses" / "responses.sqlite3") as db:
        return db.execute(STORED).fetchall()


SHAPES = {  # how the file is saved -> its bytes
    "Excel's Unicode Text (UTF-16 LE with its mark, tabs)": codecs.BOM_UTF16_LE + sheet("\t").encode("utf-16-le"),
    "UTF-16 BE with its mark, commas": codecs.BOM_UTF16_BE + sheet(",").encode("utf-16-be"),
    "UTF-16 LE without a mark, tabs": sheet("\t").encode("utf-16-le"),
    "a European Excel's CSV UTF-8 (a mark, semicolons)": codecs.BOM_UTF8 + sheet(";").encode("utf-8"),
    "tabs without a mark": sheet("\t").encode("utf-8"),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_spreadsheet_shape_imports_the_rows_of_the_plain_utf8_csv(shape: str, make_site, run_cli,
                                                                     tmp_path: Path) -> None:
    plain, saved = make_site(), make_site()
    (tmp_path / "plain.csv").write_bytes(sheet(",").encode("utf-8"))
    (tmp_path / "saved.csv").write_bytes(SHAPES[shape])
    assert run_cli(plain, "responses", "import", str(tmp_path / "plain.csv")).status == 0
    result = run_cli(saved, "responses", "import", str(tmp_path / "saved.csv"))
    assert result.status == 0, result.err
    assert "rows: 8, imported: 4, duplicate: 1, spam: 1, rejected: 2" in result.out
    assert stored(saved) == stored(plain)
    assert ("Zoë Ng", TRICKY[4]) in [(row[6], row[9]) for row in stored(saved)]


def test_a_file_in_another_encoding_is_refused_at_its_line(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    export = tmp_path / "excel-csv.csv"
    export.write_bytes(("submitted_at,name,email,city\r\n2026-11-01T10:00:00,Ana,ana@example.org,springfield-il\r\n"
                        "2026-11-02T10:00:00,José Muñoz,jose@example.org,springfield-il\r\n").encode("cp1252"))
    result = run_cli(site, "responses", "import", str(export))
    assert result.status == 1
    assert len(result.errors) == 1
    assert result.errors[0].startswith(f"{export}:3:1: error: not UTF-8 or UTF-16 text: byte 0xE9 cannot be read")
    assert "save the file again as \"CSV UTF-8\" in Excel" in result.errors[0]
    assert "Unicode (UTF-8)" in result.errors[0]
    assert not (site / "responses" / "responses.sqlite3").exists() or stored(site) == []


def test_a_field_or_a_line_over_the_limit_is_an_error_with_its_line(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    long_field = tmp_path / "long-comment.csv"
    long_field.write_text("submitted_at,email,city,comment\n2026-11-01T10:00:00,a@example.org,springfield-il,ok\n"
                          f'2026-11-01T10:00:00,b@example.org,springfield-il,"{"x" * FIELD_LIMIT}\n"\n',
                          encoding="utf-8")
    result = run_cli(site, "responses", "import", str(long_field))
    assert (result.status, result.errors) == (1, [f"{long_field}:3:1: error: a field longer than "
                                                  f"{FIELD_LIMIT:,} characters"])
    wide = tmp_path / "wide.csv"
    wide.write_text("submitted_at,email,city\n" + "x," * LINE_LIMIT, encoding="utf-8")
    result = run_cli(site, "responses", "import", str(wide))
    assert (result.status, result.errors) == (1, [f"{wide}:2:1: error: a line longer than {LINE_LIMIT:,} characters"])
    assert not (site / "responses" / "responses.sqlite3").exists() or stored(site) == []


def test_a_field_at_the_limit_is_read(make_site, run_cli, tmp_path: Path) -> None:
    site = make_site()
    export = tmp_path / "long-comment.csv"
    comment = "ñ" * FIELD_LIMIT
    export.write_text(f"submitted_at,email,city,comment\n2026-11-01T10:00:00,a@example.org,springfield-il,{comment}\n",
                      encoding="utf-8")
    assert run_cli(site, "responses", "import", str(export)).status == 0
    assert [row[9] for row in stored(site)] == [comment]


_PEAK = """
import atexit, runpy, sys
atexit.register(lambda: sys.stderr.write(next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))))
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""
"""Runs build.py and prints its own peak memory last. The peak of this process's memory alone: a child's
ru_maxrss would count the memory of the test process it was forked from, before its exec."""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from Linux's /proc")
@pytest.mark.slow
def test_a_300_mb_line_is_refused_in_bounded_memory(make_site, tmp_path: Path) -> None:
    site = make_site()
    export = tmp_path / "endless.csv"
    with export.open("wb") as file:  # written a megabyte at a time, never held whole
        file.write(b"submitted_at,email,")
        for _ in range(300):
            file.write(b"a" * (1 << 20))
    assert export.stat().st_size > 300 * (1 << 20)
    proc = subprocess.run([sys.executable, "-c", _PEAK, str(ROOT / "build.py"), "-C", str(site), "responses",
                           "import", str(export)], capture_output=True, text=True)
    *lines, peak = proc.stderr.splitlines()
    assert proc.returncode == 1, proc.stderr
    assert f"{export}:1:1: error: a field longer than {FIELD_LIMIT:,} characters" in lines
    assert int(peak.split()[1]) * 1024 < 300 * (1 << 20), peak

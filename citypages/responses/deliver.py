"""`deliver`: a PDF letter to the mayor and a CSV per city from the kept signatures, never an email
(docs/delivering.md, section 5); text in DejaVu, then the fonts fonts.choose found, shaped by HarfBuzz."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citypages.responses.export import cell, sheet
from citypages.responses.fonts import FONT_DIR, THEME, THEME_ONLY, Fonts

if TYPE_CHECKING:  # the PDF and font libraries take 25 MB: imported only when a letter is made,
    from fpdf import FPDF  # not by every build, which imports this module through the command line

LETTER_COUNTRIES = frozenset({"US", "CA"})


@dataclass(frozen=True)
class Letter:
    """Everything one city's letter says, as plain text (the values are the data, never markup)."""

    campaign: str
    city_slug: str
    city: str
    country: str
    mayor: str
    organization: str
    title: str
    message: str
    signers: list[Mapping[str, Any]]  # rows with name, zip, comment, submitted_at
    words: Mapping[str, str] = field(default_factory=dict)  # the language file's letter_* strings
    number_group: str = ","


def csv_text(letter: Letter) -> str:
    """The same signatures for the mayor's office: name, postal code, comment, date; no email."""
    rows = [[cell(s["name"]), cell(s["zip"]), cell(s["comment"]), s["submitted_at"]] for s in letter.signers]
    return sheet([["name", "postal_code", "comment", "signed_at"], *rows])


def pdf_bytes(letter: Letter, root: Path, today: dt.date, fonts: Fonts = THEME_ONLY) -> bytes:
    words = letter.words
    pdf = _pdf_class()(format="letter" if letter.country in LETTER_COUNTRIES else "a4", unit="pt")
    pdf.page_label = words["letter_page"]
    pdf.set_title(f"{letter.title} ({letter.city})")
    pdf.set_author(letter.organization)
    pdf.set_creation_date(dt.datetime.combine(today, dt.time(), dt.UTC))
    pdf.add_font("DejaVu", "", str(root / FONT_DIR / THEME[0]))
    pdf.add_font("DejaVu", "B", str(root / FONT_DIR / THEME[1]))
    for number, face in enumerate(fonts.fallbacks):
        pdf.add_font(f"fallback{number}", "", str(face.path), collection_font_number=face.index)
    pdf.set_fallback_fonts([f"fallback{n}" for n in range(len(fonts.fallbacks))], exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_margins(56, 56, 56)
    pdf.set_auto_page_break(True, margin=56)
    pdf.alias_nb_pages("{nb}")
    pdf.add_page()
    _paragraph(pdf, 10, 14, f"{letter.organization}\n{today.isoformat()}", 10)
    _paragraph(pdf, 10, 14, words["letter_to"].format(mayor=letter.mayor, city=letter.city), 8)
    _paragraph(pdf, 15, 19, letter.title, 6, "B")
    _paragraph(pdf, 11, 15, letter.message, 8)
    dates = [s["submitted_at"][:10] for s in letter.signers]
    count = f"{len(letter.signers):,}".replace(",", letter.number_group)
    first, last = min(dates, default=""), max(dates, default="")
    summary_key = "letter_summary_one" if len(letter.signers) == 1 else "letter_summary"
    _paragraph(pdf, 11, 15, words[summary_key].format(count=count, first=first, last=last), 10)
    name_w, zip_w = pdf.epw * 0.75, pdf.epw * 0.25
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(pdf.epw, 18, words["letter_signers"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(name_w, 14, words["letter_name"], border="B")
    pdf.cell(zip_w, 14, words["letter_zip"], border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for s in letter.signers:
        name = s["name"] or ""
        if pdf.get_string_width(name) <= name_w - 4:
            pdf.cell(name_w, 13, name)
            pdf.cell(zip_w, 13, s["zip"] or "", new_x="LMARGIN", new_y="NEXT")
        else:  # a very long name wraps rather than being cut
            y = pdf.get_y()
            pdf.multi_cell(name_w, 13, name, new_x="RIGHT", new_y="TOP")
            pdf.cell(zip_w, 13, s["zip"] or "")
            pdf.set_xy(pdf.l_margin, max(pdf.get_y() + 13, y + 13))
    comments = [s for s in letter.signers if (s["comment"] or "").strip()]
    if comments:
        pdf.ln(12)
        pdf.set_font("DejaVu", "B", 13)
        pdf.cell(pdf.epw, 18, words["letter_comments"], new_x="LMARGIN", new_y="NEXT")
        for s in comments:
            where = f" ({s['zip']})" if s["zip"] else ""
            _paragraph(pdf, 10, 13, f"{s['name']}{where}", 0, "B")
            _paragraph(pdf, 10, 13, s["comment"].strip(), 4)
    return bytes(pdf.output())


def _paragraph(pdf: FPDF, size: int, height: int, text: str, space: int, style: str = "") -> None:
    """Text across the page in DejaVu of this size and style, lines `height` points apart, then `space`."""
    pdf.set_font("DejaVu", style, size)
    pdf.multi_cell(pdf.epw, height, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(space)


@functools.cache
def _pdf_class() -> type[FPDF]:
    from fpdf import FPDF

    class _Pdf(FPDF):
        """fpdf2 2.8.9 draws a line's DejaVu glyphs with the fallback font the last line ended in
        (py-pdf/fpdf2#1772): choosing the font again after each cell makes the next line name its font."""

        page_label = "Page {page} of {pages}"

        def cell(self, *args: Any, **kwargs: Any) -> Any:
            return self._choose_again(super().cell(*args, **kwargs))

        def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
            return self._choose_again(super().multi_cell(*args, **kwargs))

        def _choose_again(self, done: Any) -> Any:
            style, size = self.font_style, self.font_size_pt
            self.set_font(style=style, size=size + 1)
            self.set_font(style=style, size=size)
            return done

        def footer(self) -> None:
            self.set_y(-40)
            self.set_font("DejaVu", "", 9)
            self.cell(0, 12, self.page_label.format(page=self.page_no(), pages="{nb}"), align="C")
    return _Pdf

"""The record as an A4 PDF (fpdf2's built-in fonts): a running header, "Page n of N", headings as
bookmarks. Also the pieces the register's case export prints with (``new_pdf``, ``write_pdf_lines``)."""

from __future__ import annotations

from typing import Any

from ..rules.schema import RuleSet
from ..wording.messages import say
from .layout import long_date, record_lines, record_title
from .model import Record

_PDF_REPLACE = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-", "≥": ">=", "≤": "<="}
)


def _latin1(text: str) -> str:
    # The PDF's built-in fonts are Latin-1; anything else is replaced rather than crashing the download.
    return text.translate(_PDF_REPLACE).encode("latin-1", "replace").decode("latin-1")


_PDF_STYLES = {
    "h1": ("B", 16, 0),
    "h2": ("B", 12.5, 0),
    "h3": ("B", 11, 0),
    "p": ("", 10.5, 0),
    "li": ("", 10.5, 4),
    "sub": ("", 9.5, 10),
    "kv": ("", 10.5, 0),
}
_OUTLINE = {"h1": 0, "h2": 1, "h3": 2}


def new_pdf(title: str, running: str | None = None) -> Any:
    """An A4 PDF with ``running`` (default: the title) as a header on every page and "Page n of N" below.

    Headings written by ``write_pdf_lines`` become the PDF's outline (bookmarks). Not a fully tagged
    PDF: fpdf2 tags only outline entries, images and links; the Markdown record is the accessible copy.
    """
    from fpdf import FPDF

    top = _latin1(running or title)

    class RecordPDF(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("Helvetica", "", 8.5)
            self.set_text_color(80, 90, 95)
            self.cell(0, 5, top, new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(177, 180, 182)
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(4)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "", 8.5)
            self.set_text_color(80, 90, 95)
            self.cell(
                0, 5, say("record.page", page=self.page_no(), pages="{nb}"), align="C"
            )  # fpdf2 fills {nb}
            self.set_text_color(0, 0, 0)

    pdf = RecordPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_lang("en-GB")
    pdf.set_creator("decision_tool")
    pdf.set_auto_page_break(auto=True, margin=18)
    return pdf


def record_pdf(record: Record, rules: RuleSet | None = None) -> bytes:
    """A4 PDF: a running header on every page, "Page n of N" in the footer, headings in the outline."""
    title = record_title(record, rules)
    pdf = new_pdf(
        title, say("record.running", title=title, date=long_date(record.created), time=record.created)
    )
    pdf.add_page()
    write_pdf_lines(pdf, record_lines(record, rules))
    return bytes(pdf.output())


def write_pdf_lines(pdf: Any, lines: list[tuple[str, str]]) -> None:
    """Write (style, text) lines (as ``record_lines`` makes them) on the current page onwards."""
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for style, text in lines:
        weight, size, indent = _PDF_STYLES[style]
        pdf.set_font("Helvetica", weight, size)
        if style in ("h2", "h3"):
            pdf.ln(2)
        if style in _OUTLINE:
            pdf.start_section(_latin1(text), level=_OUTLINE[style], strict=False)
        pdf.set_x(pdf.l_margin + indent)
        if style == "kv":
            label, value = text.split("\t", 1)
            pdf.set_font("Helvetica", "B", size)
            pdf.cell(52, size * 0.5, _latin1(label))
            pdf.set_font("Helvetica", "", size)
            pdf.multi_cell(width - 52, size * 0.5, _latin1(value), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(width - indent, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

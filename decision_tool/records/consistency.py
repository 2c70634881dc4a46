"""The regional consistency report as files: a CSV (every finding, with the rules it compared) and an A4
PDF (the summary per form, and the first findings). Both draw on ``wording.consistency``'s tables, so
the page, the CSV and the PDF say the same."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from ..screening.consistency import ConsistencyReport
from ..text import spreadsheet_cell
from ..wording.consistency import (
    FINDING_COLUMNS,
    finding_row,
    finding_rows,
    heading,
    locality_line,
    locality_rows,
    ordered_findings,
    summary,
)
from ..wording.messages import listed, say
from .pdf import new_pdf, write_pdf_lines

PDF_FINDINGS = 40  # findings listed per form in the PDF; the CSV has them all


def report_csv(report: ConsistencyReport, titles: Mapping[str, str]) -> str:
    """Every finding of every form, one row each, with the form's and the overlay's versions and hashes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    heads = [say(f"consistency.column.{c}") for c in ("form", "version", "sha256", "overlay_sha256")]
    writer.writerow([*heads, *FINDING_COLUMNS])
    for form in report.forms:
        for f in ordered_findings(form):
            row = finding_row(form, f, titles)
            cells = (form.form, form.version, form.sha256, form.overlays[f.locality], *row.values())
            writer.writerow([spreadsheet_cell(v) for v in cells])
    return out.getvalue()


def report_pdf(report: ConsistencyReport, titles: Mapping[str, str]) -> bytes:
    title = say("consistency.report_title")
    pdf = new_pdf(title)
    pdf.add_page()
    lines: list[tuple[str, str]] = [("h1", title), ("p", say("consistency.not_evidence"))]
    for form in report.forms:
        lines.append(("h2", heading(form)))
        if not form.localities:
            lines.append(("p", say("consistency.no_overlays")))
            continue
        lines.append(("p", summary(form)))
        for row, loc in zip(locality_rows(form, titles), form.localities, strict=True):
            lines.append(("li", locality_line(form, row, loc)))
        if form.same_as_region:
            names = listed([titles.get(x, x) for x in form.same_as_region])
            lines.append(("p", say("consistency.same_as_region", localities=names)))
        rows = finding_rows(form, titles, PDF_FINDINGS)
        if rows:
            lines.append(("h3", say("consistency.first_findings", shown=len(rows), total=len(form.findings))))
            for row in rows:
                lines.append(("li", say("consistency.finding", profile=row["Profile"], why=row["Why"])))
    lines.append(("sub", say("consistency.sample", sample=report.sample, seed=report.seed)))
    write_pdf_lines(pdf, lines)
    return bytes(pdf.output())

"""Exports for the panel: the "as at" list (CSV and PDF) and aggregate tables with small numbers hidden.

CSV cells that a spreadsheet would read as a formula get a leading apostrophe (``text.spreadsheet_cell``,
the guard every CSV of the tool uses), so opening the file never runs anything. Aggregate tables show counts of 1 to 4 as "<5", so that no small group of children can be
picked out; a zero is shown, as it describes no child.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..text import spreadsheet_cell
from ..wording.dates import long_time
from ..wording.messages import say
from .missing import STRATEGY_MEETING_EPISODES, STRATEGY_WINDOW
from .rows import PanelRow

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"


def neutralise_cell(value: object) -> str:
    return spreadsheet_cell(value)  # the one guard for every CSV (decision_tool/text.py)


def table_csv(
    header: Sequence[object], rows: Iterable[Sequence[object]], preamble: Sequence[Sequence[object]] = ()
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in (*preamble, header, *rows):
        writer.writerow([neutralise_cell(v) for v in line])
    return out.getvalue()


# ---------------------------------------------------------------- the list

LIST_HEADER = tuple(
    say(f"panel.list.column.{c}")
    for c in (
        "case",
        "level",
        "change",
        "last_screened",
        "review_due",
        "review",
        "organisation",
        "spoc",
        "locality",
        "missing",
        "interview",
        "strategy_meeting",
    )
)


def _date(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def list_cells(r: PanelRow) -> tuple[str, ...]:
    return (
        r.code,
        r.level,
        f"{r.change.icon} {r.change.words}",
        _date(r.last_screened),
        _date(r.review_due),
        r.review_words,
        r.organisation,
        r.spoc,
        r.locality_id,
        str(r.missing_30_days),
        r.interview_words,
        strategy_meeting_words() if r.strategy_meeting else "",
    )


def strategy_meeting_words() -> str:
    return say("panel.list.strategy_meeting", episodes=STRATEGY_MEETING_EPISODES, days=STRATEGY_WINDOW.days)


def as_at_words(now: dt.datetime) -> str:
    return say("panel.list.as_at_time", time=long_time(now.astimezone(dt.UTC)))


def list_csv(rows: Iterable[PanelRow], now: dt.datetime) -> str:
    return table_csv(
        LIST_HEADER, (list_cells(r) for r in rows), preamble=[(say("panel.list.as_at"), as_at_words(now))]
    )


_PDF_REPLACE = str.maketrans({"▲": "^", "▼": "v", "■": "=", "●": "*", "○": "o", "—": "-", "–": "-", "’": "'"})


def _latin1(text: str) -> str:
    return text.translate(_PDF_REPLACE).encode("latin-1", "replace").decode("latin-1")


def list_pdf(rows: Sequence[PanelRow], now: dt.datetime, title: str | None = None) -> bytes:
    """The list as an A4 landscape PDF for the meeting, headed with the moment it was taken."""
    from fpdf import FPDF

    title = title or say("panel.list.title")
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(title)
    pdf.set_creator("decision_tool")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(
        0,
        8,
        _latin1(say("panel.list.heading", title=title, time=as_at_words(now))),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(
        0,
        6,
        _latin1(say("panel.list.open_cases", n=len(rows))),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    columns = (0, 1, 2, 3, 5, 6, 7, 9, 10, 11)
    widths = (20, 24, 34, 20, 26, 34, 50, 16, 30, 23)
    pdf.set_font("Helvetica", "B", 7.5)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=4, first_row_as_headings=True) as table:
        head = table.row()
        for i in columns:
            head.cell(_latin1(LIST_HEADER[i]))
        pdf.set_font("Helvetica", "", 7.5)
        for r in rows:
            cells = list_cells(r)
            line = table.row()
            for i in columns:
                line.cell(
                    _latin1(cells[i] if i != 11 else (say("panel.list.yes") if r.strategy_meeting else ""))
                )
    return bytes(pdf.output())


# ---------------------------------------------------------------- aggregate tables


def suppress_count(n: int) -> str:
    if n < 0:
        raise ValueError("a count cannot be negative")
    return SUPPRESSED if 0 < n < SUPPRESS_BELOW else str(n)


def suppress_rate(done: int, total: int) -> str:
    """A percentage, hidden when it would reveal a count of 1 to 4 (done, not done, or the total)."""
    if total == 0:
        return say("panel.table.no_returns")
    if any(0 < n < SUPPRESS_BELOW for n in (done, total, total - done)):
        return say("panel.table.suppressed")
    return f"{round(100 * done / total)}%"


@dataclass(frozen=True, slots=True)
class Table:
    """An aggregate table: label columns, then count columns (ints), then optional rate columns."""

    title: str
    labels: tuple[str, ...]
    counts: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]
    # Each rate divides one named count column by another: (done, total), headed "done of total (%)".
    rates: tuple[tuple[str, str], ...] = ()

    def rate_pairs(self) -> tuple[tuple[int, int], ...]:
        return tuple((self.counts.index(done), self.counts.index(total)) for done, total in self.rates)

    def suppressed_rows(self) -> list[tuple[str, ...]]:
        pairs = self.rate_pairs()
        out = []
        for labels, counts in self.rows:
            cells = [suppress_count(n) for n in counts]
            cells += [suppress_rate(counts[a], counts[b]) for a, b in pairs]
            out.append((*labels, *cells))
        return out

    def header(self) -> tuple[str, ...]:
        rates = (say("panel.table.rate", done=done, total=total) for done, total in self.rates)
        return (*self.labels, *self.counts, *rates)

    def csv(self, preamble: Sequence[Sequence[object]] = ()) -> str:
        return table_csv(self.header(), self.suppressed_rows(), preamble=preamble)

"""Exports: no CSV cell a spreadsheet would run as a formula; no aggregate count of 1 to 4 shown."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from decision_tool.panel import CaseFacts, build_rows, neutralise_cell, suppress_count, table_csv
from decision_tool.panel.export import LIST_HEADER, Table, list_csv, list_pdf, suppress_rate
from decision_tool.text import FORMULA_START

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def starts_like_a_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_START) or cell.lstrip(" ").startswith(FORMULA_START)


def test_formula_cells_get_a_leading_apostrophe_and_other_cells_are_left_alone():
    assert neutralise_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutralise_cell("+44 1632 960000") == "'+44 1632 960000"
    assert neutralise_cell("-1") == "'-1"
    assert neutralise_cell("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_cell("  =1+1") == "'  =1+1"
    assert neutralise_cell("\t=1") == "'\t=1"
    assert neutralise_cell("Demo School A") == "Demo School A"
    assert neutralise_cell("2026-11-23") == "2026-11-23"
    assert neutralise_cell(None) == ""
    assert neutralise_cell(7) == "7"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.text(max_size=12), st.integers(), st.none()), min_size=1, max_size=4),
        max_size=5,
    )
)
def test_no_exported_cell_starts_with_a_formula_character(rows):
    header = ["=cmd", "+a", "-b", "@c"]
    for line in read_csv(table_csv(header, rows)):
        for cell in line:
            assert not starts_like_a_formula(cell), cell


def organisation_case(name: str, phone: str) -> CaseFacts:
    return CaseFacts(
        code="C-7KQ2MX",
        organisation_code="DSA",
        organisation_name=name,
        locality_id="england",
        spoc_role="@safeguarding lead",
        spoc_phone=phone,
        spoc_email=None,
        levels=("medium", "high"),
        last_screened_at=NOW,
        review_due=NOW.date(),
    )


def test_the_list_csv_is_headed_as_at_and_neutralises_an_organisation_typed_as_a_formula():
    text = list_csv(build_rows([organisation_case("=IMPORTXML(1)", "+44 1632 960000")], NOW), NOW)
    lines = read_csv(text)
    assert lines[0] == ["As at", "23 November 2026 10:00 UTC"]
    assert tuple(lines[1]) == LIST_HEADER
    row = dict(zip(lines[1], lines[2], strict=True))
    assert row["Organisation"] == "'=IMPORTXML(1)"
    assert row["Single point of contact"] == "'@safeguarding lead, +44 1632 960000"
    assert row["Level"] == "High" and row["Change since last screening"] == "▲ Up from Moderate"


def test_the_list_pdf_shows_the_moment_and_the_rows():
    pdf = list_pdf(build_rows([organisation_case("Demo School A", "01632 960000")], NOW), NOW)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "as at 23 November 2026 10:00 UTC" in text
    assert "C-7KQ2MX" in text and "Demo School A" in text and "Up from Moderate" in text


def test_counts_of_one_to_four_are_shown_as_under_five():
    assert [suppress_count(n) for n in range(7)] == ["0", "<5", "<5", "<5", "<5", "5", "6"]


def test_a_rate_that_would_reveal_a_small_count_is_suppressed():
    assert suppress_rate(0, 0) == "No returns"
    assert suppress_rate(3, 20) == "Suppressed (small numbers)"  # 3 done
    assert suppress_rate(18, 20) == "Suppressed (small numbers)"  # 2 not done
    assert suppress_rate(3, 3) == "Suppressed (small numbers)"
    assert suppress_rate(12, 20) == "60%"
    assert suppress_rate(0, 20) == "0%"


counts = st.integers(min_value=0, max_value=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=8))
def test_no_suppressed_table_shows_a_count_from_one_to_four(pairs):
    rows = tuple(((f"2026-{i + 1:02d}",), (a + b, a)) for i, (a, b) in enumerate(pairs))
    table = Table(
        "t", ("Month",), ("Returns", "Within 72 hours"), rows, rates=(("Within 72 hours", "Returns"),)
    )
    lines = read_csv(table.csv())
    assert lines[0] == ["Month", "Returns", "Within 72 hours", "Within 72 hours of Returns (%)"]
    for line, (_, (total, done)) in zip(lines[1:], rows, strict=True):
        for cell in line[1:3]:
            assert cell == "<5" or cell == "0" or int(cell) >= 5
        if line[3].endswith("%"):
            # A shown rate never lets a reader work out a count of 1 to 4.
            assert total >= 5 and done not in range(1, 5) and (total - done) not in range(1, 5)

"""Records: JSON round trip, refusals with plain messages, Markdown escaping, and a readable PDF."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from decision_tool.engine import assess, complete_answers
from decision_tool.errors import RecordError, RulesChangedError
from decision_tool.loader import parse_rules, read_yaml
from decision_tool.record import (
    answers_that_still_fit,
    make_record,
    read_record,
    record_json,
    record_markdown,
    record_pdf,
)
from decision_tool.text import WORD_JOINER

from .conftest import FIXTURES, RULES_DIR

NOW = dt.datetime(2026, 11, 22, 10, 30)


@pytest.fixture()
def record(dsl, catalog):
    answers = complete_answers(
        dsl,
        {
            "age": 14,
            "missing_overnight": "yes",
            "unexplained_gifts": "yes",
            "notes": "Seen with <b>adults</b> near the station",
        },
    )
    result = assess(
        dsl,
        answers,
        contacts=catalog.directory("somerset"),
        override={"level": "high", "reason": "Police intelligence about the same adults"},
    )
    return make_record(result, NOW)


def test_record_has_rules_version_review_date_and_both_results(record, dsl):
    data = json.loads(record_json(record))
    assert data["assessment"]["rules_version"] == {
        "id": "dsl",
        "title": dsl.title,
        "version": "2.0.0",
        "sha256": dsl.fingerprint,
    }
    assert data["assessment"]["tool_level"] == "medium" and data["assessment"]["level"] == "high"
    assert data["assessment"]["override"]["reason"].startswith("Police")
    assert data["review_by"] == "2026-11-29"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b"\x89PNG\x00\x01", "not a text file"),
        (b"{oops", "not valid JSON"),
        (b'{"kind": "something else"}', "not a decision_tool record"),
        (b'{"kind": "decision_tool.record", "format": 1}', "damaged or incomplete"),
        (b"x" * 1_000_001, "too large"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(catalog, payload, fragment):
    with pytest.raises(RecordError, match=fragment):
        read_record(payload, catalog.rule_sets)


def test_a_record_from_changed_rules_says_so_and_keeps_the_record(record, dsl):
    data, _ = read_yaml(RULES_DIR / "dsl.yaml")
    data["levels"][1]["band"]["to"] = 9
    data["levels"][2]["band"]["from"] = 10
    data["version"] = "2.1.0"
    changed = parse_rules(data)
    with pytest.raises(RulesChangedError) as info:
        read_record(record_json(record), {"dsl": changed})
    assert "version 2.0.0" in str(info.value) and "now loaded are version 2.1.0" in str(info.value)
    assert info.value.record == record  # so the page can offer to re-score the same answers


def rendered_text(markdown: str) -> str:
    """What a reader of the Markdown sees: rendered (CommonMark), tags dropped, entities resolved."""
    html_out = MarkdownIt("commonmark").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", html_out)).replace(WORD_JOINER, "")


def test_markdown_escapes_html_from_users(record, dsl):
    md = record_markdown(record, dsl)
    assert "<b>" not in md
    shown = rendered_text(md)
    assert "Seen with <b>adults</b> near the station" in shown  # shown as typed, not as bold
    assert "Outcome: High concern" in shown
    assert "The tool's result was 'Moderate concern'" in shown
    assert (
        "0300 123 2224 (checked 1 November 2017) - not checked in the 12 months before this record" in shown
    )
    assert (
        "Police (non-emergency), 101, 24 hours (checked 22 November 2026)\n" in shown
    )  # recent: not flagged


def test_pdf_is_a_readable_record(record, dsl):
    pdf = record_pdf(record, dsl)
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Outcome: High concern" in text
    assert dsl.fingerprint[:16] in text.replace(" ", "")
    assert "Police intelligence about the same adults" in text
    assert "Somerset Children's Social Care, 0300 123 2224" in text
    assert "screening aid that supports professional judgement" in text


def test_mini_rules_record_round_trip(mini):
    result = assess(mini, read_yaml(FIXTURES / "answers" / "mini_high.yaml")[0])
    record = make_record(result, NOW)
    assert read_record(record_json(record), {"mini": mini}) == record


def test_answers_that_still_fit_keeps_valid_answers_and_names_the_rest(dsl):
    kept, lost = answers_that_still_fit(
        dsl, {"age": 14, "late_out": "yes", "gone_question": "yes", "sti": "weekly"}
    )
    assert kept == {"age": 14, "late_out": "yes"}
    assert lost == ["gone_question", "sti"]

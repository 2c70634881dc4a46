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

from decision_tool.errors import RecordError, RulesChangedError
from decision_tool.records.record import (
    answers_that_still_fit,
    make_record,
    read_record,
    record_json,
    record_markdown,
    record_pdf,
    record_text,
)
from decision_tool.rules.loader import parse_rules, read_yaml
from decision_tool.screening.engine import assess, complete_answers
from decision_tool.screening.plan import plan_of
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
        "version": dsl.version,
        "sha256": dsl.fingerprint,  # the form as published: no locality's settings, written as before
    }
    assert data["assessment"]["tool_level"] == "medium" and data["assessment"]["level"] == "high"
    assert data["assessment"]["override"]["reason"].startswith("Police")
    assert data["review_by"] == "2026-11-29"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b"\x89PNG\x00\x01", "not a text file"),
        (b"{oops", "not valid JSON"),
        (b'{"kind": "something else"}', "not a record from this tool"),
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
    data["version"] = "9.0.0"
    changed = parse_rules(data)
    with pytest.raises(RulesChangedError) as info:
        read_record(record_json(record), {"dsl": changed})
    assert f"version {dsl.version}" in str(info.value) and "now version 9.0.0" in str(info.value)
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
    assert "The tool's outcome: Moderate concern, because the score" in shown
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


# ---------------------------------------------------------------- a record a DSL can file

DETAILS = {
    "completed_by": "Designated Safeguarding Lead",
    "setting": "Secondary school (fictional)",
    "concern_date": dt.date(2026, 11, 20),
    "consulted": "Deputy DSL; school nurse",
    "action_taken": "Referred to MASH by phone at 11:00",
    "reference": "MASH-0000-TEST",
    "review_owner": "Deputy DSL",
}


@pytest.fixture()
def filed(dsl, catalog):
    from decision_tool.records.record import RecordDetails

    many = {q.id: "yes" for q in dsl.questions if q.kind == "yes_no" and q.id != "immediate_danger"}
    answers = complete_answers(dsl, {"age": 14, **many})
    result = assess(dsl, answers, contacts=catalog.directory("somerset"))
    return make_record(
        result,
        NOW,
        details=RecordDetails(**DETAILS),
        locality_title=catalog.directory("somerset").locality_title,
    )


def test_record_details_survive_export_then_import(filed, catalog):
    back = read_record(record_json(filed), catalog.rule_sets)
    assert back == filed
    assert back.details.reference == "MASH-0000-TEST" and back.details.concern_date == dt.date(2026, 11, 20)


def test_a_record_with_a_concern_dated_after_it_was_made_is_refused(filed, catalog):
    data = json.loads(record_json(filed))
    data["details"]["concern_date"] = "2026-12-25"
    with pytest.raises(RecordError, match="damaged or incomplete"):
        read_record(json.dumps(data), catalog.rule_sets)
    data["details"]["concern_date"] = "2026-11-20"
    assert read_record(json.dumps(data), catalog.rule_sets) == filed  # the date was the only problem
    data["details"]["colleague_name"] = "someone"  # a field the record does not have: refused
    with pytest.raises(RecordError):
        read_record(json.dumps(data), catalog.rule_sets)


def test_pdf_reads_back_the_new_fields_with_header_and_page_numbers(filed, dsl):
    reader = PdfReader(io.BytesIO(record_pdf(filed, dsl)))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        assert text.startswith(f"Screening record: {dsl.title} - made 22 November 2026 at 10:30")
        assert text.endswith(f"Page {n} of {len(pages)}")
    whole = " ".join(pages)
    for label, value in [
        ("Completed by (role)", "Designated Safeguarding Lead"),
        ("Setting", "Secondary school (fictional)"),
        ("Date of the concern", "20 November 2026"),
        ("Who was consulted", "Deputy DSL; school nurse"),
        ("Action taken", "Referred to MASH by phone at 11:00"),
        ("Case or MASH reference", "MASH-0000-TEST"),
        ("Review owner (role)", "Deputy DSL"),
        ("Local contacts", "Somerset (example)"),  # the locality's title, not its id
    ]:
        assert f"{label} {value}" in whole
    # Answers grouped under the form's sections, in the form's order.
    positions = [whole.index(s.title, whole.index("Answers")) for s in dsl.sections]
    assert positions == sorted(positions)
    # The long content hash comes at the end, after the answers.
    assert whole.index(dsl.fingerprint[:40]) > positions[-1]
    import re

    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", whole)  # one date format: 22 November 2026
    assert reader.outline[0].title == f"Screening record: {dsl.title}"  # headings are bookmarks


def test_review_date_calendar_file(filed):
    from icalendar import Calendar

    from decision_tool.records.record import record_ics

    text = record_ics(filed)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cal = Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("DTSTART") == filed.review_by
    assert str(event["SUMMARY"]) == "Safeguarding screening review"
    description = str(event["DESCRIPTION"])
    assert "MASH-0000-TEST" in description and "Deputy DSL" in description
    assert "Referred to MASH" not in description  # no answers or notes in a calendar
    assert filed.assessment.level_info.title in description


def test_an_emergency_record_gives_one_instruction(dsl):
    import dataclasses

    result = assess(dsl, {"immediate_danger": "yes", "age": 15})  # most questions unanswered
    # Whether or not the engine flags too little information here, the record must not say it under 999.
    later = plan_of(dsl).recommend(dsl, "gather_information", None)
    flagged = dataclasses.replace(result, insufficient_information=True, actions=(*result.actions, later))
    text = record_text(make_record(flagged, NOW), dsl)
    assert "Immediate danger: call 999 now" in text
    assert "Insufficient information" not in text and later.title not in text
    assert "Within a week" not in text


def test_the_pharmacy_record_uses_the_neutral_title(pharmacy):
    answers = complete_answers(pharmacy, {"age": 16, "supply_decision": "supplied"})
    record = make_record(assess(pharmacy, answers), NOW)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(record_pdf(record, pharmacy))).pages).split()
    )
    assert text.startswith(f"Screening record: {pharmacy.display_title}")
    assert pharmacy.display_title == "Consultation safeguarding checklist"
    assert "sexual exploitation" not in text.split("Rules used")[0].lower()

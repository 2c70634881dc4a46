"""The records package: one model, one module per format, the public names importable from
``decision_tool.records`` (and, as before, ``decision_tool.records.record``); records written by the
release before the split still open, render in every format and re-score."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import decision_tool.records as records
from decision_tool.errors import RulesChangedError
from decision_tool.records import (
    RecordDetails,
    answers_that_still_fit,
    make_record,
    read_record,
    record_ics,
    record_json,
    record_lines,
    record_markdown,
    record_pdf,
)
from decision_tool.records import record as former
from decision_tool.records.markdown import plain_markdown
from decision_tool.screening.engine import assess, complete_answers
from decision_tool.wording.reasons import reason_text

from .test_inert_text import links, shows_its_address, tokens

FIXTURES = Path(__file__).parent / "fixtures" / "records"


def test_every_public_name_is_importable_from_the_package_and_the_former_module():
    for name in records.__all__:
        assert getattr(records, name) is getattr(former, name), name
    from decision_tool.records import ics, json_record, layout, markdown, model, pdf

    assert records.Record is model.Record and records.record_pdf is pdf.record_pdf
    assert records.record_markdown is markdown.record_markdown and records.record_ics is ics.record_ics
    assert records.read_record is json_record.read_record and records.record_lines is layout.record_lines


# Record fields added after the fixtures were written, with the value an old record reads back as.
ADDED_SINCE = {"assessment": {"also_screen": []}}  # the record details' new fields are written only when set


def _open(path: Path, catalog):
    try:
        return read_record(path.read_text(encoding="utf-8"), catalog.rule_sets)
    except RulesChangedError as exc:  # the rules moved on since the file was written: offered a re-score
        assert exc.record is not None
        return exc.record


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_a_record_written_before_the_split_opens_renders_and_rescores(path, catalog):
    record = _open(path, catalog)
    rules = catalog.rule_sets[record.assessment.rules_version.id]
    # Everything comes back as written; the reasons (plain sentences then, codes with values now) read
    # word for word as they did.
    written, again_json = json.loads(path.read_text(encoding="utf-8")), json.loads(record_json(record))
    old_reasons = written["assessment"].pop("reasons")
    again_json["assessment"].pop("reasons")
    for part, added in ADDED_SINCE.items():  # fields added since: empty on a record that had none
        for name, empty in added.items():
            assert name not in written[part]
            assert again_json[part].pop(name) == empty
    assert again_json == written
    assert [reason_text(r) for r in record.assessment.reasons] == old_reasons
    assert "Outcome:" in record_markdown(record, rules)
    assert record_pdf(record, rules).startswith(b"%PDF")
    if record.review_by:
        assert "BEGIN:VCALENDAR" in record_ics(record)
    kept, _gone = answers_that_still_fit(rules, record.assessment.answers)
    again = assess(rules, kept, override=record.assessment.override)
    assert again.override == record.assessment.override


def test_the_details_and_the_judgement_come_back(catalog):
    record = _open(FIXTURES / "dsl-override-v1.json", catalog)
    assert record.details.reference == "MASH-0000-FICT"
    assert record.details.concern_date == dt.date(2026, 11, 30)
    assert record.assessment.override is not None and record.assessment.level == "high"


def test_the_markdown_copy_reads_as_plain_text(catalog):
    record = _open(FIXTURES / "dsl-override-v1.json", catalog)
    rules = catalog.rule_sets["dsl"]
    text = record_markdown(record, rules)
    assert "\\" not in text  # no backslash escapes
    assert not any(ch in text for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad")  # nothing invisible
    assert "- **Case or MASH reference:** MASH-0000-FICT" in text
    assert "Made 1 December 2026 at 09:30." in text
    assert "## Outcome: High concern (the practitioner's judgement)" in text
    assert "\n1. " in text  # the steps are a numbered list


def test_what_would_be_markup_is_shown_as_itself_not_obeyed():
    assert plain_markdown("<b>x</b> [l](https://x.invalid) ![i](https://x.invalid/i.png)") == (
        "&lt;b>x&lt;/b> [l&#93;(https://x.invalid) ![i&#93;(https://x.invalid/i.png)"
    )
    assert plain_markdown("age <16, 3 < 4, a*b_c") == "age <16, 3 < 4, a*b_c"  # as typed
    assert plain_markdown("# not a heading", line_start=True) == "&#35; not a heading"
    assert plain_markdown("a\u200bb\u2060c\x1b") == "abc"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:/.@<>[]()!*_`#-+|~$&;=\"' \nhtpsw1")), max_size=60))
def test_no_text_becomes_an_image_html_or_a_hidden_link(text):
    for line in (plain_markdown(text, line_start=True), "- " + plain_markdown(text, line_start=True)):
        assert not {"image", "html_inline", "html_block", "heading_open"} & set(tokens(line))
        assert all(shows_its_address(shown, href) for shown, href in links(line))
        assert "\\" not in line  # nothing escaped with a backslash


def test_an_old_record_states_no_model_of_exploitation_and_a_new_one_states_what_was_ticked(catalog):
    record = _open(FIXTURES / "dsl-override-v1.json", catalog)
    rules = catalog.rule_sets["dsl"]
    text = record_markdown(record, rules)
    assert "Model of exploitation" not in text and "Danger statement" not in text  # never "Not recorded"
    details = RecordDetails.model_validate(
        record.details.model_dump()
        | {
            "exploitation_models": ("online", "relationship"),
            "danger_statement": "If nothing changes, adults (fictional) will keep meeting her after school.",
            "safety_goal": "Everyone sees her home each night and in school each day.",
        }
    )
    ticked = record.model_copy(update={"details": details})
    text = record_markdown(ticked, rules)
    assert 'Model of exploitation:** Inappropriate relationship / "boyfriend", Online' in text
    assert "adults (fictional) will keep meeting her" in text and "in school each day" in text
    pdf_text = "".join(t for _, t in record_lines(ticked, rules))
    assert "Danger statement" in pdf_text and "Safety goal" in pdf_text
    assert record_pdf(ticked, rules).startswith(b"%PDF")
    # A record made now with these details reads back with them, in the order offered, each once.
    fresh = make_record(
        assess(rules, complete_answers(rules, {"age": 15})),
        dt.datetime(2026, 12, 7, 10, 0),
        details=RecordDetails(exploitation_models=("online", "relationship", "online"), safety_goal="x"),
    )
    back = read_record(record_json(fresh), catalog.rule_sets)
    assert back.details.exploitation_models == ("relationship", "online")
    assert back.details == fresh.details


def test_a_record_with_no_model_or_statement_does_not_name_them_even_in_its_keys(catalog):
    # The discreet form's files may be seen by the young person: not even a JSON key names exploitation.
    pharmacy = catalog.rule_sets["pharmacy"]
    record = make_record(assess(pharmacy, complete_answers(pharmacy, {"age": 16})), dt.datetime(2026, 12, 7))
    text = record_json(record)
    assert "exploit" not in text.lower() and "danger_statement" not in text and "safety_goal" not in text

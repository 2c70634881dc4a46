"""Reasons come out of the engine as codes with values; wording/ makes every sentence from them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from decision_tool.errors import RecordError
from decision_tool.records.record import make_record, read_record, record_json, record_text
from decision_tool.rules.schema import URGENCY_ORDER
from decision_tool.screening.engine import assess, complete_answers
from decision_tool.screening.result import REASON_VALUES
from decision_tool.wording.messages import CATALOGUES
from decision_tool.wording.reasons import reason_text

NOW = dt.datetime(2026, 11, 23, 9, 0)


def _record(dsl):
    answers = complete_answers(dsl, {"age": 14, "cars_unknown_adults": "yes", "hotspots": "yes"})
    override = {"level": "medium", "reason": "A fictional worked example, for the test."}
    return make_record(assess(dsl, answers, override=override), NOW)


def test_the_engine_gives_codes_and_values_and_wording_the_sentences(dsl):
    a = _record(dsl).assessment
    assert [r.code for r in a.reasons] == ["band", "points", "points", "red_flag", "raised", "judgement"]
    flag = a.reasons[3]
    assert flag.values["id"] == "cars_unknown_adults" and flag.values["min_level"] == "high"
    assert reason_text(a.reasons[0]) == (
        f"Score {a.score} is in the band for 'Emerging concern' (6 to 10; a local setting)."
    )
    assert reason_text(a.reasons[-1]) == (
        "Practitioner's judgement: 'Moderate concern' instead of 'High concern'. "
        "Reason: A fictional worked example, for the test."
    )
    text = record_text(_record(dsl), dsl)
    for reason in a.reasons:
        assert reason_text(reason) in text  # the record says each reason as wording/ words it


def test_a_record_from_before_reasons_were_codes_opens_and_reads_as_it_did(dsl):
    record = _record(dsl)
    data = json.loads(record_json(record))
    sentences = [reason_text(r) for r in record.assessment.reasons]
    data["assessment"]["reasons"] = sentences  # as the earlier release wrote them
    reopened = read_record(json.dumps(data), {"dsl": dsl})
    assert record_text(reopened, dsl) == record_text(record, dsl)
    assert [r.code for r in reopened.assessment.reasons] == ["text"] * len(sentences)


def test_a_record_round_trip_keeps_the_reasons(dsl):
    record = _record(dsl)
    assert read_record(record_json(record), {"dsl": dsl}).assessment.reasons == record.assessment.reasons


@pytest.mark.parametrize(
    "bad",
    [
        {"code": "no_such_code", "values": {}},
        {"code": "band", "values": {"score": 3}},  # values missing
        {"code": ["band"], "values": {}},
        {"values": {}},
        7,
    ],
)
def test_a_record_with_a_reason_this_tool_does_not_write_is_refused(dsl, bad):
    data = json.loads(record_json(_record(dsl)))
    data["assessment"]["reasons"][0] = bad
    with pytest.raises(RecordError, match="damaged"):
        read_record(json.dumps(data), {"dsl": dsl})


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_every_language_has_a_sentence_for_every_reason_and_the_same_keys(language):
    catalogue = CATALOGUES[language]
    assert {f"reason.{code}" for code in REASON_VALUES} <= set(catalogue)
    assert {f"urgency.{u}" for u in URGENCY_ORDER} <= set(catalogue)
    assert set(catalogue) == set(CATALOGUES["en"])

"""When the practitioner's judgement differs from the tool's, the result never contradicts itself: the
tool's outcome and why (a red flag still stands), the practitioner's decision and reason, a review no
later than the tool's, and a chart whose filled band is the outcome, with the score marked."""

from __future__ import annotations

import datetime as dt

import pytest

from decision_tool.records.record import make_record, record_json, record_text
from decision_tool.screening.engine import assess, complete_answers
from decision_tool.screening.result import Override
from decision_tool.ui.views import chart_figure, chart_words
from decision_tool.wording.tone import level_tone

from .test_pages import new_app, texts, unescape
from .test_result_page import open_record

# A disclosure (a red flag, minimum High) with few other signs: the score alone is in a low band.
FLAGGED = {"age": 14, "disclosure": "yes", "late_out": "yes"}
REASON = "Fictional: the disclosure was about a film the class watched, checked with the DSL"
NOW = dt.datetime(2026, 11, 20, 9, 0)


@pytest.fixture()
def flagged(dsl):
    return complete_answers(dsl, FLAGGED)


def test_a_red_flag_lowered_to_low_keeps_its_actions_and_review(dsl, flagged):
    tool = assess(dsl, flagged)
    judged = assess(dsl, flagged, override=Override("low", REASON))
    assert (tool.level, judged.level, judged.tool_level) == ("high", "low", "high")
    assert judged.below_red_flag
    ids = [x.id for x in judged.actions]
    assert "mash_referral" in ids  # refer today: the red flag's action stands
    assert "monitor_record_review" not in ids  # never "record why no referral was made" beside it
    assert judged.review_days is not None and tool.review_days is not None
    assert judged.review_days <= tool.review_days


def test_a_judgement_above_the_tool_brings_the_review_closer(dsl):
    answers = complete_answers(dsl, {"age": 15, "late_out": "yes"})
    tool = assess(dsl, answers)
    raised = assess(dsl, answers, override=Override("high", REASON))
    assert tool.level == "low" and raised.review_days == min(tool.review_days, 7)


def test_the_record_says_both_and_nothing_that_contradicts(dsl, flagged):
    judged = assess(dsl, flagged, override=Override("low", REASON))
    text = record_text(make_record(judged, NOW), dsl)
    assert "Outcome: Low: keep watching (the practitioner's judgement)" in text
    assert "The tool's outcome: High concern, because the score" in text
    assert "raised by a red flag: The child has told someone" in text
    assert f"The practitioner's decision: Low: keep watching. Reason: {REASON}" in text
    assert "the red flag still stands" in text
    low = next(lv for lv in dsl.levels if lv.id == "low")
    assert " ".join(low.summary.split()) not in " ".join(text.split())  # "few signs ..." would contradict
    assert "why no referral was made" not in text
    assert "A low result does not mean no action" in text  # the disclaimer, once, not as reassurance
    tool_review = make_record(assess(dsl, flagged), NOW).review_by
    assert make_record(judged, NOW).review_by <= tool_review


def test_the_result_page_says_both_and_nothing_that_contradicts(dsl, catalog, flagged):
    judged = assess(dsl, flagged, contacts=catalog.directory("somerset"), override=Override("low", REASON))
    at = new_app()
    open_record(at, record_json(make_record(judged, NOW)))
    page = unescape(texts(at))
    assert "Outcome: Low: keep watching (your judgement)" in page
    assert "The tool's outcome: High concern" in page and "raised by a red flag" in page
    assert f"Your decision: Low: keep watching. Reason: {REASON}" in page
    assert "the red flag still stands" in page
    assert "why no referral was made" not in page
    assert "Few signs" not in page
    tool_days = assess(dsl, flagged).review_days
    shown = [line for line in page.splitlines() if "Suggested review date" in line]
    assert shown and judged.review_days <= tool_days


def test_the_chart_fills_the_outcome_band_and_says_why_it_is_above_the_score(dsl, flagged):
    a = assess(dsl, flagged)
    assert a.band_level != a.tool_level == "high"
    fig = chart_figure(a)
    bands = [t for t in a.thresholds if t.band_from is not None]
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    high = next(i for i, t in enumerate(bands) if t.id == "high")
    scored = next(i for i, t in enumerate(bands) if t.id == a.band_level)
    assert rects[high].fillcolor == level_tone(bands[high], a.thresholds).mark
    assert rects[scored].fillcolor != level_tone(bands[scored], a.thresholds).mark
    assert [s.x0 for s in fig.layout.shapes if s.type == "line"] == [a.score]  # the score's marker
    labels = {x.text for x in fig.layout.annotations if x.xref == "paper"}
    assert any("High concern" in t and "the outcome" in t for t in labels)
    assert any("the score's band" in t for t in labels)
    words = unescape(chart_words(a))
    assert "raised to High concern by the red flag" in words and "The child has told someone" in words


def test_the_chart_outlines_a_judgement_below_the_outcome(dsl, flagged):
    a = assess(dsl, flagged, override=Override("low", REASON))
    labels = {x.text for x in chart_figure(a).layout.annotations if x.xref == "paper"}
    assert any("Low" in t and "your judgement" in t for t in labels)
    assert "dashed outline" in chart_words(a)

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
from decision_tool.wording.outcome import outcome_heading
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
    assert ".." not in text  # the red flag's reason ends its sentence once
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
    # The main heading states both: the practitioner's decision and the tool's outcome.
    assert "Outcome: Low: keep watching (your judgement; the tool's outcome: High concern)" in page
    assert "The tool's outcome: High concern" in page and "raised by a red flag" in page
    assert f"Your decision: Low: keep watching. Reason: {REASON}" in page
    assert "the red flag still stands" in page
    assert ".." not in page
    assert "why no referral was made" not in page
    assert "Few signs" not in page
    tool_days = assess(dsl, flagged).review_days
    shown = [line for line in page.splitlines() if "Suggested review date" in line]
    assert shown and judged.review_days <= tool_days


def h1s(at) -> list[str]:
    """The page's main headings as a screen reader reads them (Streamlit's titles and our markup; the
    icon, hidden from screen readers, left out)."""
    import re

    from .test_pages import html_text

    bodies = [str(m.value) for m in at.markdown] + [e.proto.body for e in at.html]
    return [t.value for t in at.title] + [
        html_text(re.sub(r'<span [^>]*aria-hidden="true"[^>]*>[^<]*</span>', "", h))
        for b in bodies
        for h in re.findall(r"<h1\b.*?</h1>", b, flags=re.S)
    ]


def test_after_a_judgement_below_a_999_red_flag_the_heading_keeps_999_and_states_both(dsl, catalog):
    answers = complete_answers(dsl, {"age": 14, "immediate_danger": "yes"})
    judged = assess(dsl, answers, contacts=catalog.directory("somerset"), override=Override("medium", REASON))
    at = new_app()
    open_record(at, record_json(make_record(judged, NOW)))
    # One main heading: the 999 instruction still stands, beside the decision and the tool's outcome.
    assert [unescape(h) for h in h1s(at)] == [
        "Immediate danger: call 999 now (your decision: Moderate concern; the tool's outcome: Immediate danger)"
    ]
    page = unescape(texts(at))
    assert (
        f"Your decision: Moderate concern. Reason: {REASON}" in page and "the red flag still stands" in page
    )


def test_the_result_page_has_one_main_heading_its_outcome(dsl, catalog, flagged):
    for override in (None, Override("low", REASON)):
        a = assess(dsl, flagged, contacts=catalog.directory("somerset"), override=override)
        at = new_app()
        open_record(at, record_json(make_record(a, NOW)))
        (heading,) = h1s(at)
        assert heading == outcome_heading(a, you=True)


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

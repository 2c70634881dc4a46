"""A child's screenings over time: levels, new and gone signs, and re-scoring records from older rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool.errors import RecordError
from decision_tool.records.history import Earlier, build_timeline, latest, prefill, read_earlier
from decision_tool.records.record import make_record, record_json
from decision_tool.rules.loader import parse_rules, read_yaml
from decision_tool.screening.engine import assess, complete_answers

from .conftest import RULES_DIR

MARCH = dt.datetime(2026, 3, 2, 9, 0)
JUNE = dt.datetime(2026, 6, 8, 14, 0)
SEPTEMBER = dt.datetime(2026, 9, 14, 11, 0)


def record_of(rules, answers, when, **kw):
    return make_record(assess(rules, complete_answers(rules, answers), **kw), when)


def earlier(rules_sets, record, label):
    return read_earlier(record_json(record), rules_sets, label)


@pytest.fixture(scope="module")
def older_dsl():
    """The school form as it was before: 'seen at hotspots' weighed 5, and the version was 0.9.0."""
    data, _ = read_yaml(RULES_DIR / "dsl.yaml")
    for section in data["sections"]:
        for q in section["questions"]:
            if q["id"] == "hotspots":
                q["weight"] = 5
    data["version"] = "0.9.0"
    return parse_rules(data)


def test_timeline_shows_level_and_what_is_new_and_gone(catalog, dsl):
    first = record_of(dsl, {"age": 15, "late_out": "yes"}, MARCH)
    second = record_of(dsl, {"age": 15, "missing_overnight": "yes", "returned_unexplained": "yes"}, JUNE)
    current = assess(dsl, complete_answers(dsl, {"age": 15, "missing_overnight": "yes", "hotspots": "yes"}))
    # Uploaded newest first: the timeline still runs oldest first.
    items = [earlier(catalog.rule_sets, second, "june.json"), earlier(catalog.rule_sets, first, "march.json")]
    tl = build_timeline(items, catalog.rule_sets, "dsl", current=current, now=SEPTEMBER)

    assert [p.label for p in tl.points] == ["march.json", "june.json", "This screening"]
    assert [p.level_id for p in tl.points] == [
        first.assessment.level,
        second.assessment.level,
        current.level,
    ]
    assert tl.points[0].new_signs == () and tl.points[0].gone_signs == ()
    june = tl.points[1]
    assert any("missing overnight" in s.text for s in june.new_signs)
    assert [s.key for s in june.gone_signs] == ["late_out=Yes"]
    now = tl.points[2]
    assert now.current and not now.rescored
    assert [s.key for s in now.new_signs] == ["hotspots=Yes"]
    assert any(s.key.startswith("returned_unexplained") for s in now.gone_signs)
    assert tl.changed
    assert not any(p.rescored for p in tl.points)


def test_record_from_older_rules_is_rescored_and_labelled(catalog, dsl, older_dsl):
    old = record_of(older_dsl, {"age": 15, "hotspots": "yes", "late_out": "yes"}, MARCH)
    item = earlier(catalog.rule_sets, old, "march.json")
    assert item.outdated

    tl = build_timeline([item], catalog.rule_sets, "dsl")
    (point,) = tl.points
    assert point.rescored
    assert "version 0.9.0" in point.rules_label
    assert point.recorded_level_title == old.assessment.level_info.title
    # Re-scored with the current weights (hotspots 1, not 5), not the old score.
    expected = assess(dsl, old.assessment.answers)
    assert point.score == expected.score < old.assessment.score
    assert point.level_id == expected.level


def test_rescore_keeps_the_practitioners_judgement_and_lists_answers_that_no_longer_fit(
    catalog, dsl, older_dsl
):
    old = record_of(
        older_dsl, {"age": 15}, MARCH, override={"level": "high", "reason": "Intelligence from police"}
    )
    raw = old.model_dump(mode="json")
    raw["assessment"]["answers"]["question_since_removed"] = "yes"
    item = read_earlier(json.dumps(raw), catalog.rule_sets, "march.json")
    (point,) = build_timeline([item], catalog.rule_sets, "dsl").points
    assert point.level_id == "high" and point.overridden
    assert point.answers_left_out == ("question_since_removed",)


def test_records_of_another_form_are_listed_not_compared(catalog, dsl, pharmacy):
    school = record_of(dsl, {"age": 15}, MARCH)
    chemist = record_of(pharmacy, {}, JUNE)
    items = [
        earlier(catalog.rule_sets, school, "school.json"),
        earlier(catalog.rule_sets, chemist, "ehc.json"),
    ]
    tl = build_timeline(items, catalog.rule_sets, "dsl")
    assert [p.label for p in tl.points] == ["school.json"]
    assert tl.other_forms == ("ehc.json",)


def test_same_record_twice_counts_once_and_latest_is_newest(catalog, dsl):
    a = earlier(catalog.rule_sets, record_of(dsl, {"age": 15}, JUNE), "a.json")
    b = earlier(catalog.rule_sets, record_of(dsl, {"age": 15}, MARCH), "b.json")
    tl = build_timeline([a, a, b], catalog.rule_sets, "dsl")
    assert len(tl.points) == 2
    assert latest([b, a]) is a
    assert latest([]) is None


def test_bad_upload_is_refused_with_a_message(catalog):
    with pytest.raises(RecordError, match="not valid JSON"):
        read_earlier(b"{not json", catalog.rule_sets, "broken.json")


def test_prefill_carries_answers_not_the_judgement_nor_danger_now(catalog, dsl):
    old = record_of(
        dsl, {"age": 15, "late_out": "yes"}, MARCH, override={"level": "high", "reason": "x" * 12}
    )
    assert old.assessment.answers["immediate_danger"] == "no"
    answers, lost = prefill(dsl, old)
    assert "immediate_danger" not in answers  # asked afresh every time
    assert answers == {k: v for k, v in old.assessment.answers.items() if k != "immediate_danger"}
    assert lost == ()


LEVEL_ANSWERS = st.fixed_dictionaries(
    {
        "age": st.integers(min_value=10, max_value=17),
        "late_out": st.sampled_from(["yes", "no"]),
        "missing_overnight": st.sampled_from(["yes", "no"]),
        "hotspots": st.sampled_from(["yes", "no"]),
        "cars_unknown_adults": st.sampled_from(["yes", "no"]),
    }
)


@settings(max_examples=25, deadline=None)
@given(st.lists(LEVEL_ANSWERS, min_size=1, max_size=4))
def test_new_and_gone_signs_replay_to_each_screening(catalog, dsl, answer_sets):
    """Invariant: starting from the first screening's signs and applying each step's new and gone
    signs gives exactly the next screening's signs; the level is the record's own."""
    items = [
        Earlier(record_of(dsl, answers, MARCH + dt.timedelta(days=90 * i)), f"{i}.json", False)
        for i, answers in enumerate(answer_sets)
    ]
    tl = build_timeline(items, catalog.rule_sets, "dsl")
    signs = {s.key for s in tl.points[0].signs}
    for point, item in zip(tl.points, items, strict=True):
        signs = (signs - {s.key for s in point.gone_signs}) | {s.key for s in point.new_signs}
        assert signs == {s.key for s in point.signs}
        assert point.level_id == item.record.assessment.level


def _ticks(figure) -> list[str]:
    return list(figure.layout.xaxis.ticktext or ())


def test_the_level_chart_writes_each_screenings_date_once(catalog, dsl):
    """One screening was drawn over "Dec 2026" four times: a few screenings are marked with their dates,
    written as everywhere else; many leave Plotly the ticks, a month or a day apart, never the same twice."""
    from decision_tool.ui.history_views import timeline_figure

    one = earlier(catalog.rule_sets, record_of(dsl, {"age": 15, "late_out": "yes"}, SEPTEMBER), "a.json")
    assert _ticks(timeline_figure(build_timeline([one], catalog.rule_sets, "dsl"))) == ["14 September 2026"]
    three = [
        earlier(catalog.rule_sets, record_of(dsl, {"age": 15, "late_out": "yes"}, when), f"{i}.json")
        for i, when in enumerate((MARCH, JUNE, JUNE + dt.timedelta(hours=2)))
    ]
    tl = build_timeline(three, catalog.rule_sets, "dsl")
    assert _ticks(timeline_figure(tl)) == ["2 March 2026", "8 June 2026"]
    many = [
        earlier(
            catalog.rule_sets, record_of(dsl, {"age": 15}, MARCH + dt.timedelta(days=40 * i)), f"{i}.json"
        )
        for i in range(6)
    ]
    axis = timeline_figure(build_timeline(many, catalog.rule_sets, "dsl")).layout.xaxis
    assert not axis.ticktext and {s.value for s in axis.tickformatstops} == {"%-d %B %Y", "%B %Y"}

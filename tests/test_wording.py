"""wording/: one condition describer with two vocabularies, and the keyed catalogue behind every sentence."""

from __future__ import annotations

from decision_tool.rules.conditions import Condition
from decision_tool.wording.conditions import describe_ids, describe_plain
from decision_tool.wording.messages import band_range


def _flag(rules, flag_id):
    return next(f.when for f in rules.red_flags if f.id == flag_id)


def test_one_condition_by_ids_for_maintainers_and_in_plain_words_for_practitioners(dsl):
    when = _flag(dsl, "under_13_sexual_activity")
    assert describe_ids(when) == "age < 13 and sexual_activity is yes"
    assert describe_plain(when, dsl) == (
        'How old is the child: under 13, and Is the child known or believed to be sexually active: "Yes"'
    )


def test_a_recency_question_reads_as_any_time_in_the_lookback_window(dsl):
    when = _flag(dsl, "cars_unknown_adults")
    assert describe_ids(when) == "cars_unknown_adults is one of yes, earlier, both"
    assert describe_plain(when, dsl).endswith(": yes, at any time in the last 12 months")


def test_nested_groups_are_bracketed_and_any_inside_any_reads_as_one_list(dsl):
    inner = Condition.model_validate({"any": [{"question": "age", "lt": 13}, {"question": "age", "gte": 16}]})
    nested = Condition.model_validate(
        {
            "all": [
                {"question": "hotspots", "equals": "yes"},
                {"any": [inner, {"question": "age", "equals": 14}]},
            ]
        }
    )
    assert describe_ids(nested) == "hotspots is yes and ((age < 13 or age ≥ 16) or age is 14)"
    assert describe_plain(nested, dsl).endswith(
        '(any of: How old is the child: under 13; How old is the child: 16 or more; How old is the child: "14")'
    )
    negated = Condition.model_validate({"not": {"question": "age", "answered": True}})
    assert describe_ids(negated) == "not (age is answered)"
    assert describe_plain(negated, dsl) == "not (How old is the child: answered)"


def test_band_ranges():
    assert (band_range(6, 10), band_range(16, None)) == ("6 to 10", "16 or more")
    assert (band_range(6, 10, short=True), band_range(16, None, short=True)) == ("6-10", "16+")


def test_the_page_and_the_record_list_the_same_bands_in_their_own_lengths(dsl):
    from decision_tool.screening.engine import assess, complete_answers
    from decision_tool.wording.results import bands_text

    levels = assess(dsl, complete_answers(dsl, {"age": 15})).thresholds
    banded = [lv for lv in levels if lv.band_from is not None]
    page, record = bands_text(levels), bands_text(levels, short=True)
    assert page.split("; ")[0] == f"{banded[0].title}: {banded[0].band_from} to {banded[0].band_to}"
    assert record.split("; ")[-1] == f"{banded[-1].title} {banded[-1].band_from}+"
    assert len(page.split("; ")) == len(record.split("; ")) == len(banded)


def test_the_urgency_goes_unsaid_only_when_the_title_says_it():
    from decision_tool.screening.result import RecommendedAction
    from decision_tool.wording.results import when_words

    today = RecommendedAction("a", "Refer to children's social care today", "Phone.", "today", ())
    week = RecommendedAction("b", "Gather more information", "Ask.", "within_a_week", ())
    assert (when_words(today), when_words(week)) == ("", "Within a week")


def test_the_low_result_line_is_said_once_whether_or_not_the_level_says_it(dsl):
    import dataclasses

    from decision_tool.screening.engine import assess, complete_answers
    from decision_tool.wording.results import needs_low_result_line

    low = assess(dsl, complete_answers(dsl, {"age": 15}))
    assert low.low_result and "does not mean no action" in low.level_info.summary
    assert not needs_low_result_line(low)
    bare = dataclasses.replace(low, level_info=dataclasses.replace(low.level_info, summary="Keep watching."))
    assert needs_low_result_line(bare)
    assert not needs_low_result_line(dataclasses.replace(bare, low_result=False))

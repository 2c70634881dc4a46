"""The engine: answers checked, hidden answers dropped, red flags win, judgement recorded."""

from __future__ import annotations

import pytest

from decision_tool.errors import AnswersError
from decision_tool.screening.engine import assess, complete_answers, emergency_flags
from decision_tool.screening.result import Override


def test_score_band_and_contributions(mini):
    result = assess(mini, {"age_band": "teen", "danger": "no", "gifts": "yes", "late": "no"})
    assert (result.score, result.level, result.tool_level) == (5, "high", "high")
    assert [(c.question_id, c.points) for c in result.contributions] == [("gifts", 5)]
    assert {c.id: c.points for c in result.category_scores} == {"signs": 5, "context": 0}
    assert result.actions[0].id == "refer"
    assert result.reasons[0].code == "band" and result.reasons[0].values["score"] == 5


def test_red_flag_sets_a_minimum_no_score_can_lower(mini):
    result = assess(mini, {"age_band": "under_13", "danger": "no", "gifts": "no", "late": "no"})
    assert result.score == 0
    assert result.band_level == "low"
    assert result.level == "high"
    assert [f.id for f in result.red_flags] == ["young"]


def test_immediate_danger_leads_to_999_whatever_else(mini):
    result = assess(mini, {"danger": "yes", "gifts": "yes", "late": "yes", "late_often": "yes"})
    assert result.level == "immediate"
    assert result.actions[0].id == "call_999"
    assert emergency_flags(mini, {"danger": "yes"})[0].id == "danger"
    assert emergency_flags(mini, {"danger": "no"}) == []


def test_answers_to_hidden_questions_are_dropped_and_named(mini):
    result = assess(
        mini, {"late": "no", "late_often": "yes", "gifts": "no", "danger": "no", "age_band": "teen"}
    )
    assert result.score == 0
    assert result.dropped_answers == ("late_often",)
    assert "late_often" not in result.answers
    assert any(r.code == "not_counted" and r.values["questions"] == ["late_often"] for r in result.reasons)


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"nope": "yes"}, "there is no question 'nope'"),
        ({"lat": "yes"}, "did you mean 'late'?"),
        ({"gifts": "maybe"}, "'maybe' is not an answer"),
        ({"age_band": "adult"}, "use one of: under_13, teen, not_sure"),
        ({"count": 99}, "99 is out of range"),
        ({"count": "three"}, "expected a whole number"),
        ({"notes": 4}, "expected text"),
    ],
)
def test_answers_that_do_not_fit_are_refused_clearly(mini, answers, fragment):
    with pytest.raises(AnswersError) as info:
        assess(mini, answers)
    assert fragment in str(info.value)


def test_every_bad_answer_is_listed(mini):
    with pytest.raises(AnswersError) as info:
        assess(mini, {"nope": 1, "gifts": "maybe", "count": -1})
    assert len(info.value.problems) == 3


def test_yaml_booleans_are_read_as_yes_and_no(mini):
    assert assess(mini, {"gifts": True}).score == 5
    assert assess(mini, {"gifts": False}).score == 0


def test_override_keeps_both_results_and_needs_a_reason(mini):
    answers = {"age_band": "teen", "danger": "no", "gifts": "no", "late": "yes", "late_often": "no"}
    with pytest.raises(AnswersError, match="needs a written reason"):
        assess(mini, answers, override={"level": "high", "reason": "  "})
    result = assess(
        mini, answers, override=Override(level="high", reason="Known to police, seen with adults")
    )
    assert (result.tool_level, result.level) == ("low", "high")
    assert result.override and result.override.reason.startswith("Known")
    assert result.actions[0].id == "refer"
    judgement = result.reasons[-1]
    assert judgement.code == "judgement"
    assert (judgement.values["level"], judgement.values["tool_level"]) == ("high", "low")


def test_override_below_a_red_flag_keeps_the_red_flag_actions(mini):
    result = assess(
        mini, {"danger": "yes"}, override={"level": "low", "reason": "Caller was a trainer testing"}
    )
    assert result.level == "low" and result.tool_level == "immediate"
    assert result.below_red_flag
    assert "call_999" in [a.id for a in result.actions]


def test_unknown_override_level_is_refused(mini):
    with pytest.raises(AnswersError, match="unknown level 'medium'"):
        assess(mini, {}, override={"level": "medium", "reason": "a long enough reason"})


def test_many_not_sure_answers_flag_insufficient_information(mini):
    result = assess(mini, {"age_band": "not_sure", "danger": "no", "gifts": "not_sure", "late": "no"})
    assert result.insufficient_information
    assert result.low_result  # and the views say "a low result does not mean no action"
    assert set(result.not_sure) == {"age_band", "gifts"}


def test_actions_come_most_urgent_first(dsl, catalog):
    result = assess(
        dsl,
        complete_answers(dsl, {"age": 15, "disclosure": "yes", "immediate_danger": "yes"}),
        contacts=catalog.directory("somerset"),
    )
    urgencies = [a.urgency for a in result.actions]
    order = ["immediate", "today", "within_24_hours", "within_a_week", "routine"]
    assert urgencies == sorted(urgencies, key=order.index)
    mash = next(a for a in result.actions if a.id == "mash_referral")
    assert mash.contacts[0].phone == "0300 123 2224"


def test_learning_disability_is_never_low(dsl):
    result = assess(dsl, complete_answers(dsl, {"age": 16, "vulnerabilities": ["learning_disability"]}))
    assert result.score == 1 and result.level == "emerging"


def test_rules_version_is_on_every_assessment(dsl):
    result = assess(dsl, {})
    assert result.rules_version.version == dsl.version
    assert result.rules_version.sha256 == dsl.fingerprint and len(dsl.fingerprint) == 64


def test_a_sign_is_present_for_yes_or_an_answer_that_scores(dsl):
    from decision_tool.screening.engine import sign_present

    q = dsl.question_index
    assert sign_present(q["hotspots"], "yes") and not sign_present(q["hotspots"], "no")
    assert sign_present(q["cars_unknown_adults"], "earlier")
    assert not sign_present(q["cars_unknown_adults"], "not_sure")
    assert sign_present(q["vulnerabilities"], ["learning_disability"])
    assert not sign_present(q["vulnerabilities"], [])

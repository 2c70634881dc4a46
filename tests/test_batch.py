"""The batch re-score gives, set for set, what ``assess`` gives one call at a time (Hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_tool.errors import AnswersError
from decision_tool.rules.schema import RuleSet
from decision_tool.screening.batch import Rescored, Unfit, rescore
from decision_tool.screening.engine import assess
from decision_tool.screening.scenarios import scenario_answers

from .test_engine_equivalence import CATALOG, SETTINGS, WRONG, answer_sets


def _expected(rules: RuleSet, answers: dict[str, Any]) -> Rescored | Unfit:
    try:
        a = assess(rules, answers)
    except AnswersError as exc:
        return Unfit(tuple(exc.problems))
    return Rescored(
        level=a.level,
        level_title=a.level_info.title,
        band_level=a.band_level,
        score=a.score,
        red_flags=tuple(f.id for f in a.red_flags),
        actions=tuple(x.id for x in a.actions),
        contributions=a.contributions,
        insufficient_information=a.insufficient_information,
    )


@st.composite
def batches(draw: Any) -> tuple[RuleSet, list[dict[str, Any]]]:
    rules = CATALOG.rule_sets[draw(st.sampled_from(sorted(CATALOG.rule_sets)))]
    sets = draw(st.lists(answer_sets(rules, raw=draw(st.booleans())), min_size=1, max_size=6))
    ids = [q.id for q in rules.questions] + ["no_such_question"]
    for answers in sets:
        if draw(st.integers(0, 3)) == 0:  # now and then a set the rules refuse
            answers[draw(st.sampled_from(ids))] = draw(WRONG)
    return rules, sets


@SETTINGS
@given(batches())
def test_the_batch_gives_what_assess_gives_set_for_set(case):
    rules, sets = case
    assert rescore(rules, sets) == [_expected(rules, answers) for answers in sets]


@pytest.mark.parametrize("rules_id", sorted(CATALOG.rule_sets))
def test_every_scenario_rescored_in_one_batch_keeps_its_expected_outcome(rules_id):
    form = CATALOG.rule_sets[rules_id]
    for locality in dict.fromkeys(s.locality for s in CATALOG.scenarios if s.rules == rules_id):
        rules = CATALOG.rules_for(rules_id, locality)  # each scenario with its locality's own settings
        scenarios = [s for s in CATALOG.scenarios if s.rules == rules_id and s.locality == locality]
        results = rescore(rules, [scenario_answers(s, form) for s in scenarios])
        for scenario, result in zip(scenarios, results, strict=True):
            assert isinstance(result, Rescored)
            assert (result.level, result.first_action) == (
                scenario.expect.level,
                scenario.expect.first_action,
            )


def test_a_set_that_no_longer_fits_is_reported_and_the_rest_still_scored(dsl):
    results = rescore(dsl, [{"age": 14, "immediate_danger": "yes"}, {"no_such_question": "yes"}, {}])
    assert isinstance(results[0], Rescored) and results[0].first_action == "call_999"
    assert isinstance(results[1], Unfit) and results[1].problems[0].path == "no_such_question"
    assert isinstance(results[2], Rescored)

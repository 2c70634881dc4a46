"""Invariants over every valid answer set (Hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tool import load_catalog
from decision_tool.records.record import Record, make_record, read_record, record_json
from decision_tool.rules.schema import RuleSet
from decision_tool.screening.engine import assess, visible_answers

from .conftest import RULES_DIR

CATALOG = load_catalog(RULES_DIR)
RULE_SETS = list(CATALOG.rule_sets.values())


def answer_strategy(rules: RuleSet) -> st.SearchStrategy[dict[str, Any]]:
    per_question = {}
    for q in rules.questions:
        if q.kind in ("yes_no", "single"):
            per_question[q.id] = st.sampled_from([o.id for o in q.choices])
        elif q.kind == "multi":
            per_question[q.id] = st.lists(st.sampled_from([o.id for o in q.choices]), unique=True)
        elif q.kind == "number":
            per_question[q.id] = st.integers(min_value=q.min or 0, max_value=q.max or 120)
        else:
            per_question[q.id] = st.text(max_size=20)
    return st.fixed_dictionaries({}, optional=per_question)


def rules_and_answers() -> st.SearchStrategy[tuple[RuleSet, dict[str, Any]]]:
    return st.sampled_from(RULE_SETS).flatmap(lambda r: st.tuples(st.just(r), answer_strategy(r)))


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rules_and_answers(), st.data())
def test_a_yes_on_a_positive_indicator_never_lowers_the_level(pair, data):
    rules, answers = pair
    candidates = [q.id for q in rules.questions if q.kind == "yes_no" and (q.weight or 0) > 0]
    qid = data.draw(st.sampled_from(candidates))
    without = assess(rules, {**answers, qid: "no"})
    with_yes = assess(rules, {**answers, qid: "yes"})
    assert rules.level_rank[with_yes.level] >= rules.level_rank[without.level]
    assert with_yes.score >= without.score


@SETTINGS
@given(rules_and_answers())
def test_every_fired_red_flag_minimum_is_met(pair):
    rules, answers = pair
    result = assess(rules, answers)
    for flag in result.red_flags:
        assert rules.level_rank[result.level] >= rules.level_rank[flag.min_level]


@SETTINGS
@given(rules_and_answers())
def test_hidden_questions_never_score(pair):
    rules, answers = pair
    result = assess(rules, answers)
    kept, _, dropped = visible_answers(rules, answers)
    assert all(c.question_id in kept for c in result.contributions)
    assert not set(dropped) & set(result.answers)
    only_visible = assess(rules, {k: v for k, v in answers.items() if k not in dropped})
    assert only_visible.score == result.score


@SETTINGS
@given(rules_and_answers())
def test_each_answer_set_gets_exactly_one_level(pair):
    rules, answers = pair
    result = assess(rules, answers)
    banded = [lv.id for lv in rules.levels if lv.band is not None and lv.band.contains(result.score)]
    assert banded == [result.band_level]
    assert result.level in rules.level_rank
    assert result.level == max(
        [result.band_level, *(f.min_level for f in result.red_flags)], key=rules.level_rank.get
    )


@SETTINGS
@given(rules_and_answers())
def test_record_export_then_import_is_lossless(pair):
    rules, answers = pair
    import datetime as dt

    record = make_record(
        assess(rules, answers, contacts=CATALOG.directory("somerset")), dt.datetime(2026, 1, 2, 3, 4)
    )
    again = read_record(record_json(record).encode(), CATALOG.rule_sets)
    assert again == record
    assert isinstance(again, Record)


@pytest.mark.parametrize("rules", RULE_SETS, ids=lambda r: r.id)
def test_a_low_result_is_never_worded_as_no_concern(rules):
    for level in rules.levels:
        text = f"{level.title} {level.summary}".lower()
        assert "no concern" not in text
    low = rules.levels[0]
    assert "does not mean no action" in low.summary


@SETTINGS
@given(rules_and_answers())
def test_compiled_conditions_agree_with_the_reference_evaluator(pair):
    from decision_tool.rules.conditions import evaluate
    from decision_tool.screening.plan import KIND_CODE, compile_condition

    rules, answers = pair
    kinds = {q.id: KIND_CODE[q.kind] for q in rules.questions}  # answers here fit their questions
    conditions = [q.show_if for q in rules.questions if q.show_if] + [f.when for f in rules.red_flags]
    for condition in conditions:
        expected = evaluate(condition, answers)
        assert compile_condition(condition)(answers) == expected
        assert compile_condition(condition, kinds)(answers) == expected

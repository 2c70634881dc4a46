"""The compiled, fast ``assess`` gives exactly what the packaged specification gives (Hypothesis).

``decision_tool.screening.reference.reference_assess`` is the plain reading of the rules. Every field of
the two results must match, for random answer sets on every default form, given in canonical form or as
a user or file might give them (true/false, "not sure", repeats, out-of-order choices, whole-number
floats, padded text), and for answer sets with mistakes, which both must refuse with the same problems.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tool import load_catalog
from decision_tool.errors import AnswersError
from decision_tool.rules.schema import NOT_SURE, Directory, RuleSet
from decision_tool.screening.engine import assess
from decision_tool.screening.reference import reference_assess
from decision_tool.screening.result import Assessment

from .conftest import RULES_DIR

CATALOG = load_catalog(RULES_DIR)
RULE_SETS = list(CATALOG.rule_sets.values())
DIRECTORIES: list[Directory | None] = [None, *(CATALOG.directory(loc) for loc in CATALOG.localities)]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _as_given(q: Any, value: Any, draw: Any) -> Any:
    """A valid answer as a person or an answer file might write it, not only in canonical form."""
    if q.kind == "yes_no" and value in ("yes", "no") and draw(st.booleans()):
        return value == "yes"
    if q.kind in ("yes_no", "single") and value == NOT_SURE and draw(st.booleans()):
        return "not sure"
    if q.kind == "multi" and value:
        spelled = draw(st.permutations(value))
        return spelled + draw(st.lists(st.sampled_from(value), max_size=2))
    if q.kind == "number" and draw(st.booleans()):
        return float(value)
    if q.kind == "text" and draw(st.booleans()):
        return f"  {value}\n"
    return value


@st.composite
def answer_sets(draw: Any, rules: RuleSet, raw: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for q in rules.questions:
        if not draw(st.integers(0, 3)):  # about a quarter left unanswered
            continue
        ids = [o.id for o in q.choices]
        value: Any
        if q.kind in ("yes_no", "single"):
            # mostly "no", as on a real form, so that every level and red flag still comes up
            value = draw(st.sampled_from(["no"] * 3 + ids) if "no" in ids else st.sampled_from(ids))
        elif q.kind == "multi":
            value = draw(
                st.lists(st.sampled_from(ids), unique=True).map(lambda v, ids=ids: sorted(v, key=ids.index))
            )
        elif q.kind == "number":
            low = int(q.min) if q.min is not None else -1000
            high = int(q.max) if q.max is not None else 1000
            value = draw(st.integers(low, high))
        else:
            value = draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(str.strip))
            value = value.strip()
        out[q.id] = _as_given(q, value, draw) if raw else value
    if raw and draw(st.booleans()):
        out[draw(st.sampled_from([q.id for q in rules.questions]))] = None  # None means unanswered
    return out


@st.composite
def cases(draw: Any, raw: bool) -> tuple[RuleSet, dict[str, Any], Directory | None, dict[str, str] | None]:
    rules = CATALOG.rule_sets[draw(st.sampled_from(sorted(CATALOG.rule_sets)))]
    answers = draw(answer_sets(rules, raw))
    contacts = draw(st.sampled_from(DIRECTORIES))
    override = None
    if draw(st.integers(0, 4)) == 0:
        level = draw(st.sampled_from([lv.id for lv in rules.levels]))
        override = {"level": level, "reason": "Known to the team; a fictional worked example."}
    return rules, answers, contacts, override


def _same(rules, answers, contacts, override) -> None:
    fast = assess(rules, answers, contacts=contacts, override=override)
    slow = reference_assess(rules, answers, contacts=contacts, override=override)
    assert fast == slow
    assert list(vars(fast)) == [f.name for f in dataclasses.fields(Assessment)]  # every field, in order
    assert list(fast.answers.items()) == list(slow.answers.items())  # same order in records too
    assert fast.to_json_dict() == slow.to_json_dict()


@SETTINGS
@given(cases(raw=False))
def test_assess_matches_the_reference_on_canonical_answers(case):
    _same(*case)


@SETTINGS
@given(cases(raw=True))
def test_assess_matches_the_reference_on_answers_as_given(case):
    _same(*case)


WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**7), 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["yes", "no", "not sure", NOT_SURE, "Yes", " yes", "", "   ", "x" * 2001]),
    st.lists(st.sampled_from(["yes", "no", "isolated", "looked_after", "", 3]), max_size=3),
    st.tuples(st.sampled_from(["isolated", "looked_after"])),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


@SETTINGS
@given(st.data())
def test_mistakes_are_refused_with_the_same_problems_or_scored_like_the_reference(data):
    rules = CATALOG.rule_sets[data.draw(st.sampled_from(sorted(CATALOG.rule_sets)))]
    answers = data.draw(answer_sets(rules, raw=True))
    ids = [q.id for q in rules.questions] + ["no_such_question", "Age", "agee"]
    for qid in data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3)):
        answers[qid] = data.draw(WRONG)
    try:
        expected = reference_assess(rules, answers)
    except AnswersError as refused:
        with pytest.raises(AnswersError) as caught:
            assess(rules, answers)
        assert caught.value.problems == refused.problems
        assert str(caught.value) == str(refused)
    else:  # the "mistakes" happened to be valid answers (or blanks)
        assert assess(rules, answers) == expected


@pytest.mark.parametrize("rules", RULE_SETS, ids=lambda r: r.id)
def test_every_worked_scenario_matches_the_reference(rules):
    from decision_tool.screening.scenarios import scenario_answers

    scenarios = [s for s in CATALOG.scenarios if s.rules == rules.id]
    assert scenarios
    for scenario in scenarios:
        answers = scenario_answers(scenario, rules)
        for contacts in DIRECTORIES:
            _same(rules, answers, contacts, None)

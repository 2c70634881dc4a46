"""The compiled, fast ``assess`` gives exactly what a plain reading of the rules gives (Hypothesis).

``reference_assess`` below walks the rule set's own models one step at a time (conditions through
``conditions.evaluate``, options through ``Question.option``), with no compiled plan, no precomputed
text and no caches. Every field of the two results must match, for random answer sets on every default
form, given in canonical form or as a user or file might give them (true/false, "not sure", repeats,
out-of-order choices, whole-number floats, padded text), and for answer sets with mistakes, which both
must refuse with the same problems.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tool import load_catalog
from decision_tool.errors import AnswersError
from decision_tool.rules.conditions import evaluate
from decision_tool.rules.schema import NOT_SURE, NUMBER_LIMIT, URGENCY_ORDER, Directory, RuleSet
from decision_tool.screening.engine import assess, check_override, normalise_answers
from decision_tool.screening.result import (
    Assessment,
    CategoryScore,
    Contribution,
    FiredRedFlag,
    LevelRef,
    RecommendedAction,
    RulesVersion,
)

from .conftest import RULES_DIR

CATALOG = load_catalog(RULES_DIR)
RULE_SETS = list(CATALOG.rule_sets.values())
DIRECTORIES: list[Directory | None] = [None, *(CATALOG.directory(loc) for loc in CATALOG.localities)]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reference_assess(
    rules: RuleSet,
    answers: Mapping[str, Any],
    *,
    contacts: Directory | None = None,
    override: Mapping[str, Any] | None = None,
) -> Assessment:
    """What the rules say, worked out the long way round."""
    # Answers already in accepted form are used as given (so a record's answers read back unchanged);
    # anything else is checked and put in canonical form, or refused.
    if _accepted(rules, answers):
        canonical = {qid: value for qid, value in answers.items() if value is not None}
    else:
        canonical = normalise_answers(rules, answers)
    chosen = check_override(rules, override)

    kept: dict[str, Any] = {}
    dropped: list[str] = []
    unknown: list[str] = []
    contributions: list[Contribution] = []
    scored_shown = max_score = 0
    for q in rules.questions:
        if q.show_if is not None and not evaluate(q.show_if, kept):
            if q.id in canonical:
                dropped.append(q.id)
            continue
        if q.id in canonical:
            kept[q.id] = canonical[q.id]
        if not q.scored:
            continue
        scored_shown += 1
        max_score += q.max_points
        value = kept.get(q.id)
        if value is None or value == NOT_SURE:
            unknown.append(q.id)
            continue
        picked = [o for o in q.choices if (o.id in value if q.kind == "multi" else o.id == value)]
        points = sum(o.weight for o in picked)
        if points:
            label = ", ".join(o.label for o in picked) or "None of these"
            contributions.append(Contribution(q.id, q.text, label, q.category or "", points))
    score = sum(c.points for c in contributions)

    rank = {lv.id: i for i, lv in enumerate(rules.levels)}
    band = next(lv.id for lv in rules.levels if lv.band is not None and lv.band.contains(score))
    flags = [f for f in rules.red_flags if evaluate(f.when, kept)]
    tool_level = max([band, *(f.min_level for f in flags)], key=rank.__getitem__)
    final = chosen.level if chosen else tool_level
    emergency = rules.level(tool_level).emergency or rules.level(final).emergency
    share = len(unknown) / scored_shown if scored_shown else 0.0
    insufficient = (
        not emergency and scored_shown > 0 and share >= rules.insufficient_information.not_sure_fraction
    )

    wanted: list[str] = list(rules.level(final).actions)
    for f in flags:
        wanted += f.actions
    if insufficient:
        wanted += rules.insufficient_information.actions
    unique: list[str] = []
    for action_id in wanted:
        if action_id not in unique:
            unique.append(action_id)
    unique.sort(key=lambda a: URGENCY_ORDER.index(rules.action(a).urgency))
    actions = []
    for action_id in unique:
        a = rules.action(action_id)
        found = [contacts.get(c) for c in a.contacts] if contacts else []
        people = tuple(c for c in found if c is not None)
        actions.append(RecommendedAction(a.id, a.title, a.do, a.urgency, people))

    fired = tuple(
        FiredRedFlag(
            f.id,
            f.reason,
            f.min_level,
            f.actions,
            rules.level(f.min_level).emergency,
            rules.source(f.source).title,
        )
        for f in flags
    )

    def ref(level_id: str) -> LevelRef:
        lv = rules.level(level_id)
        return LevelRef(
            lv.id,
            lv.title,
            lv.summary,
            rank[lv.id],
            lv.band.from_ if lv.band else None,
            lv.band.to if lv.band else None,
            lv.emergency,
        )

    def title(level_id: str) -> str:
        return rules.level(level_id).title

    band_info = rules.level(band).band
    assert band_info is not None
    reasons = [f"Score {score} is in the band for '{title(band)}' ({band_info.describe()}; a local setting)."]
    reasons += [f"+{c.points}: {c.question} — {c.answer}" for c in contributions]
    reasons += [
        f"Red flag: {f.reason} (rule '{f.id}' sets at least '{title(f.min_level)}'; source: {f.source})"
        for f in fired
    ]
    if tool_level != band:
        reasons.append(f"Red flags raise the outcome above the score band, to '{title(tool_level)}'.")
    if dropped:
        reasons.append("Not counted (question no longer asked): " + ", ".join(dropped))
    if insufficient:
        reasons.append("Many answers are 'not sure' or missing: the result may understate the concern.")
    if chosen:
        reasons.append(
            f"Practitioner's judgement: '{title(chosen.level)}' instead of '{title(tool_level)}'. "
            f"Reason: {chosen.reason}"
        )

    by_category = {c.id: 0 for c in rules.categories}
    for c in contributions:
        by_category[c.category] += c.points
    return Assessment(
        rules_version=RulesVersion(rules.id, rules.title, rules.version, rules.fingerprint),
        locality=contacts.locality_id if contacts else None,
        answers=kept,
        dropped_answers=tuple(dropped),
        score=score,
        max_score=max_score,
        category_scores=tuple(
            CategoryScore(c.id, c.title, c.kind, by_category[c.id]) for c in rules.categories
        ),
        contributions=tuple(contributions),
        red_flags=fired,
        band_level=band,
        tool_level=tool_level,
        level=final,
        level_info=ref(final),
        tool_level_info=ref(tool_level),
        override=chosen,
        below_red_flag=bool(chosen and flags and rank[final] < max(rank[f.min_level] for f in flags)),
        actions=tuple(actions),
        reasons=tuple(reasons),
        thresholds=tuple(ref(lv.id) for lv in rules.levels),
        insufficient_information=insufficient,
        not_sure=tuple(unknown),
        low_result=final == rules.levels[0].id,
        review_days=rules.level(final).review_days,
        recency_months=rules.recency.current_months if rules.recency else None,
        recency_lookback_months=rules.recency.lookback_months if rules.recency else None,
    )


def _accepted(rules: RuleSet, answers: Mapping[str, Any]) -> bool:
    """Every answer is for a question of this form and already in the form the engine keeps: a choice
    offered (a multiple choice's in any order, without repeats), a whole number (int) in range, or
    trimmed, non-empty text no longer than the text boxes hold. None stands for no answer (to any id)."""
    for qid, value in answers.items():
        if value is None:
            continue
        q = rules.question_index.get(qid) if isinstance(qid, str) else None
        if q is None:
            return False
        offered = [o.id for o in q.choices]
        if q.kind in ("yes_no", "single"):
            ok = type(value) is str and value in offered
        elif q.kind == "multi":
            ok = type(value) is list and all(type(v) is str and v in offered for v in value)
            ok = ok and len(set(value)) == len(value)
        elif q.kind == "number":
            low = q.min if q.min is not None else -NUMBER_LIMIT
            high = q.max if q.max is not None else NUMBER_LIMIT
            ok = type(value) is int and low <= value <= high
        else:
            ok = type(value) is str and value != "" and value.strip() == value and len(value) <= 2000
        if not ok:
            return False
    return True


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


def test_full_lookup_tables_stop_growing_and_results_stay_the_same(monkeypatch):
    from decision_tool.rules.loader import load_rules
    from decision_tool.screening import plan as plan_module
    from decision_tool.screening.scenarios import scenario_answers

    rules = load_rules(RULES_DIR / "dsl.yaml")  # its own plan, with empty tables
    monkeypatch.setattr(plan_module, "MAX_CACHED", 3)
    scenarios = [s for s in CATALOG.scenarios if s.rules == "dsl"]
    for scenario in scenarios + scenarios:  # the second time round, the tables are full
        answers = scenario_answers(scenario, rules)
        assert assess(rules, answers) == reference_assess(rules, answers)
    plan = plan_module.plan_of(rules)
    tables = (plan.fired_sets, plan.action_lists, plan.category_scores, plan.multi_scores, plan.action_tuples)
    for table in tables:
        assert len(table) == 3

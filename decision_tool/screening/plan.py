"""A rule set compiled once for scoring: every question, option and red flag as a small named record.

Built the first time a rule set is assessed and kept on the (frozen) rule set, so every session sharing
the cached rules shares one plan. What each answer scores is worked out here once (its contribution, or
none; whether it is 'not sure'), conditions become closures specialised by question kind, and the
levels, bands and actions become lookups. The plan holds no caches and never changes once built.
``reference.py`` is the specification: tests/test_engine_equivalence.py checks that ``assess`` gives,
field for field, what that plain reading of the rules gives.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..rules.conditions import Condition
from ..rules.schema import NOT_SURE, NUMBER_LIMIT, URGENCY_ORDER, Directory, Option, RuleSet
from .result import (
    CategoryScore,
    Contribution,
    FiredRedFlag,
    LevelRef,
    OtherForm,
    RecommendedAction,
    RulesVersion,
    rules_version_of,
)

Test = Callable[[Mapping[str, Any]], bool]
# What the engine has checked an answer to be, by the kind of its question: one option id (a choice), a
# list of option ids (a multiple choice), a whole number, or text.
CHOICE, MULTI, NUMBER, TEXT = "choice", "multi", "number", "text"
KIND_CODE = {"yes_no": CHOICE, "single": CHOICE, "multi": MULTI, "number": NUMBER, "text": TEXT}


def compile_condition(c: Condition, kinds: Mapping[str, str] | None = None) -> Test:
    """The condition as a closure; same meaning as ``conditions.evaluate``.

    With ``kinds`` (question id -> kind code), a test on a question of known kind is specialised for
    answers already checked by the engine (a choice is a str, a multiple choice a list of str, a number
    an int): the closures then skip the type checks ``evaluate`` makes. Without it, any answers will do.
    """
    if c.all_ is not None:
        return _all(tuple(compile_condition(x, kinds) for x in c.all_))
    if c.any_ is not None:
        # "this answer is one of these" tests are checked in one loop, without a call each
        pairs: dict[str, frozenset[Any]] = {}
        others = []
        for x in c.any_:
            simple = single_value_test(x, kinds)
            if simple is None:
                others.append(compile_condition(x, kinds))
            else:
                pairs[simple.question] = pairs.get(simple.question, frozenset()) | simple.values
        return _any(tuple(pairs.items()), tuple(others))
    if c.not_ is not None:
        inner = compile_condition(c.not_, kinds)
        return lambda a: not inner(a)
    assert c.question is not None  # guaranteed by the Condition validator
    qid: str = c.question
    kind = kinds.get(qid) if kinds is not None else None
    test = c.test
    if test == "answered":
        want = c.answered

        def answered(a: Mapping[str, Any]) -> bool:
            v = a.get(qid)
            return (v is not None and v != []) == want

        return answered
    if test in ("equals", "in"):
        simple = single_value_test(c, kinds)
        if simple is not None:
            allowed = simple.values
            return lambda a: a.get(qid) in allowed
        allowed = frozenset([c.equals] if test == "equals" else (c.in_ or ()))
        if kind == MULTI:
            return lambda a: not allowed.isdisjoint(a.get(qid) or ())

        def member(a: Mapping[str, Any]) -> bool:
            v = a.get(qid)
            if v is None:
                return False
            if isinstance(v, list):
                return any(x in allowed for x in v)
            return v in allowed

        return member
    bound = c.test_value(test)
    compare: Callable[[Any, Any], bool] = _COMPARE[test]
    if kind == NUMBER:  # an int, or None

        def number(a: Mapping[str, Any]) -> bool:
            v = a.get(qid)
            return v is not None and compare(v, bound)

        return number

    def numeric(a: Mapping[str, Any]) -> bool:
        v = a.get(qid)
        return isinstance(v, int | float) and not isinstance(v, bool) and compare(v, bound)

    return numeric


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
}


def _all(parts: tuple[Test, ...]) -> Test:
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        return lambda a: first(a) and second(a)

    def every(a: Mapping[str, Any]) -> bool:
        for p in parts:  # noqa: SIM110 (a plain loop: all() over a generator costs more per call)
            if not p(a):
                return False
        return True

    return every


def _any(pairs: tuple[tuple[str, frozenset[Any]], ...], others: tuple[Test, ...]) -> Test:
    if not pairs and len(others) == 1:
        return others[0]
    if len(pairs) == 1 and not others:
        qid, allowed = pairs[0]
        return lambda a: a.get(qid) in allowed

    def some(a: Mapping[str, Any]) -> bool:
        get = a.get
        for qid, allowed in pairs:
            if get(qid) in allowed:
                return True
        for p in others:  # noqa: SIM110 (a plain loop: any() over a generator costs more per call)
            if p(a):
                return True
        return False

    return some


class ValueTest(NamedTuple):
    """ "The answer to ``question`` is one of ``values``": decided by ``a.get(question) in values``."""

    question: str
    values: frozenset[Any]


def single_value_test(c: Condition, kinds: Mapping[str, str] | None) -> ValueTest | None:
    """An equals / in test on a question whose checked answer is one hashable value (a choice, a number
    or text), as a ValueTest (a missing answer is None, never among the values); None for any other
    condition."""
    if kinds is None or c.question is None or kinds.get(c.question) not in (CHOICE, NUMBER, TEXT):
        return None
    if c.equals is not None:
        return ValueTest(c.question, frozenset([c.equals]))
    if c.in_ is not None:
        return ValueTest(c.question, frozenset(c.in_))
    return None


@dataclass(frozen=True, slots=True)
class ChoiceAnswer:
    """What one answer to a choice question means for the score."""

    contribution: Contribution | None  # its points, or None when it adds none
    not_sure: bool  # the 'not sure' answer: counts towards "too little is known"


@dataclass(frozen=True, slots=True)
class QuestionPlan:
    id: str
    kind: str  # CHOICE, MULTI, NUMBER or TEXT
    show_if: Test | None  # None: always shown
    scored: bool
    max_points: int
    choices: Mapping[str, ChoiceAnswer]  # a choice: option id -> what it means (empty otherwise)
    options: Mapping[str, Option]  # a multiple choice: its options in order (empty otherwise)
    low: float  # a number's range
    high: float
    category: str
    text: str

    def multi_contribution(self, ticked: list[str]) -> Contribution | None:
        """A multiple choice's points for the options ticked (already checked to be its options)."""
        points = sum(self.options[v].weight for v in ticked)
        if not points:
            return None
        label = ", ".join(o.label for oid, o in self.options.items() if oid in ticked) or "None of these"
        return Contribution(self.id, self.text, label, self.category, points)


@dataclass(frozen=True, slots=True)
class FlagPlan:
    id: str
    when: Test
    min_level: str
    min_rank: int
    actions: tuple[str, ...]
    fired: FiredRedFlag  # what the result lists when it fires: shared, immutable


@dataclass(frozen=True, slots=True)
class OtherFormPlan:
    """An ``also_screen`` entry: when it holds, which of its questions' answers point to the other form."""

    form: str
    about: str
    when: Test
    leaves: tuple[tuple[str, Test], ...]  # (question text, the test on that question), in the rules' order

    def pointing(self, kept: Mapping[str, Any]) -> OtherForm | None:
        if not self.when(kept):
            return None
        signs = tuple(dict.fromkeys(text for text, test in self.leaves if test(kept)))
        return OtherForm(self.form, self.about, signs)


@dataclass(frozen=True, slots=True)
class Plan:
    questions: tuple[QuestionPlan, ...]  # in the form's order
    flags: tuple[FlagPlan, ...]  # in the rules' order
    rank: Mapping[str, int]  # level id -> rank, lowest first
    level_refs: Mapping[str, LevelRef]
    thresholds: tuple[LevelRef, ...]
    band_of: tuple[str, ...]  # score -> the level of its band, for every score up to the highest
    level_actions: Mapping[str, tuple[str, ...]]  # level id -> its action ids, as the rules list them
    urgency_rank: Mapping[str, int]  # action id -> position of its urgency in URGENCY_ORDER
    not_sure_fraction: float
    insufficient_actions: tuple[str, ...]
    review_days: Mapping[str, int | None]
    lowest: str  # the lowest level's id
    recency_months: int | None
    recency_lookback_months: int | None
    categories: tuple[CategoryScore, ...]  # one per category, 0 points, in the rules' order
    rules_version: RulesVersion
    also_screen: tuple[OtherFormPlan, ...] = ()

    def other_forms(self, kept: Mapping[str, Any]) -> tuple[OtherForm, ...]:
        """The other forms the answers kept point to, in the rules' order."""
        return tuple(o for p in self.also_screen if (o := p.pointing(kept)) is not None)

    def action_ids(self, level: str, flags: tuple[FlagPlan, ...], insufficient: bool) -> tuple[str, ...]:
        """The actions for the outcome, the red flags and too little information: most urgent first,
        and within an urgency in the order first mentioned (level, red flags, then information)."""
        wanted = [*self.level_actions[level]]
        for f in flags:
            wanted += f.actions
        if insufficient:
            wanted += self.insufficient_actions
        return tuple(sorted(dict.fromkeys(wanted), key=self.urgency_rank.__getitem__))

    def recommend(self, rules: RuleSet, action_id: str, contacts: Directory | None) -> RecommendedAction:
        """The action with its contacts from ``contacts`` (those the directory has)."""
        a = rules.action(action_id)
        found = [contacts.get(c) for c in a.contacts] if contacts else []
        return RecommendedAction(a.id, a.title, a.do, a.urgency, tuple(c for c in found if c is not None))


def plan_of(rules: RuleSet) -> Plan:
    """The rule set compiled for scoring; built once, shared by all sessions."""
    plan: Plan | None = rules._plan
    if plan is None:
        plan = rules._plan = compile_plan(rules)
    return plan


def compile_plan(rules: RuleSet) -> Plan:
    rank = dict(rules.level_rank)
    kinds = {q.id: KIND_CODE[q.kind] for q in rules.questions}
    questions = []
    for q in rules.questions:
        kind = kinds[q.id]
        choices: dict[str, ChoiceAnswer] = {}
        if kind == CHOICE:
            for o in q.choices:
                scores = bool(o.weight) and o.id != NOT_SURE
                made = Contribution(q.id, q.text, o.label, q.category or "", o.weight) if scores else None
                choices[o.id] = ChoiceAnswer(made, o.id == NOT_SURE)
        questions.append(
            QuestionPlan(
                id=q.id,
                kind=kind,
                show_if=compile_condition(q.show_if, kinds) if q.show_if is not None else None,
                scored=q.scored,
                max_points=q.max_points if q.scored else 0,
                choices=choices,
                options={o.id: o for o in q.choices} if kind == MULTI else {},
                low=q.min if q.min is not None else -NUMBER_LIMIT,
                high=q.max if q.max is not None else NUMBER_LIMIT,
                category=q.category or "",
                text=q.text,
            )
        )
    flags = tuple(
        FlagPlan(
            id=f.id,
            when=compile_condition(f.when, kinds),
            min_level=f.min_level,
            min_rank=rank[f.min_level],
            actions=f.actions,
            fired=FiredRedFlag(
                f.id,
                f.reason,
                f.min_level,
                f.actions,
                rules.level(f.min_level).emergency,
                rules.source(f.source).title,
            ),
        )
        for f in rules.red_flags
    )
    refs = {
        lv.id: LevelRef(
            id=lv.id,
            title=lv.title,
            summary=lv.summary,
            rank=rank[lv.id],
            band_from=lv.band.from_ if lv.band else None,
            band_to=lv.band.to if lv.band else None,
            emergency=lv.emergency,
        )
        for lv in rules.levels
    }
    highest = sum(q.max_points for q in rules.questions if q.scored)
    banded = [lv for lv in rules.levels if lv.band is not None]
    return Plan(
        questions=tuple(questions),
        flags=flags,
        rank=rank,
        level_refs=refs,
        thresholds=tuple(refs.values()),
        band_of=tuple(
            next(lv.id for lv in banded if lv.band is not None and lv.band.contains(score))
            for score in range(highest + 1)
        ),
        level_actions={lv.id: lv.actions for lv in rules.levels},
        urgency_rank={a.id: URGENCY_ORDER.index(a.urgency) for a in rules.actions},
        not_sure_fraction=rules.insufficient_information.not_sure_fraction,
        insufficient_actions=rules.insufficient_information.actions,
        review_days={lv.id: lv.review_days for lv in rules.levels},
        lowest=rules.levels[0].id,
        recency_months=rules.recency.current_months if rules.recency else None,
        recency_lookback_months=rules.recency.lookback_months if rules.recency else None,
        categories=tuple(CategoryScore(c.id, c.title, c.kind, 0) for c in rules.categories),
        rules_version=rules_version_of(rules),
        also_screen=tuple(
            OtherFormPlan(
                o.form,
                o.about,
                compile_condition(o.when, kinds),
                tuple(
                    (rules.question_index[qid].text, compile_condition(leaf, kinds))
                    for qid, leaf in o.when.questions()
                ),
            )
            for o in rules.also_screen
        ),
    )

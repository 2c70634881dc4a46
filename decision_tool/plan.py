"""A rule set compiled once into flat lookups and closures, so ``assess`` does little per call.

Built lazily the first time a rule set is assessed and kept on the (frozen) rule set, so every session
sharing the cached rules shares one plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import Condition
from .result import CategoryScore, LevelRef, RecommendedAction, RulesVersion
from .schema import NUMBER_LIMIT, URGENCY_ORDER, Directory, RuleSet

Test = Callable[[Mapping[str, Any]], bool]


def compile_condition(c: Condition) -> Test:
    """The condition as a closure; same meaning as ``conditions.evaluate``."""
    if c.all_ is not None:
        parts = tuple(compile_condition(x) for x in c.all_)
        return lambda a: all(p(a) for p in parts)
    if c.any_ is not None:
        parts = tuple(compile_condition(x) for x in c.any_)
        return lambda a: any(p(a) for p in parts)
    if c.not_ is not None:
        inner = compile_condition(c.not_)
        return lambda a: not inner(a)
    assert c.question is not None  # guaranteed by the Condition validator
    qid: str = c.question
    test = c.test
    if test == "answered":
        want = c.answered

        def answered(a: Mapping[str, Any]) -> bool:
            v = a.get(qid)
            return (v is not None and v != []) == want

        return answered
    if test in ("equals", "in"):
        allowed = frozenset([c.equals] if test == "equals" else (c.in_ or ()))

        def member(a: Mapping[str, Any]) -> bool:
            v = a.get(qid)
            if v is None:
                return False
            if isinstance(v, list):
                return any(x in allowed for x in v)
            return v in allowed

        return member
    bound = c.test_value(test)
    compare: Callable[[float, float], bool] = {
        "lt": lambda v, b: v < b,
        "lte": lambda v, b: v <= b,
        "gt": lambda v, b: v > b,
        "gte": lambda v, b: v >= b,
    }[test]

    def numeric(a: Mapping[str, Any]) -> bool:
        v = a.get(qid)
        return isinstance(v, int | float) and not isinstance(v, bool) and compare(v, bound)

    return numeric


@dataclass(frozen=True, slots=True)
class FlagPlan:
    id: str
    when: Test
    min_level: str
    min_rank: int
    actions: tuple[str, ...]
    reason: str
    emergency: bool
    source: str  # the source's title


CHOICE, MULTI, NUMBER, TEXT = 0, 1, 2, 3
KIND_CODE = {"yes_no": CHOICE, "single": CHOICE, "multi": MULTI, "number": NUMBER, "text": TEXT}

# One flat tuple per question for the scoring loop (tuple unpacking beats attribute access there):
# (id, kind code, weights, labels, show_if, scored, category, max points, low, high, text)
Row = tuple[
    str, int, dict[str, int], dict[str, str], "Test | None", bool, "str | None", int, float, float, str
]


@dataclass(frozen=True, slots=True)
class Plan:
    rows: tuple[Row, ...]  # in question order
    flags: tuple[FlagPlan, ...]
    rank: dict[str, int]
    level_refs: dict[str, LevelRef]
    thresholds: tuple[LevelRef, ...]
    bands: tuple[tuple[int, int | None, str], ...]
    urgency_rank: dict[str, int]  # action id -> position in URGENCY_ORDER
    category_ids: tuple[str, ...]
    rules_version: RulesVersion
    zero_scores: tuple[CategoryScore, ...]  # one per category, 0 points: shared, immutable
    # (action id, locality id) -> (the directory it was built for, the action): filled lazily, bounded by
    # actions x localities; a different directory object for the same locality replaces the entry.
    recommended: dict[tuple[str, str | None], tuple[Directory | None, RecommendedAction]]

    def recommend(self, rules: RuleSet, action_id: str, contacts: Directory | None) -> RecommendedAction:
        """The action with its contacts; built once per action and contacts directory."""
        key = (action_id, contacts.locality_id if contacts else None)
        hit = self.recommended.get(key)
        if hit is not None and hit[0] is contacts:
            return hit[1]
        a = rules.action(action_id)
        found = [contacts.get(c) for c in a.contacts] if contacts else []
        made = RecommendedAction(
            id=a.id,
            title=a.title,
            do=a.do,
            urgency=a.urgency,
            contacts=tuple(c for c in found if c is not None),
        )
        self.recommended[key] = (contacts, made)
        return made


def compile_plan(rules: RuleSet) -> Plan:
    rank = dict(rules.level_rank)
    flags = tuple(
        FlagPlan(
            id=f.id,
            when=compile_condition(f.when),
            min_level=f.min_level,
            min_rank=rank[f.min_level],
            actions=f.actions,
            reason=f.reason,
            emergency=rules.level(f.min_level).emergency,
            source=rules.source(f.source).title,
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
    bands = tuple((lv.band.from_, lv.band.to, lv.id) for lv in rules.levels if lv.band is not None)
    return Plan(
        rows=tuple(
            (
                q.id,
                KIND_CODE[q.kind],
                {o.id: o.weight for o in q.choices},
                {o.id: o.label for o in q.choices},
                compile_condition(q.show_if) if q.show_if is not None else None,
                q.scored,
                q.category,
                q.max_points,
                q.min if q.min is not None else -NUMBER_LIMIT,
                q.max if q.max is not None else NUMBER_LIMIT,
                q.text,
            )
            for q in rules.questions
        ),
        flags=flags,
        rank=rank,
        level_refs=refs,
        thresholds=tuple(refs.values()),
        bands=bands,
        urgency_rank={a.id: URGENCY_ORDER.index(a.urgency) for a in rules.actions},
        category_ids=tuple(c.id for c in rules.categories),
        rules_version=RulesVersion(
            id=rules.id, title=rules.title, version=rules.version, sha256=rules.fingerprint
        ),
        zero_scores=tuple(
            CategoryScore(id=c.id, title=c.title, kind=c.kind, points=0) for c in rules.categories
        ),
        recommended={},
    )

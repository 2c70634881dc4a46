"""A rule set compiled once into flat lookups and closures, so ``assess`` does little per call.

Built lazily the first time a rule set is assessed and kept on the (frozen) rule set, so every session
sharing the cached rules shares one plan. What an answer means is worked out here once: for each option
of a choice, its points, its line in the reasons and the red flags that answer alone fires; conditions
become closures specialised by question kind; each set of red flags that fire together maps to their
reasons, actions and minimum level. The result objects kept here are immutable and shared.
``reference.py`` is the specification: tests/test_engine_equivalence.py checks that ``assess`` gives,
field for field, what that plain reading of the rules gives.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..rules.conditions import Condition
from ..rules.schema import NOT_SURE, NUMBER_LIMIT, URGENCY_ORDER, Directory, Question, RuleSet
from .result import CategoryScore, Contribution, FiredRedFlag, LevelRef, RecommendedAction, RulesVersion

Test = Callable[[Mapping[str, Any]], bool]
CHOICE, MULTI, NUMBER, TEXT = 0, 1, 2, 3
KIND_CODE = {"yes_no": CHOICE, "single": CHOICE, "multi": MULTI, "number": NUMBER, "text": TEXT}


def compile_condition(c: Condition, kinds: Mapping[str, int] | None = None) -> Test:
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
                pairs[simple[0]] = pairs.get(simple[0], frozenset()) | simple[1]
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
            allowed = simple[1]
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


def single_value_test(c: Condition, kinds: Mapping[str, int] | None) -> tuple[str, frozenset[Any]] | None:
    """(question, the values that pass) for an equals / in test on a question whose checked answer is
    one hashable value (a choice, a number or text), so that ``a.get(question) in values`` decides it
    (a missing answer is None, never among the values); None for any other condition."""
    if kinds is None or c.question is None or kinds.get(c.question) not in (CHOICE, NUMBER, TEXT):
        return None
    if c.equals is not None:
        return c.question, frozenset([c.equals])
    if c.in_ is not None:
        return c.question, frozenset(c.in_)
    return None


@dataclass(frozen=True, slots=True)
class FlagPlan:
    id: str
    when: Test
    min_level: str
    min_rank: int
    actions: tuple[str, ...]
    fired: FiredRedFlag  # what the result lists when it fires: shared, immutable
    explained: str  # its line in the result's reasons


# What a choice's table gives for an answer (None: not an answer to this question): NO_POINTS for an
# answer that adds nothing, NOT_KNOWN for a plain 'not sure', else (the contribution or None, its line
# in the reasons or None, the bits of the red flags that this answer alone fires, whether it is 'not
# sure'). Built once per option, so scoring an answer is one lookup.
NO_POINTS = False
NOT_KNOWN = True

# One flat tuple per question for the scoring loop (tuple unpacking beats attribute access there):
# (id, kind code, table, show_if, (max points, low, high, category, text)). The table is, for a choice,
# as above; for a multiple choice, option id -> (points, label) in option order; None for a number or
# text. The last part is needed less often.
Row = tuple[str, int, "dict[str, Any] | None", "Test | None", tuple[int, float, float, str, str]]


@dataclass(frozen=True, slots=True)
class FiredSet:
    """What a set of fired red flags adds to a result."""

    flags: tuple[FiredRedFlag, ...]
    explained: tuple[str, ...]  # their lines in the reasons
    actions: tuple[str, ...]  # the action ids they add, in order (repeats kept)
    top_rank: int  # the highest minimum level's rank; -1 for no flag
    top_level: str  # that level's id; "" for no flag


MAX_CACHED = 1024  # entries per lookup table filled as answers come (each entry is small)


@dataclass(frozen=True, slots=True)
class Plan:
    # The questions in order, as steps: (a run of choices always shown, as (id, table) pairs; then one
    # other question as a Row, or None after the last). The runs need the least work per answer.
    steps: tuple[tuple[tuple[tuple[str, dict[str, Any]], ...], Row | None], ...]
    scored_rows: int  # how many questions are scored ...
    max_total: int  # ... and their highest possible total, when none is hidden
    flags: tuple[FlagPlan, ...]
    # per red flag not fired from a choice's table: (question, values, None, bit) when "the answer is
    # one of these values" decides it, else ("", empty, the test, bit). The bits of the flags that fire
    # make a key to what they add to the result (see ``fired``).
    flag_checks: tuple[tuple[str, frozenset[Any], Test | None, int], ...]
    rank: dict[str, int]
    level_refs: dict[str, LevelRef]
    thresholds: tuple[LevelRef, ...]
    band_of: tuple[str, ...]  # score -> the level of its band, for every score up to max_total
    band_explained: dict[str, tuple[str, str]]  # band level -> the reason's text around the score
    raised_explained: dict[str, str]  # level -> "Red flags raise the outcome ... to '<level>'."
    level_actions: dict[str, tuple[str, ...]]  # level -> its action ids, most urgent first
    urgency_rank: dict[str, int]  # action id -> position in URGENCY_ORDER
    not_sure_fraction: float
    insufficient_actions: tuple[str, ...]
    review_days: dict[str, int | None]
    lowest: str  # the lowest level's id
    recency: tuple[int | None, int | None]  # (current, lookback) months, or (None, None)
    category_position: dict[str, int]  # category id -> its place in the result's category scores
    category_scores: dict[tuple[int, int], CategoryScore]  # (place, points) -> the score: bounded
    rules_version: RulesVersion
    zero_scores: tuple[CategoryScore, ...]  # one per category, 0 points: shared, immutable
    # (question, the options ticked, as given) -> (its contribution, its line in the reasons), or
    # (None, "") for no points: bounded
    multi_scores: dict[tuple[str, tuple[str, ...]], tuple[Contribution | None, str]]
    fired_sets: dict[int, FiredSet]  # the bits of the flags that fired -> what they add: bounded
    action_lists: dict[tuple[str, bool, int], tuple[str, ...]]  # (level, too little known, bits): bounded
    # (action id, locality id) -> (the directory it was built for, the action): filled lazily, bounded by
    # actions x localities; a different directory object for the same locality replaces the entry.
    recommended: dict[tuple[str, str | None], tuple[Directory | None, RecommendedAction]]
    # locality id -> (the directory, every action with its contacts): the same, one table per directory
    resolved: dict[str | None, tuple[Directory | None, dict[str, RecommendedAction]]]
    # (locality id, action ids) -> (the directory, those actions with its contacts): bounded
    action_tuples: dict[
        tuple[str | None, tuple[str, ...]], tuple[Directory | None, tuple[RecommendedAction, ...]]
    ]

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

    def category_score(self, place: int, points: int) -> CategoryScore:
        """The category at ``place`` with ``points``: built once, shared (it is immutable)."""
        zero = self.zero_scores[place]
        made = CategoryScore(zero.id, zero.title, zero.kind, points)
        if len(self.category_scores) < MAX_CACHED:
            self.category_scores[place, points] = made
        return made

    def score_multi(
        self, key: tuple[str, tuple[str, ...]], table: Any, more: tuple[int, float, float, str, str]
    ) -> tuple[Contribution | None, str]:
        """A multiple choice's contribution for the options ticked (checked already), built once."""
        qid, ticked = key
        points = sum(table[v][0] for v in ticked)
        made: tuple[Contribution | None, str] = (None, "")
        if points:
            label = ", ".join(table[v][1] for v in table if v in ticked) or "None of these"
            contribution = Contribution(qid, more[4], label, more[3], points)
            made = (contribution, explain_contribution(contribution))
        if len(self.multi_scores) < MAX_CACHED:
            self.multi_scores[key] = made
        return made

    def fired(self, bits: int) -> FiredSet:
        """What the red flags whose bits are set add to the result, in the rules' order."""
        hit = self.fired_sets.get(bits)
        if hit is not None:
            return hit
        flags = [f for i, f in enumerate(self.flags) if bits >> i & 1]
        top = max(flags, key=lambda f: f.min_rank, default=None)  # the first of the highest
        made = FiredSet(
            flags=tuple(f.fired for f in flags),
            explained=tuple(f.explained for f in flags),
            actions=tuple(a for f in flags for a in f.actions),
            top_rank=top.min_rank if top else -1,
            top_level=top.min_level if top else "",
        )
        if len(self.fired_sets) < MAX_CACHED:
            self.fired_sets[bits] = made
        return made

    def action_ids(self, level: str, insufficient: bool, fired: FiredSet, bits: int) -> tuple[str, ...]:
        """The actions for the outcome, the red flags and too little information: most urgent first,
        and within an urgency in the order first mentioned (level, red flags, then information)."""
        key = (level, insufficient, bits)
        hit = self.action_lists.get(key)
        if hit is not None:
            return hit
        wanted = (*self.level_actions[level], *fired.actions)
        if insufficient:
            wanted += self.insufficient_actions
        made = tuple(sorted(dict.fromkeys(wanted), key=self.urgency_rank.__getitem__))
        if len(self.action_lists) < MAX_CACHED:
            self.action_lists[key] = made
        return made

    def actions(
        self, rules: RuleSet, action_ids: tuple[str, ...], contacts: Directory | None
    ) -> tuple[RecommendedAction, ...]:
        """The actions, in this order, with their contacts from ``contacts``; built once per directory."""
        resolved = self.actions_for(rules, contacts)
        made = tuple([resolved[a] for a in action_ids])
        key = (contacts.locality_id if contacts else None, action_ids)
        if key in self.action_tuples or len(self.action_tuples) < MAX_CACHED:
            self.action_tuples[key] = (contacts, made)
        return made

    def actions_for(self, rules: RuleSet, contacts: Directory | None) -> dict[str, RecommendedAction]:
        """Every action of the rules with its contacts from ``contacts``; built once per directory."""
        locality = contacts.locality_id if contacts else None
        hit = self.resolved.get(locality)
        if hit is not None and hit[0] is contacts:
            return hit[1]
        table = {a.id: self.recommend(rules, a.id, contacts) for a in rules.actions}
        self.resolved[locality] = (contacts, table)
        return table


def _choice_table(q: Question, flag_bits: Mapping[str, int]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for o in q.choices:
        not_known = o.id == NOT_SURE
        bits = flag_bits.get(o.id, 0)
        made = None
        if o.weight and not not_known:
            assert q.category is not None  # a scored question has a category (checked on loading)
            made = Contribution(q.id, q.text, o.label, q.category, o.weight)
        if made is None and not bits:
            table[o.id] = NOT_KNOWN if not_known else NO_POINTS
        else:
            table[o.id] = (made, explain_contribution(made) if made else None, bits, not_known)
    return table


def _steps(rows: tuple[Row, ...]) -> tuple[tuple[tuple[tuple[str, dict[str, Any]], ...], Row | None], ...]:
    steps: list[tuple[tuple[tuple[str, dict[str, Any]], ...], Row | None]] = []
    run: list[tuple[str, dict[str, Any]]] = []
    for row in rows:
        qid, kind, table, show_if, _ = row
        if kind == CHOICE and show_if is None:
            assert table is not None
            run.append((qid, table))
        else:
            steps.append((tuple(run), row))
            run = []
    steps.append((tuple(run), None))
    return tuple(steps)


def explain_contribution(c: Contribution) -> str:
    return f"+{c.points}: {c.question} — {c.answer}"


def plan_of(rules: RuleSet) -> Plan:
    """The rule set compiled for fast scoring; built once, shared by all sessions."""
    plan: Plan | None = rules._plan
    if plan is None:
        plan = rules._plan = compile_plan(rules)
    return plan


def compile_plan(rules: RuleSet) -> Plan:
    rank = dict(rules.level_rank)
    kinds = {q.id: KIND_CODE[q.kind] for q in rules.questions}
    titles = {lv.id: lv.title for lv in rules.levels}
    flags = []
    for f in rules.red_flags:
        fired = FiredRedFlag(
            f.id,
            f.reason,
            f.min_level,
            f.actions,
            rules.level(f.min_level).emergency,
            rules.source(f.source).title,
        )
        flags.append(
            FlagPlan(
                id=f.id,
                when=compile_condition(f.when, kinds),
                min_level=f.min_level,
                min_rank=rank[f.min_level],
                actions=f.actions,
                fired=fired,
                explained=(
                    f"Red flag: {fired.reason} (rule '{fired.id}' sets at least '{titles[f.min_level]}'; "
                    f"source: {fired.source})"
                ),
            )
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
    # A red flag that is "this choice's answer is one of these" is fired from the choice's own table.
    folded: dict[str, dict[str, int]] = {}
    checks: list[tuple[str, frozenset[Any], Test | None, int]] = []
    # So is each "this choice's answer is one of these" in a red flag made of "any" of several tests;
    # the other tests of that "any" are checked after scoring.
    for i, (r, compiled) in enumerate(zip(rules.red_flags, flags, strict=True)):
        parts = r.when.any_ if r.when.any_ is not None else (r.when,)
        rest = []
        for part in parts:
            simple = single_value_test(part, kinds)
            if simple is not None and kinds[simple[0]] == CHOICE:
                for value in simple[1]:
                    by_value = folded.setdefault(simple[0], {})
                    by_value[value] = by_value.get(value, 0) | 1 << i
            else:
                rest.append(part)
        if not rest:
            continue
        simple = single_value_test(rest[0], kinds) if len(rest) == 1 else None
        if simple is not None:
            checks.append((*simple, None, 1 << i))
        elif len(rest) == len(parts):
            checks.append(("", frozenset(), compiled.when, 1 << i))
        else:
            checks.append(
                ("", frozenset(), _any((), tuple(compile_condition(p, kinds) for p in rest)), 1 << i)
            )
    rows = tuple(
        (
            q.id,
            KIND_CODE[q.kind],
            _choice_table(q, folded.get(q.id, {}))
            if KIND_CODE[q.kind] == CHOICE
            else {o.id: (o.weight, o.label) for o in q.choices}
            if q.kind == "multi"
            else None,
            compile_condition(q.show_if, kinds) if q.show_if is not None else None,
            (
                q.max_points if q.scored else 0,
                q.min if q.min is not None else -NUMBER_LIMIT,
                q.max if q.max is not None else NUMBER_LIMIT,
                q.category or "",
                q.text,
            ),
        )
        for q in rules.questions
    )
    max_total = sum(q.max_points for q in rules.questions if q.scored)
    urgency_rank = {a.id: URGENCY_ORDER.index(a.urgency) for a in rules.actions}
    return Plan(
        steps=_steps(rows),
        scored_rows=sum(1 for q in rules.questions if q.scored),
        max_total=max_total,
        flags=tuple(flags),
        flag_checks=tuple(checks),
        multi_scores={},
        fired_sets={},
        action_lists={},
        rank=rank,
        level_refs=refs,
        thresholds=tuple(refs.values()),
        band_of=tuple(
            next(lid for lo, hi, lid in bands if score >= lo and (hi is None or score <= hi))
            for score in range(max_total + 1)
        ),
        band_explained={
            lv.id: ("Score ", f" is in the band for '{lv.title}' ({lv.band.describe()}; a local setting).")
            for lv in rules.levels
            if lv.band is not None
        },
        raised_explained={
            lid: f"Red flags raise the outcome above the score band, to '{title}'."
            for lid, title in titles.items()
        },
        level_actions={
            lv.id: tuple(sorted(dict.fromkeys(lv.actions), key=urgency_rank.__getitem__))
            for lv in rules.levels
        },
        urgency_rank=urgency_rank,
        not_sure_fraction=rules.insufficient_information.not_sure_fraction,
        insufficient_actions=rules.insufficient_information.actions,
        review_days={lv.id: lv.review_days for lv in rules.levels},
        lowest=rules.levels[0].id,
        recency=(rules.recency.current_months, rules.recency.lookback_months)
        if rules.recency
        else (None, None),
        category_position={c.id: i for i, c in enumerate(rules.categories)},
        category_scores={},
        rules_version=RulesVersion(
            id=rules.id, title=rules.title, version=rules.version, sha256=rules.fingerprint
        ),
        zero_scores=tuple(
            CategoryScore(id=c.id, title=c.title, kind=c.kind, points=0) for c in rules.categories
        ),
        recommended={},
        resolved={},
        action_tuples={},
    )

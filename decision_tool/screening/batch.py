"""Re-score many saved answer sets against one rule set: the rules compiled once, one named record each.

The batch path for whatever re-scores answers in bulk (a rules change's impact on the scenario library,
a register's saved screenings). It runs the same scan and decision as ``assess``, and stops short of
what only a person reads (reasons, contacts, the full result); tests/test_batch.py checks it gives what
``assess`` gives, set for set. A set that no longer fits the rules is reported, not raised, so one old
answer does not stop the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import AnswersError, Problem
from ..rules.schema import RuleSet
from .engine import Decision, Scan, decide, decide_fired, scan_checked, too_little_known
from .plan import Plan, plan_of
from .result import Contribution


@dataclass(frozen=True, slots=True)
class Rescored:
    """One answer set's outcome under the rules: the tool's own result (no practitioner's change)."""

    level: str
    level_title: str
    band_level: str  # the level the score alone reaches
    score: int
    red_flags: tuple[str, ...]  # the ids of those fired, in the rules' order
    actions: tuple[str, ...]  # action ids, most urgent first
    contributions: tuple[Contribution, ...]
    insufficient_information: bool

    @property
    def first_action(self) -> str | None:
        return self.actions[0] if self.actions else None


@dataclass(frozen=True, slots=True)
class Unfit:
    """An answer set these rules cannot score: what does not fit (as ``assess`` would refuse it)."""

    problems: tuple[Problem, ...]


def rescore(rules: RuleSet, answer_sets: Iterable[Mapping[str, Any]]) -> list[Rescored | Unfit]:
    """Each answer set's outcome under ``rules``, in the order given."""
    plan = plan_of(rules)
    out: list[Rescored | Unfit] = []
    for answers in answer_sets:
        try:
            scanned = scan_checked(rules, plan, answers)
        except AnswersError as exc:
            out.append(Unfit(tuple(exc.problems)))
            continue
        out.append(_decided(plan, scanned, decide(plan, scanned)))
    return out


def _decided(plan: Plan, scanned: Scan, decided: Decision) -> Rescored:
    level = decided.tool_level
    insufficient = too_little_known(plan, scanned, level)
    return Rescored(
        level=level,
        level_title=plan.level_refs[level].title,
        band_level=decided.band_level,
        score=decided.score,
        red_flags=tuple(f.id for f in decided.flags),
        actions=plan.action_ids(level, decided.flags, insufficient),
        contributions=tuple(scanned.contributions),
        insufficient_information=insufficient,
    )


def rescore_across(
    rule_sets: Sequence[RuleSet], answer_sets: Iterable[Mapping[str, Any]]
) -> list[list[Rescored | Unfit]]:
    """Each answer set's outcome under each of ``rule_sets``: one row per set, one column per rule set.

    The rule sets must ask the same questions (one shared form under different local settings, as
    ``rules.overlay`` gives): each answer set is then scanned once and decided under every set's plan, so
    comparing seven localities costs little more than scoring once. Same outcome as ``rescore`` on each.
    """
    plans = [plan_of(r) for r in rule_sets]
    first = rule_sets[0]
    if any(r.sections != first.sections or _conditions(r) != _conditions(first) for r in rule_sets[1:]):
        raise ValueError("rescore_across needs rule sets that ask the same questions and red flags")
    out: list[list[Rescored | Unfit]] = []
    for answers in answer_sets:
        try:
            scanned = scan_checked(first, plans[0], answers)
        except AnswersError as exc:
            out.append([Unfit(tuple(exc.problems))] * len(plans))
            continue
        # Conditions are the form's, the same in every set: found once, by position, for all of them.
        decided = decide(plans[0], scanned)
        fired = [i for i, f in enumerate(plans[0].flags) if f in decided.flags] if decided.flags else []
        row: list[Rescored | Unfit] = [_decided(plans[0], scanned, decided)]
        for plan in plans[1:]:
            flags = tuple(plan.flags[i] for i in fired)
            row.append(_decided(plan, scanned, decide_fired(plan, decided.score, flags)))
        out.append(row)
    return out


def _conditions(rules: RuleSet) -> list[tuple[str, object]]:
    return [(f.id, f.when) for f in rules.red_flags]

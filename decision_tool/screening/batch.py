"""Re-score many saved answer sets against one rule set: the rules compiled once, one named record each.

The batch path for whatever re-scores answers in bulk (a rules change's impact on the scenario library,
a register's saved screenings). It runs the same scan and decision as ``assess``, and stops short of
what only a person reads (reasons, contacts, the full result); tests/test_batch.py checks it gives what
``assess`` gives, set for set. A set that no longer fits the rules is reported, not raised, so one old
answer does not stop the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import AnswersError, Problem
from ..rules.schema import RuleSet
from .engine import decide, scan_checked, too_little_known
from .plan import plan_of
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
        decided = decide(plan, scanned)
        level = decided.tool_level
        insufficient = too_little_known(plan, scanned, level)
        out.append(
            Rescored(
                level=level,
                level_title=plan.level_refs[level].title,
                band_level=decided.band_level,
                score=decided.score,
                red_flags=tuple(f.id for f in decided.flags),
                actions=plan.action_ids(level, decided.flags, insufficient),
                contributions=tuple(scanned.contributions),
                insufficient_information=insufficient,
            )
        )
    return out

"""The panel list: one row per open case, built from plain facts, sorted and filtered.

A row carries nothing that identifies a child: the case code is random, and no free text (decisions,
reasons, notes) is ever copied onto it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..wording.messages import say
from .levels import Change, change_since_last, level_name, level_rank
from .missing import (
    EpisodeFacts,
    InterviewClock,
    case_interview_status,
    episodes_in_window,
    needs_strategy_meeting,
)


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the register knows about one case, as plain data."""

    code: str
    organisation_code: str
    organisation_name: str
    locality_id: str
    spoc_role: str | None
    spoc_phone: str | None
    spoc_email: str | None
    levels: tuple[str, ...]  # final level of each screening that stands (corrections applied), oldest first
    last_screened_at: dt.datetime | None
    review_due: dt.date | None  # the panel's next review date, else the last screening's review-by date
    episodes: tuple[EpisodeFacts, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class PanelRow:
    code: str
    level_id: str | None
    level: str
    level_rank: int
    change: Change
    last_screened: dt.date | None
    review_due: dt.date | None
    review_overdue: bool
    review_words: str
    organisation_code: str
    organisation: str
    locality_id: str
    spoc: str
    missing_30_days: int
    interview: InterviewClock | None
    interview_words: str
    strategy_meeting: bool

    @property
    def interview_overdue(self) -> bool:
        return self.interview is not None and self.interview.overdue


def _review_words(due: dt.date | None, today: dt.date) -> tuple[bool, str]:
    if due is None:
        return False, say("panel.review.none")
    days = (due - today).days
    if days < 0:
        return True, say(
            "panel.review.overdue_day" if days == -1 else "panel.review.overdue_days", days=-days
        )
    if days == 0:
        return False, say("panel.review.today")
    return False, say("panel.review.due_in_day" if days == 1 else "panel.review.due_in_days", days=days)


def _spoc(c: CaseFacts) -> str:
    parts = [p for p in (c.spoc_role, c.spoc_phone, c.spoc_email) if p]
    return say("list.separator").join(parts) if parts else say("panel.spoc.none")


def build_row(c: CaseFacts, now: dt.datetime) -> PanelRow:
    current = c.levels[-1] if c.levels else None
    previous = c.levels[-2] if len(c.levels) > 1 else None
    overdue, review_words = _review_words(c.review_due, now.date())
    recent = episodes_in_window(c.episodes, now)
    # Interviews still open count whenever the child went missing; finished ones only from the last 30 days.
    live = [e for e in c.episodes if e.interview_done_at is None] + [
        e for e in recent if e.interview_done_at is not None
    ]
    clock = case_interview_status(live, now)
    return PanelRow(
        code=c.code,
        level_id=current,
        level=level_name(current),
        level_rank=level_rank(current),
        change=change_since_last(current, previous),
        last_screened=c.last_screened_at.date() if c.last_screened_at else None,
        review_due=c.review_due,
        review_overdue=overdue,
        review_words=review_words,
        organisation_code=c.organisation_code,
        organisation=c.organisation_name,
        locality_id=c.locality_id,
        spoc=_spoc(c),
        missing_30_days=len(recent),
        interview=clock,
        interview_words=clock.words if clock else say("panel.interview.no_episodes"),
        strategy_meeting=needs_strategy_meeting(c.episodes, now),
    )


def build_rows(cases: Iterable[CaseFacts], now: dt.datetime) -> list[PanelRow]:
    return sort_rows([build_row(c, now) for c in cases])


SORT_KEYS = ("priority", "level", "review", "last_screened", "missing", "organisation", "code")


def _priority(r: PanelRow) -> tuple[object, ...]:
    # Highest level first; within a level, overdue reviews, then overdue interviews, then the soonest review.
    return (
        -r.level_rank,
        not r.review_overdue,
        not r.interview_overdue,
        r.review_due or dt.date.max,
        r.code,
    )


def sort_rows(rows: Sequence[PanelRow], by: str = "priority") -> list[PanelRow]:
    keys = {
        "priority": _priority,
        "level": lambda r: (-r.level_rank, r.code),
        "review": lambda r: (r.review_due or dt.date.max, -r.level_rank, r.code),
        "last_screened": lambda r: (r.last_screened or dt.date.min, r.code),
        "missing": lambda r: (-r.missing_30_days, not r.interview_overdue, -r.level_rank, r.code),
        "organisation": lambda r: (r.organisation.casefold(), -r.level_rank, r.code),
        "code": lambda r: r.code,
    }
    if by not in keys:
        raise ValueError(f"unknown sort {by!r}; one of {', '.join(SORT_KEYS)}")
    return sorted(rows, key=keys[by])


def filter_rows(
    rows: Iterable[PanelRow],
    *,
    min_level: str | None = None,
    organisation_code: str | None = None,
    locality_id: str | None = None,
    overdue_only: bool = False,
    strategy_meeting_only: bool = False,
) -> list[PanelRow]:
    """Keep rows matching every filter given (an overdue row has an overdue review or interview)."""
    floor = level_rank(min_level) if min_level else None
    out = []
    for r in rows:
        if floor is not None and r.level_rank < floor:
            continue
        if organisation_code and r.organisation_code != organisation_code:
            continue
        if locality_id and r.locality_id != locality_id:
            continue
        if overdue_only and not (r.review_overdue or r.interview_overdue):
            continue
        if strategy_meeting_only and not r.strategy_meeting:
            continue
        out.append(r)
    return out

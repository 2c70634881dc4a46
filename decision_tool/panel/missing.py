"""Missing episodes: the 72-hour return interview clock and the strategy meeting prompt.

An independent return home interview should be done within 72 hours of the child's return; many local
protocols call a strategy meeting when a child goes missing 3 or more times in 30 days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..wording.messages import say

INTERVIEW_HOURS = 72
STRATEGY_MEETING_EPISODES = 3
STRATEGY_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True, slots=True)
class EpisodeFacts:
    went_missing_at: dt.datetime
    returned_at: dt.datetime | None = None
    interview_offered_at: dt.datetime | None = None
    interview_done_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class InterviewClock:
    """Where one episode's return interview stands at a moment."""

    state: str  # "missing" | "due" | "overdue" | "done_in_time" | "done_late"
    deadline: dt.datetime | None  # returned_at + 72 hours
    hours_left: int | None  # whole hours until the deadline while it runs (0 in the last hour)
    words: str

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def _hours(delta: dt.timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def interview_clock(episode: EpisodeFacts, now: dt.datetime) -> InterviewClock:
    if episode.returned_at is None:
        return InterviewClock("missing", None, None, say("panel.interview.missing"))
    deadline = episode.returned_at + dt.timedelta(hours=INTERVIEW_HOURS)
    done = episode.interview_done_at
    if done is not None:
        if done <= deadline:
            return InterviewClock(
                "done_in_time", deadline, None, say("panel.interview.done_in_time", hours=INTERVIEW_HOURS)
            )
        return InterviewClock(
            "done_late", deadline, None, say("panel.interview.done_late", hours=INTERVIEW_HOURS)
        )
    if now > deadline:
        late = _hours(now - deadline)
        return InterviewClock("overdue", deadline, None, say("panel.interview.overdue", hours=late))
    left = _hours(deadline - now)
    if episode.interview_offered_at is not None:
        return InterviewClock("due", deadline, left, say("panel.interview.due_offered", hours=left))
    return InterviewClock("due", deadline, left, say("panel.interview.due", hours=left))


def episodes_in_window(episodes: Iterable[EpisodeFacts], now: dt.datetime) -> list[EpisodeFacts]:
    """Episodes that began in the 30 days up to now (an episode recorded in the future is not counted)."""
    start = now - STRATEGY_WINDOW
    return [e for e in episodes if start < e.went_missing_at <= now]


def needs_strategy_meeting(episodes: Iterable[EpisodeFacts], now: dt.datetime) -> bool:
    return len(episodes_in_window(episodes, now)) >= STRATEGY_MEETING_EPISODES


# The case's interview status on the list: the most pressing episode wins.
_PRESSING = {"overdue": 0, "missing": 1, "due": 2, "done_late": 3, "done_in_time": 4}


def case_interview_status(episodes: Iterable[EpisodeFacts], now: dt.datetime) -> InterviewClock | None:
    """The most pressing clock among a case's episodes; None when it has none."""
    clocks = [interview_clock(e, now) for e in episodes]
    if not clocks:
        return None
    return min(clocks, key=lambda c: (_PRESSING[c.state], c.hours_left if c.hours_left is not None else 0))

"""The 72-hour return interview clock and the strategy meeting prompt, on a fixed clock."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool.panel.missing import (
    EpisodeFacts,
    case_interview_status,
    interview_clock,
    needs_strategy_meeting,
)

RETURNED = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
MISSING = RETURNED - dt.timedelta(hours=20)


def test_the_clock_runs_for_72_hours_from_return_then_the_interview_is_overdue():
    episode = EpisodeFacts(went_missing_at=MISSING, returned_at=RETURNED)
    at_return = interview_clock(episode, RETURNED)
    assert (at_return.state, at_return.hours_left) == ("due", 72)
    assert at_return.words == "Interview due within 72 h"
    last_hour = interview_clock(episode, RETURNED + dt.timedelta(hours=71, minutes=30))
    assert (last_hour.state, last_hour.hours_left) == ("due", 0)
    on_the_dot = interview_clock(episode, RETURNED + dt.timedelta(hours=72))
    assert on_the_dot.state == "due"
    late = interview_clock(episode, RETURNED + dt.timedelta(hours=72, minutes=1))
    assert late.overdue and late.words == "Interview overdue by 0 h"
    later = interview_clock(episode, RETURNED + dt.timedelta(days=4))
    assert later.overdue and later.words == "Interview overdue by 24 h"
    assert later.deadline == RETURNED + dt.timedelta(hours=72)


def test_an_offered_interview_keeps_the_clock_running():
    episode = EpisodeFacts(MISSING, RETURNED, interview_offered_at=RETURNED + dt.timedelta(hours=2))
    assert (
        interview_clock(episode, RETURNED + dt.timedelta(hours=10)).words
        == "Interview due within 62 h (offered)"
    )
    assert interview_clock(episode, RETURNED + dt.timedelta(hours=80)).overdue


def test_done_in_time_and_done_late_are_told_apart_whenever_you_look():
    in_time = EpisodeFacts(MISSING, RETURNED, interview_done_at=RETURNED + dt.timedelta(hours=72))
    late = EpisodeFacts(MISSING, RETURNED, interview_done_at=RETURNED + dt.timedelta(hours=73))
    for now in (RETURNED + dt.timedelta(hours=73), RETURNED + dt.timedelta(days=60)):
        assert interview_clock(in_time, now).state == "done_in_time"
        assert interview_clock(late, now).state == "done_late"
        assert not interview_clock(late, now).overdue


def test_a_child_still_missing_has_no_clock():
    clock = interview_clock(EpisodeFacts(MISSING), MISSING + dt.timedelta(days=5))
    assert (clock.state, clock.deadline, clock.words) == ("missing", None, "Still missing")


def test_the_most_pressing_episode_sets_the_case_status():
    now = RETURNED + dt.timedelta(days=10)
    done = EpisodeFacts(MISSING, RETURNED, interview_done_at=RETURNED + dt.timedelta(hours=5))
    overdue = EpisodeFacts(now - dt.timedelta(days=5), now - dt.timedelta(days=4))
    running = EpisodeFacts(now - dt.timedelta(hours=30), now - dt.timedelta(hours=10))
    assert case_interview_status([done, running, overdue], now).state == "overdue"
    assert case_interview_status([done, running], now).state == "due"
    assert case_interview_status([], now) is None


def test_three_episodes_in_30_days_prompt_a_strategy_meeting():
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    two = [EpisodeFacts(now - dt.timedelta(days=d)) for d in (1, 20)]
    assert not needs_strategy_meeting(two, now)
    assert needs_strategy_meeting([*two, EpisodeFacts(now - dt.timedelta(days=29, hours=23))], now)
    # The third began 30 days ago to the minute: outside the window.
    assert not needs_strategy_meeting([*two, EpisodeFacts(now - dt.timedelta(days=30))], now)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=400),
    st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
)
def test_an_interview_is_overdue_exactly_when_72_hours_passed_with_none_done(hours_since_return, done_after):
    now = RETURNED + dt.timedelta(hours=hours_since_return)
    done = (
        None
        if done_after is None or done_after > hours_since_return
        else RETURNED + dt.timedelta(hours=done_after)
    )
    clock = interview_clock(EpisodeFacts(MISSING, RETURNED, interview_done_at=done), now)
    assert clock.overdue == (done is None and hours_since_return > 72)

"""The panel list: rows built from plain facts, sorted with the highest levels and overdue reviews first."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool.panel import CaseFacts, EpisodeFacts, build_row, build_rows, filter_rows, sort_rows
from decision_tool.panel.levels import PANEL_LEVELS, level_rank
from decision_tool.panel.rows import SORT_KEYS

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def case(code="C-AAAA11", levels=("medium",), review_in=10, episodes=(), org="DSA", locality="england"):
    return CaseFacts(
        code=code,
        organisation_code=org,
        organisation_name=f"Demo School {org[-1]}",
        locality_id=locality,
        spoc_role="Designated Safeguarding Lead",
        spoc_phone="01632 960000",
        spoc_email="dsl@school.example",
        levels=levels,
        last_screened_at=NOW - dt.timedelta(days=3),
        review_due=None if review_in is None else TODAY + dt.timedelta(days=review_in),
        episodes=tuple(episodes),
    )


def test_a_row_says_the_level_the_change_and_the_review_in_words():
    row = build_row(case(levels=("emerging", "high"), review_in=-2), NOW)
    assert row.level == "High"
    assert (row.change.direction, row.change.icon, row.change.words) == ("up", "▲", "Up from Emerging")
    assert row.review_overdue and row.review_words == "Overdue by 2 days"
    assert row.last_screened == TODAY - dt.timedelta(days=3)
    assert row.spoc == "Designated Safeguarding Lead, 01632 960000, dsl@school.example"
    assert row.interview_words == "No missing episodes" and row.missing_30_days == 0


@pytest.mark.parametrize(
    ("levels", "direction", "words"),
    [
        (("high", "emerging"), "down", "Down from High"),
        (("medium", "medium"), "same", "Same as last time"),
        (("low",), "new", "First screening"),
        ((), "new", "Not screened yet"),
    ],
)
def test_change_since_the_last_screening(levels, direction, words):
    row = build_row(case(levels=levels), NOW)
    assert (row.change.direction, row.change.words) == (direction, words)


@pytest.mark.parametrize(
    ("days", "words", "overdue"),
    [
        (0, "Due today", False),
        (1, "Due in 1 day", False),
        (-1, "Overdue by 1 day", True),
        (None, "No review date set", False),
    ],
)
def test_review_words(days, words, overdue):
    row = build_row(case(review_in=days), NOW)
    assert (row.review_words, row.review_overdue) == (words, overdue)


def test_missing_episodes_in_the_last_30_days_and_an_overdue_interview_show_on_the_row():
    episodes = [
        EpisodeFacts(NOW - dt.timedelta(days=40), NOW - dt.timedelta(days=39)),  # old, interview never done
        EpisodeFacts(
            NOW - dt.timedelta(days=12), NOW - dt.timedelta(days=11), None, NOW - dt.timedelta(days=10)
        ),
        EpisodeFacts(NOW - dt.timedelta(days=2), NOW - dt.timedelta(days=1)),
    ]
    row = build_row(case(episodes=episodes), NOW)
    assert row.missing_30_days == 2
    assert row.interview_overdue and row.interview_words.startswith("Interview overdue by")
    assert not row.strategy_meeting


def test_an_old_finished_interview_does_not_show_on_the_list():
    done = EpisodeFacts(
        NOW - dt.timedelta(days=60), NOW - dt.timedelta(days=59), None, NOW - dt.timedelta(days=58)
    )
    assert build_row(case(episodes=[done]), NOW).interview_words == "No missing episodes"


def test_the_list_puts_the_highest_levels_first_and_overdue_reviews_first_within_a_level():
    rows = build_rows(
        [
            case("C-LOW001", ("low",), review_in=-30),
            case("C-HIGH02", ("high",), review_in=5),
            case("C-HIGH01", ("high",), review_in=-1),
            case("C-IMM001", ("immediate",), review_in=20),
            case("C-MED001", ("medium",), review_in=1),
        ],
        NOW,
    )
    assert [r.code for r in rows] == ["C-IMM001", "C-HIGH01", "C-HIGH02", "C-MED001", "C-LOW001"]


def test_filters_combine():
    rows = build_rows(
        [
            case("C-A", ("high",), review_in=-1, org="DSA"),
            case("C-B", ("high",), review_in=3, org="DSB", locality="somerset"),
            case("C-C", ("low",), review_in=-5, org="DSA"),
        ],
        NOW,
    )
    assert [r.code for r in filter_rows(rows, min_level="high")] == ["C-A", "C-B"]
    assert [r.code for r in filter_rows(rows, overdue_only=True)] == ["C-A", "C-C"]
    assert [r.code for r in filter_rows(rows, organisation_code="DSA", min_level="medium")] == ["C-A"]
    assert [r.code for r in filter_rows(rows, locality_id="somerset")] == ["C-B"]


def test_an_unknown_sort_is_refused():
    with pytest.raises(ValueError, match="unknown sort"):
        sort_rows([], by="name")


LEVEL_IDS = [*PANEL_LEVELS, "custom"]
cases = st.builds(
    case,
    code=st.from_regex(r"C-[A-Z0-9]{6}", fullmatch=True),
    levels=st.lists(st.sampled_from(LEVEL_IDS), max_size=3).map(tuple),
    review_in=st.one_of(st.none(), st.integers(-60, 60)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(cases, max_size=12), st.sampled_from(SORT_KEYS))
def test_sorting_keeps_every_row_and_priority_never_puts_a_lower_level_first(facts, by):
    rows = build_rows(facts, NOW)
    assert sorted(r.code for r in sort_rows(rows, by)) == sorted(c.code for c in facts)
    ranks = [r.level_rank for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    # Within a level, no overdue review comes after one that is not overdue.
    for a, b in zip(rows, rows[1:], strict=False):
        if a.level_rank == b.level_rank:
            assert a.review_overdue >= b.review_overdue
    # An unrecognised level is ranked above every known one, so it is looked at.
    if any(c.levels and c.levels[-1] == "custom" for c in facts):
        assert rows[0].level_id == "custom"
        assert level_rank("custom") > max(level_rank(k) for k in PANEL_LEVELS)


def test_rows_carry_no_free_text_fields():
    names = {f.name for f in dataclasses.fields(build_row(case(), NOW))}
    assert not names & {"decision", "reason", "notes", "closed_reason", "reference", "local_reference"}

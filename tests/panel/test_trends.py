"""Trends: monthly counts by level, children by level over time, escalations, categories, groups, rates."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool.panel.trends import (
    RangeFree,
    ReturnFacts,
    ScreeningFacts,
    Shares,
    TrendFilter,
    case_share,
    children_by_level,
    children_by_model,
    current_levels_by,
    escalations,
    interview_rate,
    months_between,
    screenings_by_month,
    standing,
    tables_from_shares,
    top_categories,
)

ALL = TrendFilter()


def at(month: int, day: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, tzinfo=dt.UTC)


def s(id, case, month, level, *, day=10, org="Demo School A", loc="england", cats=(), corrects=None):
    return ScreeningFacts(id, case, org, loc, at(month, day), level, tuple(cats), corrects)


def as_dict(table):
    return {labels[0]: dict(zip(table.counts, values, strict=True)) for labels, values in table.rows}


SCREENINGS = [
    s(1, "C-A", 1, "low", cats=["missing"]),
    s(2, "C-A", 2, "high", cats=["missing", "gifts"]),
    s(3, "C-B", 2, "medium", loc="somerset", org="Demo Pharmacy B", cats=["online"]),
    s(4, "C-B", 4, "low", loc="somerset", org="Demo Pharmacy B"),
    s(5, "C-C", 4, "emerging", cats=["missing"]),
    s(6, "C-C", 4, "high", day=20, cats=["missing", "relationships"], corrects=5),  # corrects 5
]


def test_a_corrected_screening_no_longer_counts():
    assert [x.id for x in standing(SCREENINGS)] == [1, 2, 3, 4, 6]


def test_screenings_per_month_by_level_fill_empty_months():
    table = screenings_by_month(SCREENINGS, ALL)
    assert table.counts == ("Low", "Moderate", "High")
    assert as_dict(table) == {
        "2026-01": {"Low": 1, "Moderate": 0, "High": 0},
        "2026-02": {"Low": 0, "Moderate": 1, "High": 1},
        "2026-03": {"Low": 0, "Moderate": 0, "High": 0},
        "2026-04": {"Low": 1, "Moderate": 0, "High": 1},
    }


def test_children_by_level_carries_a_level_forward_and_drops_closed_cases():
    table = children_by_level(
        SCREENINGS,
        TrendFilter(start=dt.date(2026, 3, 1), end=dt.date(2026, 5, 31)),
        closed_at={"C-A": at(5, 2)},
    )
    assert as_dict(table) == {
        "2026-03": {"Low": 0, "Moderate": 1, "High": 1},
        "2026-04": {"Low": 1, "Moderate": 0, "High": 2},
        "2026-05": {"Low": 1, "Moderate": 0, "High": 1},
    }


def test_escalations_compare_each_screening_with_the_childs_previous_one():
    assert as_dict(escalations(SCREENINGS, ALL)) == {
        "2026-02": {"Escalated": 1, "De-escalated": 0, "Unchanged": 0},
        "2026-03": {"Escalated": 0, "De-escalated": 0, "Unchanged": 0},
        "2026-04": {"Escalated": 0, "De-escalated": 1, "Unchanged": 0},
    }


def test_most_frequent_categories_use_titles_and_ignore_corrected_screenings():
    table = top_categories(SCREENINGS, ALL, titles={"missing": "Missing and whereabouts"}, limit=2)
    assert [(labels[0], values[0]) for labels, values in table.rows] == [
        ("Missing and whereabouts", 3),
        ("gifts", 1),
    ]


def test_filters_by_locality_and_date_range():
    somerset = TrendFilter(locality_id="somerset")
    assert as_dict(current_levels_by(SCREENINGS, somerset, "organisation")) == {"Demo Pharmacy B": {"Low": 1}}
    spring = TrendFilter(start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30))
    assert as_dict(current_levels_by(SCREENINGS, spring, "locality")) == {
        "england": {"Low": 0, "High": 1},
        "somerset": {"Low": 1, "High": 0},
    }


def test_return_interview_rate_per_month_of_return():
    back = at(3)
    episodes = [
        ReturnFacts("C-A", "england", back, back + dt.timedelta(hours=h)) for h in (1, 20, 71, 72, 73, 100)
    ]
    episodes += [ReturnFacts("C-B", "england", back, None), ReturnFacts("C-B", "england", None, None)]
    table = interview_rate(episodes, ALL)
    assert table.rows == ((("2026-03",), (7, 4)),)
    assert table.suppressed_rows() == [("2026-03", "7", "<5", "Suppressed (small numbers)")]


def test_months_between_crosses_a_year():
    assert months_between(dt.date(2025, 11, 30), dt.date(2026, 2, 1)) == [
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    ]


LEVELS = st.sampled_from(["low", "emerging", "medium", "high", "immediate"])
CATEGORIES = st.lists(st.sampled_from(["missing", "gifts", "online"]), max_size=2)
MODELS = st.lists(st.sampled_from(["online", "party", "relationship"]), max_size=2)
screening_lists = st.lists(
    st.builds(
        lambda i, case, month, level: s(i, case, month, level),
        st.integers(1, 10_000),
        st.sampled_from(["C-A", "C-B", "C-C", "C-D"]),
        st.integers(1, 12),
        LEVELS,
    ),
    max_size=30,
    unique_by=lambda x: x.id,
)


@settings(max_examples=60, deadline=None)
@given(screening_lists)
def test_every_screening_is_counted_once_and_no_child_twice_in_a_month(screenings):
    by_month = screenings_by_month(screenings, ALL)
    assert sum(sum(values) for _, values in by_month.rows) == len(screenings)
    children = {x.case_code for x in screenings}
    for _, values in children_by_level(screenings, ALL).rows:
        assert sum(values) <= len(children)
    ups = escalations(screenings, ALL)
    assert sum(sum(values) for _, values in ups.rows) == len(screenings) - len(children)


def facts(i, case, when, level, cats, models, correct, loc=None):
    """A screening of one of the strategies' cases (``loc``: in place of the case's own locality)."""
    org, home = {"C-A": ("Org A", "northmoor"), "C-B": ("Org B", "eastbrook")}.get(
        case, ("Org C", "northmoor")
    )
    return ScreeningFacts(
        i,
        case,
        org,
        home if loc is None else loc,
        when,
        level,
        tuple(cats),
        i - 1 if correct else None,
        tuple(models),
    )


def region_screening(i, case, month, day, level, cats, models, correct):
    return facts(i, case, at(month, day), level, cats, models, correct)


region_lists = st.lists(
    st.builds(
        region_screening,
        st.integers(2, 10_000),
        st.sampled_from(["C-A", "C-B", "C-C", "C-D"]),
        st.integers(1, 12),
        st.integers(1, 28),
        LEVELS,
        CATEGORIES,
        MODELS,
        st.booleans(),
    ),
    max_size=30,
    unique_by=lambda x: x.id,
)


@settings(max_examples=80, deadline=None)
@given(
    region_lists,
    st.integers(1, 12),
    st.integers(0, 11),
    st.sampled_from([None, "northmoor", "eastbrook"]),
    st.dictionaries(st.sampled_from(["C-A", "C-B", "C-C"]), st.integers(1, 12), max_size=2),
)
def test_the_trends_counted_child_by_child_are_the_trends_counted_at_once(
    screenings, first, span, where, shut
):
    """A region's register keeps each child's share of the trends and, when a screening is saved, swaps
    that child's share: the tables must be the very tables the trends page showed before."""
    start = dt.date(2026, first, 1)
    f = TrendFilter(
        start=start, end=min(dt.date(2026, 12, 31), start + dt.timedelta(days=31 * span)), locality_id=where
    )
    closed = {code: at(month, 15) for code, month in shut.items()}
    # A correction replaces an earlier screening of the same case (the register refuses any other).
    by_id = {x.id: x for x in screenings}
    screenings = [
        x
        for x in screenings
        if not x.corrects_id or (x.corrects_id in by_id and by_id[x.corrects_id].case_code == x.case_code)
    ]
    total = Shares()
    for code in {x.case_code for x in screenings}:
        total.add(case_share([x for x in screenings if x.case_code == code], f, closed.get(code)))
    # One child's share taken away and given back (as when a screening is saved on that case).
    if screenings:
        code = screenings[0].case_code
        share = case_share([x for x in screenings if x.case_code == code], f, closed.get(code))
        total.add(share, -1)
        total.add(share)
    titles = {"missing": "Missing from home"}
    tables = tables_from_shares(total, f, titles)
    assert tables["by_month"] == screenings_by_month(screenings, f)
    assert tables["by_level"] == children_by_level(screenings, f, closed_at=closed)
    assert tables["escalations"] == escalations(screenings, f)
    assert tables["categories"] == top_categories(screenings, f, titles=titles)
    assert tables["models"] == children_by_model(screenings, f)
    assert tables["organisations"] == current_levels_by(screenings, f, "organisation", closed=closed)
    assert tables["localities"] == current_levels_by(screenings, f, "locality", closed=closed)


def _counts(shares):
    return (
        {name: {k: n for k, n in counter.items() if n} for name, counter in shares.counts.items()},
        {loc: n for loc, n in shares.locality_ids.items() if n},
    )


GRID = (0, 1, 30, 31, 58, 59, 200, 364, 365, 366, 699)  # days where screenings, ranges and months meet


def timed_screening(i, case, day, hour, level, cats, models, correct):
    """A screening on a day of 2025-2026 at any hour (so a range's first and last days cut through)."""
    # C-E is not a register's case (one locality each), but counted the same all the same.
    loc = ("northmoor", "eastbrook", "")[i % 3] if case == "C-E" else None
    when = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=day, hours=hour)
    return facts(i, case, when, level, cats, models, correct, loc)


timed_lists = st.lists(
    st.builds(
        timed_screening,
        st.integers(2, 10_000),
        st.sampled_from(["C-A", "C-B", "C-C", "C-D", "C-E"]),
        st.one_of(st.sampled_from(GRID), st.integers(0, 700)),
        st.sampled_from([0, 12, 23]),
        LEVELS,
        CATEGORIES,
        MODELS,
        st.booleans(),
    ),
    max_size=40,
    unique_by=lambda x: x.id,
)
some_day = st.one_of(
    st.sampled_from([dt.date(2025, 1, 1) + dt.timedelta(days=d) for d in GRID]),
    st.dates(dt.date(2024, 10, 1), dt.date(2027, 3, 1)),
)


@settings(max_examples=150, deadline=None)
@given(
    timed_lists,
    st.lists(st.tuples(some_day, some_day), min_size=1, max_size=4),
    st.sampled_from([None, "northmoor", "eastbrook"]),
    st.dictionaries(st.sampled_from(["C-A", "C-B", "C-C", "C-E"]), some_day, max_size=3),
    st.integers(0, 39),
)
def test_facts_kept_once_count_any_date_range_as_each_child_counted_for_it(
    screenings, ranges, where, shut, changed
):
    """A region's register keeps each child's facts once, for every date range: each range's counts (any
    first and last day, before, after or across the data, none at all in it) must be the very counts of
    every child counted for that range, also after a child's facts are taken away and given back new (a
    screening saved on that case)."""
    closed = {code: dt.datetime.combine(day, dt.time(18), dt.UTC) for code, day in shut.items()}
    by_id = {x.id: x for x in screenings}
    screenings = [
        x
        for x in screenings
        if not x.corrects_id or (x.corrects_id in by_id and by_id[x.corrects_id].case_code == x.case_code)
    ]
    of = {code: [x for x in screenings if x.case_code == code] for code in {x.case_code for x in screenings}}
    kept = RangeFree()
    for code, items in of.items():
        kept.put(code, items, closed.get(code))
    asked = [TrendFilter(start=min(a, b), end=max(a, b), locality_id=where) for a, b in ranges]

    def same_as_each_child_counted() -> None:
        for f in asked:
            each = Shares()
            for code, items in of.items():
                each.add(case_share(items, f, closed.get(code)))
            assert _counts(kept.shares(f)) == _counts(each)

    same_as_each_child_counted()  # the first ranges asked for (then kept)
    if screenings:  # a new screening on one case: its old facts taken away, its new ones added
        saved = screenings[changed % len(screenings)]
        code = saved.case_code
        of[code] = [*of[code], dataclasses.replace(saved, id=20_000, corrects_id=None, level_id="high")]
        kept.put(code, of[code], closed.get(code))
    same_as_each_child_counted()  # the kept ranges brought up to date
    kept.ranges.clear()
    same_as_each_child_counted()  # and counted again from the facts kept
    for code in of:  # every child taken away: nothing left to count
        kept.drop(code)
    assert _counts(kept.shares(TrendFilter(dt.date(2024, 1, 1), dt.date(2028, 1, 1)))) == _counts(Shares())

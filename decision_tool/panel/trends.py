"""Trends and patterns for the quarterly report: aggregates over screenings and missing episodes.

Inputs are plain facts; each function returns an ``export.Table`` of counts, which the page draws as a
chart and exports with small numbers suppressed. Months are calendar months in UTC ("2026-11").
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..records.model import EXPLOITATION_MODELS
from .export import Table
from .levels import LEVEL_ORDER, level_name, level_rank
from .missing import INTERVIEW_HOURS


@dataclass(frozen=True, slots=True)
class ScreeningFacts:
    id: int
    case_code: str
    organisation: str
    locality_id: str
    saved_at: dt.datetime
    level_id: str
    categories: tuple[str, ...] = field(default=())  # indicator categories with points in this screening
    corrects_id: int | None = None  # this screening corrects (replaces) that one
    models: tuple[str, ...] = field(default=())  # the models of exploitation ticked on the record


@dataclass(frozen=True, slots=True)
class ReturnFacts:
    """One missing episode, for the return interview rate."""

    case_code: str
    locality_id: str
    returned_at: dt.datetime | None
    interview_done_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class TrendFilter:
    start: dt.date | None = None  # inclusive
    end: dt.date | None = None  # inclusive
    locality_id: str | None = None

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        low = _midnight(self.start) if self.start else dt.datetime.min.replace(tzinfo=dt.UTC)
        high = (
            _midnight(self.end + dt.timedelta(days=1)) if self.end else dt.datetime.max.replace(tzinfo=dt.UTC)
        )
        return low, high

    def kept(self, screenings: Iterable[ScreeningFacts]) -> list[ScreeningFacts]:
        """The screenings in the date range and locality (one pass, bounds computed once)."""
        low, high = self.bounds()
        where = self.locality_id
        return [s for s in screenings if low <= s.saved_at < high and (not where or s.locality_id == where)]

    def keeps(self, at: dt.datetime | None, locality_id: str) -> bool:
        if at is None:
            return False
        # Compared as instants (cheap on 100,000 rows): from the start day's midnight UTC to the end day's.
        if self.start and at < _midnight(self.start):
            return False
        if self.end and at >= _midnight(self.end + dt.timedelta(days=1)):
            return False
        return not (self.locality_id and locality_id != self.locality_id)


@functools.cache
def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def month_of(at: dt.datetime) -> str:
    if at.utcoffset():
        at = at.astimezone(dt.UTC)
    return f"{at.year:04d}-{at.month:02d}"


def months_between(start: dt.date, end: dt.date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def standing(screenings: Iterable[ScreeningFacts]) -> list[ScreeningFacts]:
    """The screenings that stand, oldest first: one that a later correction replaces is left out."""
    if isinstance(screenings, Standing):
        return screenings  # already done once for several tables
    items = list(screenings)
    corrected = {s.corrects_id for s in items if s.corrects_id is not None}
    return Standing(sorted((s for s in items if s.id not in corrected), key=lambda s: (s.saved_at, s.id)))


class Standing(list[ScreeningFacts]):
    """A list that ``standing`` has already made (so the trend tables sort 100,000 rows once, not six times)."""


def _level_columns(present: Iterable[str]) -> tuple[str, ...]:
    seen = set(present)
    known = [lv for lv in LEVEL_ORDER if lv in seen]
    return tuple(known + sorted(seen - set(LEVEL_ORDER)))


def screenings_by_month(screenings: Sequence[ScreeningFacts], f: TrendFilter) -> Table:
    kept = f.kept(standing(screenings))
    levels = _level_columns(s.level_id for s in kept)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for s in kept:
        counts[month_of(s.saved_at)][s.level_id] += 1
    rows = tuple(((m,), tuple(counts[m][lv] for lv in levels)) for m in _months(kept, f))
    return Table("Screenings per month by level", ("Month",), tuple(level_name(lv) for lv in levels), rows)


def _months(kept: Sequence[ScreeningFacts], f: TrendFilter) -> list[str]:
    if not kept and not (f.start and f.end):
        return []
    start = f.start or min(s.saved_at for s in kept).date()
    end = f.end or max(s.saved_at for s in kept).date()
    return months_between(start, end)


def _month_end(month: str) -> dt.datetime:
    y, m = int(month[:4]), int(month[5:])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return dt.datetime(y, m, 1, tzinfo=dt.UTC)


def children_by_level(
    screenings: Sequence[ScreeningFacts], f: TrendFilter, closed_at: dict[str, dt.datetime] | None = None
) -> Table:
    """At the end of each month, how many children stood at each level (their latest screening by then).

    Screenings before the date range still count (a child screened in March is still at that level in
    June); a case closed before a month's end is no longer counted.
    """
    closed_at = closed_at or {}
    all_standing = [s for s in standing(screenings) if not f.locality_id or s.locality_id == f.locality_id]
    in_range = f.kept(all_standing)
    months = _months(in_range, f)
    levels = _level_columns(s.level_id for s in all_standing)
    rows = []
    i, latest = 0, {}
    for month in months:
        cut = _month_end(month)
        while i < len(all_standing) and all_standing[i].saved_at < cut:
            latest[all_standing[i].case_code] = all_standing[i].level_id
            i += 1
        tally = Counter(lv for code, lv in latest.items() if code not in closed_at or closed_at[code] >= cut)
        rows.append(((month,), tuple(tally[lv] for lv in levels)))
    return Table(
        "Children by current level at the end of each month",
        ("Month",),
        tuple(level_name(lv) for lv in levels),
        tuple(rows),
    )


def escalations(screenings: Sequence[ScreeningFacts], f: TrendFilter) -> Table:
    """Per month: screenings that raised, lowered or kept a child's level against their previous one."""
    previous: dict[str, str] = {}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    in_range = []
    for s in standing(screenings):
        before = previous.get(s.case_code)
        previous[s.case_code] = s.level_id
        if before is None or not f.keeps(s.saved_at, s.locality_id):
            continue
        in_range.append(s)
        change = level_rank(s.level_id) - level_rank(before)
        counts[month_of(s.saved_at)]["up" if change > 0 else "down" if change < 0 else "same"] += 1
    rows = tuple(
        ((m,), (counts[m]["up"], counts[m]["down"], counts[m]["same"])) for m in _months(in_range, f)
    )
    return Table(
        "Escalations and de-escalations", ("Month",), ("Escalated", "De-escalated", "Unchanged"), rows
    )


def top_categories(
    screenings: Sequence[ScreeningFacts],
    f: TrendFilter,
    titles: dict[str, str] | None = None,
    limit: int = 10,
) -> Table:
    """The indicator categories most often present (with points) in screenings."""
    titles = titles or {}
    tally: Counter[str] = Counter()
    for s in f.kept(standing(screenings)):
        tally.update(set(s.categories))
    ranked = sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return Table(
        "Most frequent indicator categories",
        ("Category",),
        ("Screenings",),
        tuple(((titles.get(c, c),), (n,)) for c, n in ranked),
    )


NONE_RECORDED = ""  # the key under which children with no model ticked are counted


def children_by_model(screenings: Sequence[ScreeningFacts], f: TrendFilter) -> Table:
    """Children by the model of exploitation recorded (a child counts once under each model ticked on
    any of their screenings in the range; one with none ticked counts under "None recorded")."""
    seen: dict[str, set[str]] = defaultdict(set)
    for s in f.kept(standing(screenings)):
        seen[s.case_code].update(s.models)
    tally: Counter[str] = Counter()
    for models in seen.values():
        tally.update(models or {NONE_RECORDED})
    order = [*EXPLOITATION_MODELS, NONE_RECORDED]
    rows = tuple(((EXPLOITATION_MODELS.get(m, "None recorded"),), (tally[m],)) for m in order if tally[m])
    return Table("Children by model of exploitation", ("Model of exploitation",), ("Children",), rows)


def current_levels_by(
    screenings: Sequence[ScreeningFacts], f: TrendFilter, by: str, closed: Iterable[str] = ()
) -> Table:
    """Children by their latest level in the range, grouped by "organisation" or "locality"."""
    if by not in ("organisation", "locality"):
        raise ValueError("group by 'organisation' or 'locality'")
    shut = set(closed)
    latest: dict[str, ScreeningFacts] = {}
    for s in f.kept(standing(screenings)):
        if s.case_code not in shut:
            latest[s.case_code] = s
    levels = _level_columns(s.level_id for s in latest.values())
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for s in latest.values():
        groups[s.organisation if by == "organisation" else s.locality_id][s.level_id] += 1
    label = "Organisation" if by == "organisation" else "Locality"
    rows = tuple(((g,), tuple(groups[g][lv] for lv in levels)) for g in sorted(groups))
    return Table(
        f"Children by current level and {by}", (label,), tuple(level_name(lv) for lv in levels), rows
    )


def interview_rate(episodes: Iterable[ReturnFacts], f: TrendFilter) -> Table:
    """Per month of return: returns, interviews done within 72 hours, and the rate."""
    limit = dt.timedelta(hours=INTERVIEW_HOURS)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in episodes:
        if e.returned_at is None or not f.keeps(e.returned_at, e.locality_id):
            continue
        month = counts[month_of(e.returned_at)]
        month[0] += 1
        if e.interview_done_at is not None and e.interview_done_at - e.returned_at <= limit:
            month[1] += 1
    rows = tuple(((m,), (counts[m][0], counts[m][1])) for m in sorted(counts))
    return Table(
        "Return interviews within 72 hours",
        ("Month of return",),
        ("Returns", "Within 72 hours"),
        rows,
        rates=("Within 72 hours of Returns",),
    )


# ---------------------------------------------------------------- case by case (a region's register)
#
# Every trend table over screenings is a sum over children: each child's screenings add to some counts.
# A region's register (700,000 screenings) keeps each child's share, and when a screening is saved it
# takes the child's old share away and adds the new one, instead of counting every screening again.
# ``case_share`` and ``tables_from_shares`` give exactly the tables the functions above give (a test
# compares them); they need a date range with both ends (the trends page always has one).

_SHARES = (
    "by_month",
    "level_columns",
    "by_level",
    "escalations",
    "categories",
    "models",
    "orgs",
    "localities",
)


@dataclass(slots=True)
class Shares:
    """Counts that add up over children: one child's share, or the sum of every child's."""

    counts: dict[str, Counter[tuple[str, ...]]] = field(
        default_factory=lambda: {name: Counter() for name in _SHARES}
    )
    locality_ids: Counter[str] = field(default_factory=Counter)

    def add(self, other: Shares, sign: int = 1) -> None:
        for name, counter in other.counts.items():
            mine = self.counts[name]
            for k, n in counter.items():
                mine[k] += sign * n
        for loc, n in other.locality_ids.items():
            self.locality_ids[loc] += sign * n


def case_share(screenings: Iterable[ScreeningFacts], f: TrendFilter, closed_at: dt.datetime | None) -> Shares:
    """One child's share of the trend tables (``screenings``: all of one case's, in any order;
    ``closed_at``: when the case closed, None while open)."""
    if f.start is None or f.end is None:
        raise ValueError("counting child by child needs a date range with both ends")
    out = Shares()
    c = out.counts
    ordered = standing(screenings)
    out.locality_ids.update(s.locality_id for s in ordered if s.locality_id)
    placed = [s for s in ordered if not f.locality_id or s.locality_id == f.locality_id]
    kept = f.kept(placed)
    c["by_month"].update((month_of(s.saved_at), s.level_id) for s in kept)
    c["level_columns"].update((s.level_id,) for s in placed)
    i, latest = 0, None
    for month in months_between(f.start, f.end):
        cut = _month_end(month)
        while i < len(placed) and placed[i].saved_at < cut:
            latest = placed[i].level_id
            i += 1
        if latest is not None and (closed_at is None or closed_at >= cut):
            c["by_level"][(month, latest)] += 1
    before = None
    for s in ordered:
        if before is not None and f.keeps(s.saved_at, s.locality_id):
            change = level_rank(s.level_id) - level_rank(before)
            c["escalations"][
                (month_of(s.saved_at), "up" if change > 0 else "down" if change < 0 else "same")
            ] += 1
        before = s.level_id
    for s in kept:
        c["categories"].update((cat,) for cat in set(s.categories))
    if kept:
        models = {m for s in kept for m in s.models}
        c["models"].update((m,) for m in models or {NONE_RECORDED})
        if closed_at is None:
            last = kept[-1]
            c["orgs"][(last.organisation, last.level_id)] += 1
            c["localities"][(last.locality_id, last.level_id)] += 1
    return out


def tables_from_shares(
    total: Shares, f: TrendFilter, titles: dict[str, str] | None = None
) -> dict[str, Table]:
    """The trend tables over screenings from the sum of every child's share: by_month, by_level,
    escalations, categories, models, organisations, localities (as the functions above make them)."""
    assert f.start is not None and f.end is not None
    titles = titles or {}
    c = {name: {k: n for k, n in counter.items() if n} for name, counter in total.counts.items()}
    months = months_between(f.start, f.end)

    def by_month_table(name: str, levels: tuple[str, ...], title: str) -> Table:
        rows = tuple(((m,), tuple(c[name].get((m, lv), 0) for lv in levels)) for m in months)
        return Table(title, ("Month",), tuple(level_name(lv) for lv in levels), rows)

    def grouped(name: str, by: str) -> Table:
        levels = _level_columns(lv for _, lv in c[name])
        groups = sorted({g for g, _ in c[name]})
        label = "Organisation" if by == "organisation" else "Locality"
        rows = tuple(((g,), tuple(c[name].get((g, lv), 0) for lv in levels)) for g in groups)
        return Table(
            f"Children by current level and {by}", (label,), tuple(level_name(lv) for lv in levels), rows
        )

    ranked = sorted(((k[0], n) for k, n in c["categories"].items()), key=lambda kv: (-kv[1], kv[0]))[:10]
    models = c["models"]
    return {
        "by_month": by_month_table(
            "by_month", _level_columns(lv for _, lv in c["by_month"]), "Screenings per month by level"
        ),
        "by_level": by_month_table(
            "by_level",
            _level_columns(k[0] for k in c["level_columns"]),
            "Children by current level at the end of each month",
        ),
        "escalations": Table(
            "Escalations and de-escalations",
            ("Month",),
            ("Escalated", "De-escalated", "Unchanged"),
            tuple(
                ((m,), tuple(c["escalations"].get((m, way), 0) for way in ("up", "down", "same")))
                for m in months
            ),
        ),
        "categories": Table(
            "Most frequent indicator categories",
            ("Category",),
            ("Screenings",),
            tuple(((titles.get(cat, cat),), (n,)) for cat, n in ranked),
        ),
        "models": Table(
            "Children by model of exploitation",
            ("Model of exploitation",),
            ("Children",),
            tuple(
                ((EXPLOITATION_MODELS.get(m, "None recorded"),), (models[(m,)],))
                for m in [*EXPLOITATION_MODELS, NONE_RECORDED]
                if models.get((m,))
            ),
        ),
        "organisations": grouped("orgs", "organisation"),
        "localities": grouped("localities", "locality"),
    }


# ---------------------------------------------------------------- any date range, from facts kept once
#
# ``case_share`` counts one child for one date range, so a date range not asked for before counts every
# child again (seconds over a region's register). ``case_points`` keeps instead what any range needs,
# once per child, by UTC day (a day ordinal) and month; ``RangeFree`` adds every child's points up, and
# ``RangeFree.shares`` gives, for any date range, the very ``Shares`` that adding every child's
# ``case_share`` would (a property test compares them). Counts that add up day by day (screenings,
# escalations, categories) are kept per day. "Counted once per child if one of their screenings falls in
# the range" (models of exploitation) is kept as each such day with the child's day before it: a child
# counts once, at the first of their days in the range, the one whose day before it is before the range.
# "The child's last screening in the range" (current level by organisation and locality) is kept as each
# day with the child's next day: it is the day in the range whose next day is after it. The level at
# each month's end is kept as the months where a child's level starts and stops counting.

_BEFORE_ANY_DAY = 0  # day ordinals start at 1
_AFTER_ANY_DAY = dt.date.max.toordinal() + 1
_ANY = ("any",)  # a screening (for "None recorded": children with one, less those with a model ticked)
_TICKED = ("ticked",)  # a screening with a model of exploitation ticked

Place = str | None  # the locality a range is filtered to (None: every locality)


def _day(at: dt.datetime) -> int:
    if at.utcoffset():
        at = at.astimezone(dt.UTC)
    return at.toordinal()


@functools.cache
def _month_of_day(day: int) -> str:
    d = dt.date.fromordinal(day)
    return f"{d.year:04d}-{d.month:02d}"


@dataclass(slots=True)
class CasePoints:
    """One child's facts for any date range (``case_points``), each under the locality filter it counts
    for (None: all localities)."""

    daily: list[tuple[Place, int, tuple[str, str]]] = field(default_factory=list)  # ("m"|"e"|"c", what)
    columns: list[tuple[Place, str]] = field(default_factory=list)  # every standing screening's level
    changes: list[tuple[Place, str, str, int]] = field(default_factory=list)  # (month, level, +1/-1)
    firsts: list[tuple[Place, tuple[str, ...], int, int]] = field(default_factory=list)  # day, day before
    lasts: list[tuple[Place, tuple[str, str, str], int, int]] = field(default_factory=list)  # day, next
    localities: list[str] = field(default_factory=list)


def case_points(screenings: Iterable[ScreeningFacts], closed_at: dt.datetime | None) -> CasePoints:
    """One child's facts that every date range is counted from (``screenings``: all of one case's, in
    any order; ``closed_at``: when the case closed, None while open)."""
    ordered = standing(screenings)
    out = CasePoints()
    out.localities.extend(s.locality_id for s in ordered if s.locality_id)
    days = [_day(s.saved_at) for s in ordered]
    ways: list[tuple[str, int, str]] = []  # (locality, day, way) against the child's previous screening
    for i in range(1, len(ordered)):
        change = level_rank(ordered[i].level_id) - level_rank(ordered[i - 1].level_id)
        ways.append(
            (ordered[i].locality_id, days[i], "up" if change > 0 else "down" if change < 0 else "same")
        )
    places = sorted({s.locality_id for s in ordered if s.locality_id})
    if len(places) == 1 and all(s.locality_id for s in ordered):  # the usual case: one locality
        _placed_points(out, (None, places[0]), ordered, days, closed_at)
    else:
        _placed_points(out, (None,), ordered, days, closed_at)
        for place in places:
            picked = [i for i, s in enumerate(ordered) if s.locality_id == place]
            _placed_points(out, (place,), [ordered[i] for i in picked], [days[i] for i in picked], closed_at)
    for place in (None, *places):
        out.daily.extend((place, d, ("e", way)) for loc, d, way in ways if place is None or loc == place)
    return out


def _placed_points(
    out: CasePoints,
    places: tuple[Place, ...],
    placed: Sequence[ScreeningFacts],
    days: Sequence[int],
    closed_at: dt.datetime | None,
) -> None:
    daily: list[tuple[int, tuple[str, str]]] = []
    for s, d in zip(placed, days, strict=True):
        daily.append((d, ("m", s.level_id)))
        daily.extend((d, ("c", cat)) for cat in set(s.categories))
    # The level at each month's end: the latest screening's by then, until the case closed.
    ends: list[tuple[str, str]] = []
    for s, d in zip(placed, days, strict=True):
        month = _month_of_day(d)
        if ends and ends[-1][0] == month:
            ends[-1] = (month, s.level_id)
        else:
            ends.append((month, s.level_id))
    runs = [(m, lv) for i, (m, lv) in enumerate(ends) if i == 0 or ends[i - 1][1] != lv]
    stop = month_of(closed_at) if closed_at is not None else None  # counted at month ends before it
    changes: list[tuple[str, str, int]] = []
    for i, (month, level) in enumerate(runs):
        if stop is not None and month >= stop:
            break
        until = runs[i + 1][0] if i + 1 < len(runs) else None
        if stop is not None and (until is None or until > stop):
            until = stop
        changes.append((month, level, 1))
        if until is not None:
            changes.append((until, level, -1))
    # The days of each kind of screening (any, with a model ticked, with each model), each with the day before.
    seen: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for s, d in zip(placed, days, strict=True):
        models = set(s.models)
        for key in (_ANY, *(("model", m) for m in models), *((_TICKED,) if models else ())):
            had = seen[key]
            if not had or had[-1] != d:
                had.append(d)
    firsts = [
        (key, d, had[i - 1] if i else _BEFORE_ANY_DAY) for key, had in seen.items() for i, d in enumerate(had)
    ]
    # An open child's last screening of each day, with their next day.
    lasts: list[tuple[tuple[str, str, str], int, int]] = []
    if closed_at is None:
        last_of_day: list[tuple[int, ScreeningFacts]] = []
        for s, d in zip(placed, days, strict=True):
            if last_of_day and last_of_day[-1][0] == d:
                last_of_day[-1] = (d, s)
            else:
                last_of_day.append((d, s))
        for i, (d, s) in enumerate(last_of_day):
            after = last_of_day[i + 1][0] if i + 1 < len(last_of_day) else _AFTER_ANY_DAY
            lasts.append(((s.organisation, s.locality_id, s.level_id), d, after))
    for place in places:
        out.daily.extend((place, d, key) for d, key in daily)
        out.columns.extend((place, s.level_id) for s in placed)
        out.changes.extend((place, m, lv, n) for m, lv, n in changes)
        out.firsts.extend((place, key, d, before) for key, d, before in firsts)
        out.lasts.extend((place, group, d, after) for group, d, after in lasts)


@dataclass(slots=True)
class RangeFree:
    """Every child's ``case_points`` added up: the trend tables' counts for any date range (``shares``)."""

    daily: dict[Place, dict[int, Counter[tuple[str, str]]]] = field(default_factory=dict)
    columns: dict[Place, Counter[str]] = field(default_factory=dict)
    changes: dict[Place, Counter[tuple[str, str]]] = field(default_factory=dict)
    firsts: dict[Place, dict[tuple[str, ...], dict[int, list[int]]]] = field(default_factory=dict)
    lasts: dict[Place, dict[tuple[str, str, str], dict[int, list[int]]]] = field(default_factory=dict)
    localities: Counter[str] = field(default_factory=Counter)

    def add(self, points: CasePoints, sign: int = 1) -> None:
        """Add one child's points (``sign`` -1: take them away, as added before)."""
        for place, d, key in points.daily:
            self.daily.setdefault(place, {}).setdefault(d, Counter())[key] += sign
        for place, level in points.columns:
            self.columns.setdefault(place, Counter())[level] += sign
        for place, month, level, n in points.changes:
            self.changes.setdefault(place, Counter())[(month, level)] += sign * n
        for place, kind, d, before in points.firsts:
            _put(self.firsts.setdefault(place, {}).setdefault(kind, {}), d, before, sign)
        for place, group, d, after in points.lasts:
            _put(self.lasts.setdefault(place, {}).setdefault(group, {}), d, after, sign)
        for loc in points.localities:
            self.localities[loc] += sign

    def shares(self, f: TrendFilter) -> Shares:
        """The sum of every child's ``case_share`` for this date range (both ends) and locality."""
        if f.start is None or f.end is None:
            raise ValueError("counting child by child needs a date range with both ends")
        low, high = f.start.toordinal(), f.end.toordinal()
        place = f.locality_id or None
        out = Shares()
        c = out.counts
        for d, counter in self.daily.get(place, {}).items():
            if low <= d <= high:
                month = _month_of_day(d)
                for (kind, what), n in counter.items():
                    if n:
                        key = (what,) if kind == "c" else (month, what)
                        c["categories" if kind == "c" else "by_month" if kind == "m" else "escalations"][
                            key
                        ] += n
        for level, n in self.columns.get(place, Counter()).items():
            if n:
                c["level_columns"][(level,)] += n
        events = sorted((k, n) for k, n in self.changes.get(place, Counter()).items() if n)
        standing_now: Counter[str] = Counter()
        i = 0
        for month in months_between(f.start, f.end):
            while i < len(events) and events[i][0][0] <= month:
                standing_now[events[i][0][1]] += events[i][1]
                i += 1
            for level, n in standing_now.items():
                if n:
                    c["by_level"][(month, level)] += n
        children: Counter[tuple[str, ...]] = Counter()
        for kind, by_day in self.firsts.get(place, {}).items():
            # A child counts at the first of their days in the range: the one whose day before is before it.
            children[kind] = sum(bisect_left(before, low) for d, before in by_day.items() if low <= d <= high)
        for kind, n in children.items():
            if kind[0] == "model" and n:
                c["models"][(kind[1],)] += n
        if none := children[_ANY] - children[_TICKED]:
            c["models"][(NONE_RECORDED,)] += none
        for (org, loc, level), by_day in self.lasts.get(place, {}).items():
            # The child's last screening in the range: the one whose next day is after the range.
            n = sum(len(after) - bisect_right(after, high) for d, after in by_day.items() if low <= d <= high)
            if n:
                c["orgs"][(org, level)] += n
                c["localities"][(loc, level)] += n
        out.locality_ids.update({loc: n for loc, n in self.localities.items() if n})
        return out


def _put(by_day: dict[int, list[int]], d: int, value: int, sign: int) -> None:
    """Add ``value`` to the day's sorted list (``sign`` -1: take one such value away)."""
    if sign > 0:
        insort(by_day.setdefault(d, []), value)
        return
    values = by_day[d]
    i = bisect_left(values, value)
    if i == len(values) or values[i] != value:
        raise ValueError("taking away a child's points that were never added")
    del values[i]
    if not values:
        del by_day[d]

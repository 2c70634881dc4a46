"""Trends and patterns for the quarterly report: aggregates over screenings and missing episodes.

Inputs are plain facts; each function returns an ``export.Table`` of counts, which the page draws as a
chart and exports with small numbers suppressed. Months are calendar months in UTC ("2026-11").
"""

from __future__ import annotations

import datetime as dt
import functools
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..records.model import EXPLOITATION_MODELS
from ..wording.messages import say
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


def month_column() -> str:
    """The first column of a table by month."""
    return say("panel.trends.column.month")


def escalation_columns() -> tuple[str, str, str]:
    """The escalation table's count columns: raised, lowered, kept (the page gives each its colour)."""
    return (
        say("panel.trends.column.escalated"),
        say("panel.trends.column.de_escalated"),
        say("panel.trends.column.unchanged"),
    )


def interview_columns() -> tuple[str, str]:
    """The return interview table's count columns: returns, and interviews done in time."""
    return say("panel.trends.column.returns"), say("panel.trends.column.within", hours=INTERVIEW_HOURS)


def model_name(model: str) -> str:
    """A model of exploitation's name in the table; the children with none ticked are "None recorded"."""
    return EXPLOITATION_MODELS.get(model) or say("panel.trends.no_model")


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
    return Table(
        say("panel.trends.by_month"), (month_column(),), tuple(level_name(lv) for lv in levels), rows
    )


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
        say("panel.trends.by_level"), (month_column(),), tuple(level_name(lv) for lv in levels), tuple(rows)
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
    return Table(say("panel.trends.escalations"), (month_column(),), escalation_columns(), rows)


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
        say("panel.trends.categories"),
        (say("panel.trends.column.category"),),
        (say("panel.trends.column.screenings"),),
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
    rows = tuple(((model_name(m),), (tally[m],)) for m in order if tally[m])
    return Table(
        say("panel.trends.models"),
        (say("panel.trends.column.model"),),
        (say("panel.trends.column.children"),),
        rows,
    )


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
    rows = tuple(((g,), tuple(groups[g][lv] for lv in levels)) for g in sorted(groups))
    return Table(
        say(f"panel.trends.by_{by}"),
        (say(f"panel.trends.column.{by}"),),
        tuple(level_name(lv) for lv in levels),
        rows,
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
    returns, within = interview_columns()
    return Table(
        say("panel.trends.interviews", hours=INTERVIEW_HOURS),
        (say("panel.trends.column.month_of_return"),),
        (returns, within),
        rows,
        rates=((within, returns),),
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
        return Table(title, (month_column(),), tuple(level_name(lv) for lv in levels), rows)

    def grouped(name: str, by: str) -> Table:
        levels = _level_columns(lv for _, lv in c[name])
        groups = sorted({g for g, _ in c[name]})
        rows = tuple(((g,), tuple(c[name].get((g, lv), 0) for lv in levels)) for g in groups)
        return Table(
            say(f"panel.trends.by_{by}"),
            (say(f"panel.trends.column.{by}"),),
            tuple(level_name(lv) for lv in levels),
            rows,
        )

    ranked = sorted(((k[0], n) for k, n in c["categories"].items()), key=lambda kv: (-kv[1], kv[0]))[:10]
    models = c["models"]
    return {
        "by_month": by_month_table(
            "by_month", _level_columns(lv for _, lv in c["by_month"]), say("panel.trends.by_month")
        ),
        "by_level": by_month_table(
            "by_level",
            _level_columns(k[0] for k in c["level_columns"]),
            say("panel.trends.by_level"),
        ),
        "escalations": Table(
            say("panel.trends.escalations"),
            (month_column(),),
            escalation_columns(),
            tuple(
                ((m,), tuple(c["escalations"].get((m, way), 0) for way in ("up", "down", "same")))
                for m in months
            ),
        ),
        "categories": Table(
            say("panel.trends.categories"),
            (say("panel.trends.column.category"),),
            (say("panel.trends.column.screenings"),),
            tuple(((titles.get(cat, cat),), (n,)) for cat, n in ranked),
        ),
        "models": Table(
            say("panel.trends.models"),
            (say("panel.trends.column.model"),),
            (say("panel.trends.column.children"),),
            tuple(
                ((model_name(m),), (models[(m,)],))
                for m in [*EXPLOITATION_MODELS, NONE_RECORDED]
                if models.get((m,))
            ),
        ),
        "organisations": grouped("orgs", "organisation"),
        "localities": grouped("localities", "locality"),
    }


# ---------------------------------------------------------------- any date range, from facts kept once
#
# ``case_share`` counts one child for one date range, so a date range not asked for before counted every
# child again (seconds over a region's register). ``case_points`` keeps instead what any range needs,
# once per child, by UTC day (a day ordinal) and month, and ``RangeFree`` keeps every child's points:
# ``RangeFree.shares`` gives, for any date range, the very ``Shares`` that adding every child's
# ``case_share`` would (a property test compares them). Counts that add up day by day (screenings,
# escalations, categories) and the months where a child's level starts and stops counting at a month's
# end are added up over children once; what counts a child once in a range (a model of exploitation
# ticked on one of their screenings in it; their last screening in it, for the current level by
# organisation and locality) is looked up in each child's sorted days (a binary search per child).

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
class _Part:
    """Facts of one child counted for some locality filters (``places``; None: all localities)."""

    places: tuple[Place, ...]
    daily: list[tuple[int, str, str]]  # (day, "m" level | "e" way | "c" category)
    columns: list[str]  # every standing screening's level
    changes: list[tuple[str, str, int]]  # (month, level, +1 when it starts counting, -1 when it stops)
    kinds: dict[tuple[str, ...], list[int]]  # the days of each kind of screening, oldest first
    last_days: list[int]  # an open child's days with a screening, oldest first
    last_groups: list[tuple[str, str, str]]  # and that day's last screening: (organisation, locality, level)


@dataclass(slots=True)
class CasePoints:
    """One child's facts for any date range (``case_points``)."""

    parts: list[_Part] = field(default_factory=list)
    localities: list[str] = field(default_factory=list)


def case_points(screenings: Iterable[ScreeningFacts], closed_at: dt.datetime | None) -> CasePoints:
    """One child's facts that every date range is counted from (``screenings``: all of one case's, in
    any order; ``closed_at``: when the case closed, None while open)."""
    ordered = standing(screenings)
    out = CasePoints()
    out.localities.extend(s.locality_id for s in ordered if s.locality_id)
    days = [_day(s.saved_at) for s in ordered]
    # Against the child's previous screening (whatever its locality): (locality, day, way).
    ways: list[tuple[str, tuple[int, str, str]]] = []
    for i in range(1, len(ordered)):
        change = level_rank(ordered[i].level_id) - level_rank(ordered[i - 1].level_id)
        way = "up" if change > 0 else "down" if change < 0 else "same"
        ways.append((ordered[i].locality_id, (days[i], "e", way)))
    places = {s.locality_id for s in ordered}
    if len(places) == 1:  # a register's case: one locality (or none)
        (only,) = places
        out.parts.append(
            _part((None, only) if only else (None,), ordered, days, [w for _, w in ways], closed_at)
        )
        return out
    out.parts.append(_part((None,), ordered, days, [w for _, w in ways], closed_at))
    for place in sorted(places - {""}):
        picked = [i for i, s in enumerate(ordered) if s.locality_id == place]
        out.parts.append(
            _part(
                (place,),
                [ordered[i] for i in picked],
                [days[i] for i in picked],
                [w for loc, w in ways if loc == place],
                closed_at,
            )
        )
    return out


def _part(
    places: tuple[Place, ...],
    placed: Sequence[ScreeningFacts],
    days: Sequence[int],
    daily: list[tuple[int, str, str]],
    closed_at: dt.datetime | None,
) -> _Part:
    kinds: dict[tuple[str, ...], list[int]] = defaultdict(list)
    ends: list[tuple[str, str]] = []  # (month, level at its end)
    last_days: list[int] = []
    last_groups: list[tuple[str, str, str]] = []
    for s, d in zip(placed, days, strict=True):
        daily.append((d, "m", s.level_id))
        daily.extend((d, "c", cat) for cat in set(s.categories))
        month = _month_of_day(d)
        if ends and ends[-1][0] == month:
            ends[-1] = (month, s.level_id)
        else:
            ends.append((month, s.level_id))
        for kind in (_ANY, _TICKED, *(("model", m) for m in set(s.models))) if s.models else (_ANY,):
            had = kinds[kind]
            if not had or had[-1] != d:
                had.append(d)
        if last_days and last_days[-1] == d:
            last_groups[-1] = (s.organisation, s.locality_id, s.level_id)
        else:
            last_days.append(d)
            last_groups.append((s.organisation, s.locality_id, s.level_id))
    # The level at each month's end: the latest screening's by then, until the case closed.
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
    if closed_at is not None:  # a closed child is in no current level
        last_days, last_groups = [], []
    return _Part(places, daily, [s.level_id for s in placed], changes, dict(kinds), last_days, last_groups)


@dataclass(frozen=True, slots=True)
class _Lookup:
    """What ``RangeFree`` keeps of one child's part: compact sorted days to search."""

    places: tuple[Place, ...]
    kinds: dict[tuple[str, ...], array[int]]
    last_days: array[int]
    last_groups: list[tuple[str, str, str]]


@dataclass(slots=True)
class _Child:
    screenings: Sequence[ScreeningFacts]  # as given (not copied: the caller keeps it unchanged)
    closed_at: dt.datetime | None
    lookups: list[_Lookup]


@dataclass(slots=True)
class RangeFree:
    """Every child's ``case_points``, kept by a key (the case code): the counts that add up day by day
    added up over children once, and each child's sorted days to search. ``shares`` gives the trend
    tables' counts for any date range, kept for the last few ranges asked for and, when a child's facts
    change, brought up to date with that child's ``case_share`` alone."""

    children: dict[str, _Child] = field(default_factory=dict)
    daily: defaultdict[Place, Counter[tuple[int, str, str]]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    columns: defaultdict[Place, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    changes: defaultdict[Place, Counter[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    localities: Counter[str] = field(default_factory=Counter)
    ranges: dict[TrendFilter, Shares] = field(default_factory=dict)  # the last few ranges asked for
    _groups: dict[tuple[str, str, str], tuple[str, str, str]] = field(default_factory=dict)

    def put(self, key: str, screenings: Sequence[ScreeningFacts], closed_at: dt.datetime | None) -> None:
        """Keep one child's facts (in place of any kept under that key before). ``screenings``: all of
        the case's, kept as given (never changed afterwards); ``closed_at``: when it closed, or None."""
        self.drop(key)
        points = case_points(screenings, closed_at)
        self._add(points, 1)
        self.children[key] = _Child(screenings, closed_at, [self._lookup(part) for part in points.parts])
        for f, total in self.ranges.items():
            total.add(case_share(screenings, f, closed_at))

    def drop(self, key: str) -> None:
        """Take away a child's facts, if kept."""
        child = self.children.pop(key, None)
        if child is None:
            return
        self._add(case_points(child.screenings, child.closed_at), -1)
        for f, total in self.ranges.items():
            total.add(case_share(child.screenings, f, child.closed_at), -1)

    def _lookup(self, part: _Part) -> _Lookup:
        groups = [self._groups.setdefault(g, g) for g in part.last_groups]  # one copy of each group
        kinds = {kind: array("i", days) for kind, days in part.kinds.items()}
        return _Lookup(part.places, kinds, array("i", part.last_days), groups)

    def _add(self, points: CasePoints, sign: int) -> None:
        for part in points.parts:
            for place in part.places:
                if sign > 0:
                    self.daily[place].update(part.daily)
                    self.columns[place].update(part.columns)
                else:
                    self.daily[place].subtract(part.daily)
                    self.columns[place].subtract(part.columns)
                changes = self.changes[place]
                for month, level, n in part.changes:
                    changes[(month, level)] += sign * n
        if sign > 0:
            self.localities.update(points.localities)
        else:
            self.localities.subtract(points.localities)

    def shares(self, f: TrendFilter) -> Shares:
        """The sum of every child's ``case_share`` for this date range (both ends) and locality (kept:
        the caller does not change it)."""
        total = self.ranges.get(f)
        if total is None:
            total = self._shares(f)
            if len(self.ranges) >= 8:
                self.ranges.clear()
            self.ranges[f] = total
        return total

    def _shares(self, f: TrendFilter) -> Shares:
        if f.start is None or f.end is None:
            raise ValueError("counting child by child needs a date range with both ends")
        low, high = f.start.toordinal(), f.end.toordinal()
        place = f.locality_id or None
        out = Shares()
        c = out.counts
        by_month, escalated, categories = c["by_month"], c["escalations"], c["categories"]
        for (d, table, what), n in self.daily.get(place, Counter()).items():
            if n and low <= d <= high:
                if table == "m":
                    by_month[(_month_of_day(d), what)] += n
                elif table == "e":
                    escalated[(_month_of_day(d), what)] += n
                else:
                    categories[(what,)] += n
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
        orgs, localities = c["orgs"], c["localities"]
        for child in self.children.values():
            for part in child.lookups:
                if place not in part.places:
                    continue
                for kind, days in part.kinds.items():  # a screening of this kind in the range
                    j = bisect_left(days, low)
                    if j < len(days) and days[j] <= high:
                        children[kind] += 1
                j = bisect_right(part.last_days, high) - 1  # the last screening in the range, if open
                if j >= 0 and part.last_days[j] >= low:
                    org, loc, level = part.last_groups[j]
                    orgs[(org, level)] += 1
                    localities[(loc, level)] += 1
        for kind, n in children.items():
            if kind[0] == "model":
                c["models"][(kind[1],)] += n
        if none := children[_ANY] - children[_TICKED]:
            c["models"][(NONE_RECORDED,)] += none
        out.locality_ids.update({loc: n for loc, n in self.localities.items() if n})
        return out

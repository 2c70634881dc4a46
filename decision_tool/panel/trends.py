"""Trends and patterns for the quarterly report: aggregates over screenings and missing episodes.

Inputs are plain facts; each function returns an ``export.Table`` of counts, which the page draws as a
chart and exports with small numbers suppressed. Months are calendar months in UTC ("2026-11").
"""

from __future__ import annotations

import datetime as dt
import functools
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

"""The panel's service: the list, missing episodes, panel decisions and trends, over the register.

Every public method takes the ``Actor`` first, re-checks it through the register, checks the role itself
and writes an audit event in the same transaction (a refusal is audited too). Who may do what:

- **panel**: the list, trends, and decisions on every case; missing episodes on every case;
- **trainer**: the same, on demo cases only (for workshops);
- **practitioner**: missing episodes on their own organisation's cases, and nothing else here;
- **admin**: nothing here (no case contents needed).

What comes back is plain frozen data (``decision_tool.panel``), never ORM objects, never free text: the
panel's choices are ids from fixed lists (``decision_tool.panel.vocab``).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.orm import Session

from ..errors import UserError
from ..panel import CaseFacts, EpisodeFacts, PanelRow, build_rows, filter_rows, sort_rows
from ..panel.export import Table, list_csv, list_pdf
from ..panel.missing import InterviewClock, interview_clock, needs_strategy_meeting
from ..panel.trends import (
    RangeFree,
    ReturnFacts,
    ScreeningFacts,
    TrendFilter,
    children_by_level,
    children_by_model,
    current_levels_by,
    escalations,
    interview_rate,
    screenings_by_month,
    standing,
    tables_from_shares,
    top_categories,
)
from ..panel.vocab import ACTIONS, CLOSE_REASONS, DECISIONS, OWNER_ROLES
from ..wording.dates import long_time
from ..wording.messages import say
from . import policy
from .auth import AccessDenied, Actor
from .models import AuditEvent, Case, Organisation, Screening
from .panel_models import MissingEpisode, PanelAction, PanelDecision
from .panel_models import ScreeningFacts as FactsRow
from .service import Register

# Audited actions that change what the list shows (a new mark means its facts are read again).
LIST_CHANGES = (
    "save_screening",
    "create_case",
    "record_missing_episode",
    "update_missing_episode",
    "record_panel_decision",
    "close_case",
    "purge_case",
    "seed_demo",
    "add_organisation",
)
# Audited actions that change what the trends count (a new mark invalidates cached trend reports).
TREND_CHANGES = (
    "save_screening",
    "create_case",
    "record_missing_episode",
    "update_missing_episode",
    "close_case",
    "purge_case",
    "seed_demo",
)
# A time a little ahead of the server's clock is allowed (a phone's clock may run fast); more is a mistake.
FUTURE_SLACK = dt.timedelta(minutes=10)
FACTS_BATCH = 2000
# More changed cases than this since the list was last read: read every case again (one query is quicker).
REFRESH_LIMIT = 500
# The thread that reads the panel's facts at the server's start (``Panel.read_ahead_in_background``).
READ_AHEAD_THREAD = "panel-read-ahead"
# From this many screenings read ahead, what was read is settled for the garbage collector (a region's
# register: 700,000 screenings, millions of objects); below it a full collection walks it quickly anyway.
SETTLE_FROM = 50_000
_log = logging.getLogger(__name__)


class PanelInputError(UserError):
    title = say("register.title.panel_input")


@dataclass(frozen=True, slots=True)
class EpisodeView:
    id: int
    went_missing_at: dt.datetime
    returned_at: dt.datetime | None
    interview_offered_at: dt.datetime | None
    interview_done_at: dt.datetime | None
    clock: InterviewClock


@dataclass(frozen=True, slots=True)
class CaseEpisodes:
    case_code: str
    status: str
    episodes: tuple[EpisodeView, ...]  # newest first
    strategy_meeting: bool  # 3 or more episodes in the last 30 days
    as_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ActionInput:
    action: str  # an id from vocab.ACTIONS
    owner_role: str  # an id from vocab.OWNER_ROLES
    due_date: dt.date


@dataclass(frozen=True, slots=True)
class ActionView:
    id: int
    action: str
    owner_role: str
    due_date: dt.date
    done_at: dt.datetime | None

    def overdue(self, today: dt.date) -> bool:
        return self.done_at is None and self.due_date < today


@dataclass(frozen=True, slots=True)
class DecisionView:
    id: int
    case_code: str
    meeting_date: dt.date
    decision: str  # an id from vocab.DECISIONS
    next_review_date: dt.date | None
    recorded_at: dt.datetime
    actions: tuple[ActionView, ...]


@dataclass(frozen=True, slots=True)
class PanelList:
    as_at: dt.datetime
    rows: tuple[PanelRow, ...]  # every open case in scope, highest levels and overdue reviews first
    organisations: tuple[tuple[str, str], ...]  # (code, name) for the filter
    localities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TrendReport:
    as_at: dt.datetime
    filter: TrendFilter
    tables: Mapping[str, Table]  # by name: by_month, by_level, escalations, categories, organisations, ...
    localities: tuple[str, ...]


def _facts_from_record(record_json: str) -> dict[str, Any]:
    """A saved JSON record's panel facts (read once), as the save path writes them: the categories with
    points, the review date, the models of exploitation ticked and the answers (JSON)."""
    raw = json.loads(record_json)
    assessment = raw.get("assessment", {})
    cats = sorted(c["id"] for c in assessment.get("category_scores", ()) if c.get("points", 0) > 0)
    review = raw.get("review_by")
    models = raw.get("details", {}).get("exploitation_models", ())
    return {
        "categories": " ".join(cats),
        "review_by": dt.date.fromisoformat(review) if review else None,
        "models": " ".join(models),
        "answers": json.dumps(assessment.get("answers", {}), ensure_ascii=False, separators=(",", ":")),
    }


def fill_screening_facts(s: Session, screening_ids: Select[Any] | None = None) -> int:
    """Read categories and review dates from records that have no facts row yet; returns how many.

    For bulk loads that insert screenings without the save path (the demo seed); the panel's reads never
    call it."""
    missing = (
        select(Screening.id, Screening.record_json)
        .outerjoin(FactsRow, FactsRow.screening_id == Screening.id)
        .where(FactsRow.screening_id.is_(None))
    )
    if screening_ids is not None:
        missing = missing.where(Screening.id.in_(screening_ids))
    filled = 0
    for part in s.execute(missing).partitions(FACTS_BATCH):
        rows = []
        for sid, text in part:
            rows.append({"screening_id": sid, **_facts_from_record(text)})
        s.execute(insert(FactsRow), rows)
        filled += len(rows)
    return filled


class Panel:
    """The panel's work, over one ``Register`` (which owns the sessions, the clock and the audit)."""

    def __init__(self, register: Register) -> None:
        self.register = register
        # What the trends count and the reports made of it, per scope, as at an audit high-water mark:
        # every change the trends count is audited with its case (see ``_trend_data_now``).
        self._trend_data: dict[str, _TrendData] = {}
        self._trends_lock = threading.Lock()
        self._list_facts: dict[str, tuple[int, dict[str, CaseFacts]]] = {}
        self._list_lock = threading.Lock()

    @property
    def clock(self) -> Any:
        return self.register.clock

    # ------------------------------------------------------------ scope and checks

    def _panel_scope(self, actor: Actor, action: str) -> Select[Any]:
        """The ids of the cases this actor may see on the panel's pages; refuses everyone else."""
        return policy.case_scope(actor, action)

    def _case(self, s: Session, actor: Actor, code: str, action: str) -> Case:
        policy.require(actor, action)
        return self.register.case_for(s, actor, code, action)

    def _event(
        self, s: Session, actor: Actor, action: str, *, case_code: str | None = None, detail: str = ""
    ) -> None:
        self.register.event(s, actor, action, case_code=case_code, detail=detail)

    # ------------------------------------------------------------ the list

    def panel_list(self, actor: Actor) -> PanelList:
        with self.register.unit(actor, "view_panel_list") as s:
            scope = self._panel_scope(actor, "view_panel_list")
            result = self._list(s, scope)
            self._event(s, actor, "view_panel_list", detail=f"{len(result.rows)} open cases")
            return result

    def _list(self, s: Session, scope: Select[Any]) -> PanelList:
        # The facts are reused while nothing they hold has changed (every such change is audited, with
        # its case); the rows are built afresh each time, since overdue and "due in" depend on the time now.
        facts = list(self._open_case_facts(s, scope).values())
        now = self.clock()
        rows = build_rows(facts, now)
        return PanelList(
            as_at=now,
            rows=tuple(rows),
            organisations=tuple(
                sorted({(c.organisation_code, c.organisation_name) for c in facts}, key=lambda o: o[1])
            ),
            localities=tuple(sorted({c.locality_id for c in facts if c.locality_id})),
        )

    def _open_case_facts(self, s: Session, scope: Select[Any]) -> dict[str, CaseFacts]:
        """Every open case's facts in scope, by case code. Kept per scope with the audit mark they were
        read at; when the mark has moved, only the cases the audit trail names since then are read again
        (a region's 14,000 cases are read once, not after every save). A change the trail ties to no case
        (a bulk seed, a new organisation) reads them all again."""
        with self._list_lock:  # one server's sessions share the kept facts: one reads them at a time
            return self._open_case_facts_now(s, scope)

    def _open_case_facts_now(self, s: Session, scope: Select[Any]) -> dict[str, CaseFacts]:
        mark = s.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.action.in_(LIST_CHANGES))) or 0
        key = str(scope.compile(compile_kwargs={"literal_binds": True}))
        kept = self._list_facts.get(key)
        if kept is not None and kept[0] == mark:
            return kept[1]
        changed: set[str | None] | None = None
        if kept is not None and mark > kept[0]:
            changed = set(
                s.scalars(
                    select(AuditEvent.case_code)
                    .where(AuditEvent.id > kept[0], AuditEvent.id <= mark)
                    .where(AuditEvent.action.in_(LIST_CHANGES))
                    .limit(REFRESH_LIMIT + 1)
                )
            )
        if kept is None or changed is None or None in changed or len(changed) > REFRESH_LIMIT:
            facts = {c.code: c for c in self._case_facts(s, scope)}
        else:
            facts = {code: c for code, c in kept[1].items() if code not in changed}
            facts.update(
                (c.code, c)
                for c in self._case_facts(s, scope.where(Case.code.in_([c for c in changed if c])))
            )
        if len(self._list_facts) > 8:
            self._list_facts.clear()
        self._list_facts[key] = (mark, facts)
        return facts

    def _case_facts(self, s: Session, scope: Select[Any]) -> list[CaseFacts]:
        open_ids = scope.where(Case.status == "open")
        cases = s.execute(
            select(
                Case.id,
                Case.code,
                Case.locality_id,
                Organisation.code,
                Organisation.name,
                Organisation.spoc_role,
                Organisation.spoc_phone,
                Organisation.spoc_email,
            )
            .join(Organisation, Organisation.id == Case.organisation_id)
            .where(Case.id.in_(open_ids))
        ).all()
        screened = s.execute(
            select(
                Screening.case_id, Screening.id, Screening.saved_at, Screening.level_id, Screening.corrects_id
            )
            .where(Screening.case_id.in_(open_ids))
            .order_by(Screening.saved_at, Screening.id)
        ).all()
        by_case: dict[int, list[ScreeningFacts]] = defaultdict(list)
        for case_id, sid, saved_at, level, corrects in screened:
            by_case[case_id].append(ScreeningFacts(sid, "", "", "", saved_at, level, (), corrects))
        latest = {cid: standing(items) for cid, items in by_case.items()}
        latest_ids = [items[-1].id for items in latest.values() if items]
        review_by: dict[int, dt.date | None] = {}
        for chunk in _chunks(latest_ids, FACTS_BATCH):
            review_by.update(
                s.execute(
                    select(FactsRow.screening_id, FactsRow.review_by).where(FactsRow.screening_id.in_(chunk))
                ).all()
            )
        next_review: dict[int, dt.date | None] = {}
        for case_id, review in s.execute(
            select(PanelDecision.case_id, PanelDecision.next_review_date)
            .where(PanelDecision.case_id.in_(open_ids))
            .order_by(PanelDecision.meeting_date, PanelDecision.id)
        ):
            next_review[case_id] = review  # the latest meeting's date wins
        episodes: dict[int, list[EpisodeFacts]] = defaultdict(list)
        for row in s.execute(
            select(
                MissingEpisode.case_id,
                MissingEpisode.went_missing_at,
                MissingEpisode.returned_at,
                MissingEpisode.interview_offered_at,
                MissingEpisode.interview_done_at,
            ).where(MissingEpisode.case_id.in_(open_ids))
        ):
            episodes[row[0]].append(EpisodeFacts(*row[1:]))
        facts = []
        for cid, code, locality, org_code, org_name, role, phone, email in cases:
            items = latest.get(cid, [])
            last = items[-1] if items else None
            due = next_review[cid] if cid in next_review else (review_by.get(last.id) if last else None)
            facts.append(
                CaseFacts(
                    code=code,
                    organisation_code=org_code,
                    organisation_name=org_name,
                    locality_id=locality or "",
                    spoc_role=role,
                    spoc_phone=phone,
                    spoc_email=email,
                    levels=tuple(x.level_id for x in items[-2:]),
                    last_screened_at=last.saved_at if last else None,
                    review_due=due,
                    episodes=tuple(episodes.get(cid, ())),
                )
            )
        return facts

    def case_row(self, actor: Actor, case_code: str) -> PanelRow | None:
        """One case's line of the panel list (current level, change, review, missing episodes), for its
        panel page; None when the case is closed (closed cases are not on the list)."""
        with self.register.unit(actor, "view_panel_case", case_code) as s:
            case = self._case(s, actor, case_code, "view_panel_case")
            rows = build_rows(
                self._case_facts(s, self._panel_scope(actor, "view_panel_case").where(Case.id == case.id)),
                self.clock(),
            )
            self._event(s, actor, "view_panel_case", case_code=case.code)
            return rows[0] if rows else None

    def export_list(
        self, actor: Actor, fmt: str, *, sort: str = "priority", filters: Mapping[str, Any] | None = None
    ) -> tuple[str, bytes]:
        """The list as it is shown (sorted and filtered), as at now: (file name, content). Audited."""
        if fmt not in ("csv", "pdf"):
            raise PanelInputError(say("register.error.list_format"))
        with self.register.unit(actor, "export_panel_list") as s:
            found = self._list(s, self._panel_scope(actor, "export_panel_list"))
            rows = sort_rows(filter_rows(found.rows, **dict(filters or {})), sort)
            self._event(s, actor, "export_panel_list", detail=f"{fmt}: {len(rows)} cases")
        stamp = f"{found.as_at:%Y-%m-%d-%H%M}"
        if fmt == "csv":
            return f"panel-list-as-at-{stamp}.csv", list_csv(rows, found.as_at).encode("utf-8")
        return f"panel-list-as-at-{stamp}.pdf", list_pdf(rows, found.as_at)

    # ------------------------------------------------------------ missing episodes

    def missing_episodes(self, actor: Actor, case_code: str) -> CaseEpisodes:
        with self.register.unit(actor, "view_missing_episodes", case_code) as s:
            case = self._case(s, actor, case_code, "view_missing_episodes")
            result = self._episodes(s, case)
            self._event(
                s,
                actor,
                "view_missing_episodes",
                case_code=case.code,
                detail=f"{len(result.episodes)} episodes",
            )
            return result

    def _episodes(self, s: Session, case: Case) -> CaseEpisodes:
        now = self.clock()
        rows = s.scalars(
            select(MissingEpisode)
            .where(MissingEpisode.case_id == case.id)
            .order_by(MissingEpisode.went_missing_at.desc(), MissingEpisode.id.desc())
        ).all()
        views = tuple(_episode_view(e, now) for e in rows)
        facts = [
            EpisodeFacts(e.went_missing_at, e.returned_at, e.interview_offered_at, e.interview_done_at)
            for e in rows
        ]
        return CaseEpisodes(case.code, case.status, views, needs_strategy_meeting(facts, now), now)

    def record_missing_episode(
        self,
        actor: Actor,
        case_code: str,
        went_missing_at: dt.datetime,
        returned_at: dt.datetime | None = None,
        interview_offered_at: dt.datetime | None = None,
        interview_done_at: dt.datetime | None = None,
    ) -> EpisodeView:
        now = self.clock()
        _check_episode(went_missing_at, returned_at, interview_offered_at, interview_done_at, now)
        with self.register.unit(actor, "record_missing_episode", case_code) as s:
            case = self._case(s, actor, case_code, "record_missing_episode")
            _check_open(case)
            episode = MissingEpisode(
                case_id=case.id,
                went_missing_at=went_missing_at,
                returned_at=returned_at,
                interview_offered_at=interview_offered_at,
                interview_done_at=interview_done_at,
                recorded_by=actor.user_id,
                recorded_at=now,
            )
            s.add(episode)
            case.last_activity_at = now
            s.flush()
            self._event(
                s, actor, "record_missing_episode", case_code=case.code, detail=f"episode {episode.id}"
            )
            return _episode_view(episode, now)

    def update_missing_episode(
        self,
        actor: Actor,
        case_code: str,
        episode_id: int,
        *,
        returned_at: dt.datetime | None,
        interview_offered_at: dt.datetime | None,
        interview_done_at: dt.datetime | None,
    ) -> EpisodeView:
        """Add the return and the interview to an episode as they happen (the start time stays)."""
        now = self.clock()
        with self.register.unit(actor, "update_missing_episode", case_code) as s:
            case = self._case(s, actor, case_code, "update_missing_episode")
            _check_open(case)
            episode = s.get(MissingEpisode, episode_id)
            if episode is None or episode.case_id != case.id:
                raise PanelInputError(say("register.error.not_this_cases_episode"))
            _check_episode(episode.went_missing_at, returned_at, interview_offered_at, interview_done_at, now)
            changed = [
                name
                for name, value in (
                    ("returned", returned_at),
                    ("offered", interview_offered_at),
                    ("interview", interview_done_at),
                )
                if getattr(episode, _FIELDS[name]) != value
            ]
            episode.returned_at = returned_at
            episode.interview_offered_at = interview_offered_at
            episode.interview_done_at = interview_done_at
            case.last_activity_at = now
            detail = f"episode {episode.id}: " + (", ".join(changed) or "no change")
            self._event(s, actor, "update_missing_episode", case_code=case.code, detail=detail)
            return _episode_view(episode, now)

    # ------------------------------------------------------------ decisions

    def decisions(self, actor: Actor, case_code: str) -> list[DecisionView]:
        with self.register.unit(actor, "view_panel_decisions", case_code) as s:
            case = self._case(s, actor, case_code, "view_panel_decisions")
            found = self._decisions(s, case)
            self._event(
                s, actor, "view_panel_decisions", case_code=case.code, detail=f"{len(found)} decisions"
            )
            return found

    def _decisions(self, s: Session, case: Case) -> list[DecisionView]:
        rows = s.scalars(
            select(PanelDecision)
            .where(PanelDecision.case_id == case.id)
            .order_by(PanelDecision.meeting_date.desc(), PanelDecision.id.desc())
        ).all()
        actions: dict[int, list[ActionView]] = defaultdict(list)
        for a in s.scalars(
            select(PanelAction)
            .where(PanelAction.decision_id.in_([d.id for d in rows]))
            .order_by(PanelAction.due_date, PanelAction.id)
        ):
            actions[a.decision_id].append(ActionView(a.id, a.action, a.owner_role, a.due_date, a.done_at))
        return [
            DecisionView(
                d.id,
                case.code,
                d.meeting_date,
                d.decision,
                d.next_review_date,
                d.recorded_at,
                tuple(actions[d.id]),
            )
            for d in rows
        ]

    def record_decision(
        self,
        actor: Actor,
        case_code: str,
        *,
        meeting_date: dt.date,
        decision: str,
        actions: Sequence[ActionInput] = (),
        next_review_date: dt.date | None = None,
        close_reason: str | None = None,
    ) -> DecisionView:
        """A panel's decision on a case at a meeting. Deciding to close needs a reason, and closes it."""
        now = self.clock()
        _check_decision(meeting_date, decision, actions, next_review_date, close_reason, now.date())
        with self.register.unit(actor, "record_panel_decision", case_code) as s:
            case = self._case(s, actor, case_code, "record_panel_decision")
            _check_open(case)
            row = PanelDecision(
                case_id=case.id,
                meeting_date=meeting_date,
                decision=decision,
                next_review_date=next_review_date,
                recorded_by=actor.user_id,
                recorded_at=now,
            )
            s.add(row)
            s.flush()
            for a in actions:
                s.add(
                    PanelAction(
                        decision_id=row.id, action=a.action, owner_role=a.owner_role, due_date=a.due_date
                    )
                )
            case.last_activity_at = now
            review = f", review {next_review_date.isoformat()}" if next_review_date else ""
            self._event(
                s,
                actor,
                "record_panel_decision",
                case_code=case.code,
                detail=f"decision {row.id}: {decision}, {len(actions)} actions{review}",
            )
            if decision == "close":
                assert close_reason is not None  # checked above
                case.status = "closed"
                case.closed_reason = close_reason
                self._event(s, actor, "close_case", case_code=case.code, detail=f"reason: {close_reason}")
            s.flush()
            return next(d for d in self._decisions(s, case) if d.id == row.id)

    def complete_action(self, actor: Actor, case_code: str, action_id: int) -> ActionView:
        now = self.clock()
        with self.register.unit(actor, "complete_panel_action", case_code) as s:
            case = self._case(s, actor, case_code, "complete_panel_action")
            action = s.get(PanelAction, action_id)
            decision = s.get(PanelDecision, action.decision_id) if action else None
            if action is None or decision is None or decision.case_id != case.id:
                raise PanelInputError(say("register.error.not_this_cases_action"))
            if action.done_at is None:
                action.done_at = now
            self._event(s, actor, "complete_panel_action", case_code=case.code, detail=f"action {action.id}")
            return ActionView(action.id, action.action, action.owner_role, action.due_date, action.done_at)

    # ------------------------------------------------------------ read once at the server's start

    def read_ahead(self) -> int:
        """Read what the list and the trends of a panel member keep (every case the policy lets the
        panel role see), so that the first person to open them after the server starts does not wait for
        it (a region's register: seconds). Run once in the background at the start. Nobody is shown
        anything, so nothing is audited; each page still reads through ``panel_list`` and ``trends``,
        which check the person and audit the view. Returns how many screenings the trends count."""
        reader = Actor(user_id=None, username="server start", role="panel", organisation_id=None)
        with self.register._sessions() as s:
            self._open_case_facts(s, self._panel_scope(reader, "view_panel_list"))
            with self._trends_lock:
                data = self._trend_data_now(s, self._panel_scope(reader, "view_panel_trends"))
                return sum(len(items) for items in data.screenings.values())

    def read_ahead_in_background(self) -> threading.Thread:
        """``read_ahead`` in a thread of its own (started; returned for whoever wants to wait for it)."""
        thread = threading.Thread(target=self._read_ahead_quietly, name=READ_AHEAD_THREAD, daemon=True)
        thread.start()
        return thread

    def _read_ahead_quietly(self) -> None:
        try:
            screenings = self.read_ahead()
        except Exception:  # the pages read it themselves when asked (and say so if the register is down)
            _log.warning("the panel's facts could not be read ahead", exc_info=True)
            return
        if screenings >= SETTLE_FROM:
            # What was read lives as long as the server: settled, as the rest is (``ui/settle.py``), so
            # that the garbage collection after each click does not walk it.
            gc.collect()
            gc.freeze()

    # ------------------------------------------------------------ trends

    def trends(self, actor: Actor, f: TrendFilter, *, titles: Mapping[str, str] | None = None) -> TrendReport:
        with self.register.unit(actor, "view_panel_trends") as s:
            report = self._trends(s, self._panel_scope(actor, "view_panel_trends"), f, titles or {})
            self._event(s, actor, "view_panel_trends", detail=_filter_words(f))
            return report

    def export_trends(
        self, actor: Actor, f: TrendFilter, *, titles: Mapping[str, str] | None = None
    ) -> tuple[str, bytes]:
        """Every trend table in one CSV, counts of 1 to 4 shown as "<5". Audited."""
        with self.register.unit(actor, "export_panel_trends") as s:
            report = self._trends(s, self._panel_scope(actor, "export_panel_trends"), f, titles or {})
            self._event(s, actor, "export_panel_trends", detail=_filter_words(f))
        parts = [
            table.csv(preamble=[(table.title,)] if i == 0 else [(), (table.title,)])
            for i, table in enumerate(report.tables.values())
        ]
        head = say("register.trends.heading", time=long_time(report.as_at), period=_filter_words(f)) + "\r\n"
        return f"panel-trends-{report.as_at:%Y-%m-%d}.csv", (head + "".join(parts)).encode("utf-8")

    def _trends(
        self, s: Session, scope: Select[Any], f: TrendFilter, titles: Mapping[str, str]
    ) -> TrendReport:
        with self._trends_lock:  # one server's sessions share the kept counts: one changes them at a time
            data = self._trend_data_now(s, scope)
            key = (f, tuple(sorted(titles.items())))
            report = data.reports.get(key)
            if report is None:
                report = self._compute_trends(data, f, titles)
                if len(data.reports) > 16:
                    data.reports.clear()
                data.reports[key] = report
            return report

    def _trend_data_now(self, s: Session, scope: Select[Any]) -> _TrendData:
        """The facts the trends count, kept per scope with the audit mark they were read at. When the mark
        has moved, only the cases the audit trail names since then are read again, and each kept date
        range's counts swap those children's old shares for their new ones (a region's 700,000 screenings
        are read and counted once, not after every save). A change tied to no case reads everything."""
        mark = s.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.action.in_(TREND_CHANGES))) or 0
        key = str(scope.compile(compile_kwargs={"literal_binds": True}))
        data = self._trend_data.get(key)
        if data is not None and data.mark == mark:
            return data
        changed: set[str | None] | None = None
        if data is not None and mark > data.mark:
            changed = set(
                s.scalars(
                    select(AuditEvent.case_code)
                    .where(AuditEvent.id > data.mark, AuditEvent.id <= mark)
                    .where(AuditEvent.action.in_(TREND_CHANGES))
                    .limit(REFRESH_LIMIT + 1)
                )
            )
        if data is None or changed is None or None in changed or len(changed) > REFRESH_LIMIT:
            screenings, returns, closed = self._trend_rows(s, scope)
            counted = RangeFree()
            for code, items in screenings.items():
                counted.put(code, items, closed.get(code))
            data = _TrendData(mark, screenings, returns, closed, counted)
            if len(self._trend_data) > 8:
                self._trend_data.clear()
            self._trend_data[key] = data
            return data
        codes = {c for c in changed if c}
        screenings, returns, closed = self._trend_rows(s, scope.where(Case.code.in_(codes)))
        for code in codes:
            data.counted.drop(code)  # the child's facts as counted, taken away
            data.screenings.pop(code, None)
            data.returns.pop(code, None)
            data.closed.pop(code, None)
        data.screenings.update(screenings)
        data.returns.update(returns)
        data.closed.update(closed)
        for code in codes & screenings.keys():
            data.counted.put(code, screenings[code], data.closed.get(code))
        data.mark = mark
        data.reports.clear()
        return data

    def _trend_rows(
        self, s: Session, scope: Select[Any]
    ) -> tuple[dict[str, list[ScreeningFacts]], dict[str, list[ReturnFacts]], dict[str, dt.datetime]]:
        """Each case's screenings and missing episodes by case code, and when each closed case closed."""
        screenings: dict[str, list[ScreeningFacts]] = defaultdict(list)
        for sid, code, org, loc, saved_at, level, cats, corrects, models in s.execute(
            select(
                Screening.id,
                Case.code,
                Organisation.name,
                Case.locality_id,
                Screening.saved_at,
                Screening.level_id,
                FactsRow.categories,
                Screening.corrects_id,
                FactsRow.models,
            )
            .join(Case, Case.id == Screening.case_id)
            .join(Organisation, Organisation.id == Case.organisation_id)
            .outerjoin(FactsRow, FactsRow.screening_id == Screening.id)
            .where(Screening.case_id.in_(scope))
        ):
            screenings[code].append(
                ScreeningFacts(
                    sid,
                    code,
                    org,
                    loc or "",
                    saved_at,
                    level,
                    tuple(cats.split()) if cats else (),
                    corrects,
                    tuple(models.split()) if models else (),
                )
            )
        returns: dict[str, list[ReturnFacts]] = defaultdict(list)
        for code, loc, back, done in s.execute(
            select(Case.code, Case.locality_id, MissingEpisode.returned_at, MissingEpisode.interview_done_at)
            .join(Case, Case.id == MissingEpisode.case_id)
            .where(MissingEpisode.case_id.in_(scope))
        ):
            returns[code].append(ReturnFacts(code, loc or "", back, done))
        # When each closed case closed: the audit trail's close event, else its last activity.
        closed_codes = select(Case.code).where(Case.id.in_(scope), Case.status == "closed")
        closed: dict[str, dt.datetime] = dict(
            s.execute(select(Case.code, Case.last_activity_at).where(Case.code.in_(closed_codes))).all()
        )
        for named, at in s.execute(
            select(AuditEvent.case_code, AuditEvent.at)
            .where(AuditEvent.action == "close_case", AuditEvent.case_code.in_(closed_codes))
            .order_by(AuditEvent.id)
        ):
            if named is not None:
                closed[named] = at
        return dict(screenings), dict(returns), closed

    def _compute_trends(self, data: _TrendData, f: TrendFilter, titles: Mapping[str, str]) -> TrendReport:
        now = self.clock()
        returns = [r for items in data.returns.values() for r in items]
        if f.start is not None and f.end is not None:  # the page's case: from the facts kept once
            total = data.counted.shares(f)
            tables = {**tables_from_shares(total, f, dict(titles)), "interviews": interview_rate(returns, f)}
            localities = tuple(sorted(loc for loc, n in total.locality_ids.items() if n > 0))
            return TrendReport(now, f, tables, localities)
        screenings = standing([x for items in data.screenings.values() for x in items])
        closed = data.closed
        tables = {
            "by_month": screenings_by_month(screenings, f),
            "by_level": children_by_level(screenings, f, closed_at=closed),
            "escalations": escalations(screenings, f),
            "categories": top_categories(screenings, f, titles=dict(titles)),
            "models": children_by_model(screenings, f),
            "organisations": current_levels_by(screenings, f, "organisation", closed=closed),
            "localities": current_levels_by(screenings, f, "locality", closed=closed),
            "interviews": interview_rate(returns, f),
        }
        localities = tuple(sorted({x.locality_id for x in screenings if x.locality_id}))
        return TrendReport(now, f, tables, localities)


@dataclass(slots=True)
class _TrendData:
    """What one scope's trends count, as at an audit mark (``Panel._trend_data_now``)."""

    mark: int
    screenings: dict[str, list[ScreeningFacts]]  # by case code
    returns: dict[str, list[ReturnFacts]]  # missing episodes, by case code
    closed: dict[str, dt.datetime]  # when each closed case closed
    # Every child's facts for any date range (both ends), added up: a new range is summed from them.
    counted: RangeFree
    reports: dict[tuple[Any, ...], TrendReport] = field(default_factory=dict)


# ---------------------------------------------------------------- checks and helpers

_FIELDS = {"returned": "returned_at", "offered": "interview_offered_at", "interview": "interview_done_at"}


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _filter_words(f: TrendFilter) -> str:
    parts = [
        say("register.trends.from", day=f.start.isoformat()) if f.start else "",
        say("register.trends.to", day=f.end.isoformat()) if f.end else "",
        say("register.trends.locality", locality=f.locality_id) if f.locality_id else "",
    ]
    return " ".join(p for p in parts if p) or say("register.trends.everything")


def _episode_view(e: MissingEpisode, now: dt.datetime) -> EpisodeView:
    facts = EpisodeFacts(e.went_missing_at, e.returned_at, e.interview_offered_at, e.interview_done_at)
    return EpisodeView(
        e.id,
        e.went_missing_at,
        e.returned_at,
        e.interview_offered_at,
        e.interview_done_at,
        interview_clock(facts, now),
    )


def _check_open(case: Case) -> None:
    if case.status != "open":
        raise PanelInputError(say("register.error.case_closed", code=case.code))


def _check_episode(
    went: dt.datetime,
    returned: dt.datetime | None,
    offered: dt.datetime | None,
    done: dt.datetime | None,
    now: dt.datetime,
) -> None:
    problems = []
    for name, value in (("went_missing", went), ("returned", returned), ("offered", offered), ("done", done)):
        if value is not None and value.tzinfo is None:
            raise ValueError(f"{name}: times must be timezone-aware")
        if value is not None and value > now + FUTURE_SLACK:
            problems.append(say("register.episode.in_future", moment=say(f"register.episode.moment.{name}")))
    if returned is not None and returned < went:
        problems.append(say("register.episode.return_before_missing"))
    if (offered is not None or done is not None) and returned is None:
        problems.append(say("register.episode.interview_before_return"))
    if returned is not None:
        if offered is not None and offered < returned:
            problems.append(say("register.episode.offered_before_return"))
        if done is not None and done < returned:
            problems.append(say("register.episode.done_before_return"))
    if problems:
        raise PanelInputError(say("register.problems.separator").join(problems))


def _check_decision(
    meeting: dt.date,
    decision: str,
    actions: Sequence[ActionInput],
    review: dt.date | None,
    close_reason: str | None,
    today: dt.date,
) -> None:
    problems = []
    if decision not in DECISIONS:
        problems.append(say("register.decision.unknown", decision=decision[:40]))
    if meeting > today:
        problems.append(say("register.decision.meeting_in_future"))
    if decision == "close":
        if close_reason not in CLOSE_REASONS:
            problems.append(say("register.decision.close_needs_reason"))
    else:
        if close_reason is not None:
            problems.append(say("register.decision.reason_without_close"))
        if review is None:
            problems.append(say("register.decision.choose_review"))
    if review is not None and review <= meeting:
        problems.append(say("register.decision.review_after_meeting"))
    for i, a in enumerate(actions, 1):
        if a.action not in ACTIONS:
            problems.append(say("register.decision.action_unknown", n=i))
        if a.owner_role not in OWNER_ROLES:
            problems.append(say("register.decision.owner_unknown", n=i))
        if a.due_date < meeting:
            problems.append(say("register.decision.due_before_meeting", n=i))
    if problems:
        raise PanelInputError(say("register.problems.separator").join(problems))


__all__ = [
    "AccessDenied",
    "ActionInput",
    "ActionView",
    "CaseEpisodes",
    "DecisionView",
    "EpisodeView",
    "Panel",
    "PanelInputError",
    "PanelList",
    "TrendReport",
]

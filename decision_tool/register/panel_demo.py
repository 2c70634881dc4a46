"""Demo data for the panel (workshops and benchmarks): single points of contact, a second locality,
missing episodes with return interviews, and last month's panel decisions, all on demo cases only.

Times are spread around ``now`` so that the list shows every state: interviews done in time and late,
one due, some overdue, a child still missing, children with 3 or more episodes in 30 days, and reviews
due and overdue.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from ..panel.vocab import ACTIONS, OWNER_ROLES
from .models import Case, Organisation, Screening, User
from .panel import fill_screening_facts
from .panel_models import MissingEpisode, PanelAction, PanelDecision

DEMO_SPOC = ("Exploitation single point of contact", "01632 960{:03d}", "spoc{}@demo.example")
SECOND_LOCALITY = "somerset"
MEETING_GAP = dt.timedelta(days=28)


@dataclass(frozen=True)
class PanelDemoSummary:
    episodes: int
    decisions: int
    actions: int


def seed_panel_demo(s: Session, rng: random.Random, now: dt.datetime) -> PanelDemoSummary:
    """Add panel data to the demo cases in this session (the caller commits)."""
    for i, org in enumerate(s.scalars(select(Organisation).where(Organisation.code.like("DEMO-%")))):
        if not org.spoc_role:
            org.spoc_role = DEMO_SPOC[0]
            org.spoc_phone = DEMO_SPOC[1].format(100 + i)
            org.spoc_email = DEMO_SPOC[2].format(i + 1)
    cases = s.execute(
        select(Case.id, Case.organisation_id, Case.status).where(Case.demo.is_(True)).order_by(Case.id)
    ).all()
    somerset = [cid for cid, _, _ in cases if rng.random() < 0.3]
    for start in range(0, len(somerset), 2000):
        s.execute(
            update(Case)
            .where(Case.id.in_(somerset[start : start + 2000]))
            .values(locality_id=SECOND_LOCALITY)
        )
    recorder = dict(
        s.execute(select(User.organisation_id, User.id).where(User.username.like("demo.%"))).all()
    )
    latest_level = dict(  # the last one wins
        s.execute(
            select(Screening.case_id, Screening.level_id)
            .join(Case, Case.id == Screening.case_id)
            .where(Case.demo.is_(True))
            .order_by(Screening.saved_at, Screening.id)
        ).all()
    )
    episodes, decisions, actions = [], [], []
    meeting = (now - dt.timedelta(days=rng.randint(3, 20))).date()
    for cid, org_id, status in cases:
        by = recorder.get(org_id)
        if by is None:
            continue
        if rng.random() < 0.35:
            episodes += _episodes(rng, cid, by, now, status == "open")
        if (
            status == "open"
            and latest_level.get(cid) in ("medium", "high", "immediate")
            and rng.random() < 0.8
        ):
            review = meeting + MEETING_GAP - dt.timedelta(days=rng.choice((0, 0, 0, 35)))  # some overdue
            decisions.append(
                {
                    "case_id": cid,
                    "meeting_date": meeting,
                    "decision": rng.choice(("continue", "strategy_meeting", "escalate", "continue")),
                    "next_review_date": max(review, meeting + dt.timedelta(days=1)),
                    "recorded_by": by,
                    "recorded_at": dt.datetime.combine(meeting, dt.time(15), tzinfo=dt.UTC),
                }
            )
    if episodes:
        s.execute(insert(MissingEpisode), episodes)
    made = 0
    for start in range(0, len(decisions), 1000):
        part = decisions[start : start + 1000]
        ids = s.execute(insert(PanelDecision).returning(PanelDecision.id), part).scalars().all()
        for decision_id in ids:
            for _ in range(rng.randint(1, 3)):
                actions.append(
                    {
                        "decision_id": decision_id,
                        "action": rng.choice(list(ACTIONS)),
                        "owner_role": rng.choice(list(OWNER_ROLES)),
                        "due_date": meeting + dt.timedelta(days=rng.choice((7, 14, 21))),
                        "done_at": None if rng.random() < 0.5 else now - dt.timedelta(days=rng.randint(0, 3)),
                    }
                )
        made += len(ids)
    if actions:
        s.execute(insert(PanelAction), actions)
    fill_screening_facts(
        s, select(Screening.id).where(Screening.case_id.in_(select(Case.id).where(Case.demo.is_(True))))
    )
    return PanelDemoSummary(len(episodes), made, len(actions))


def _episodes(
    rng: random.Random, case_id: int, by: int, now: dt.datetime, recent: bool
) -> list[dict[str, object]]:
    """1 to 4 episodes over the last 200 days (the last 30 for an open case, sometimes)."""
    out = []
    span = 30 if recent and rng.random() < 0.4 else 200
    for _ in range(rng.randint(1, 4)):
        went = now - dt.timedelta(days=rng.uniform(0.5, span))
        roll = rng.random()
        returned = None if roll < 0.04 else min(now, went + dt.timedelta(hours=rng.uniform(3, 40)))
        done = offered = None
        if returned is not None:
            offered = returned + dt.timedelta(hours=rng.uniform(1, 24))
            outcome = rng.random()
            if outcome < 0.62:
                done = returned + dt.timedelta(hours=rng.uniform(4, 71))
            elif outcome < 0.85:
                done = returned + dt.timedelta(hours=rng.uniform(73, 200))
            done = done if done is not None and done <= now else None
            offered = offered if offered <= now else None
        out.append(
            {
                "case_id": case_id,
                "went_missing_at": went,
                "returned_at": returned,
                "interview_offered_at": offered,
                "interview_done_at": done,
                "recorded_by": by,
                "recorded_at": returned or went,
            }
        )
    return out

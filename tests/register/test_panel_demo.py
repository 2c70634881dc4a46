"""Demo data for workshops: the panel's list and trends have something in every state."""

from __future__ import annotations

import datetime as dt

from decision_tool.panel.trends import TrendFilter
from decision_tool.register.db import make_engine, session_factory
from decision_tool.register.demo import seed_demo
from decision_tool.register.panel import Panel
from decision_tool.register.service import Register

from .conftest import Clock, settings_for


def test_demo_data_gives_the_panel_every_state_to_show(people_url, actors):
    now = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
    engine = make_engine(people_url)
    try:
        check_demo(session_factory(engine), people_url, actors, now)
    finally:
        engine.dispose()


def check_demo(sessions, people_url, actors, now):
    seed_demo(sessions, cases=120, screenings_per_case=3, seed=7, now=now)
    panel = Panel(Register(sessions, settings_for(people_url), Clock(now)))
    trainer = actors["trainer.t"]
    rows = panel.panel_list(trainer).rows
    assert len(rows) > 60
    assert {r.change.direction for r in rows} >= {"up", "down", "same"}
    assert any(r.interview_overdue for r in rows) and any(r.review_overdue for r in rows)
    assert any(r.missing_30_days for r in rows) and any(r.strategy_meeting for r in rows)
    assert all(r.spoc.startswith("Exploitation single point of contact") for r in rows)
    report = panel.trends(trainer, TrendFilter(start=now.date() - dt.timedelta(days=365), end=now.date()))
    assert report.localities == ("england", "somerset")
    assert report.tables["categories"].rows and report.tables["interviews"].rows
    models = {labels[0] for labels, _ in report.tables["models"].rows}
    assert {"Gang or group", "Online", "None recorded"} <= models
    # A trainer's panel is demo data only; the panel member sees the same cases (there are no others).
    assert {r.code for r in panel.panel_list(actors["panel.p"]).rows} == {r.code for r in rows}

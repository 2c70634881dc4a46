"""The panel's service on a real register: roles on every call, audit events, and what the panel sees."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from decision_tool.panel.trends import TrendFilter
from decision_tool.register.auth import AccessDenied
from decision_tool.register.models import AuditEvent
from decision_tool.register.panel import ActionInput, Panel, PanelInputError

from .panel_world import World, world_fixture  # noqa: F401


def audit_actions(world: World) -> list[tuple[str, str | None, str]]:
    with world.register._sessions() as s:
        return [
            (e.action, e.case_code, e.detail) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_the_list_shows_every_open_case_with_the_highest_level_first(world: World):
    a, b = world.actors["teacher.a"], world.actors["teacher.b"]
    low = world.screen(a, "ref-1", "low")
    world.clock.advance(days=1)
    high = world.screen(b, "ref-2", "high", locality="somerset")
    world.clock.advance(days=1)
    world.screen(a, "ref-1", "high")  # the first child's level goes up
    found = world.panel.panel_list(world.actors["chair"])
    # Both are high now: the one whose review comes sooner is first.
    assert [r.code for r in found.rows] == [high, low]
    second, first = found.rows
    assert (first.level, first.change.words) == ("High", "Up from Low")
    assert first.spoc == "Designated Safeguarding Lead, 01632 960001, dsl@school-a.example"
    assert second.spoc == "No single point of contact recorded" and second.locality_id == "somerset"
    assert first.review_due == (world.clock.now + dt.timedelta(days=7)).date()  # the record's review-by date
    assert found.localities == ("england", "somerset")
    assert ("view_panel_list", None, "2 open cases") in audit_actions(world)


@pytest.mark.parametrize("who", ["teacher.a", "admin"])
def test_only_the_panel_opens_the_list_trends_and_decisions_and_a_refusal_is_audited(world: World, who: str):
    code = world.screen(world.actors["teacher.a"], "ref-1", "low")
    actor = world.actors[who]
    with pytest.raises(AccessDenied):
        world.panel.panel_list(actor)
    with pytest.raises(AccessDenied):
        world.panel.trends(actor, TrendFilter())
    with pytest.raises(AccessDenied):
        world.panel.export_list(actor, "csv")
    with pytest.raises(AccessDenied):
        world.panel.decisions(actor, code)
    denied = [e for e in audit_actions(world) if e[0] == "access_denied"]
    assert [d[2] for d in denied] == [
        "view_panel_list",
        "view_panel_trends",
        "export_panel_list",
        "view_panel_decisions",
    ]


def test_a_practitioner_records_missing_episodes_on_their_own_organisations_cases_only(world: World):
    a, b = world.actors["teacher.a"], world.actors["teacher.b"]
    code = world.screen(a, "ref-1", "low")
    went = world.clock.now - dt.timedelta(hours=30)
    episode = world.panel.record_missing_episode(a, code, went, went + dt.timedelta(hours=6))
    assert episode.clock.state == "due" and episode.clock.hours_left == 48
    with pytest.raises(AccessDenied):
        world.panel.record_missing_episode(b, code, went)
    with pytest.raises(AccessDenied):
        world.panel.missing_episodes(b, code)
    assert len(world.panel.missing_episodes(a, code).episodes) == 1


def test_a_missing_episode_goes_overdue_on_the_case_and_the_list(world: World):
    a, chair = world.actors["teacher.a"], world.actors["chair"]
    code = world.screen(a, "ref-1", "low")
    returned = world.clock.now
    episode = world.panel.record_missing_episode(a, code, returned - dt.timedelta(hours=10), returned)
    world.clock.advance(hours=71)
    assert world.panel.panel_list(chair).rows[0].interview_words == "Interview due within 1 h"
    world.clock.advance(hours=2)
    assert world.panel.missing_episodes(a, code).episodes[0].clock.words == "Interview overdue by 1 h"
    row = world.panel.panel_list(chair).rows[0]
    assert row.interview_overdue and row.missing_30_days == 1
    done = world.panel.update_missing_episode(
        a,
        code,
        episode.id,
        returned_at=returned,
        interview_offered_at=returned + dt.timedelta(hours=1),
        interview_done_at=world.clock.now,
    )
    assert done.clock.state == "done_late"
    assert ("update_missing_episode", code, f"episode {episode.id}: offered, interview") in audit_actions(
        world
    )


def test_three_episodes_in_30_days_prompt_a_strategy_meeting(world: World):
    a = world.actors["teacher.a"]
    code = world.screen(a, "ref-1", "low")
    for days in (20, 10, 1):
        went = world.clock.now - dt.timedelta(days=days)
        world.panel.record_missing_episode(a, code, went, went + dt.timedelta(hours=5))
    assert world.panel.missing_episodes(a, code).strategy_meeting
    assert world.panel.panel_list(world.actors["chair"]).rows[0].strategy_meeting


@pytest.mark.parametrize(
    ("went", "back", "done", "message"),
    [
        (1, 2, None, "cannot return before going missing"),
        (-2, None, None, "in the future"),
        (5, None, 1, "enter when the child returned first"),
        (5, 3, 4, "interview was done before the child returned"),
    ],
)
def test_impossible_times_are_refused_with_a_reason(world: World, went, back, done, message):
    a = world.actors["teacher.a"]
    code = world.screen(a, "ref-1", "low")
    now = world.clock.now

    def ago(h):
        return None if h is None else now - dt.timedelta(hours=h)

    with pytest.raises(PanelInputError, match=message):
        world.panel.record_missing_episode(a, code, ago(went), ago(back), None, ago(done))


def test_a_panel_decision_with_actions_sets_the_next_review_and_is_audited(world: World):
    chair = world.actors["chair"]
    code = world.screen(world.actors["teacher.a"], "ref-1", "high")
    today = world.clock.now.date()
    decision = world.panel.record_decision(
        chair,
        code,
        meeting_date=today,
        decision="strategy_meeting",
        actions=[
            ActionInput("strategy_meeting", "social_worker", today + dt.timedelta(days=2)),
            ActionInput("safety_plan", "school_dsl", today + dt.timedelta(days=7)),
        ],
        next_review_date=today + dt.timedelta(days=28),
    )
    assert [(a.action, a.owner_role) for a in decision.actions] == [
        ("strategy_meeting", "social_worker"),
        ("safety_plan", "school_dsl"),
    ]
    assert world.panel.panel_list(chair).rows[0].review_due == today + dt.timedelta(days=28)
    done = world.panel.complete_action(chair, code, decision.actions[0].id)
    assert done.done_at == world.clock.now
    actions = audit_actions(world)
    assert (
        "record_panel_decision",
        code,
        f"decision {decision.id}: strategy_meeting, 2 actions, review "
        f"{(today + dt.timedelta(days=28)).isoformat()}",
    ) in actions


def test_closing_a_case_needs_a_reason_and_takes_it_off_the_list(world: World):
    chair = world.actors["chair"]
    code = world.screen(world.actors["teacher.a"], "ref-1", "low")
    today = world.clock.now.date()
    with pytest.raises(PanelInputError, match="closing a case needs a reason"):
        world.panel.record_decision(chair, code, meeting_date=today, decision="close")
    with pytest.raises(PanelInputError, match="owner is a role from the list, never a name"):
        world.panel.record_decision(
            chair,
            code,
            meeting_date=today,
            decision="continue",
            next_review_date=today + dt.timedelta(days=1),
            actions=[ActionInput("safety_plan", "Jane Smith", today)],
        )
    world.panel.record_decision(
        chair, code, meeting_date=today, decision="close", close_reason="risk_reduced"
    )
    assert world.panel.panel_list(chair).rows == ()
    assert ("close_case", code, "reason: risk_reduced") in audit_actions(world)
    with pytest.raises(PanelInputError, match="closed"):
        world.panel.record_missing_episode(world.actors["teacher.a"], code, world.clock.now)


def test_a_trainer_sees_demo_cases_only(world: World):
    real = world.screen(world.actors["teacher.a"], "ref-1", "high")
    demo = world.screen(world.actors["trainer"], "demo-1", "low")
    assert [r.code for r in world.panel.panel_list(world.actors["trainer"]).rows] == [demo]
    with pytest.raises(AccessDenied):
        world.panel.decisions(world.actors["trainer"], real)


def test_trends_and_their_export_suppress_small_numbers(world: World):
    a, chair = world.actors["teacher.a"], world.actors["chair"]
    for i in range(7):
        world.screen(a, f"ref-{i}", "high" if i < 2 else "low")
    report = world.panel.trends(chair, TrendFilter())
    month = f"{world.clock.now:%Y-%m}"
    assert report.tables["by_month"].counts == ("Low", "High")
    assert report.tables["by_month"].rows == (((month,), (5, 2)),)  # the screen shows the counts
    name, body = world.panel.export_trends(chair, TrendFilter(locality_id="england"))
    lines = body.decode().splitlines()
    assert name.startswith("panel-trends-")
    assert lines[0].endswith("counts of 1 to 4 are shown as <5")
    assert lines[1:4] == ["Screenings per month by level", "Month,Low,High", f"{month},5,<5"]
    assert f"{month},5,2" not in lines
    # A new screening shows at once (a report is reused only while nothing it counts has changed).
    world.screen(a, "ref-new", "low")
    assert world.panel.trends(chair, TrendFilter()).tables["by_month"].rows == (((month,), (6, 2)),)
    assert any(e[0] == "export_panel_trends" for e in audit_actions(world))


def test_deleting_a_case_takes_its_panel_records_with_it(world: World):
    a, chair = world.actors["teacher.a"], world.actors["chair"]
    code = world.screen(a, "ref-1", "low")
    world.panel.record_missing_episode(a, code, world.clock.now)
    world.panel.record_decision(
        chair,
        code,
        meeting_date=world.clock.now.date(),
        decision="continue",
        next_review_date=world.clock.now.date() + dt.timedelta(days=7),
        actions=[ActionInput("rescreen", "school_dsl", world.clock.now.date())],
    )
    world.panel.panel_list(chair)
    with world.register._sessions() as s:
        s.execute(text("DELETE FROM cases"))
        s.commit()
        for table in ("missing_episodes", "panel_decisions", "panel_actions", "screening_facts"):
            assert s.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0  # noqa: S608


def test_a_case_row_is_for_the_panel_only_and_audited(world: World):
    w = world
    teacher = w.actors["teacher.a"]
    code = w.screen(teacher, "ref-1", "high")
    row = w.panel.case_row(w.actors["chair"], code)
    assert row is not None and row.code == code and row.level == "High"
    with pytest.raises(AccessDenied):
        w.panel.case_row(teacher, code)  # practitioners record episodes; the panel's view is not theirs
    events = [(action, case) for action, case, _ in audit_actions(w)]
    assert ("view_panel_case", code) in events and ("access_denied", code) in events


def test_the_kept_list_and_trends_follow_each_change_as_a_fresh_read_would(world: World):
    """One server keeps what the list and trends read, and after a change reads again only the cases the
    audit trail names: what it shows must be what a server started now would show."""
    a, b, chair = world.actors["teacher.a"], world.actors["teacher.b"], world.actors["chair"]
    year = TrendFilter(
        start=world.clock.now.date() - dt.timedelta(days=365),
        end=world.clock.now.date() + dt.timedelta(days=60),
    )
    first = world.screen(a, "ref-1", "low")
    second = world.screen(b, "ref-2", "high", locality="somerset")
    # Ranges asked since the start, and more asked after each change (counted from what is kept):
    # no range, one locality, a range with no screening in it, and ranges ending today and a day ago.
    asked = [year, TrendFilter(), TrendFilter(dt.date(2001, 1, 1), dt.date(2001, 12, 31))]

    def same_as_fresh() -> None:
        today = world.clock.now.date()
        asked.extend(
            (
                TrendFilter(start=today - dt.timedelta(days=19), end=today),
                TrendFilter(start=today - dt.timedelta(days=45), end=today - dt.timedelta(days=1)),
                TrendFilter(start=year.start, end=today, locality_id="somerset"),
            )
        )
        fresh = Panel(world.register)
        assert world.panel.panel_list(chair).rows == fresh.panel_list(chair).rows
        for f in asked:
            kept, now = world.panel.trends(chair, f), fresh.trends(chair, f)
            assert kept.tables == now.tables and kept.localities == now.localities, f
        # What the export shows (small numbers hidden) is the same too.
        assert world.panel.export_trends(chair, asked[-2]) == fresh.export_trends(chair, asked[-2])

    same_as_fresh()
    world.clock.advance(days=20)
    world.screen(a, "ref-1", "high")  # a new screening on a case already counted
    third = world.screen(a, "ref-3", "low")  # a new case
    same_as_fresh()
    world.clock.advance(days=20)
    went = world.clock.now - dt.timedelta(hours=90)
    world.panel.record_missing_episode(a, third, went, went + dt.timedelta(hours=2))
    world.panel.record_decision(
        chair, second, meeting_date=world.clock.now.date(), decision="close", close_reason="risk_reduced"
    )
    same_as_fresh()
    assert {r.code for r in world.panel.panel_list(chair).rows} == {first, third}


def test_what_the_server_reads_ahead_at_its_start_is_what_the_pages_then_use(world: World):
    """At the server's start the panel's list and trends are read in the background, so that the first
    person to open them does not wait: the pages must then use that very reading, show what a fresh
    reading shows, and nothing is audited for a reading that showed nobody anything."""
    a, chair = world.actors["teacher.a"], world.actors["chair"]
    world.screen(a, "ref-1", "high")
    world.screen(world.actors["teacher.b"], "ref-2", "low", locality="somerset")
    before = audit_actions(world)
    panel = Panel(world.register)
    panel.read_ahead()
    assert audit_actions(world) == before
    read_list, read_trends = dict(panel._list_facts), dict(panel._trend_data)
    assert len(read_list) == 1 and len(read_trends) == 1
    year = TrendFilter(start=world.clock.now.date() - dt.timedelta(days=365), end=world.clock.now.date())
    fresh = Panel(world.register)
    assert panel.panel_list(chair).rows == fresh.panel_list(chair).rows
    assert panel.trends(chair, year).tables == fresh.trends(chair, year).tables
    # Not read again: the pages found what was read ahead (for the very cases the policy lets them see).
    assert panel._list_facts.keys() == read_list.keys() and panel._trend_data.keys() == read_trends.keys()
    assert all(panel._list_facts[k][1] is facts for k, (_, facts) in read_list.items())
    assert all(panel._trend_data[k] is data for k, data in read_trends.items())
    assert [x[0] for x in audit_actions(world)[len(before) :]].count("view_panel_trends") == 2

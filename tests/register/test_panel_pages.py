"""The panel's pages through Streamlit's AppTest, on a real register with a fixed clock."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from decision_tool.register.auth import Actor
from decision_tool.ui import registry

from ..conftest import ROOT
from ..test_pages import tables, texts
from .conftest import _database
from .panel_world import World, world_fixture  # noqa: F401

APP = str(ROOT / "streamlit_app.py")


@pytest.fixture(params=["sqlite"])
def people_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    # The pages are the same on either database; the service's tests cover PostgreSQL.
    yield from _database(request, tmp_path, "people")


@pytest.fixture()
def app_env(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", world.register.settings.database_url)
    monkeypatch.setenv("DECISION_TOOL_REFERENCE_KEY", world.register.settings.reference_key.decode())
    return world


def sign_in(at: AppTest, actor: Actor) -> None:
    """As the sign-in page leaves things: the actor, and activity just now (else idle sign-out)."""
    at.session_state["register_actor"] = actor
    at.session_state["register_last_active"] = dt.datetime.now(dt.UTC)


def open_page(world: World, who: str, page: str, **state) -> AppTest:
    import os

    os.environ["DECISION_TOOL_FIXED_CLOCK"] = world.clock.now.isoformat()
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, world.actors[who])
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(autouse=True)
def _no_fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DECISION_TOOL_FIXED_CLOCK", raising=False)


def test_the_panel_list_shows_levels_reviews_and_overdue_interviews(app_env: World):
    w = app_env
    a = w.actors["teacher.a"]
    low = w.screen(a, "ref-1", "low")
    high = w.screen(w.actors["teacher.b"], "ref-2", "high")
    returned = w.clock.now - dt.timedelta(hours=80)
    w.panel.record_missing_episode(a, low, returned - dt.timedelta(hours=5), returned)
    at = open_page(w, "chair", "pages/panel_list.py")
    table = tables(at)[0]
    assert [r["Case"] for r in table] == [high, low]
    assert [r["Level"] for r in table] == ["High", "Low"]
    assert table[1]["Return interview"] == "Interview overdue by 8 h"
    assert (
        table[1]["Single point of contact"]
        == "Designated Safeguarding Lead, 01632 960001, dsl@school-a.example"
    )
    assert table[1]["Locality"] == "England (generic, no local numbers)"  # the locality's name, not its id
    assert [m.value for m in at.metric] == ["2", "0", "1", "0"]
    assert "The clock is fixed at" in texts(at)
    # Each case code opens the case; each sortable column's heading sorts the list, and nothing else on
    # the page downloads the list but the audited exports.
    body = next(e.proto.body for e in at.html if 'class="dt-table"' in e.proto.body)
    assert f'href="panel-case?case={low}"' in body and 'href="panel?sort=review"' in body
    assert not at.dataframe
    assert [b.label for b in at.get("download_button")] == [
        "Download the list (PDF)",
        "Download the list (CSV)",
    ]
    # Filters: only overdue ones.
    at.checkbox(key="panel_overdue").check().run()
    assert [r["Case"] for r in tables(at)[0]] == [low]


def test_the_panel_list_sorts_by_the_column_in_its_address(app_env: World):
    w = app_env
    a = w.actors["teacher.a"]
    low = w.screen(a, "ref-1", "low")
    high = w.screen(w.actors["teacher.b"], "ref-2", "high")
    os.environ["DECISION_TOOL_FIXED_CLOCK"] = w.clock.now.isoformat()
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, w.actors["chair"])
    at.run()
    at.switch_page("pages/panel_list.py")
    at.query_params["sort"] = "code"
    at.run()
    assert [r["Case"] for r in tables(at)[0]] == sorted([low, high])
    body = next(e.proto.body for e in at.html if 'class="dt-table"' in e.proto.body)
    assert 'aria-sort="ascending"><a data-dt-nav href="panel?sort=code"' in body
    assert "sorted by case code" in texts(at)


def test_a_long_list_is_shown_a_page_at_a_time_with_the_page_in_its_address(
    app_env: World, monkeypatch: pytest.MonkeyPatch
):
    from decision_tool.ui import panel_views

    monkeypatch.setattr(panel_views, "LIST_PAGE_ROWS", 2)  # a region's list, in small
    w = app_env
    codes = [w.screen(w.actors["teacher.a"], f"ref-{i}", "low") for i in range(5)]
    os.environ["DECISION_TOOL_FIXED_CLOCK"] = w.clock.now.isoformat()
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, w.actors["chair"])
    at.run()
    at.switch_page("pages/panel_list.py")
    seen = []
    for page in ("1", "2", "3"):
        at.query_params.update(sort="code", page=page)
        at.run()
        assert not at.exception
        seen += [r["Case"] for r in tables(at)[0]]
        first = 2 * int(page) - 1
        shown = f"here {first} to {min(first + 1, 5)}: page {page} of 3"
        assert f"Showing 5 of 5 open cases ({shown})" in texts(at)
    assert seen == sorted(codes)  # every case once, in the order chosen
    pager = next(e.proto.body for e in at.html if "dt-pager" in e.proto.body)
    assert 'href="panel?sort=code&amp;page=2">Previous page' in pager and "Next page" not in pager
    at.query_params["page"] = "99"  # past the end: the last page
    at.run()
    assert [r["Case"] for r in tables(at)[0]] == sorted(codes)[4:]
    assert [m.value for m in at.metric][0] == "5"  # the figures count every open case


def test_a_missing_episode_goes_overdue_as_the_fixed_clock_passes_72_hours(app_env: World):
    w = app_env
    a = w.actors["teacher.a"]
    code = w.screen(a, "ref-1", "low")
    w.panel.record_missing_episode(a, code, w.clock.now - dt.timedelta(hours=3), w.clock.now)
    w.clock.advance(hours=71)
    at = open_page(w, "teacher.a", "pages/missing_episodes.py", missing_case=code)
    assert at.dataframe[0].value["72-hour clock"][0] == "Interview due within 1 h"
    assert "Return interview overdue" not in texts(at)
    w.clock.advance(hours=2)
    at = open_page(w, "teacher.a", "pages/missing_episodes.py", missing_case=code)
    assert at.dataframe[0].value["72-hour clock"][0] == "⚠ Interview overdue by 1 h"
    assert "**Return interview overdue** for 1 episode." in texts(at)


def test_a_practitioner_records_a_missing_episode_on_the_page(app_env: World):
    w = app_env
    a = w.actors["teacher.a"]
    code = w.screen(a, "ref-1", "low")
    at = open_page(w, "teacher.a", "pages/missing_episodes.py", missing_case=code)
    at.date_input(key="ep_went_date").set_value(w.clock.now.date() - dt.timedelta(days=1))
    at.time_input(key="ep_went_time").set_value(dt.time(18, 0))
    at.radio(key="ep_returned").set_value("no")
    at.button(key="FormSubmitter:add_episode-Save the missing episode").click().run()
    assert not at.exception
    assert "Missing episode saved." in texts(at)
    assert at.dataframe[0].value["Returned"][0] == "Still missing"
    assert len(w.panel.missing_episodes(a, code).episodes) == 1


def test_no_case_is_chosen_for_the_person(app_env: World):
    w = app_env
    w.screen(w.actors["teacher.a"], "ref-1", "low")
    at = open_page(w, "teacher.a", "pages/missing_episodes.py")
    assert at.selectbox(key="missing_case").value is None
    assert "Save the missing episode" not in [b.label for b in at.button]


def test_one_press_of_save_records_no_episode_nobody_chose(app_env: World):
    w = app_env
    a = w.actors["teacher.a"]
    code = w.screen(a, "ref-1", "low")
    at = open_page(w, "teacher.a", "pages/missing_episodes.py", missing_case=code)
    assert at.date_input(key="ep_went_date").value is None and at.radio(key="ep_returned").value is None
    at.button(key="FormSubmitter:add_episode-Save the missing episode").click().run()
    shown = texts(at)
    assert "There is a problem" in shown
    assert "Enter the date and the time they went missing" in shown
    assert "Choose whether they have returned" in shown
    assert w.panel.missing_episodes(a, code).episodes == ()


def test_one_press_of_save_records_no_decision_nobody_chose(app_env: World):
    w = app_env
    code = w.screen(w.actors["teacher.a"], "ref-1", "high")
    at = open_page(w, "chair", "pages/panel_case.py", panel_case=code)
    assert at.selectbox(key="pd_decision").value is None
    assert at.date_input(key="pd_review").value is None and at.date_input(key="pd_meeting").value is None
    at.button(key="FormSubmitter:panel_decision-Save the decision").click().run()
    shown = texts(at)
    assert "There is a problem" in shown
    assert "Choose the panel's decision" in shown and "Enter the date of the meeting" in shown
    assert w.panel.decisions(w.actors["chair"], code) == []
    # An action needs its owner and due date chosen too: none is filled in for the person.
    at.date_input(key="pd_meeting").set_value(w.clock.now.date())
    at.selectbox(key="pd_decision").set_value("continue")
    at.date_input(key="pd_review").set_value(w.clock.now.date() + dt.timedelta(days=28))
    at.selectbox(key="pd_action_0").set_value("strategy_meeting")
    at.button(key="FormSubmitter:panel_decision-Save the decision").click().run()
    assert "Choose the owner and the due date of action 1" in texts(at)
    assert w.panel.decisions(w.actors["chair"], code) == []


def test_a_panel_decision_is_recorded_and_shown(app_env: World):
    w = app_env
    code = w.screen(w.actors["teacher.a"], "ref-1", "high")
    at = open_page(w, "chair", "pages/panel_case.py", panel_case=code)
    at.date_input(key="pd_meeting").set_value(w.clock.now.date())
    at.selectbox(key="pd_decision").set_value("strategy_meeting")
    at.date_input(key="pd_review").set_value(w.clock.now.date() + dt.timedelta(days=28))
    at.selectbox(key="pd_action_0").set_value("strategy_meeting")
    at.selectbox(key="pd_owner_0").set_value("police_exploitation")
    at.date_input(key="pd_due_0").set_value(w.clock.now.date() + dt.timedelta(days=14))
    at.button(key="FormSubmitter:panel_decision-Save the decision").click().run()
    assert not at.exception
    shown = texts(at)
    assert "Decision saved." in shown
    assert "Hold a strategy meeting" in shown and "Police exploitation team" in shown
    (decision,) = w.panel.decisions(w.actors["chair"], code)
    assert decision.actions[0] == decision.actions[0].__class__(
        decision.actions[0].id,
        "strategy_meeting",
        "police_exploitation",
        w.clock.now.date() + dt.timedelta(days=14),
        None,
    )


def test_closing_without_a_reason_is_refused_on_the_page(app_env: World):
    w = app_env
    code = w.screen(w.actors["teacher.a"], "ref-1", "low")
    at = open_page(w, "chair", "pages/panel_case.py", panel_case=code)
    at.date_input(key="pd_meeting").set_value(w.clock.now.date())
    at.selectbox(key="pd_decision").set_value("close")
    at.button(key="FormSubmitter:panel_decision-Save the decision").click().run()
    assert "closing a case needs a reason" in texts(at)
    at.selectbox(key="pd_close_reason").set_value("moved_area")
    at.button(key="FormSubmitter:panel_decision-Save the decision").click().run()
    assert "Case closed." in texts(at)
    assert w.panel.panel_list(w.actors["chair"]).rows == ()


@pytest.mark.parametrize(
    "page", [e.file for e in registry.PAGES if e.action in ("view_panel_list", "view_panel_case")]
)
def test_a_practitioner_cannot_open_the_panel_pages(app_env: World, page: str):
    w = app_env
    code = w.screen(w.actors["teacher.a"], "ref-1", "high")
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, w.actors["teacher.a"])
    at.run()
    # Not in their navigation, so there is no way to it ...
    with pytest.raises(Exception, match="Could not find a navigation page"):
        at.switch_page(page)
    # ... and the page itself refuses them if it is run all the same.
    direct = AppTest.from_file(str(ROOT / page), default_timeout=60)
    sign_in(direct, w.actors["teacher.a"])
    direct.session_state["panel_case"] = code
    direct.run()
    assert not direct.exception
    assert "You cannot open this page" in texts(direct)
    assert code not in texts(direct) and not direct.dataframe


def test_the_trends_page_draws_every_chart(app_env: World):
    w = app_env
    for i in range(6):
        w.screen(w.actors["teacher.a"], f"ref-{i}", "high" if i % 2 else "low")
    at = open_page(w, "chair", "pages/panel_trends.py")
    headings = [h.value for h in at.subheader]
    assert "Screenings per month by level" in headings and "Return interviews within 72 hours" in headings
    assert "Children by model of exploitation" in headings
    assert len(at.get("plotly_chart")) == 7
    assert "Nothing in this period." not in texts(at)


def test_a_case_page_says_where_the_case_stands_now(app_env: World):
    w = app_env
    a = w.actors["teacher.a"]
    code = w.screen(a, "ref-1", "low")
    w.screen(a, "ref-1", "high")  # screened again, higher
    returned = w.clock.now - dt.timedelta(hours=80)
    w.panel.record_missing_episode(a, code, returned - dt.timedelta(hours=5), returned)
    shown = texts(open_page(w, "chair", "pages/panel_case.py", panel_case=code))
    assert "Current level" in shown and "High (▲ Up from Low)" in shown
    assert "Missing episodes in the last 30 days" in shown
    assert "⚠ Interview overdue by 8 h" in shown


def test_the_regional_coordinator_opens_the_consistency_report_and_no_case(app_env: World):
    w = app_env
    code = w.screen(w.actors["teacher.a"], "ref-coord", "high")
    at = open_page(w, "coordinator", "pages/consistency.py")
    assert "form 'dsl' v" in texts(at) and at.get("plotly_chart")
    offered = {e.file for e in registry.entries_for(True, w.actors["coordinator"])}
    assert not offered & {"pages/register_case.py", "pages/register_cases.py", "pages/panel_case.py"}
    direct = AppTest.from_file(str(ROOT / "pages" / "register_case.py"), default_timeout=60)
    sign_in(direct, w.actors["coordinator"])
    direct.query_params["case"] = code
    direct.run()
    assert "You cannot open this page" in texts(direct)
    assert "ref-coord" not in texts(direct) and code not in texts(direct)


def test_a_practitioner_cannot_open_the_consistency_report(app_env: World):
    w = app_env
    direct = AppTest.from_file(str(ROOT / "pages" / "consistency.py"), default_timeout=60)
    sign_in(direct, w.actors["teacher.a"])
    direct.run()
    assert "You cannot open this page" in texts(direct)
    assert not direct.get("plotly_chart")


EMERGING = {  # six moderate signs at 15: score 6, the regional form's 'emerging' band (6 to 10)
    "immediate_danger": "no",
    "age": 15,
    **{sign: "yes" for sign in ("late_out", "hotspots", "secret_phone", "school_absence")},
    **{sign: "yes" for sign in ("known_exploiters", "unknown_callers")},
}


def test_what_a_band_edge_would_do_counts_saved_screenings_and_changes_none(app_env: World):
    from sqlalchemy import select as sql_select

    from decision_tool.records.record import make_record
    from decision_tool.register.models import AuditEvent, Screening
    from decision_tool.screening.engine import assess

    from .panel_world import RULES

    w = app_env
    teacher = w.actors["teacher.a"]
    for n in range(6):
        case = w.register.find_or_create_case(teacher, f"ref-edge-{n}", "england")
        w.register.save_screening(teacher, case.code, make_record(assess(RULES["dsl"], EMERGING), w.clock()))
    w.screen(teacher, "ref-low", "low")
    with w.register._sessions() as s:
        before = s.execute(sql_select(Screening.id, Screening.record_json, Screening.level_id)).all()
    at = open_page(w, "coordinator", "pages/settings_impact.py")
    at.radio(key="impact_kind").set_value("typed").run()
    at.selectbox(key="impact_level").set_value("emerging").run()
    at.number_input(key="impact_start").set_value(7).run()
    at.button(key="impact_count").click().run()
    assert not at.exception
    (table,) = [t for t in tables(at) if t and "Would be lower" in t[0]]
    england = next(r for r in table if r["Locality"].startswith("England"))
    assert england["Saved screenings"] == "7"
    assert england["Would be lower"] == "6" and england["Would be higher"] == "0"
    assert england["Unchanged"] == "<5"  # the one low screening: small counts are never shown exactly
    with w.register._sessions() as s:
        assert s.execute(sql_select(Screening.id, Screening.record_json, Screening.level_id)).all() == before
        events = s.scalars(sql_select(AuditEvent.action).where(AuditEvent.username == "coord.r")).all()
    assert "view_settings_impact" in events


def test_a_practitioner_cannot_count_what_a_change_would_do(app_env: World):
    direct = AppTest.from_file(str(ROOT / "pages" / "settings_impact.py"), default_timeout=60)
    sign_in(direct, app_env.actors["teacher.a"])
    direct.run()
    assert "You cannot open this page" in texts(direct)


def test_the_servers_first_page_reads_the_panels_facts_ahead_for_its_first_visitor(app_env: World):
    """The first page anyone opens after the server starts (here Start, by a practitioner) sets the
    panel's list and trends reading in the background; the panel's pages then find it done."""
    import threading

    from decision_tool.register.panel import READ_AHEAD_THREAD
    from decision_tool.ui import panel_access

    w = app_env
    code = w.screen(w.actors["teacher.a"], "ref-1", "high")
    os.environ["DECISION_TOOL_FIXED_CLOCK"] = w.clock.now.isoformat()
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, w.actors["teacher.a"])
    at.run()
    assert not at.exception, at.exception
    for thread in threading.enumerate():
        if thread.name == READ_AHEAD_THREAD:
            thread.join(timeout=60)
    panel = panel_access._panel_with_clock(w.register.settings.database_url, w.clock.now)
    (facts,) = [kept for _, kept in panel._list_facts.values()]
    assert list(facts) == [code]
    assert len(panel._trend_data) == 1
    listed = open_page(w, "chair", "pages/panel_list.py")
    assert [r["Case"] for r in tables(listed)[0]] == [code]
    (used,) = [kept for _, kept in panel._list_facts.values()]
    assert used is facts  # the page used what was read ahead, not a reading of its own

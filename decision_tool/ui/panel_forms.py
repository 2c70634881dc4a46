"""Forms for missing episodes and panel decisions. Every field is a date, a time or a choice from a
fixed list: nothing typed, so no names reach the register. The service checks the role and the dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st

from ..errors import UserError
from ..panel.vocab import ACTIONS, CLOSE_REASONS, DECISIONS, OWNER_ROLES
from ..register.auth import Actor
from ..register.panel import ActionInput, CaseEpisodes, Panel
from ..wording.dates import long_time
from .panel_views import episodes_table
from .widgets import user_error

UK = ZoneInfo("Europe/London")
ACTION_ROWS = 3


def uk_time(at: dt.datetime) -> dt.datetime:
    return at.astimezone(UK)


def _moment(label: str, key: str, default: dt.datetime, *, optional: bool) -> dt.datetime | None:
    """A date and a time (UK time), optionally behind a "known" checkbox; returned as aware UTC."""
    local = uk_time(default)
    if optional and not st.checkbox(label, key=f"{key}_known", value=False):
        return None
    left, right = st.columns(2)
    day = left.date_input(f"{label}: date", value=local.date(), key=f"{key}_date", format="DD/MM/YYYY")
    time = right.time_input(
        f"{label}: time (UK)",
        value=local.time().replace(second=0, microsecond=0),
        key=f"{key}_time",
        step=dt.timedelta(minutes=15),
    )
    return dt.datetime.combine(day, time, tzinfo=UK).astimezone(dt.UTC)


def missing_section(panel: Panel, actor: Actor, code: str, *, heading: bool = True) -> CaseEpisodes | None:
    try:
        found = panel.missing_episodes(actor, code)
    except UserError as exc:
        user_error(exc)
        return None
    if heading:
        st.subheader("Missing episodes")
    st.markdown(
        "A return home interview should be done within **72 hours** of the child's return. Times are UK time."
    )
    if found.strategy_meeting:
        st.warning("**3 or more missing episodes in 30 days.** Local protocols call a strategy meeting.")
    overdue = [e for e in found.episodes if e.clock.overdue]
    if overdue:
        st.error(f"**Return interview overdue** for {len(overdue)} episode{'s' if len(overdue) > 1 else ''}.")
    episodes_table(found.episodes)
    if found.status != "open":
        st.info("This case is closed: nothing more can be recorded on it.")
        return found
    now = found.as_at
    with st.expander("Record a missing episode"), st.form("add_episode", clear_on_submit=False):
        went = _moment("Went missing", "ep_went", now, optional=False)
        back = _moment("Returned", "ep_back", now, optional=True)
        if st.form_submit_button("Save the missing episode"):
            assert went is not None
            try:
                panel.record_missing_episode(actor, code, went, back)
            except UserError as exc:
                user_error(exc)
            else:
                st.session_state["panel_notice"] = "Missing episode saved."
                st.rerun()
    open_episodes = [e for e in found.episodes if e.interview_done_at is None]
    if open_episodes:
        with st.expander("Add the return or the interview to an episode"), st.form("update_episode"):
            ids = {e.id: e for e in open_episodes}
            chosen = st.selectbox(
                "Episode",
                list(ids),
                format_func=lambda i: f"{i}: went missing {long_time(uk_time(ids[i].went_missing_at))}",
                key="ep_update_id",
            )
            episode = ids[chosen]
            back = _moment("Returned", "up_back", episode.returned_at or now, optional=True)
            offered = _moment(
                "Interview offered", "up_offered", episode.interview_offered_at or now, optional=True
            )
            done = _moment("Interview done", "up_done", now, optional=True)
            if st.form_submit_button("Save the changes"):
                try:
                    panel.update_missing_episode(
                        actor,
                        code,
                        episode.id,
                        returned_at=back,
                        interview_offered_at=offered,
                        interview_done_at=done,
                    )
                except UserError as exc:
                    user_error(exc)
                else:
                    st.session_state["panel_notice"] = "Episode updated."
                    st.rerun()
    return found


def decision_form(panel: Panel, actor: Actor, code: str, today: dt.date) -> None:
    with st.form("panel_decision"):
        st.markdown("**Record this meeting's decision**")
        meeting = st.date_input("Meeting date", value=today, key="pd_meeting", format="DD/MM/YYYY")
        decision = st.selectbox(
            "Decision", list(DECISIONS), format_func=DECISIONS.__getitem__, key="pd_decision"
        )
        review = st.date_input(
            "Next review date", value=today + dt.timedelta(days=28), key="pd_review", format="DD/MM/YYYY"
        )
        reason = st.selectbox(
            "Reason for closing (only when the decision is to close)",
            [None, *CLOSE_REASONS],
            format_func=lambda r: "Not closing" if r is None else CLOSE_REASONS[r],
            key="pd_close_reason",
        )
        st.markdown("Actions: each has an owner (a role, never a name) and a due date.")
        actions = []
        for i in range(ACTION_ROWS):
            a, o, d = st.columns([3, 3, 2])
            action = a.selectbox(
                f"Action {i + 1}",
                [None, *ACTIONS],
                format_func=lambda v: "No action" if v is None else ACTIONS[v],
                key=f"pd_action_{i}",
            )
            owner = o.selectbox(
                f"Owner of action {i + 1}",
                list(OWNER_ROLES),
                format_func=OWNER_ROLES.__getitem__,
                key=f"pd_owner_{i}",
            )
            due = d.date_input(
                f"Due date of action {i + 1}",
                value=today + dt.timedelta(days=14),
                key=f"pd_due_{i}",
                format="DD/MM/YYYY",
            )
            if action is not None:
                actions.append(ActionInput(action, owner, due))
        if st.form_submit_button("Save the decision"):
            closing = decision == "close"
            try:
                panel.record_decision(
                    actor,
                    code,
                    meeting_date=meeting,
                    decision=decision,
                    actions=actions,
                    next_review_date=None if closing else review,
                    close_reason=reason,
                )
            except UserError as exc:
                user_error(exc)
            else:
                st.session_state["panel_notice"] = "Case closed." if closing else "Decision saved."
                st.rerun()

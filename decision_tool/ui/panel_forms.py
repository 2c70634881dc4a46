"""Forms for missing episodes and panel decisions. Every field is a date, a time or a choice from a
fixed list: nothing typed, so no names reach the register. The service checks the role and the dates."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import streamlit as st

from ..errors import UserError
from ..panel.vocab import ACTIONS, CLOSE_REASONS, DECISIONS, OWNER_ROLES
from ..register.auth import Actor
from ..register.panel import ActionInput, CaseEpisodes, EpisodeView, Panel
from ..wording.dates import long_time
from ..wording.messages import say
from .panel_views import episodes_table
from .widgets import anchor, error_summary, html_text, user_error

UK = ZoneInfo("Europe/London")
ACTION_ROWS = 3


def uk_time(at: dt.datetime) -> dt.datetime:
    return at.astimezone(UK)


# Nothing is pre-filled: a press of Save records only what the person chose. A problem is shown GOV.UK
# style, in a summary above the form (its links move to the field) and at the field itself.
ERRORS = "panel_form_errors"  # {form: ([(field, message)], nonce)} from the last press that had problems


def _errors(form: str) -> dict[str, str]:
    found = st.session_state.get(ERRORS, {}).get(form)
    return dict(found[0]) if found else {}


def _summary(form: str) -> None:
    found = st.session_state.get(ERRORS, {}).get(form)
    if found:
        error_summary(found[0], found[1])


def _refuse(form: str, problems: list[tuple[str, str]]) -> None:
    st.session_state.setdefault(ERRORS, {})[form] = (problems, f"{form}-{time.monotonic_ns()}")
    st.rerun()


def _accepted(form: str) -> None:
    st.session_state.get(ERRORS, {}).pop(form, None)


def _field_error(errors: dict[str, str], field: str) -> None:
    if field in errors:
        anchor(field)
        st.html(
            f'<p class="dt-field-error"><span class="dt-visually-hidden">{html_text(say("ui.error_prefix"))}'
            f"</span>{html_text(errors[field])}</p>"
        )


def _moment(
    label: str, key: str, errors: dict[str, str], saved: dt.datetime | None = None
) -> tuple[dt.date | None, dt.time | None]:
    """A date and a time (UK time), empty unless ``saved`` (a time recorded before)."""
    _field_error(errors, key)
    local = uk_time(saved) if saved is not None else None
    left, right = st.columns(2)
    day = left.date_input(
        say("ui.panel.form.date", label=label),
        value=local.date() if local else None,
        key=f"{key}_date",
        format="DD/MM/YYYY",
    )
    at = right.time_input(
        say("ui.panel.form.time", label=label),
        value=local.time().replace(second=0, microsecond=0) if local else None,
        key=f"{key}_time",
        step=dt.timedelta(minutes=15),
    )
    return day, at


def _when(
    parts: tuple[dt.date | None, dt.time | None], key: str, what: str, problems: list[tuple[str, str]]
) -> dt.datetime | None:
    """Both parts as aware UTC; None when both are empty; a problem when only one is given."""
    day, at = parts
    if day is None and at is None:
        return None
    if day is None or at is None:
        problems.append((key, say("ui.panel.form.enter_date_time", what=what)))
        return None
    return dt.datetime.combine(day, at, tzinfo=UK).astimezone(dt.UTC)


RETURNED = {"yes": say("ui.panel.form.returned_yes"), "no": say("ui.panel.form.returned_no")}


def missing_section(panel: Panel, actor: Actor, code: str, *, heading: bool = True) -> CaseEpisodes | None:
    try:
        found = panel.missing_episodes(actor, code)
    except UserError as exc:
        user_error(exc)
        return None
    if heading:
        st.subheader(say("ui.panel.missing.heading"))
    st.markdown(say("ui.panel.missing.intro"))
    if found.strategy_meeting:
        st.warning(say("ui.panel.missing.strategy"))
    overdue = [e for e in found.episodes if e.clock.overdue]
    if overdue:
        key = "ui.panel.missing.overdue" if len(overdue) > 1 else "ui.panel.missing.overdue_one"
        st.error(say(key, n=len(overdue)))
    episodes_table(found.episodes)
    if found.status != "open":
        st.info(say("ui.panel.missing.closed"))
        return found
    with st.expander(say("ui.panel.missing.record"), expanded=bool(_errors("add_episode"))):
        _add_episode_form(panel, actor, code)
    open_episodes = [e for e in found.episodes if e.interview_done_at is None]
    if open_episodes:
        with st.expander(say("ui.panel.missing.add_to"), expanded=bool(_errors("update_episode"))):
            _update_episode_form(panel, actor, code, open_episodes)
    return found


def _add_episode_form(panel: Panel, actor: Actor, code: str) -> None:
    errors = _errors("add_episode")
    _summary("add_episode")
    with st.form("add_episode", clear_on_submit=False):
        went = _moment(say("ui.panel.missing.went_missing"), "ep_went", errors)
        _field_error(errors, "ep_returned")
        returned = st.radio(
            say("ui.panel.missing.have_returned"),
            list(RETURNED),
            index=None,
            format_func=RETURNED.__getitem__,
            key="ep_returned",
        )
        back = _moment(say("ui.panel.missing.returned_if"), "ep_back", errors)
        if not st.form_submit_button(say("ui.panel.missing.save")):
            return
    problems: list[tuple[str, str]] = []
    went_what, back_what = say("ui.panel.missing.they_went_missing"), say("ui.panel.missing.they_returned")
    went_at = _when(went, "ep_went", went_what, problems)
    if went_at is None and not problems:
        problems.append(("ep_went", say("ui.panel.form.enter_date_time", what=went_what)))
    if returned is None:
        problems.append(("ep_returned", say("ui.panel.missing.choose_returned")))
    back_at = _when(back, "ep_back", back_what, problems)
    if returned == "yes" and back_at is None and not any(f == "ep_back" for f, _ in problems):
        problems.append(("ep_back", say("ui.panel.form.enter_date_time", what=back_what)))
    if returned == "no" and back_at is not None:
        problems.append(("ep_back", say("ui.panel.missing.leave_return_empty")))
    if problems:
        _refuse("add_episode", problems)
    assert went_at is not None
    try:
        panel.record_missing_episode(actor, code, went_at, back_at if returned == "yes" else None)
    except UserError as exc:
        user_error(exc)
    else:
        _accepted("add_episode")
        st.session_state["panel_notice"] = say("ui.panel.missing.saved")
        st.rerun()


def _update_episode_form(panel: Panel, actor: Actor, code: str, episodes: list[EpisodeView]) -> None:
    errors = _errors("update_episode")
    _summary("update_episode")
    ids = {e.id: e for e in episodes}
    # Outside the form: choosing the episode redraws the form with what it already records.
    _field_error(errors, "ep_update_id")
    chosen = st.selectbox(
        say("ui.panel.missing.episode"),
        list(ids),
        index=None,
        placeholder=say("ui.panel.missing.choose_episode"),
        format_func=lambda i: say(
            "ui.panel.missing.episode_option", id=i, when=long_time(uk_time(ids[i].went_missing_at))
        ),
        key="ep_update_id",
    )
    if chosen is None:
        st.markdown(say("ui.panel.missing.choose_to_add"))
        return
    episode = ids[chosen]
    with st.form(f"update_episode_{episode.id}"):
        st.markdown(say("ui.panel.missing.leave_empty"))
        back = _moment(say("ui.panel.missing.returned"), f"up_back_{episode.id}", errors, episode.returned_at)
        offered = _moment(
            say("ui.panel.missing.interview_offered"),
            f"up_offered_{episode.id}",
            errors,
            episode.interview_offered_at,
        )
        done = _moment(
            say("ui.panel.missing.interview_done"), f"up_done_{episode.id}", errors, episode.interview_done_at
        )
        if not st.form_submit_button(say("ui.panel.missing.save_changes")):
            return
    problems: list[tuple[str, str]] = []
    back_at = _when(back, f"up_back_{episode.id}", say("ui.panel.missing.they_returned"), problems)
    offered_at = _when(
        offered, f"up_offered_{episode.id}", say("ui.panel.missing.interview_was_offered"), problems
    )
    done_at = _when(done, f"up_done_{episode.id}", say("ui.panel.missing.interview_was_done"), problems)
    if problems:
        _refuse("update_episode", problems)
    try:
        panel.update_missing_episode(
            actor,
            code,
            episode.id,
            returned_at=back_at,
            interview_offered_at=offered_at,
            interview_done_at=done_at,
        )
    except UserError as exc:
        user_error(exc)
    else:
        _accepted("update_episode")
        st.session_state["panel_notice"] = say("ui.panel.missing.updated")
        st.rerun()


def decision_form(panel: Panel, actor: Actor, code: str, today: dt.date) -> None:
    errors = _errors("panel_decision")
    _summary("panel_decision")
    with st.form("panel_decision"):
        st.markdown(say("ui.panel.decide.heading"))
        _field_error(errors, "pd_meeting")
        meeting = st.date_input(
            say("ui.panel.decide.meeting"), value=None, key="pd_meeting", format="DD/MM/YYYY"
        )
        _field_error(errors, "pd_decision")
        decision = st.selectbox(
            say("ui.panel.decide.decision"),
            list(DECISIONS),
            index=None,
            placeholder=say("ui.panel.decide.choose_decision"),
            format_func=DECISIONS.__getitem__,
            key="pd_decision",
        )
        _field_error(errors, "pd_review")
        review = st.date_input(
            say("ui.panel.decide.review"), value=None, key="pd_review", format="DD/MM/YYYY"
        )
        reason = st.selectbox(
            say("ui.panel.decide.close_reason"),
            [None, *CLOSE_REASONS],
            format_func=lambda r: say("ui.panel.decide.not_closing") if r is None else CLOSE_REASONS[r],
            key="pd_close_reason",
        )
        st.markdown(say("ui.panel.decide.actions"))
        rows = []
        for i in range(ACTION_ROWS):
            _field_error(errors, f"pd_action_{i}")
            a, o, d = st.columns([3, 3, 2])
            action = a.selectbox(
                say("ui.panel.decide.action", n=i + 1),
                [None, *ACTIONS],
                format_func=lambda v: say("ui.panel.decide.no_action") if v is None else ACTIONS[v],
                key=f"pd_action_{i}",
            )
            owner = o.selectbox(
                say("ui.panel.decide.owner", n=i + 1),
                list(OWNER_ROLES),
                index=None,
                placeholder=say("ui.panel.decide.choose_role"),
                format_func=OWNER_ROLES.__getitem__,
                key=f"pd_owner_{i}",
            )
            due = d.date_input(
                say("ui.panel.decide.due", n=i + 1), value=None, key=f"pd_due_{i}", format="DD/MM/YYYY"
            )
            rows.append((action, owner, due))
        if not st.form_submit_button(say("ui.panel.decide.save")):
            return
    problems: list[tuple[str, str]] = []
    if meeting is None:
        problems.append(("pd_meeting", say("ui.panel.decide.enter_meeting")))
    if decision is None:
        problems.append(("pd_decision", say("ui.panel.decide.choose_decision")))
    closing = decision == "close"
    if decision is not None and not closing and review is None:
        problems.append(("pd_review", say("ui.panel.decide.enter_review")))
    if closing and review is not None:
        problems.append(("pd_review", say("ui.panel.decide.leave_review_empty")))
    actions = []
    for i, (action, owner, due) in enumerate(rows):
        if action is None:
            if owner is not None or due is not None:
                problems.append((f"pd_action_{i}", say("ui.panel.decide.action_or_empty", n=i + 1)))
            continue
        if owner is None or due is None:
            problems.append((f"pd_action_{i}", say("ui.panel.decide.owner_and_due", n=i + 1)))
            continue
        actions.append(ActionInput(action, owner, due))
    if problems:
        _refuse("panel_decision", problems)
    assert meeting is not None and decision is not None
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
        _accepted("panel_decision")
        st.session_state["panel_notice"] = say(
            "ui.panel.decide.closed" if closing else "ui.panel.decide.saved"
        )
        st.rerun()

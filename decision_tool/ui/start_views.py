"""The pieces the two ways in share: Start (every form) and the pharmacy's consultation page."""

from __future__ import annotations

import streamlit as st

from ..wording.messages import say
from . import register_state
from .drafts import IDLE_MINUTES
from .state import Draft, draft_expired, open_draft, start_draft

CONFIRM = "confirm_new_screening"


def keeping_note() -> str:
    """What happens to the answers (a Markdown list item), with the register on or off."""
    if register_state.settings() is not None:
        return say("ui.start.keeping_register", minutes=IDLE_MINUTES)
    return say("ui.start.keeping_session", minutes=IDLE_MINUTES)


def expired_notice(draft: Draft | None) -> None:
    if draft is None and draft_expired():
        st.info(say("ui.start.expired", minutes=IDLE_MINUTES))


def unsaved(draft: Draft | None) -> bool:
    return draft is not None and bool(draft.answers or draft.typed or draft.override)


def new_screening_button(form_id: str, locality_id: str, draft: Draft | None) -> None:
    """ "Start a new screening"; when it would clear unsaved answers, it asks first."""
    if st.session_state.get(CONFIRM) and unsaved(draft):
        with st.container(border=True):
            st.warning(say("ui.start.clear_warning"), icon=":material/warning:")
            clear, keep = st.columns(2)
            if clear.button(say("ui.start.clear_and_start"), type="primary", key="confirm_new"):
                st.session_state.pop(CONFIRM, None)
                open_draft(start_draft(form_id, locality_id))
            if keep.button(say("ui.start.keep"), key="keep_draft"):
                st.session_state.pop(CONFIRM, None)
                st.rerun()
    elif st.button(say("ui.start.new"), type="secondary" if draft else "primary", key="start"):
        if unsaved(draft):
            st.session_state[CONFIRM] = True
            st.rerun()
        open_draft(start_draft(form_id, locality_id))

"""The pieces the two ways in share: Start (every form) and the pharmacy's consultation page."""

from __future__ import annotations

import streamlit as st

from . import register_state
from .drafts import IDLE_MINUTES
from .state import Draft, draft_expired, open_draft, start_draft

CONFIRM = "confirm_new_screening"


def keeping_note() -> str:
    """What happens to the answers (a Markdown list item), with the register on or off."""
    if register_state.settings() is not None:
        return (
            "- **Nothing is saved unless you save it.** Your answers stay in this tool's memory until you "
            "save the screening to your partnership's register or download a record at the end; unsaved "
            f"answers are cleared after {IDLE_MINUTES} minutes without use."
        )
    return (
        f"- **Nothing is saved to disk.** Your answers stay in this tool's memory so that reloading the page "
        f"loses nothing, and are cleared after {IDLE_MINUTES} minutes without use. To keep them, download a "
        "record at the end."
    )


def expired_notice(draft: Draft | None) -> None:
    if draft is None and draft_expired():
        st.info(
            f"The screening you had open is no longer here: to protect the answers, they are cleared after "
            f"{IDLE_MINUTES} minutes without use, or when the tool restarts. If you downloaded a record, "
            'open it from "Open a record you downloaded".'
        )


def unsaved(draft: Draft | None) -> bool:
    return draft is not None and bool(draft.answers or draft.typed or draft.override)


def new_screening_button(form_id: str, locality_id: str, draft: Draft | None) -> None:
    """ "Start a new screening"; when it would clear unsaved answers, it asks first."""
    if st.session_state.get(CONFIRM) and unsaved(draft):
        with st.container(border=True):
            st.warning(
                "**Starting a new screening clears the answers to the one in progress.** They cannot be "
                "brought back. If you need them, continue it and download a record from its result page "
                "first.",
                icon=":material/warning:",
            )
            clear, keep = st.columns(2)
            if clear.button("Clear them and start a new screening", type="primary", key="confirm_new"):
                st.session_state.pop(CONFIRM, None)
                open_draft(start_draft(form_id, locality_id))
            if keep.button("Keep the screening in progress", key="keep_draft"):
                st.session_state.pop(CONFIRM, None)
                st.rerun()
    elif st.button("Start a new screening", type="secondary" if draft else "primary", key="start"):
        if unsaved(draft):
            st.session_state[CONFIRM] = True
            st.rerun()
        open_draft(start_draft(form_id, locality_id))

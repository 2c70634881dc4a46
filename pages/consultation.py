"""The pharmacy's way in (``/pharmacy``): the young person may see the screen, so this page names no
form for exploitation and starts the pharmacy's discreet form directly; every page after it keeps to the
form's neutral title and words."""

import streamlit as st

from decision_tool.ui.furniture import other_ways, page_heading, page_title
from decision_tool.ui.start_views import CONFIRM, expired_notice, keeping_note, new_screening_button, unsaved
from decision_tool.ui.state import DRAFT_PARAM, catalog, get_draft, open_draft
from decision_tool.ui.widgets import md, radio_format
from decision_tool.wording.messages import say

page_title(say("ui.consultation.title"))
cat = catalog()
# The pharmacy's form: the discreet one written for a pharmacy (rules/pharmacy.yaml).
form_id = next(
    (rid for rid, r in cat.rule_sets.items() if r.discreet and r.audience == "pharmacy"),
    next((rid for rid, r in cat.rule_sets.items() if r.discreet), None),
)
if form_id is None:
    page_heading(say("ui.consultation.title"), "consultation")
    st.info(say("ui.consultation.no_form"))
    st.stop()
rules = cat.rule_sets[form_id]

draft = get_draft()
if draft is not None and st.query_params.get(DRAFT_PARAM) != draft.id:
    st.query_params[DRAFT_PARAM] = draft.id

page_heading(rules.display_title, "consultation")
if draft is not None:
    with st.container(border=True):
        # Another form's title may name what this page must not: only this form is named.
        which = md(rules.display_title) if draft.form_id == form_id else say("ui.consultation.another_form")
        st.markdown(
            say("ui.consultation.in_progress", form=which)
            + (say("ui.start.still_here") if unsaved(draft) else "")
        )
        if st.button(say("ui.start.continue"), type="primary", key="continue"):
            st.session_state.pop(CONFIRM, None)
            open_draft(draft, draft.page)
expired_notice(draft)
st.markdown(say("ui.consultation.intro") + keeping_note())
if draft is not None:
    st.subheader(say("ui.start.or_new"))
localities = {lid: loc.title for lid, loc in cat.localities.items()}
locality_id = st.radio(
    say("ui.start.which_locality"),
    list(localities),
    format_func=radio_format(localities),
    key="start_locality",
)
new_screening_button(form_id, locality_id, draft)
# Open a downloaded record, or screen again: those pages name no subject either.
other_ways()

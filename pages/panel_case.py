"""A case for the panel: its missing episodes with the 72-hour clock, and the panel's decisions."""

import streamlit as st

from decision_tool.errors import UserError
from decision_tool.ui.panel_access import require_actor, shared_panel
from decision_tool.ui.panel_forms import decision_form, missing_section
from decision_tool.ui.panel_views import case_summary, decision_block
from decision_tool.ui.widgets import user_error
from decision_tool.wording.messages import say

st.title(say("ui.panel_case.title"))
actor = require_actor("view_panel_case", say("ui.panel_case.refused"))
panel = shared_panel()
notice = st.session_state.pop("panel_notice", None)
if notice:
    st.success(notice)

code = str(st.query_params.get("case") or st.session_state.get("panel_case") or "").strip().upper()[:20]
if not code:
    st.info(say("ui.panel_case.choose"))
    st.page_link("pages/panel_list.py", label=say("ui.panel_case.go_to_list"))
    st.stop()
st.markdown(say("ui.panel_case.case", code=code))
st.page_link("pages/panel_list.py", label=say("ui.panel_case.back_to_list"))
try:
    case_summary(panel.case_row(actor, code))
except UserError as exc:
    user_error(exc)
    st.stop()

found = missing_section(panel, actor, code)
if found is None:
    st.stop()

st.subheader(say("ui.panel_case.decisions"))
try:
    decisions = panel.decisions(actor, code)
except UserError as exc:
    user_error(exc)
    st.stop()
today = found.as_at.date()
if not decisions:
    st.markdown(say("ui.panel_case.no_decisions"))
for d in decisions:
    decision_block(d, today)
if found.status == "open":
    decision_form(panel, actor, code, today)

"""Missing episodes on a case: for practitioners (their organisation's cases) and the panel."""

import streamlit as st

from decision_tool.errors import UserError
from decision_tool.ui.panel_access import require_actor, shared_panel
from decision_tool.ui.panel_forms import missing_section
from decision_tool.ui.widgets import user_error
from decision_tool.wording.messages import say

st.title(say("ui.page.missing_episodes"))
actor = require_actor("view_missing_episodes", say("ui.missing.refused"))
panel = shared_panel()
notice = st.session_state.pop("panel_notice", None)
if notice:
    st.success(notice)
try:
    cases = panel.register.list_cases(actor)
except UserError as exc:
    user_error(exc)
    st.stop()
if not cases:
    st.info(say("ui.missing.no_cases"))
    st.stop()
codes = [c.code for c in cases]
# No case is chosen for the person: an episode goes only on the case they pick.
code = st.selectbox(
    say("ui.missing.case"), codes, index=None, placeholder=say("ui.missing.choose_case"), key="missing_case"
)
if code is None:
    st.markdown(say("ui.missing.choose_to_see"))
    st.stop()
missing_section(panel, actor, code, heading=False)

"""Cases: find or start a case by your own local reference, and your organisation's open cases."""

import streamlit as st

from decision_tool.register import policy
from decision_tool.ui import register_state, register_views
from decision_tool.wording.messages import say

who = register_state.require_actor("list_cases")
st.title(say("ui.page.register_cases"))
if policy.creates_demo_cases(who):
    st.info(say("ui.cases.training"))
if policy.allows(who, "find_or_create_case"):
    register_views.find_case_form(who)
register_views.case_list(who)

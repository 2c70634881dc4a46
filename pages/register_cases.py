"""Cases: find or start a case by your own local reference, and your organisation's open cases."""

import streamlit as st

from decision_tool.register import policy
from decision_tool.ui import register_state, register_views

who = register_state.require_actor("list_cases")
st.title("Cases")
if policy.creates_demo_cases(who):
    st.info("Training account: you see and create only fictional demo cases.")
if policy.allows(who, "find_or_create_case"):
    register_views.find_case_form(who)
register_views.case_list(who)

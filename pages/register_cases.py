"""Cases: find or start a case by your own local reference, and your organisation's open cases."""

import streamlit as st

from decision_tool.ui import register_state, register_views

who = register_state.require_actor()
st.title("Cases")
if who.role == "trainer":
    st.info("Training account: you see and create only fictional demo cases.")
if who.role in ("practitioner", "trainer"):
    register_views.find_case_form(who)
register_views.case_list(who)

"""Accessibility statement: how accessible the tool is, what is known not to work, and how to report it."""

import streamlit as st

from decision_tool.ui.furniture import SERVICE_NAME, page_title
from decision_tool.wording.messages import say

page_title(say("ui.page.accessibility"))
st.title(say("ui.page.accessibility"))
st.markdown(say("ui.accessibility.statement", service=SERVICE_NAME))

"""Privacy notice: what the tool keeps, where, and for how long."""

import streamlit as st

from decision_tool.ui.drafts import IDLE_MINUTES
from decision_tool.ui.furniture import SERVICE_NAME, page_title
from decision_tool.wording.messages import say

page_title(say("ui.page.privacy"))
st.title(say("ui.page.privacy"))
st.markdown(say("ui.privacy.notice", service=SERVICE_NAME, minutes=IDLE_MINUTES))

"""Screen a child again, or compare over time: upload earlier records of the same child."""

import streamlit as st

from decision_tool.ui import history_views
from decision_tool.ui.furniture import back_link, page_marker, page_title
from decision_tool.wording.messages import say

page_title(say("ui.earlier.title"))
page_marker("earlier-records")
back_link("./", say("ui.back_to_start"))
st.title(say("ui.earlier.title"), anchor=False)
history_views.earlier_section()

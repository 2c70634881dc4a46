"""Screen a child again, or compare over time: upload earlier records of the same child."""

import streamlit as st

from decision_tool.ui import history_views
from decision_tool.ui.furniture import back_link, page_marker, page_title

page_title("Screen again or compare over time")
page_marker("earlier-records")
back_link("./", "Back to Start")
st.title("Screen again or compare over time", anchor=False)
history_views.earlier_section()

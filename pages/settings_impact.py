"""What a change would do: proposed settings against the saved screenings, counts only."""

import streamlit as st

from decision_tool.ui.settings_impact_views import settings_impact_page

st.set_page_config(layout="wide")
settings_impact_page()

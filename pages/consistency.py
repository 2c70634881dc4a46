"""Regional consistency: where localities' settings would treat the same child differently (aggregates
only). Anyone may open it with the register off; with it on, the access policy decides."""

import streamlit as st

from decision_tool.ui import register_state
from decision_tool.ui.consistency_views import ACTION, consistency_page
from decision_tool.wording.messages import say

st.set_page_config(layout="wide")  # a heatmap and wide tables: use the whole screen
if register_state.settings() is not None:
    register_state.require_actor(ACTION, say("ui.consistency.refused"))
consistency_page()

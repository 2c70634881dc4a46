import streamlit as st

from decision_tool.ui.widgets import always_999

always_999()

st.title("Training")
st.info("Coming next.")

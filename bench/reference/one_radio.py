"""Reference app for the benchmark: one radio, nothing else."""

import streamlit as st

choice = st.radio("Pick one", ["Yes", "No", "Not sure"], index=None, horizontal=True)

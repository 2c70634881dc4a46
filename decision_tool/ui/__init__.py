"""Streamlit helpers for the pages. The only part of the package that imports Streamlit."""

"""Entry point: `make run` (`python -m decision_tool.ui.serve`, which runs this script with Streamlit)."""

import streamlit as st

from decision_tool.errors import UserError
from decision_tool.register import RegisterUnavailable
from decision_tool.rules.catalog import default_rules_dir
from decision_tool.ui import register_views
from decision_tool.ui.furniture import SERVICE_NAME, footer, page_title, page_top
from decision_tool.ui.panel_access import read_ahead
from decision_tool.ui.settle import settle_long_lived_objects
from decision_tool.ui.state import browser_binding, catalog, keep_in_register
from decision_tool.ui.widgets import rules_error, user_error

st.set_page_config(
    page_title=SERVICE_NAME, layout="centered"
)  # no page_icon: Material icons load from the internet

# Every page, its address and who may open it: decision_tool/ui/registry.py. With the register on
# (DECISION_TOOL_DATABASE_URL set), sign-in comes before any page but the footer's.
pages = register_views.gate()
# Register on: once per server, the panel's list and trends read in the background for its first visitor.
read_ahead()
# Streamlit routes the pages; the menu itself is our own plain links (page_top), lighter to draw.
page = st.navigation(pages, position="hidden")
page_title(page.title)  # the tab names the page ("Panel list – ..."); a page may name itself more closely
page_top(pages, page, browser_binding())
try:
    catalog()
except UserError as exc:
    # A broken rules file: say which file, where and how to fix it; never a traceback.
    rules_error(exc, default_rules_dir())
    footer()
    st.stop()
try:
    page.run()
except RegisterUnavailable as exc:
    # The database went away under a page that did not expect it: the same plain message, answers kept.
    user_error(exc)
finally:
    footer()  # also under a page that stopped early (e.g. "Choose a form on the Start page first")
    # Register on: the screening in progress, sealed in the register, for a reload on any app server.
    keep_in_register()
    # Once per server, after the first page is drawn: keeps the garbage collection after each click short.
    settle_long_lived_objects()

"""Entry point: `streamlit run streamlit_app.py` (or `make run`)."""

import streamlit as st

from decision_tool.errors import UserError
from decision_tool.rules.catalog import default_rules_dir
from decision_tool.ui import register_views
from decision_tool.ui.furniture import SERVICE_NAME, footer, page_top
from decision_tool.ui.panel_access import panel_pages
from decision_tool.ui.settle import settle_long_lived_objects
from decision_tool.ui.state import catalog
from decision_tool.ui.widgets import rules_error

st.set_page_config(
    page_title=SERVICE_NAME, layout="centered"
)  # no page_icon: Material icons load from the internet

# A page's url_path must differ from its file name: when they match, Streamlit's legacy pages/ mode takes
# over a direct link (no navigation bar). tests/browser/test_walkthrough.py checks every deep link.
# Add a page here (and to PAGES in tests/browser/test_accessibility.py); hidden pages are reached by links.
pages = [
    st.Page("pages/start.py", title="Start", default=True),
    st.Page("pages/questions.py", title="Questions", url_path="screening", visibility="hidden"),
    st.Page("pages/check.py", title="Check your answers", url_path="check-answers", visibility="hidden"),
    st.Page("pages/result.py", title="Result", url_path="outcome", visibility="hidden"),
    st.Page("pages/open_record.py", title="Open a record", url_path="open-record", visibility="hidden"),
    st.Page(
        "pages/earlier_records.py",
        title="Screen again or compare",
        url_path="earlier-records",
        visibility="hidden",
    ),
    st.Page("pages/training.py", title="Training", url_path="workshop"),
    st.Page("pages/rules.py", title="Rules", url_path="rulebook"),
]
# The register (off unless an operator sets DECISION_TOOL_DATABASE_URL): sign-in before any page.
pages = register_views.gate(pages)
pages += panel_pages()  # none unless a panel member (or, for missing episodes, a practitioner) is signed in
# Linked from every page's footer, before sign-in too: how accessible the tool is, and what it keeps.
pages += [
    st.Page(
        "pages/accessibility.py",
        title="Accessibility statement",
        url_path="accessibility",
        visibility="hidden",
    ),
    st.Page("pages/privacy.py", title="Privacy notice", url_path="privacy", visibility="hidden"),
]
# Streamlit routes the pages; the menu itself is our own plain links (page_top), lighter to draw.
page = st.navigation(pages, position="hidden")
page_top(pages, page)
try:
    catalog()
except UserError as exc:
    # A broken rules file: say which file, where and how to fix it; never a traceback.
    rules_error(exc, default_rules_dir())
    footer()
    st.stop()
try:
    page.run()
finally:
    footer()  # also under a page that stopped early (e.g. "Choose a form on the Start page first")
    # Once per server, after the first page is drawn: keeps the garbage collection after each click short.
    settle_long_lived_objects()

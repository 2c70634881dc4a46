"""The panel list: every open case, highest levels and overdue reviews first, with an "as at" export."""

import streamlit as st

from decision_tool.errors import UserError
from decision_tool.panel import filter_rows, sort_rows
from decision_tool.panel.levels import LEVEL_ORDER, level_name
from decision_tool.ui.panel_access import require_actor, shared_panel
from decision_tool.ui.panel_views import list_page, list_pager, list_table
from decision_tool.ui.state import catalog
from decision_tool.ui.widgets import plain, user_error
from decision_tool.wording.dates import long_time

st.set_page_config(layout="wide")  # a wide table and charts: use the whole screen
st.title("Panel list")
actor = require_actor("view_panel_list", "The panel list is for members of the multi-agency panel.")
panel = shared_panel()
try:
    found = panel.panel_list(actor)
except UserError as exc:
    user_error(exc)
    st.stop()

st.markdown(f"Open cases as at **{long_time(found.as_at)} UTC**. Case codes only: no names, no free text.")
overdue_reviews = sum(r.review_overdue for r in found.rows)
overdue_interviews = sum(r.interview_overdue for r in found.rows)
strategy = sum(r.strategy_meeting for r in found.rows)
c1, c2, c3, c4 = st.columns(4)
c1.metric("Open cases", len(found.rows))
c2.metric("Reviews overdue", overdue_reviews)
c3.metric("Interviews overdue", overdue_interviews)
c4.metric("Strategy meeting prompts", strategy)

SORTS = {
    "priority": "highest level first; within a level, overdue reviews first",
    "review": "review date, soonest first",
    "missing": "missing episodes in the last 30 days, most first",
    "last_screened": "last screened, longest ago first",
    "organisation": "organisation",
    "code": "case code",
}
# The sort is in the address (each sortable column's heading links to it), so a reload keeps it.
sort = str(st.query_params.get("sort", "priority"))
if sort not in SORTS:
    sort = "priority"
localities = {lid: loc.title for lid, loc in catalog().localities.items()}
with st.expander("Filter the list", expanded=False):
    left, right = st.columns(2)
    min_level = left.selectbox(
        "Lowest level shown",
        [None, *LEVEL_ORDER],
        format_func=lambda v: "All levels" if v is None else f"{level_name(v)} and above",
        key="panel_min_level",
    )
    orgs = dict(found.organisations)
    org = right.selectbox(
        "Organisation",
        [None, *orgs],
        format_func=lambda v: "All organisations" if v is None else plain(orgs[v]),
        key="panel_org",
    )
    locality = left.selectbox(
        "Locality",
        [None, *found.localities],
        format_func=lambda v: plain(localities.get(v, v)) if v else "All localities",
        key="panel_locality",
    )
    overdue_only = right.checkbox("Only overdue reviews or interviews", key="panel_overdue")
    strategy_only = right.checkbox("Only strategy meeting prompts", key="panel_strategy")

filters = {
    "min_level": min_level,
    "organisation_code": org,
    "locality_id": locality,
    "overdue_only": overdue_only,
    "strategy_meeting_only": strategy_only,
}
rows = sort_rows(filter_rows(found.rows, **filters), sort)
# A region's list runs to thousands of cases: a page of them at a time, the page in the address too.
shown, page_no, pages = list_page(rows, st.query_params.get("page"))
where = f" (page {page_no} of {pages})" if pages > 1 else ""
st.caption(
    f"Showing {len(rows)} of {len(found.rows)} open cases{where}, sorted by {SORTS[sort]}. Choose a "
    "column's heading to sort by it, or a case code to open its missing episodes and panel decisions."
)
list_table(shown, sort, localities)
list_pager(page_no, pages, sort)

st.subheader("Export for the meeting")
st.markdown(
    "A snapshot of the list as shown above, as at the moment you click. Spreadsheet formulas in the CSV are "
    "made harmless. Every export is recorded in the audit trail."
)


def _export(fmt: str) -> bytes:
    return panel.export_list(actor, fmt, sort=sort, filters=filters)[1]


stamp = f"{found.as_at:%Y-%m-%d-%H%M}"
left, right = st.columns(2)
left.download_button(
    "Download the list (PDF)",
    data=lambda: _export("pdf"),
    file_name=f"panel-list-as-at-{stamp}.pdf",
    mime="application/pdf",
    on_click="ignore",
    key="panel_pdf",
    width="stretch",
)
right.download_button(
    "Download the list (CSV)",
    data=lambda: _export("csv"),
    file_name=f"panel-list-as-at-{stamp}.csv",
    mime="text/csv",
    on_click="ignore",
    key="panel_csv",
    width="stretch",
)

"""The panel list: every open case, highest levels and overdue reviews first, with an "as at" export."""

import streamlit as st

from decision_tool.errors import UserError
from decision_tool.panel import filter_rows, sort_rows
from decision_tool.panel.levels import LEVEL_ORDER, level_name
from decision_tool.ui.panel_access import require_actor, shared_panel
from decision_tool.ui.panel_views import LIST_PAGE_ROWS, list_page, list_pager, list_table
from decision_tool.ui.state import catalog
from decision_tool.ui.widgets import plain, user_error
from decision_tool.wording.dates import long_time
from decision_tool.wording.messages import say

st.set_page_config(layout="wide")  # a wide table and charts: use the whole screen
st.title(say("ui.page.panel_list"))
actor = require_actor("view_panel_list", say("ui.panel_list.refused"))
panel = shared_panel()
try:
    found = panel.panel_list(actor)
except UserError as exc:
    user_error(exc)
    st.stop()

st.markdown(say("ui.panel_list.as_at", time=long_time(found.as_at)))
overdue_reviews = sum(r.review_overdue for r in found.rows)
overdue_interviews = sum(r.interview_overdue for r in found.rows)
strategy = sum(r.strategy_meeting for r in found.rows)
c1, c2, c3, c4 = st.columns(4)
c1.metric(say("ui.panel_list.open_cases"), len(found.rows))
c2.metric(say("ui.panel_list.reviews_overdue"), overdue_reviews)
c3.metric(say("ui.panel_list.interviews_overdue"), overdue_interviews)
c4.metric(say("ui.panel_list.strategy_prompts"), strategy)

SORTS = {
    sort: say(f"ui.panel_list.sort.{sort}")
    for sort in ("priority", "review", "missing", "last_screened", "organisation", "code")
}
# The sort is in the address (each sortable column's heading links to it), so a reload keeps it.
sort = str(st.query_params.get("sort", "priority"))
if sort not in SORTS:
    sort = "priority"
localities = {lid: loc.title for lid, loc in catalog().localities.items()}
with st.expander(say("ui.panel_list.filter"), expanded=False):
    left, right = st.columns(2)
    min_level = left.selectbox(
        say("ui.panel_list.lowest_level"),
        [None, *LEVEL_ORDER],
        format_func=lambda v: (
            say("ui.panel_list.all_levels")
            if v is None
            else say("ui.panel_list.level_and_above", level=level_name(v))
        ),
        key="panel_min_level",
    )
    orgs = dict(found.organisations)
    org = right.selectbox(
        say("ui.panel_list.organisation"),
        [None, *orgs],
        format_func=lambda v: say("ui.panel_list.all_organisations") if v is None else plain(orgs[v]),
        key="panel_org",
    )
    locality = left.selectbox(
        say("ui.panel_list.locality"),
        [None, *found.localities],
        format_func=lambda v: plain(localities.get(v, v)) if v else say("ui.panel_list.all_localities"),
        key="panel_locality",
    )
    overdue_only = right.checkbox(say("ui.panel_list.overdue_only"), key="panel_overdue")
    strategy_only = right.checkbox(say("ui.panel_list.strategy_only"), key="panel_strategy")

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
first = (page_no - 1) * LIST_PAGE_ROWS + 1
where = (
    say("ui.panel_list.page_of", page=page_no, pages=pages, first=first, last=first + len(shown) - 1)
    if pages > 1
    else ""
)
st.caption(
    say("ui.panel_list.showing", shown=len(rows), total=len(found.rows), where=where, sort=SORTS[sort])
)
list_table(shown, sort, localities)
list_pager(page_no, pages, sort)

st.subheader(say("ui.panel_list.export"))
st.markdown(say("ui.panel_list.export_intro"))


def _export(fmt: str) -> bytes:
    return panel.export_list(actor, fmt, sort=sort, filters=filters)[1]


stamp = f"{found.as_at:%Y-%m-%d-%H%M}"
left, right = st.columns(2)
left.download_button(
    say("ui.panel_list.pdf"),
    data=lambda: _export("pdf"),
    file_name=f"panel-list-as-at-{stamp}.pdf",
    mime="application/pdf",
    on_click="ignore",
    key="panel_pdf",
    width="stretch",
)
right.download_button(
    say("ui.panel_list.csv"),
    data=lambda: _export("csv"),
    file_name=f"panel-list-as-at-{stamp}.csv",
    mime="text/csv",
    on_click="ignore",
    key="panel_csv",
    width="stretch",
)

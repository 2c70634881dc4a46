"""Trends and patterns for the quarterly report, with filters and an export that hides small numbers."""

import datetime as dt

import streamlit as st

from decision_tool.errors import UserError
from decision_tool.panel.trends import TrendFilter
from decision_tool.ui.panel_access import require_actor, shared_panel
from decision_tool.ui.panel_views import month_words, trend_chart
from decision_tool.ui.state import catalog
from decision_tool.ui.widgets import plain, reflowing_table, user_error
from decision_tool.wording.dates import long_time

st.set_page_config(layout="wide")  # a wide table and charts: use the whole screen
st.title("Panel trends")
actor = require_actor("view_panel_trends", "Trends are for members of the multi-agency panel.")
panel = shared_panel()
titles = {c.id: c.title for rules in catalog().rule_sets.values() for c in rules.categories}

today = panel.clock().date()
left, mid, right = st.columns(3)
start = left.date_input("From", value=today - dt.timedelta(days=365), key="trend_start", format="DD/MM/YYYY")
end = mid.date_input("To", value=today, key="trend_end", format="DD/MM/YYYY")
if start > end:
    st.error("**Check the dates**\n\n- The start date is after the end date.")
    st.stop()
localities = st.session_state.get("trend_localities", ())
locality_titles = {lid: loc.title for lid, loc in catalog().localities.items()}
locality = right.selectbox(
    "Locality",
    [None, *localities],
    format_func=lambda v: plain(locality_titles.get(v, v)) if v else "All localities",
    key="trend_locality",
)
chosen = TrendFilter(start=start, end=end, locality_id=locality)
try:
    report = panel.trends(actor, chosen, titles=titles)
except UserError as exc:
    user_error(exc)
    st.stop()
if tuple(report.localities) != tuple(localities):
    st.session_state["trend_localities"] = report.localities
    st.rerun()

st.caption(
    f"As at {long_time(report.as_at)} UTC. The charts show exact counts for the panel; the exported "
    'tables show counts of 1 to 4 as "<5" so that no child can be picked out.'
)
t = report.tables
trend_chart(t["by_month"], kind="stack", key="chart_by_month")
trend_chart(t["by_level"], kind="line", key="chart_by_level")
trend_chart(t["escalations"], key="chart_escalations")
trend_chart(t["categories"], key="chart_categories")
trend_chart(t["models"], key="chart_models")
st.caption(
    "The models of exploitation practitioners ticked on their records (several, or none, per child); they "
    "shape the panel's disruption work."
)
trend_chart(t["organisations"], kind="stack", key="chart_organisations")
trend_chart(t["localities"], kind="stack", key="chart_localities", names=locality_titles)
st.subheader(t["interviews"].title)
rates = t["interviews"].suppressed_rows()
if rates:
    reflowing_table(
        [
            {"Month of return": month_words(r[0]), "Returns": r[1], "Within 72 hours": r[2], "Rate": r[3]}
            for r in rates
        ]
    )
    st.caption("Nationally about 63% of return interviews happen within 72 hours (Missing People, 2023-24).")
else:
    st.markdown("No returns from missing episodes in this period.")

st.subheader("Export for the report")
st.download_button(
    "Download the trend tables (CSV, small numbers hidden)",
    data=lambda: panel.export_trends(actor, chosen, titles=titles)[1],
    file_name=f"panel-trends-{report.as_at:%Y-%m-%d}.csv",
    mime="text/csv",
    on_click="ignore",
    key="trend_csv",
)

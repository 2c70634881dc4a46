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
from decision_tool.wording.messages import say

st.set_page_config(layout="wide")  # a wide table and charts: use the whole screen
st.title(say("ui.page.panel_trends"))
actor = require_actor("view_panel_trends", say("ui.trends.refused"))
panel = shared_panel()
titles = {c.id: c.title for rules in catalog().rule_sets.values() for c in rules.categories}

today = panel.clock().date()
left, mid, right = st.columns(3)
start = left.date_input(
    say("ui.trends.from"), value=today - dt.timedelta(days=365), key="trend_start", format="DD/MM/YYYY"
)
end = mid.date_input(say("ui.trends.to"), value=today, key="trend_end", format="DD/MM/YYYY")
if start > end:
    st.error(say("ui.trends.dates_wrong"))
    st.stop()
localities = st.session_state.get("trend_localities", ())
locality_titles = {lid: loc.title for lid, loc in catalog().localities.items()}
locality = right.selectbox(
    say("ui.trends.locality"),
    [None, *localities],
    format_func=lambda v: plain(locality_titles.get(v, v)) if v else say("ui.trends.all_localities"),
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

st.caption(say("ui.trends.as_at", time=long_time(report.as_at)))
t = report.tables
trend_chart(t["by_month"], kind="stack", key="chart_by_month")
trend_chart(t["by_level"], kind="line", key="chart_by_level")
trend_chart(t["escalations"], key="chart_escalations")
trend_chart(t["categories"], key="chart_categories")
trend_chart(t["models"], key="chart_models")
st.caption(say("ui.trends.models"))
trend_chart(t["organisations"], kind="stack", key="chart_organisations")
trend_chart(t["localities"], kind="stack", key="chart_localities", names=locality_titles)
st.subheader(t["interviews"].title)
rates = t["interviews"].suppressed_rows()
if rates:
    reflowing_table(
        [
            {
                say("ui.trends.column.month"): month_words(r[0]),
                say("ui.trends.column.returns"): r[1],
                say("ui.trends.column.within_72_hours"): r[2],
                say("ui.trends.column.rate"): r[3],
            }
            for r in rates
        ]
    )
    st.caption(say("ui.trends.national"))
else:
    st.markdown(say("ui.trends.no_returns"))

st.subheader(say("ui.trends.export"))
st.download_button(
    say("ui.trends.csv"),
    data=lambda: panel.export_trends(actor, chosen, titles=titles)[1],
    file_name=f"panel-trends-{report.as_at:%Y-%m-%d}.csv",
    mime="text/csv",
    on_click="ignore",
    key="trend_csv",
)

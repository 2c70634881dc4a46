"""Reference app for the benchmark: a button, then only the result page's charts (same figures)."""

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from decision_tool import load_catalog  # noqa: E402
from decision_tool.screening.engine import assess  # noqa: E402
from decision_tool.screening.scenarios import scenario_answers  # noqa: E402
from decision_tool.ui.views import chart_figure, drivers_figure  # noqa: E402

if st.button("Get the result"):
    catalog = load_catalog()
    scenario = next(s for s in catalog.scenarios if s.id == "pharmacy_split_condom")
    rules = catalog.rule_sets["pharmacy"]
    result = assess(rules, scenario_answers(scenario, rules))
    config = {"displayModeBar": False, "staticPlot": True}
    st.plotly_chart(chart_figure(result), config=config)
    if any(c.points for c in result.category_scores):
        st.plotly_chart(drivers_figure(result), config=config)

"""The Regional consistency page, driven through AppTest: the heatmap's facts are in a table beside it,
the setting behind each difference is named, and the exports are offered."""

from __future__ import annotations

import json

from decision_tool.ui.widgets import md

from .test_pages import new_app, tables, texts


def test_the_page_shows_each_locality_the_heatmap_the_same_facts_as_a_table_and_the_exports(catalog):
    at = new_app()
    at.switch_page("pages/consistency.py").run()
    assert not at.exception
    shown = texts(at)
    assert "Regional consistency" in shown
    form = catalog.rule_sets["dsl"]
    assert f"form 'dsl' v{form.version}, {form.fingerprint[:12]}" in shown
    # The form the seven localities set differently opens the page; the one they all take as published ends it.
    headers = [h.value for h in at.header]
    assert headers[0] == md(form.title) and headers[-1] == md(catalog.rule_sets["cce"].title)
    assert "red flag minimum: Lowmarsh (fictional) raises 'disclosure_withdrawn'" in shown
    # The heatmap (localities x the region's levels) and a table with the same counts.
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heat = next(c for c in charts if c["data"][0]["type"] == "heatmap")
    assert "Lowmarsh (fictional)" in heat["data"][0]["y"]
    grid = next(t for t in tables(at) if t and "Locality" in t[0] and form.level("low").title in t[0])
    row = heat["data"][0]["y"].index("Lowmarsh (fictional)")
    lowmarsh = next(r for r in grid if r["Locality"] == "Lowmarsh (fictional)")
    assert [int(lowmarsh[lv.title]) for lv in form.levels] == heat["data"][0]["customdata"][row]
    assert any(heat["data"][0]["customdata"][row])  # Lowmarsh raises a red flag: some profiles differ
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download every difference (CSV)" in labels and "Download the report (PDF)" in labels

"""The regional consistency page: where the same child would be treated differently, locality by
locality, as a heatmap with the same facts as a table, and the CSV and PDF exports.

Aggregates only: generated profiles and fictional scenarios, never a case. With the register on, the
policy's ``view_consistency`` decides who may open it (an admin, a regional coordinator)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from ..records.consistency import report_csv, report_pdf
from ..screening.consistency import ConsistencyReport, FormReport, consistency_report
from ..wording.consistency import PAGE_FINDING_COLUMNS, finding_rows, heading, locality_rows, summary
from ..wording.messages import listed, say
from .state import catalog
from .widgets import chart_text, md, plain, reflowing_table

PAGE_SAMPLE = 2_000  # random profiles per form on the page (the CLI can run more)
SHOWN_FINDINGS = 30
ACTION = "view_consistency"


@st.cache_resource(show_spinner=say("ui.consistency.running"))
def _report(rules_root: str, sample: int) -> ConsistencyReport:
    """One report per rules folder and sample: the rules are frozen, so the report is too."""
    return consistency_report(catalog(), sample=sample)


def current_report() -> ConsistencyReport:
    return _report(str(catalog().root), PAGE_SAMPLE)


def level_grid_rows(
    form: FormReport, titles: Mapping[str, str], level_titles: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The heatmap's facts as a table: per locality, per regional level, the profiles given another level
    or first action."""
    rows = []
    for loc, counts in zip(form.localities, form.grid(), strict=True):
        row: dict[str, Any] = {say("ui.consistency.locality"): plain(titles.get(loc, loc))}
        for level, n in zip(form.levels, counts, strict=True):
            row[plain(level_titles.get(level, level))] = n
        rows.append(row)
    return rows


def heatmap(form: FormReport, titles: Mapping[str, str], level_titles: Mapping[str, str], key: str) -> None:
    """Localities x the region's levels: how many profiles each locality puts at another level. Large
    type and a count in every cell, so it reads at 1280 px and on a projector; the table below says the
    same."""
    grid = form.grid()
    x = [chart_text(level_titles.get(lv, lv)) for lv in form.levels]
    y = [chart_text(titles.get(loc, loc)) for loc in form.localities]
    # Colour by the count's order of magnitude, so that 2 differences stand out from none as clearly as
    # 700 do; the cell says the exact count.
    shade = [[math.log10(1 + n) for n in row] for row in grid]
    top = max((v for row in shade for v in row), default=0) or 1
    fig = go.Figure(
        go.Heatmap(
            z=shade,
            customdata=grid,
            x=x,
            y=y,
            text=[[str(n) for n in row] for row in grid],
            texttemplate="%{text}",
            textfont={"size": 20},
            colorscale=[[0, "#f3f2f1"], [1e-9, "#c2d9ee"], [1, "#0b3d6b"]],
            zmin=0,
            zmax=top,
            showscale=False,
            hovertemplate=say("ui.consistency.hover"),
            xgap=3,
            ygap=3,
        )
    )
    fig.update_layout(
        height=120 + 56 * len(y),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": 18, "color": "#0b0c0c"},
        # The subheader names the axes: the region's level across, each locality down.
        xaxis={"side": "top", "tickfont": {"size": 18}, "automargin": True},
        yaxis={"autorange": "reversed", "tickfont": {"size": 18}, "automargin": True},
    )
    # theme=None: the large type above, not Streamlit's smaller chart theme (read on a projector).
    st.plotly_chart(fig, config={"displayModeBar": False, "staticPlot": True}, key=key, theme=None)


def consistency_page() -> None:
    cat = catalog()
    st.title(say("ui.page.consistency"))
    st.markdown(say("ui.consistency.intro", sample=PAGE_SAMPLE))
    st.caption(md(say("consistency.not_evidence")))
    report = current_report()
    titles = {lid: loc.title for lid, loc in cat.localities.items()}
    for form in report.forms:
        rules = cat.rule_sets[form.form]
        level_titles = {lv.id: lv.title for lv in rules.levels}
        st.header(md(rules.title))
        st.markdown(md(heading(form)))
        if not form.localities:
            st.markdown(md(say("consistency.no_overlays")))
            continue
        st.markdown(md(summary(form)))
        if form.same_as_region:
            names = listed([titles.get(x, x) for x in form.same_as_region])
            st.markdown(md(say("consistency.same_as_region", localities=names)))
        st.subheader(say("ui.consistency.heatmap"))
        heatmap(form, titles, level_titles, key=f"consistency_heatmap_{form.form}")
        reflowing_table(level_grid_rows(form, titles, level_titles))
        st.subheader(say("ui.consistency.what_differs"))
        reflowing_table(locality_rows(form, titles))
        rows = finding_rows(form, titles, SHOWN_FINDINGS)
        if rows:
            st.subheader(say("ui.consistency.first_findings", shown=len(rows), total=len(form.findings)))
            reflowing_table([{k: v for k, v in r.items() if k in PAGE_FINDING_COLUMNS} for r in rows])
    st.subheader(say("ui.consistency.export"))
    stamp = dt.date.today().isoformat()
    st.download_button(
        say("ui.consistency.csv"),
        data=lambda: report_csv(report, titles),
        file_name=f"regional-consistency-{stamp}.csv",
        mime="text/csv",
        on_click="ignore",
        key="consistency_csv",
    )
    st.download_button(
        say("ui.consistency.pdf"),
        data=lambda: report_pdf(report, titles),
        file_name=f"regional-consistency-{stamp}.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="consistency_pdf",
    )

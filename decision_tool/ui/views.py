"""Render one Assessment: shared by the result page and the Training page. Nothing is recomputed here."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from ..record import answer_text
from ..result import Assessment, RecommendedAction
from ..schema import URGENCY_WORDS, Contact, RuleSet
from .widgets import chart_text, md

LEVEL_ICONS = {
    0: ":material/visibility:",
    1: ":material/forum:",
    2: ":material/warning:",
    3: ":material/priority_high:",
}


def outcome(a: Assessment) -> None:
    """The level in words (never colour alone), what it means, and any judgement override."""
    info = a.level_info
    icon = (
        ":material/emergency:" if info.emergency else LEVEL_ICONS.get(info.rank, ":material/priority_high:")
    )
    box = st.error if info.emergency or info.rank >= 3 else st.warning if info.rank >= 1 else st.info
    box(f"### Outcome: {md(info.title)}\n{md(info.summary)}", icon=icon)
    if a.override:
        st.markdown(
            f"**Your judgement:** the tool's result was **{md(a.tool_level_info.title)}**; you changed it to "
            f"**{md(info.title)}**. Your reason: {md(a.override.reason)}"
        )
        if a.below_red_flag:
            st.warning(
                "This is below the minimum set by a red flag. The red flag's actions below still stand."
            )
    if a.low_result:
        st.markdown(
            "**A low result does not mean no action.** Record the concern, keep watching, and review."
        )
    if a.insufficient_information:
        st.warning(
            f"**Insufficient information.** {len(a.not_sure)} answers are 'not sure' or missing, so this result "
            "may understate the concern. Do not treat it as reassurance.",
            icon=":material/help:",
        )


def contact_line(c: Contact, today: dt.date) -> str:
    parts = [f"**{md(c.name)}**"]
    if c.phone:
        parts.append(f"phone {md(c.phone)}")
    if c.url:
        parts.append(md(c.url))
    if c.hours:
        parts.append(md(c.hours))
    line = " · ".join(parts) + f" (details checked {c.last_verified:%B %Y})"
    if c.is_stale(today):
        line += " — **not checked in the last 12 months: check before relying on it**"
    return line


def actions(items: tuple[RecommendedAction, ...], today: dt.date) -> None:
    st.subheader("What to do next")
    for i, action in enumerate(items, 1):
        st.markdown(
            f"**{i}. {md(action.title)}** — {URGENCY_WORDS.get(action.urgency, action.urgency)}\n\n{md(action.do)}"
        )
        for c in action.contacts:
            st.markdown(f"- {contact_line(c, today)}")


def why(a: Assessment) -> None:
    st.subheader("Why")
    for flag in a.red_flags:
        st.markdown(f"- **Red flag:** {md(flag.reason)}")
    if a.contributions:
        rows = [{"Answer": f"{c.question} — {c.answer}", "Points": c.points} for c in a.contributions]
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.markdown("No scored signs were recorded.")
    if a.dropped_answers:
        st.caption("Not counted, because the question no longer applies: " + md(", ".join(a.dropped_answers)))
    bands = "; ".join(
        f"{md(t.title)}: {t.band_from}" + (" or more" if t.band_to is None else f" to {t.band_to}")
        for t in a.thresholds
        if t.band_from is not None
    )
    st.markdown(f"Score **{a.score}**. Score bands (local settings, not a validated scale): {bands}.")


def chart_figure(a: Assessment, *, compare: Assessment | None = None, big: bool = False) -> Any:
    """Category contributions as a stacked bar, against the score bands. Plotly loads only here."""
    import plotly.graph_objects as go

    fig = go.Figure()
    rows = [("This assessment", a)] if compare is None else [("Original", compare), ("What if", a)]
    cats = [
        c
        for c in a.category_scores
        if c.points or (compare and any(x.id == c.id and x.points for x in compare.category_scores))
    ]
    for cat in cats:
        values = [next(x.points for x in r.category_scores if x.id == cat.id) for _, r in rows]
        fig.add_bar(
            y=[name for name, _ in rows],
            x=values,
            name=chart_text(cat.title),
            orientation="h",
            text=[str(v) if v else "" for v in values],
            textposition="inside",
        )
    top = max([a.score, compare.score if compare else 0, *(t.band_from or 0 for t in a.thresholds)]) + 4
    for t in a.thresholds:
        if t.band_from is None:
            continue
        end = t.band_to + 1 if t.band_to is not None else top
        fig.add_vrect(x0=t.band_from, x1=end, line_width=0, fillcolor="#888", opacity=0.06 + 0.05 * t.rank)
        fig.add_annotation(
            x=(t.band_from + end) / 2,
            y=1.02,
            yref="paper",
            text=chart_text(t.title),
            showarrow=False,
            font={"size": 16 if big else 11},
        )
    fig.update_layout(
        barmode="stack",
        height=(260 if compare else 200) * (1.5 if big else 1),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"range": [0, top], "title": "Score"},
        legend={"orientation": "h", "y": -0.35},
        font={"size": 18 if big else 13},
    )
    return fig


def chart(
    a: Assessment, *, compare: Assessment | None = None, big: bool = False, key: str | None = None
) -> None:
    st.plotly_chart(
        chart_figure(a, compare=compare, big=big),
        config={"displayModeBar": False, "staticPlot": True},
        key=key,
    )
    if a.contributions:
        st.caption(
            "Score by category: "
            + "; ".join(f"{md(c.title)} {c.points}" for c in a.category_scores if c.points)
            + (
                ". Vulnerabilities are context, not evidence."
                if any(c.kind == "vulnerability" and c.points for c in a.category_scores)
                else "."
            )
        )


def recorded_separately(rules: RuleSet, a: Assessment) -> list[tuple[str, str]]:
    """Answers to questions kept for the record only (e.g. the EHC supply decision, Fraser competence):
    shown apart so they are never read as part of the safeguarding outcome."""
    out = []
    for q in rules.questions:
        if q.id in a.answers and q.category and rules.category(q.category).kind == "record":
            out.append((q.text, answer_text(rules, q.id, a.answers[q.id])))
    return out

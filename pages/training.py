"""Training: fictional scenarios, "what if", a presentation view, and a threshold sandbox.

Everything here lives in this browser session only: the published rules are never changed.
"""

from typing import Any

import pandas as pd
import streamlit as st

from decision_tool.errors import RulesError
from decision_tool.records.record import answer_text
from decision_tool.rules.schema import MAX_BAND
from decision_tool.screening.engine import assess
from decision_tool.screening.impact import impact_between
from decision_tool.screening.sandbox import sandbox_rules, weight_rows
from decision_tool.screening.scenarios import scenario_answers
from decision_tool.ui import views
from decision_tool.ui.furniture import static_text
from decision_tool.ui.state import catalog, today
from decision_tool.ui.widgets import (
    choose_questionnaire,
    label_md,
    md,
    radio_format,
    render_questions,
    select_format,
)
from decision_tool.wording.impact import notes_text

cat = catalog()

st.title("Training")
st.markdown("Fictional scenarios for workshops. Nothing you change here is saved or seen by anyone else.")
present = st.toggle("Presentation view (wide, large text for a projector)", key="present")
views.tone_styles()
if present:
    # Larger type, large tables, and the what-if summary kept in view beside the answers being changed.
    st.markdown(f"<style>{static_text('presentation.css')}</style>", unsafe_allow_html=True)

case_tab, sandbox_tab = st.tabs(["Scenario", "Threshold sandbox"])

scenarios = {s.id: s for s in cat.scenarios}
order = list(scenarios)


@st.cache_data(max_entries=64, show_spinner=False)
def sandbox_rows(
    rid: str, starts: tuple[tuple[str, int], ...], weights: tuple[tuple[tuple[str, str], int], ...]
) -> list[dict[str, str]]:
    """Every scenario's level under the published rules and under these settings. Kept per setting: the
    page reruns on every click in the scenario tab too, and this is the slowest part of it."""
    cat = catalog()
    sandbox = sandbox_rules(cat.rule_sets[rid], dict(starts), dict(weights))
    mine = tuple(s for s in cat.scenarios if s.rules == rid)
    report = impact_between(cat, cat, mine, new_rules={rid: sandbox})
    return [
        {
            "Scenario": r["title"],
            "Published": cat.rule_sets[rid].level(r["old"]["level"]).title,
            "Sandbox": sandbox.level(r["new"]["level"]).title,
            "Changed": "Changed" if r["changed_level"] else "",
            "Expected": cat.rule_sets[rid].level(r["expected"]["level"]).title,
            "Why": "; ".join(notes_text(r["why"])),
        }
        for r in report["scenarios"]
    ]


@st.fragment
def what_if(sid: str, rules: Any, base: dict[str, Any], original: Any, directory: Any, present: bool) -> None:
    """Change the scenario's answers and see the level, score and chart move. A fragment: a change reruns
    only this part, not the scenario above it or the sandbox tab."""
    st.subheader("What if…?")
    st.markdown("Change any answer and watch the level, the score and the chart move.")
    wi_key = f"whatif::{sid}"
    if wi_key not in st.session_state:
        st.session_state[wi_key] = dict(base)
    whatif_answers = st.session_state[wi_key]
    if present:
        answers_col, summary_col = st.columns([5, 6], gap="large")
    else:
        answers_col = summary_col = st.container()
    with summary_col:
        summary = st.container(key="whatif_summary")  # filled after the answers below: this run's changes
    with answers_col:
        if st.button("Reset the answers", key="whatif_reset"):
            for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"wi::{sid}::")]:
                del st.session_state[k]
            st.session_state[wi_key] = dict(base)
            st.rerun()
        # One section's questions at a time: drawing every question of a long form at once made "Jump
        # to the result" and each change wait for dozens of widgets (see bench/bench_app.py).
        titles = {s.id: s.title for s in rules.sections}
        part = st.radio(
            "Change the answers in",
            list(titles),
            format_func=radio_format(titles),
            key=f"wi_section::{sid}",
            horizontal=not present,
        )
        chosen = next(s for s in rules.sections if s.id == part)
        render_questions(rules, {q.id for q in chosen.questions}, whatif_answers, f"wi::{sid}::")

    whatif = assess(rules, whatif_answers, contacts=directory)
    changed = [
        qid for qid in sorted(set(base) | set(whatif_answers)) if base.get(qid) != whatif_answers.get(qid)
    ]
    with summary:
        # Side by side normally; one under the other on a projector, so long level names fit.
        before, after = (st.container(), st.container()) if present else st.columns(2)
        before.metric(f"Original · score {original.score}", label_md(original.level_info.title))
        after.metric(
            f"What if · score {whatif.score} ({whatif.score - original.score:+d})",
            label_md(whatif.level_info.title),
        )
        if changed:
            lines = []
            for qid in changed:
                q = rules.question_index[qid]
                old = answer_text(rules, qid, base[qid]) if qid in base else "not answered"
                new = (
                    answer_text(rules, qid, whatif_answers[qid]) if qid in whatif_answers else "not answered"
                )
                lines.append(f"- {md(q.text)}: **{md(old)} → {md(new)}**")
            st.warning("**Changed from the scenario**\n\n" + "\n".join(lines), icon=":material/edit:")
            if whatif.level != original.level:
                st.info(
                    f"The level moves from **{md(original.level_info.title)}** to **{md(whatif.level_info.title)}**."
                )
        else:
            st.markdown("No answers changed yet.")
        views.chart(whatif, compare=original, big=present, key="whatif_chart")


def step_scenario(delta: int) -> None:
    """Previous / next scenario (a callback: runs before the picker is drawn again)."""
    current = st.session_state.get("train_scenario", order[0])
    st.session_state["train_scenario"] = order[min(max(order.index(current) + delta, 0), len(order) - 1)]


with case_tab:
    sid = st.selectbox(
        "Scenario",
        order,
        format_func=select_format({i: s.title for i, s in scenarios.items()}),
        key="train_scenario",
    )
    position = order.index(sid)
    prev_col, where_col, next_col = st.columns([2, 3, 2], vertical_alignment="center")
    prev_col.button(
        "Previous scenario",
        key="scenario_prev",
        on_click=step_scenario,
        args=(-1,),
        disabled=position == 0,
        icon=":material/arrow_back:",
        width="stretch",
    )
    where_col.markdown(f"Scenario {position + 1} of {len(order)}")
    next_col.button(
        "Next scenario",
        key="scenario_next",
        on_click=step_scenario,
        args=(1,),
        disabled=position == len(order) - 1,
        icon=":material/arrow_forward:",
        width="stretch",
    )
    scenario = scenarios[sid]
    rules = cat.rules_for(scenario.rules, scenario.locality)  # with the locality's own settings, if any
    directory = (
        cat.directory(scenario.locality, scenario.rules) if scenario.locality in cat.localities else None
    )
    base = scenario_answers(scenario, rules)
    original = assess(rules, base, contacts=directory)

    st.subheader(md(scenario.title))
    st.markdown(md(scenario.story))
    local = (
        f" With the local settings of {md(cat.localities[scenario.locality].title)}."
        if (scenario.rules, scenario.locality) in cat.overlays
        else ""
    )
    st.markdown(f"Form: {md(rules.title)}.{local} Every child in these scenarios is fictional.")

    reveal_key = f"reveal::{sid}"
    reveal = st.session_state.get(reveal_key, 0)
    sections_with_answers = [s for s in rules.sections if any(q.id in scenario.answers for q in s.questions)]
    step_col, jump_col = st.columns(2)
    if step_col.button(
        "Show the next answers",
        key="reveal_next",
        disabled=reveal >= len(sections_with_answers),
        width="stretch",
    ):
        reveal += 1
    if jump_col.button(
        "Show every answer" if present else "Jump to the result",
        key="reveal_all",
        type="primary",
        width="stretch",
    ):
        reveal = len(sections_with_answers)
    st.session_state[reveal_key] = reveal
    for section in sections_with_answers[:reveal]:
        st.markdown(f"**{md(section.title)}**")
        st.markdown(
            "\n".join(
                f"- {md(q.text)} **{md(answer_text(rules, q.id, scenario.answers[q.id]))}**"
                for q in section.questions
                if q.id in scenario.answers
            )
        )
    if reveal and scenario.other_answers == "no":
        st.markdown("Every other question is answered 'No'.")

    all_shown = reveal >= len(sections_with_answers)
    outcome_key = f"outcome_shown::{sid}"
    if all_shown and present and not st.session_state.get(outcome_key):
        # In front of a room: let people decide what they would do before the tool and guidance say.
        st.info("What would you do? Discuss, then reveal the outcome.", icon=":material/groups:")
        if st.button("Reveal the outcome", key="reveal_outcome", type="primary"):
            st.session_state[outcome_key] = True
            st.rerun()
    elif all_shown:
        st.divider()
        views.outcome(original)
        st.markdown(f"**What guidance expects:** {md(scenario.expect.why)} ({md(scenario.expect.source)})")
        views.actions(original, today())
        views.why(original)

        what_if(sid, rules, base, original, directory, present)

with sandbox_tab:
    st.markdown(
        "Move the score bands and weights **for this session only** and compare every scenario's outcome "
        "under the published rules and under yours. Nothing is saved, and nobody else is affected."
    )
    rid = choose_questionnaire(cat.rule_sets, "sb_rules")
    published = cat.rule_sets[rid]
    banded = [lv for lv in published.levels if lv.band is not None]
    st.markdown("**Score bands** (lowest score in each band)")
    starts: dict[str, int] = {}
    for col, lv in zip(st.columns(len(banded) - 1), banded[1:], strict=True):
        assert lv.band is not None
        starts[lv.id] = int(
            col.number_input(
                label_md(lv.title),
                min_value=1,
                max_value=MAX_BAND,  # the bound every rules file keeps to
                value=lv.band.from_,
                step=1,
                key=f"sb_band::{rid}::{lv.id}",
            )
        )
    st.markdown("**Weights** (points for each answer)")
    table = pd.DataFrame(weight_rows(published))
    edited = st.data_editor(
        table,
        key=f"sb_weights::{rid}",
        hide_index=True,
        disabled=["question", "option", "Question", "Answer"],
        column_order=["Question", "Answer", "Points"],
        # Widths that fit the 704 px reading column at 1280 px, so the one column to edit is in view
        # without scrolling sideways (by its content, the question column alone would take 500 px).
        column_config={
            "Question": st.column_config.TextColumn(width="large"),  # 400 px; the whole text on hover
            "Answer": st.column_config.TextColumn(width="medium"),  # 200 px
            "Points": st.column_config.NumberColumn(width=80, step=1, help="Points for this answer: edit"),
        },
        width="stretch",
        height=260,
    )
    weights = {
        (row.question, row.option): int(row.Points) for row in edited.itertuples() if pd.notna(row.Points)
    }
    try:
        rows = sandbox_rows(rid, tuple(sorted(starts.items())), tuple(sorted(weights.items())))
    except RulesError as exc:
        st.error(
            "**These settings do not make a valid rule set**\n\n"
            + "\n".join(f"- {md(p.message)} — {md(p.fix)}" for p in exc.problems)
        )
    else:
        frame = pd.DataFrame(rows)
        n_changed = sum(1 for r in rows if r["Changed"])
        st.markdown(f"**{n_changed} of {len(rows)} scenarios change level** under your settings.")
        styled = frame.style.apply(
            lambda row: [
                "background-color: #fff2b3; font-weight: bold" if row["Changed"] else "" for _ in row
            ],
            axis=1,
        )
        st.dataframe(styled, hide_index=True, width="stretch")

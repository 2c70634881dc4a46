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
from decision_tool.wording.messages import say

cat = catalog()

st.title(say("ui.page.training"))
st.markdown(say("ui.training.intro"))
present = st.toggle(say("ui.training.present"), key="present")
views.tone_styles()
if present:
    # Larger type, large tables, and the what-if summary kept in view beside the answers being changed.
    st.markdown(f"<style>{static_text('presentation.css')}</style>", unsafe_allow_html=True)

case_tab, sandbox_tab = st.tabs([say("ui.training.tab.scenario"), say("ui.training.tab.sandbox")])

scenarios = {s.id: s for s in cat.scenarios}
order = list(scenarios)
CHANGED = say("ui.training.column.changed")  # the sandbox table's column that says a scenario moved
# The weight table's columns shown, by id (``weight_rows``): the question, the answer, its points.
WEIGHT_HEADS = {column: say(f"ui.training.weight.{column}") for column in ("text", "answer", "points")}


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
            say("ui.training.column.scenario"): r["title"],
            say("ui.training.column.published"): cat.rule_sets[rid].level(r["old"]["level"]).title,
            say("ui.training.column.sandbox"): sandbox.level(r["new"]["level"]).title,
            CHANGED: say("ui.training.changed") if r["changed_level"] else "",
            say("ui.training.column.expected"): cat.rule_sets[rid].level(r["expected"]["level"]).title,
            say("ui.training.column.why"): "; ".join(notes_text(r["why"])),
        }
        for r in report["scenarios"]
    ]


@st.fragment
def what_if(sid: str, rules: Any, base: dict[str, Any], original: Any, directory: Any, present: bool) -> None:
    """Change the scenario's answers and see the level, score and chart move. A fragment: a change reruns
    only this part, not the scenario above it or the sandbox tab."""
    st.subheader(say("ui.training.what_if"))
    st.markdown(say("ui.training.what_if_intro"))
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
        if st.button(say("ui.training.reset"), key="whatif_reset"):
            for k in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"wi::{sid}::")]:
                del st.session_state[k]
            st.session_state[wi_key] = dict(base)
            st.rerun()
        # One section's questions at a time: drawing every question of a long form at once made "Jump
        # to the result" and each change wait for dozens of widgets (see bench/bench_app.py).
        titles = {s.id: s.title for s in rules.sections}
        part = st.radio(
            say("ui.training.change_in"),
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
        before.metric(
            say("ui.training.original_score", score=original.score), label_md(original.level_info.title)
        )
        after.metric(
            say("ui.training.what_if_score", score=whatif.score, change=whatif.score - original.score),
            label_md(whatif.level_info.title),
        )
        if changed:
            lines = []
            for qid in changed:
                q = rules.question_index[qid]
                unanswered = say("ui.training.not_answered")
                old = answer_text(rules, qid, base[qid]) if qid in base else unanswered
                new = answer_text(rules, qid, whatif_answers[qid]) if qid in whatif_answers else unanswered
                lines.append(f"- {md(q.text)}: **{md(old)} → {md(new)}**")
            st.warning(say("ui.training.changed_from") + "\n".join(lines), icon=":material/edit:")
            if whatif.level != original.level:
                st.info(
                    say(
                        "ui.training.level_moves",
                        was=md(original.level_info.title),
                        now=md(whatif.level_info.title),
                    )
                )
        else:
            st.markdown(say("ui.training.no_changes"))
        views.chart(whatif, compare=original, big=present, key="whatif_chart")


def step_scenario(delta: int) -> None:
    """Previous / next scenario (a callback: runs before the picker is drawn again)."""
    current = st.session_state.get("train_scenario", order[0])
    st.session_state["train_scenario"] = order[min(max(order.index(current) + delta, 0), len(order) - 1)]


with case_tab:
    sid = st.selectbox(
        say("ui.training.scenario"),
        order,
        format_func=select_format({i: s.title for i, s in scenarios.items()}),
        key="train_scenario",
    )
    position = order.index(sid)
    prev_col, where_col, next_col = st.columns([2, 3, 2], vertical_alignment="center")
    prev_col.button(
        say("ui.training.previous"),
        key="scenario_prev",
        on_click=step_scenario,
        args=(-1,),
        disabled=position == 0,
        icon=":material/arrow_back:",
        width="stretch",
    )
    where_col.markdown(say("ui.training.position", n=position + 1, total=len(order)))
    next_col.button(
        say("ui.training.next"),
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
        say("ui.training.local_settings", locality=md(cat.localities[scenario.locality].title))
        if (scenario.rules, scenario.locality) in cat.overlays
        else ""
    )
    st.markdown(say("ui.training.form", form=md(rules.title), local=local))

    reveal_key = f"reveal::{sid}"
    reveal = st.session_state.get(reveal_key, 0)
    sections_with_answers = [s for s in rules.sections if any(q.id in scenario.answers for q in s.questions)]
    step_col, jump_col = st.columns(2)
    if step_col.button(
        say("ui.training.show_next"),
        key="reveal_next",
        disabled=reveal >= len(sections_with_answers),
        width="stretch",
    ):
        reveal += 1
    if jump_col.button(
        say("ui.training.show_every" if present else "ui.training.jump"),
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
        st.markdown(say("ui.training.others_no"))

    all_shown = reveal >= len(sections_with_answers)
    outcome_key = f"outcome_shown::{sid}"
    if all_shown and present and not st.session_state.get(outcome_key):
        # In front of a room: let people decide what they would do before the tool and guidance say.
        st.info(say("ui.training.discuss"), icon=":material/groups:")
        if st.button(say("ui.training.reveal"), key="reveal_outcome", type="primary"):
            st.session_state[outcome_key] = True
            st.rerun()
    elif all_shown:
        st.divider()
        views.outcome(original)
        st.markdown(
            say(
                "ui.training.guidance_expects", why=md(scenario.expect.why), source=md(scenario.expect.source)
            )
        )
        views.actions(original, today())
        views.why(original)

        what_if(sid, rules, base, original, directory, present)

with sandbox_tab:
    st.markdown(say("ui.training.sandbox_intro"))
    rid = choose_questionnaire(cat.rule_sets, "sb_rules")
    published = cat.rule_sets[rid]
    banded = [lv for lv in published.levels if lv.band is not None]
    st.markdown(say("ui.training.bands"))
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
    st.markdown(say("ui.training.weights"))
    table = pd.DataFrame(weight_rows(published)).rename(columns=WEIGHT_HEADS)
    text, answer, points = WEIGHT_HEADS.values()
    edited = st.data_editor(
        table,
        key=f"sb_weights::{rid}",
        hide_index=True,
        disabled=["question", "option", text, answer],
        column_order=[text, answer, points],
        # Widths that fit the 704 px reading column at 1280 px, so the one column to edit is in view
        # without scrolling sideways (by its content, the question column alone would take 500 px).
        column_config={
            text: st.column_config.TextColumn(width="large"),  # 400 px; the whole text on hover
            answer: st.column_config.TextColumn(width="medium"),  # 200 px
            points: st.column_config.NumberColumn(width=80, step=1, help=say("ui.training.points_help")),
        },
        width="stretch",
        height=260,
    )
    weights = {
        (question, option): int(value)
        for question, option, value in zip(edited["question"], edited["option"], edited[points], strict=True)
        if pd.notna(value)
    }
    try:
        rows = sandbox_rows(rid, tuple(sorted(starts.items())), tuple(sorted(weights.items())))
    except RulesError as exc:
        st.error(
            say("ui.training.not_valid") + "\n".join(f"- {md(p.message)} — {md(p.fix)}" for p in exc.problems)
        )
    else:
        frame = pd.DataFrame(rows)
        n_changed = sum(1 for r in rows if r[CHANGED])
        st.markdown(say("ui.training.n_changed", n=n_changed, total=len(rows)))
        styled = frame.style.apply(
            lambda row: ["background-color: #fff2b3; font-weight: bold" if row[CHANGED] else "" for _ in row],
            axis=1,
        )
        st.dataframe(styled, hide_index=True, width="stretch")

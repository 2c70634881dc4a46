"""Questions: one section per step, with Back and Continue. Answers live in the draft, not the widgets."""

import streamlit as st

from decision_tool.engine import emergency_flags
from decision_tool.ui import history_views
from decision_tool.ui.state import catalog, require_draft, widget_key
from decision_tool.ui.widgets import always_999, emergency_banner, error_summary, md, render_questions

always_999()

draft = require_draft()

rules = catalog().rule_sets[draft.form_id]
sections = rules.sections
draft.step = min(max(draft.step, 0), len(sections) - 1)
section = sections[draft.step]

st.caption(f"{md(rules.title)} · Step {draft.step + 1} of {len(sections)}")
st.header(md(section.title))
history_views.prefill_banner()


@st.fragment
def step() -> None:
    """The step's questions and buttons. A fragment: answering reruns only this, not the whole app."""
    assert draft is not None
    top = st.container()  # filled after the widgets: the 999 banner and the error summary go first
    if section.intro:
        st.markdown(md(section.intro))
    visible = render_questions(
        rules,
        {q.id for q in section.questions},
        draft.answers,
        widget_key(draft.form_id, ""),
        linked=frozenset(qid for qid, _ in draft.errors),
    )
    visible_ids = {q.id for q in visible}
    errors = [(qid, msg) for qid, msg in draft.errors if qid in visible_ids and qid not in draft.answers]
    with top:
        flags = emergency_flags(rules, draft.answers)
        if flags:
            emergency_banner(flags)
            if st.button("See what to do now", type="primary", key="emergency_result"):
                st.switch_page("pages/result.py")
        if errors:
            error_summary(errors)

    back, forward = st.columns(2)
    if back.button("Back", key="back", width="stretch"):
        draft.errors = []
        if draft.step == 0:
            st.switch_page("pages/start.py")
        draft.step -= 1
        st.rerun(scope="app")
    if forward.button("Continue", type="primary", key="continue", width="stretch"):
        missing = [q for q in visible if q.required and q.kind != "text" and q.id not in draft.answers]
        draft.errors = [(q.id, f"Answer: {q.text}") for q in missing]
        if not missing:
            if draft.step + 1 < len(sections):
                draft.step += 1
                st.rerun(scope="app")
            st.switch_page("pages/check.py")
        st.rerun(scope="app")


step()

"""Check your answers: every answer by section, each section with a Change link back to its step."""

import streamlit as st

from decision_tool.engine import visible_answers
from decision_tool.record import answer_text
from decision_tool.ui.state import catalog, require_draft
from decision_tool.ui.widgets import always_999, md

always_999()

draft = require_draft()

rules = catalog().rule_sets[draft.form_id]
st.title("Check your answers")
if draft.notice:
    st.warning(md(draft.notice))
kept, shown, _ = visible_answers(rules, draft.answers)
shown_ids = set(shown)
missing = []
for index, section in enumerate(rules.sections):
    head, change = st.columns([4, 1], vertical_alignment="bottom")
    head.subheader(md(section.title))
    if change.button(
        "Change", key=f"change_{section.id}", help=f"Change your answers to: {md(section.title)}"
    ):
        draft.step = index
        draft.notice = ""
        st.switch_page("pages/questions.py")
    lines = []
    for q in section.questions:
        if q.id not in shown_ids:
            continue
        if q.id in kept:
            answer = answer_text(rules, q.id, kept[q.id])
        elif q.required and q.kind != "text":
            answer = "**Not answered**"
            missing.append((index, q))
        else:
            answer = "Not answered"
        lines.append(f"- {md(q.text)}  \n  {answer if answer.startswith('**') else md(answer)}")
    st.markdown("\n".join(lines) if lines else "No questions apply.")

if missing:
    st.error(
        "**There is a problem**\n\n" + "\n".join(f"- Answer: {md(q.text)} (step {i + 1})" for i, q in missing)
    )
elif st.button("Get the result", type="primary", key="get_result"):
    draft.notice = ""
    st.switch_page("pages/result.py")

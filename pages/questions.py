"""Questions: one section per step, with Back and Continue. Answers live in the draft, not the widgets.

Each step has its own address (``?draft=...&step=N``), so the browser's Back goes one step back and a
reload shows the same step. ``&from=check``: the step was opened by a Change link on Check your answers,
so Continue (and Back) go back there (GOV.UK pattern).
"""

import contextlib

import streamlit as st

from decision_tool.screening.engine import emergency_flags
from decision_tool.text import no_controls
from decision_tool.ui import history_views, registry
from decision_tool.ui.furniture import marker_html, page_title, service_name
from decision_tool.ui.markup import Markup
from decision_tool.ui.state import catalog, draft_params, keep_in_register, require_draft, widget_key
from decision_tool.ui.widgets import (
    emergency_banner,
    error_summary,
    md,
    question_problem,
    render_questions,
)
from decision_tool.wording.messages import say

draft = require_draft()
draft.page = "pages/questions.py"

rules = catalog().rule_sets[draft.form_id]
sections = rules.sections
with contextlib.suppress(ValueError):  # a hand-edited address keeps the last step shown
    draft.step = min(max(int(st.query_params.get("step", draft.step + 1)) - 1, 0), len(sections) - 1)
section = sections[draft.step]
from_check = st.query_params.get("from") == "check"
step_ids = {q.id for q in section.questions}
page_title(
    say("ui.questions.tab_title", section=section.title, step=draft.step + 1, steps=len(sections)),
    error=any(qid in step_ids for qid, _ in draft.errors),
)
service_name(rules.display_title)

# One element: the screen's marker (the page script scrolls to the top when it changes), the step and
# the section's title (GOV.UK caption and heading).
st.html(
    marker_html(f"step-{draft.id}-{draft.step}")
    + Markup('<p class="dt-caption">{}</p><h1 class="dt-page-heading">{}</h1>').format(
        say("ui.questions.step", step=draft.step + 1, steps=len(sections)), no_controls(section.title)
    )
)
history_views.prefill_banner()


@st.fragment
def step() -> None:
    """The step's questions and buttons. A fragment: answering reruns only this, not the whole app."""
    assert draft is not None
    top = st.container()  # filled after the widgets: the 999 banner and the error summary go first
    if section.intro:
        st.markdown(md(section.intro))
    errors = dict(draft.errors)
    drawn = render_questions(
        rules, step_ids, draft.answers, widget_key(draft.form_id, ""), errors, typed=draft.typed
    )
    # An error stays until its question has a good answer (or the next Continue).
    shown = [(q.id, errors[q.id]) for q, raw in drawn if q.id in errors and question_problem(q, raw)]
    with top:
        flags = emergency_flags(rules, draft.answers)
        if flags:
            emergency_banner(flags)
            if st.button(say("ui.questions.see_what_to_do"), type="primary", key="emergency_result"):
                st.switch_page("pages/result.py", query_params=draft_params(draft))
        if shown:
            error_summary(shown, draft.error_nonce)

    # Keys name the step: a click that reaches the server after the page moved on (a double or triple
    # click on Continue) belongs to a button no longer drawn, so it is ignored.
    back, forward = st.columns(2)
    if back.button(say("ui.back"), key=f"back_{draft.step}", width="stretch"):
        draft.errors = []
        if from_check:
            st.switch_page("pages/check.py", query_params=draft_params(draft))
        if draft.step == 0:
            st.switch_page(registry.start_page(rules.discreet))
        st.switch_page("pages/questions.py", query_params=draft_params(draft, step=str(draft.step)))
    if forward.button(
        say("ui.questions.continue"), type="primary", key=f"continue_{draft.step}", width="stretch"
    ):
        problems = [(q.id, msg) for q, raw in drawn if (msg := question_problem(q, raw))]
        draft.errors = problems
        if problems:
            draft.error_nonce += 1
            st.rerun(scope="app")
        if from_check or draft.step + 1 >= len(sections):
            st.switch_page("pages/check.py", query_params=draft_params(draft))
        st.switch_page("pages/questions.py", query_params=draft_params(draft, step=str(draft.step + 2)))
    # Register on: an answer reruns only this fragment, not the entry script that keeps the draft in the
    # register after each run; kept here too, so a reload on another app server finds every answer.
    keep_in_register()


step()

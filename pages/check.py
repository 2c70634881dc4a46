"""Check your answers (GOV.UK summary list): each answer in bold beside its question, a Change link named
for the question that comes back here after Continue, and signs that are present marked so they stand out.
"""

import time
from urllib.parse import urlencode

import streamlit as st

from decision_tool.records.record import answer_text
from decision_tool.screening.engine import sign_present, visible_answers
from decision_tool.ui.furniture import back_link, page_marker, page_title, service_name
from decision_tool.ui.markup import Markup, component
from decision_tool.ui.state import Draft, catalog, draft_params, require_draft
from decision_tool.ui.widgets import error_summary, md, summary_list, summary_row
from decision_tool.wording.messages import say


def step_address(draft: Draft, index: int, **extra: str) -> str:
    """A step's address, relative to this page (so it works under any base path)."""
    return "screening?" + urlencode(draft_params(draft, step=str(index + 1), **extra))


draft = require_draft()
draft.page = "pages/check.py"
rules = catalog().rule_sets[draft.form_id]
kept, shown, _ = visible_answers(rules, draft.answers)
shown_ids = set(shown)
missing = [
    (index, q)
    for index, section in enumerate(rules.sections)
    for q in section.questions
    if q.id in shown_ids and q.id not in kept and q.required and q.kind != "text"
]
page_title(say("ui.check.title"), error=bool(missing))
service_name(rules.display_title)
page_marker(f"check-{draft.id}")

back_link(step_address(draft, len(rules.sections) - 1))
if missing:
    error_summary(
        [(q.id, say("ui.check.answer_this", question=q.text)) for _, q in missing],
        time.monotonic_ns(),
        hrefs={q.id: step_address(draft, i, **{"from": "check"}) for i, q in missing},
    )
st.title(say("ui.check.title"))
if draft.notice:
    st.warning(md(draft.notice))

missing_ids = {q.id for _, q in missing}
for index, section in enumerate(rules.sections):
    rows = []
    for q in section.questions:
        if q.id not in shown_ids:
            continue
        if q.id in kept:
            text = answer_text(rules, q.id, kept[q.id])
            value = component("tag" if sign_present(q, kept[q.id]) else "strong", {"text": text})
        elif q.id in missing_ids:
            value = component("strong", {"text": say("ui.check.not_answered"), "classes": "dt-field-error"})
        else:
            value = say("ui.check.not_answered")
        change = {
            "href": step_address(draft, index, **{"from": "check"}),
            "text": say("ui.check.change"),
            "visually_hidden_text": say("ui.check.change_hidden", question=q.text),
        }
        rows.append(summary_row(q.text, value, [change]))
    body = summary_list(rows) if rows else Markup("<p>{}</p>").format(say("ui.check.none_apply"))
    st.html(component("section", {"title": section.title, "body": body}))

if not missing and st.button(say("ui.check.get_result"), type="primary", key="get_result"):
    draft.notice = ""
    st.switch_page("pages/result.py", query_params=draft_params(draft))

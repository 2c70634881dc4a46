"""Result: the outcome, what to do next, why, the chart, the judgement override and the record.

Composed of small views (decision_tool/ui/views.py), so parts can be added or moved independently.
"""

import datetime as dt

import streamlit as st

from decision_tool.records.record import make_record
from decision_tool.screening.engine import assess
from decision_tool.ui import history_views, register_views, registry, views
from decision_tool.ui.furniture import page_marker, page_title, service_name
from decision_tool.ui.state import catalog, draft_params, require_draft, today
from decision_tool.ui.widgets import error_summary
from decision_tool.wording.messages import say

draft = require_draft()
draft.page = "pages/result.py"

cat = catalog()
rules = cat.rules_for(draft.form_id, draft.locality_id)
override_error = st.session_state.get(views.OVERRIDE_ERROR)
page_title(say("ui.result.title"), error=bool(override_error))
service_name(rules.display_title)
page_marker(f"result-{draft.id}")
if override_error:
    error_summary([("override_reason", override_error[0])], override_error[1])
directory = cat.directory(draft.locality_id, draft.form_id)
result = assess(rules, draft.answers, contacts=directory, override=draft.override)
now = today()

views.tone_styles()
views.outcome(result, level=1)  # the outcome is the page's main heading
views.review_date(result, now)
views.actions(result, now)
views.other_forms(result)
views.separate_answers(rules, result)
views.why(result)
views.chart(result, key="result_chart")
views.judgement(rules, result, draft)
history_views.result_section(result, dt.datetime.now().replace(microsecond=0))
draft.details = views.record_details(
    draft.details, now, exploitation=not rules.discreet, register=register_views.can_save()
)
record = make_record(
    result,
    dt.datetime.now().replace(microsecond=0),
    details=draft.details,
    locality_title=directory.locality_title,
)
views.downloads(record, rules)
register_views.save_section(record)  # only with the register on and a practitioner signed in
history_views.other_form_offer(result)  # signs of the other form of exploitation: screen with it too

st.divider()
back, new = st.columns(2)
if back.button(say("ui.result.back_to_answers"), key="to_check", width="stretch"):
    st.switch_page("pages/check.py", query_params=draft_params(draft))
if new.button(say("ui.start.new"), key="new", width="stretch"):
    st.switch_page(registry.start_page(rules.discreet))  # it asks before clearing these answers

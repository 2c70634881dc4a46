"""Result: the outcome, what to do next, why, the chart, the judgement override and the record."""

import datetime as dt

import streamlit as st

from decision_tool.engine import assess, check_override
from decision_tool.errors import AnswersError
from decision_tool.record import make_record, record_json, record_markdown, record_pdf
from decision_tool.result import Override
from decision_tool.ui import history_views, register_views, views
from decision_tool.ui.state import catalog, require_draft, today
from decision_tool.ui.widgets import always_999, emergency_banner, md, select_format

always_999()

draft = require_draft()

cat = catalog()
rules = cat.rule_sets[draft.form_id]
directory = cat.directories[draft.locality_id]
result = assess(rules, draft.answers, contacts=directory, override=draft.override)
now = today()

st.title("Result")
if result.tool_level_info.emergency:
    emergency_banner([f for f in result.red_flags if f.emergency])
views.outcome(result)
if result.review_days:
    st.markdown(f"**Suggested review date:** {now + dt.timedelta(days=result.review_days):%d %B %Y}.")
views.actions(result.actions, now)

separate = views.recorded_separately(rules, result)
if separate:
    with st.container(border=True):
        st.markdown("**Recorded separately from the safeguarding outcome**")
        st.markdown("\n".join(f"- {md(question)} **{md(answer)}**" for question, answer in separate))

views.why(result)
views.chart(result, key="result_chart")

st.subheader("Your judgement")
st.markdown(
    "If your professional judgement differs, choose another outcome and say why. "
    "The record keeps both the tool's result and your change."
)
levels = {lv.id: lv.title for lv in rules.levels}
with st.form("override"):
    level = st.selectbox(
        "Outcome",
        list(levels),
        index=list(levels).index(result.level),
        format_func=select_format(levels),
        key="override_level",
    )
    reason = st.text_area(
        "Your reason (required to change the outcome)", key="override_reason", max_chars=2000
    )
    submitted = st.form_submit_button("Record my judgement")
if submitted:
    if level == result.tool_level and not reason.strip():
        draft.override = None
        st.rerun()
    try:
        check_override(rules, Override(level=level, reason=reason))
    except AnswersError as exc:
        st.error(
            f"**There is a problem**\n\n- {md(exc.problems[0].fix.capitalize())}: {md(exc.problems[0].message)}"
        )
    else:
        draft.override = Override(level=level, reason=reason.strip())
        st.rerun()
if draft.override and st.button("Remove my change", key="clear_override"):
    draft.override = None
    st.rerun()

history_views.result_section(result, dt.datetime.now().replace(microsecond=0))

st.subheader("Keep a record")
st.markdown("Download a record for your safeguarding system. Nothing is kept here after you close the page.")
record = make_record(result, dt.datetime.now().replace(microsecond=0))
stem = f"cse-screening-{record.created:%Y%m%d-%H%M}"
formats = [
    ("PDF", "pdf", "application/pdf", lambda: record_pdf(record, rules)),
    ("Markdown", "md", "text/markdown", lambda: record_markdown(record, rules)),
    ("JSON (to resume later)", "json", "application/json", lambda: record_json(record)),
]
for col, (label, ext, mime, render) in zip(st.columns(3), formats, strict=True):
    # Rendered only when clicked (deferred data), not on every rerun of the page.
    col.download_button(
        label,
        data=render,
        file_name=f"{stem}.{ext}",
        mime=mime,
        on_click="ignore",
        key=f"dl_{ext}",
        width="stretch",
    )
register_views.save_section(record)  # only with the register on and a practitioner signed in

st.divider()
back, new = st.columns(2)
if back.button("Back to your answers", key="to_check", width="stretch"):
    st.switch_page("pages/check.py")
if new.button("Start a new screening", key="new", width="stretch"):
    st.session_state.pop("draft", None)
    st.switch_page("pages/start.py")

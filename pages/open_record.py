"""Open a record downloaded from this tool: carry on with it, review its result, or score it again."""

import streamlit as st

from decision_tool.errors import RecordError, RulesChangedError
from decision_tool.records.record import answers_that_still_fit, read_record
from decision_tool.ui.furniture import back_link, page_marker, page_title
from decision_tool.ui.state import catalog, get_draft, open_draft, start_draft
from decision_tool.ui.widgets import md
from decision_tool.wording.dates import long_date
from decision_tool.wording.messages import say

page_title(say("ui.open.title"))
page_marker("open-record")
back_link("./", say("ui.back_to_start"))
cat = catalog()
st.title(say("ui.open.heading"), anchor=False)
st.markdown(say("ui.open.intro"))
draft = get_draft()
# A record whose locality is no longer in the rules shows the contacts of the screening in progress.
fallback = draft.locality_id if draft else next(iter(cat.localities))
upload = st.file_uploader(say("ui.open.upload"), type=["json"], key="upload")
if upload is not None:
    try:
        record = read_record(upload.getvalue(), cat.rule_sets, cat.rules_for)
    except RulesChangedError as exc:
        st.warning(md(str(exc.problems[0].message)))
        if st.button(say("ui.open.rescore"), key="rescore"):
            old = exc.record.assessment  # type: ignore[attr-defined]
            rules = cat.rule_sets[old.rules_version.id]
            kept, lost = answers_that_still_fit(rules, old.answers)
            locality = old.locality if old.locality in cat.localities else fallback
            draft = start_draft(old.rules_version.id, locality, kept)
            if lost:
                asked = [rules.question_index[q].text for q in lost if q in rules.question_index]
                draft.notice = (
                    say("ui.open.left_out", n=len(lost))
                    + (say("ui.open.answer_again", questions="; ".join(asked)) if asked else "")
                ).strip()
            open_draft(draft, "pages/check.py")
    except RecordError as exc:
        st.error(say("ui.open.refused", title=exc.title, message=md(exc.problems[0].message)))
    else:
        a = record.assessment
        st.success(
            say(
                "ui.open.loaded",
                form=md(cat.rule_sets[a.rules_version.id].display_title),
                date=long_date(record.created),
                level=md(a.level_info.title),
            )
        )
        if st.button(say("ui.open.open"), type="primary", key="open_record"):
            locality = a.locality if a.locality in cat.localities else fallback
            opened = start_draft(a.rules_version.id, locality, dict(a.answers), a.override)
            opened.details = record.details
            open_draft(opened, "pages/result.py")

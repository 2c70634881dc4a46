"""Start: choose the form and the locality, or resume from a downloaded record."""

import streamlit as st

from decision_tool.errors import RecordError, RulesChangedError
from decision_tool.record import answers_that_still_fit, read_record
from decision_tool.ui import history_views, register_state
from decision_tool.ui.drafts import IDLE_MINUTES
from decision_tool.ui.furniture import page_marker, page_title, service_name
from decision_tool.ui.state import Draft, catalog, draft_params, get_draft, start_draft
from decision_tool.ui.widgets import always_999, label_md, md, radio_format

CONFIRM = "confirm_new_screening"
UPLOAD_TOGGLE = "Open a record you downloaded, to carry on or review it"


def open_draft(draft: Draft, page: str = "pages/questions.py") -> None:
    params = draft_params(draft, step=str(draft.step + 1)) if page.endswith("questions.py") else {}
    st.switch_page(page, query_params=params or draft_params(draft))


page_title("Start")
service_name()
always_999()
page_marker("start")

cat = catalog()
st.title("Screening a safeguarding concern")
st.markdown(
    "This is a **screening aid** for concerns about child sexual exploitation (CSE): it helps you organise "
    "what you know, see which signs are present, and choose the next step in your local procedure. It "
    "supports your professional judgement; it is not a prediction, and you can change its result with a "
    "reason.\n\n"
    "- **Do not enter names.** The tool never asks for them.\n"
    + (
        "- **Nothing is saved unless you save it.** Your answers stay in this tool's memory until you save "
        "the screening to your partnership's register or download a record at the end; unsaved answers are "
        f"cleared after {IDLE_MINUTES} minutes without use."
        if register_state.settings() is not None
        else f"- **Nothing is saved to disk.** Your answers stay in this tool's memory so that reloading the "
        f"page loses nothing, and are cleared after {IDLE_MINUTES} minutes without use. To keep them, "
        "download a record at the end."
    )
)

forms = cat.rule_sets
form_id = st.radio(
    "Which form do you need?",
    list(forms),
    format_func=radio_format({rid: r.title for rid, r in forms.items()}),
    key="start_form",
    captions=[label_md(r.description.split(". ")[0] + ".") for r in forms.values()],
)
localities = {lid: loc.title for lid, loc in cat.localities.items()}
locality_id = st.radio(
    "Whose local contacts should the result show?",
    list(localities),
    format_func=radio_format(localities),
    key="start_locality",
)

draft = get_draft()
unsaved = draft is not None and bool(draft.answers or draft.override)
if unsaved and draft is not None:
    st.info(f"You have a screening in progress: {md(cat.rule_sets[draft.form_id].display_title)}.")
    if st.button("Continue where you left off", key="continue"):
        st.session_state.pop(CONFIRM, None)
        open_draft(draft)
if st.session_state.get(CONFIRM) and unsaved:
    with st.container(border=True):
        st.warning(
            "**Starting a new screening clears the answers to the one in progress.** They cannot be brought "
            "back. If you need them, continue it and download a record from its result page first.",
            icon=":material/warning:",
        )
        clear, keep = st.columns(2)
        if clear.button("Clear them and start a new screening", type="primary", key="confirm_new"):
            st.session_state.pop(CONFIRM, None)
            open_draft(start_draft(form_id, locality_id))
        if keep.button("Keep the screening in progress", key="keep_draft"):
            st.session_state.pop(CONFIRM, None)
            st.rerun()
elif st.button("Start a new screening", type="primary", key="start"):
    if unsaved:
        st.session_state[CONFIRM] = True
        st.rerun()
    open_draft(start_draft(form_id, locality_id))

st.divider()
st.subheader("Resume or review a record")
# Drawn only when asked for, like the earlier records below: the Start page then draws quicker.
upload = (
    st.file_uploader("Upload a record (.json) you downloaded from this tool", type=["json"], key="upload")
    if st.toggle(UPLOAD_TOGGLE, key="upload_open")
    else None
)
if upload is not None:
    try:
        record = read_record(upload.getvalue(), cat.rule_sets)
    except RulesChangedError as exc:
        st.warning(md(str(exc.problems[0].message)))
        if st.button("Score these answers again with the current rules", key="rescore"):
            old = exc.record.assessment  # type: ignore[attr-defined]
            rules = cat.rule_sets[old.rules_version.id]
            kept, lost = answers_that_still_fit(rules, old.answers)
            locality = old.locality if old.locality in cat.localities else locality_id
            draft = start_draft(old.rules_version.id, locality, kept)
            if lost:
                asked = [rules.question_index[q].text for q in lost if q in rules.question_index]
                draft.notice = (
                    f"{len(lost)} of the record's answers no longer fit the current rules, so they were "
                    "left out. " + ("Please answer again: " + "; ".join(asked) + "." if asked else "")
                ).strip()
            open_draft(draft, "pages/check.py")
    except RecordError as exc:
        st.error(
            f"**{exc.title}.** {md(exc.problems[0].message)} Your current answers have not been changed."
        )
    else:
        a = record.assessment
        st.success(
            f"Record loaded: {md(cat.rule_sets[a.rules_version.id].display_title)}, made "
            f"{record.created:%d %B %Y}, outcome **{md(a.level_info.title)}**."
        )
        if st.button("Open this record", type="primary", key="open_record"):
            locality = a.locality if a.locality in cat.localities else locality_id
            opened = start_draft(a.rules_version.id, locality, dict(a.answers), a.override)
            opened.details = record.details
            open_draft(opened, "pages/result.py")

st.divider()
history_views.start_section()

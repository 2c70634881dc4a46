"""Start: choose the form and the locality, or resume from a downloaded record."""

import streamlit as st

from decision_tool.errors import RecordError, RulesChangedError
from decision_tool.record import answers_that_still_fit, read_record
from decision_tool.ui import history_views
from decision_tool.ui.state import catalog, get_draft, start_draft
from decision_tool.ui.widgets import always_999, label_md, md, radio_format

always_999()

cat = catalog()
st.title("Screening a concern about child sexual exploitation")
st.markdown(
    "This is a **screening aid**: it helps you organise what you know, see which signs are present, and "
    "choose the next step in your local procedure. It supports your professional judgement; it is not a "
    "prediction, and you can change its result with a reason.\n\n"
    "- **Do not enter names.** The tool never asks for them.\n"
    "- **Nothing is stored** unless you download a record at the end. Closing the page clears your answers."
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
if draft is not None and draft.answers:
    st.info(f"You have a screening in progress ({md(cat.rule_sets[draft.form_id].title)}).")
    if st.button("Continue where you left off", key="continue"):
        st.switch_page("pages/questions.py")
if st.button("Start a new screening", type="primary", key="start"):
    start_draft(form_id, locality_id)
    st.switch_page("pages/questions.py")

st.divider()
st.subheader("Resume or review a record")
upload = st.file_uploader(
    "Upload a record (.json) you downloaded from this tool", type=["json"], key="upload"
)
if upload is not None:
    try:
        record = read_record(upload.getvalue(), cat.rule_sets)
    except RulesChangedError as exc:
        st.warning(md(str(exc.problems[0].message)))
        if st.button("Re-score these answers with the current rules", key="rescore"):
            old = exc.record.assessment  # type: ignore[attr-defined]
            kept, lost = answers_that_still_fit(cat.rule_sets[old.rules_version.id], old.answers)
            draft = start_draft(old.rules_version.id, old.locality or locality_id, kept)
            if lost:
                draft.notice = (
                    "These answers no longer fit the current rules and need answering again: "
                    + ", ".join(lost)
                )
            st.switch_page("pages/check.py")
    except RecordError as exc:
        st.error(
            f"**{exc.title}.** {md(exc.problems[0].message)} Your current answers have not been changed."
        )
    else:
        a = record.assessment
        st.success(
            f"Record loaded: {md(a.rules_version.title)}, made {record.created:%d %B %Y}, outcome "
            f"**{md(a.level_info.title)}**."
        )
        if st.button("Open this record", type="primary", key="open_record"):
            locality = a.locality if a.locality in cat.localities else locality_id
            start_draft(a.rules_version.id, locality, dict(a.answers), a.override)
            st.switch_page("pages/result.py")

st.divider()
history_views.start_section()

"""Start: choose the form and the locality; links to open a downloaded record, or to screen again."""

import streamlit as st

from decision_tool.ui import registry
from decision_tool.ui.furniture import other_ways, page_heading, page_title
from decision_tool.ui.start_views import (
    CONFIRM,
    expired_notice,
    keeping_note,
    new_screening_button,
    unsaved,
)
from decision_tool.ui.state import DRAFT_PARAM, Draft, catalog, get_draft, open_draft
from decision_tool.ui.widgets import default_form_index, label_md, md, radio_format


def where(draft: Draft) -> str:
    """The page the screening was last on, in words."""
    if draft.page.endswith("check.py"):
        return "Check your answers"
    if draft.page.endswith("result.py"):
        return "the result"
    sections = cat.rule_sets[draft.form_id].sections
    step = min(draft.step, len(sections) - 1)
    return f"step {step + 1} of {len(sections)}: {sections[step].title}"


if registry.pharmacy_default():
    # A pharmacy tablet (the operator's setting): the tool's first page is the consultation page.
    st.switch_page(registry.PHARMACY_FILE, query_params=st.query_params.to_dict())
page_title("Start")

cat = catalog()
draft = get_draft()
# The screening's id stays in this page's address too, so a reload of Start still finds it.
if draft is not None and st.query_params.get(DRAFT_PARAM) != draft.id:
    st.query_params[DRAFT_PARAM] = draft.id

page_heading("Screening a safeguarding concern", "start")
if draft is not None:
    with st.container(border=True):
        st.markdown(
            f"**You have a screening in progress:** {md(cat.rule_sets[draft.form_id].display_title)}. "
            f"You were on {md(where(draft))}." + (" Its answers are still here." if unsaved(draft) else "")
        )
        if st.button("Continue the screening", type="primary", key="continue"):
            st.session_state.pop(CONFIRM, None)
            open_draft(draft, draft.page)
expired_notice(draft)
st.markdown(
    "This is a **screening aid** for concerns about child sexual or criminal exploitation: it helps you organise "
    "what you know, see which signs are present, and choose the next step in your local procedure. It "
    "supports your professional judgement; it is not a prediction, and you can change its result with a "
    "reason.\n\n"
    "- **Do not enter names.** The tool never asks for them.\n" + keeping_note()
)

if draft is not None:
    st.subheader("Or start a new screening")
forms = cat.rule_sets
form_id = st.radio(
    "Which form do you need?",
    list(forms),
    index=default_form_index(list(forms)),
    format_func=radio_format({rid: r.title for rid, r in forms.items()}),
    key="start_form",
    captions=[label_md(r.description.split(". ")[0] + ".") for r in forms.values()],
)
localities = {lid: loc.title for lid, loc in cat.localities.items()}
locality_id = st.radio(
    "Whose local contacts and settings should the result use?",
    list(localities),
    format_func=radio_format(localities),
    key="start_locality",
)

new_screening_button(form_id, locality_id, draft)

# Other ways in, each on its own page: the Start page keeps to starting a screening, and draws quicker.
other_ways()

"""Start: choose the form and the locality; links to open a downloaded record, or to screen again."""

import streamlit as st

from decision_tool.ui import register_state
from decision_tool.ui.drafts import IDLE_MINUTES
from decision_tool.ui.furniture import other_ways, page_heading, page_title
from decision_tool.ui.state import (
    DRAFT_PARAM,
    Draft,
    catalog,
    draft_expired,
    get_draft,
    open_draft,
    start_draft,
)
from decision_tool.ui.widgets import label_md, md, radio_format

CONFIRM = "confirm_new_screening"


def where(draft: Draft) -> str:
    """The page the screening was last on, in words."""
    if draft.page.endswith("check.py"):
        return "Check your answers"
    if draft.page.endswith("result.py"):
        return "the result"
    sections = cat.rule_sets[draft.form_id].sections
    step = min(draft.step, len(sections) - 1)
    return f"step {step + 1} of {len(sections)}: {sections[step].title}"


page_title("Start")

cat = catalog()
draft = get_draft()
# The screening's id stays in this page's address too, so a reload of Start still finds it.
if draft is not None and st.query_params.get(DRAFT_PARAM) != draft.id:
    st.query_params[DRAFT_PARAM] = draft.id
unsaved = draft is not None and bool(draft.answers or draft.typed or draft.override)

page_heading("Screening a safeguarding concern", "start")
if draft is not None:
    with st.container(border=True):
        st.markdown(
            f"**You have a screening in progress:** {md(cat.rule_sets[draft.form_id].display_title)}. "
            f"You were on {md(where(draft))}." + (" Its answers are still here." if unsaved else "")
        )
        if st.button("Continue the screening", type="primary", key="continue"):
            st.session_state.pop(CONFIRM, None)
            open_draft(draft, draft.page)
elif draft is None and draft_expired():
    st.info(
        f"The screening you had open is no longer here: to protect the answers, they are cleared after "
        f"{IDLE_MINUTES} minutes without use, or when the tool restarts. If you downloaded a record, open it "
        'from "Open a record you downloaded" below.'
    )
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

if draft is not None:
    st.subheader("Or start a new screening")
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
elif st.button("Start a new screening", type="secondary" if draft else "primary", key="start"):
    if unsaved:
        st.session_state[CONFIRM] = True
        st.rerun()
    open_draft(start_draft(form_id, locality_id))

# Other ways in, each on its own page: the Start page keeps to starting a screening, and draws quicker.
other_ways()

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
from decision_tool.wording.messages import say


def where(draft: Draft) -> str:
    """The page the screening was last on, in words."""
    if draft.page.endswith("check.py"):
        return say("ui.start.where_check")
    if draft.page.endswith("result.py"):
        return say("ui.start.where_result")
    sections = cat.rule_sets[draft.form_id].sections
    step = min(draft.step, len(sections) - 1)
    return say("ui.start.where_step", step=step + 1, steps=len(sections), section=sections[step].title)


if registry.pharmacy_default():
    # A pharmacy tablet (the operator's setting): the tool's first page is the consultation page.
    st.switch_page(registry.PHARMACY_FILE, query_params=st.query_params.to_dict())
page_title(say("ui.start.title"))

cat = catalog()
draft = get_draft()
# The screening's id stays in this page's address too, so a reload of Start still finds it.
if draft is not None and st.query_params.get(DRAFT_PARAM) != draft.id:
    st.query_params[DRAFT_PARAM] = draft.id

page_heading(say("ui.start.heading"), "start")
if draft is not None:
    with st.container(border=True):
        st.markdown(
            say(
                "ui.start.in_progress",
                form=md(cat.rule_sets[draft.form_id].display_title),
                where=md(where(draft)),
            )
            + (say("ui.start.still_here") if unsaved(draft) else "")
        )
        if st.button(say("ui.start.continue"), type="primary", key="continue"):
            st.session_state.pop(CONFIRM, None)
            open_draft(draft, draft.page)
expired_notice(draft)
st.markdown(say("ui.start.intro") + keeping_note())

if draft is not None:
    st.subheader(say("ui.start.or_new"))
forms = cat.rule_sets
form_id = st.radio(
    say("ui.start.which_form"),
    list(forms),
    index=default_form_index(list(forms)),
    format_func=radio_format({rid: r.title for rid, r in forms.items()}),
    key="start_form",
    captions=[label_md(r.description.split(". ")[0] + ".") for r in forms.values()],
)
localities = {lid: loc.title for lid, loc in cat.localities.items()}
locality_id = st.radio(
    say("ui.start.which_locality"),
    list(localities),
    format_func=radio_format(localities),
    key="start_locality",
)

new_screening_button(form_id, locality_id, draft)

# Other ways in, each on its own page: the Start page keeps to starting a screening, and draws quicker.
other_ways()

"""What proposed settings would do to the saved screenings: counts by locality and direction only,
1 to 4 shown as "<5"; nothing saved is changed. With the register on, for admins and the regional
coordinator (the policy's ``view_settings_impact``)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ..errors import RulesError, UserError
from ..panel.export import SUPPRESS_BELOW, SUPPRESSED
from ..rules.catalog import Catalog
from ..rules.loader import parse_yaml_text
from ..rules.overlay import band_edge_overlay, check_overlay, parse_overlay
from ..rules.safe_yaml import decode
from ..rules.schema import RuleSet
from ..screening.consistency import ChangeCount, change_counts
from ..wording.messages import say
from . import register_state
from .state import catalog
from .widgets import choose_questionnaire, md, reflowing_table, user_error

ACTION = "view_settings_impact"
TYPED, UPLOADED = "typed", "uploaded"
MAX_OVERLAY_BYTES = 200_000


def shown(n: int) -> str | int:
    """A count as the page shows it: 1 to 4 as "<5", so that no small group of children can be picked out."""
    return SUPPRESSED if 0 < n < SUPPRESS_BELOW else n


def count_rows(counts: list[ChangeCount], titles: dict[str, str]) -> list[dict[str, str | int]]:
    return [
        {
            say("ui.impact.column.locality"): titles.get(
                c.locality or "", c.locality or say("ui.impact.no_locality")
            ),
            say("ui.impact.column.saved"): shown(c.total),
            say("ui.impact.column.higher"): shown(c.higher),
            say("ui.impact.column.lower"): shown(c.lower),
            say("ui.impact.column.same"): shown(c.same),
        }
        for c in sorted(counts, key=lambda c: str(c.locality))
    ]


def _typed_proposal(cat: Catalog, form: RuleSet) -> Callable[[str | None], RuleSet]:
    """A band edge typed in, on the regional form; each locality's own overlay still applies on top."""
    banded = [lv for lv in form.levels if lv.band is not None][1:]
    left, right = st.columns(2)
    level_id = left.selectbox(
        say("ui.impact.level"),
        [lv.id for lv in banded],
        format_func=lambda i: form.level(i).title,
        key="impact_level",
    )
    band = form.level(level_id).band
    start = right.number_input(
        say("ui.impact.start"),
        min_value=1,
        max_value=1000,
        value=band.from_ if band else 1,
        step=1,
        key="impact_start",
    )
    proposed_form = check_overlay(
        form, band_edge_overlay(form, level_id, int(start)), say("ui.impact.the_proposed_band"), None
    )

    def proposed(locality: str | None) -> RuleSet:
        overlay = cat.overlays.get((form.id, locality or ""))
        if overlay is None:
            return proposed_form
        file = cat.overlay_files[(form.id, overlay.locality)].name
        return check_overlay(proposed_form, overlay, say("ui.impact.on_the_proposed_band", file=file), None)

    return proposed


def _uploaded_proposal(cat: Catalog, form: RuleSet) -> Callable[[str | None], RuleSet] | None:
    """An overlay file (the safe reader, checked against its form like ``validate``) replacing the
    locality's current settings."""
    upload = st.file_uploader(say("ui.impact.upload"), type=["yaml", "yml"], key="impact_overlay")
    if upload is None:
        return None
    data = upload.getvalue()
    if len(data) > MAX_OVERLAY_BYTES:
        raise UserError(say("ui.impact.too_large"))
    name = upload.name
    text = decode(data, name)
    overlay = parse_overlay(parse_yaml_text(text, name), file=name, text=text)
    if overlay.form != form.id:
        raise UserError(say("ui.impact.other_form", file=name, form=overlay.form))
    if overlay.locality not in cat.localities:
        raise UserError(say("ui.impact.unknown_locality", file=name, locality=overlay.locality))
    known = {c.id for c in cat.directory(overlay.locality).contacts} | {c.id for c in overlay.all_contacts}
    local = check_overlay(form, overlay, name, text, known)

    def proposed(locality: str | None) -> RuleSet:
        return local if locality == overlay.locality else cat.rules_for(form.id, locality)

    return proposed


def settings_impact_page() -> None:
    actor = register_state.require_actor(ACTION, say("ui.impact.refused"))
    cat = catalog()
    st.title(say("ui.impact.title"))
    st.markdown(say("ui.impact.intro", suppressed=SUPPRESSED))
    form = cat.rule_sets[choose_questionnaire(cat.rule_sets, "impact_form")]
    kind = st.radio(
        say("ui.impact.proposed"),
        [TYPED, UPLOADED],
        format_func={TYPED: say("ui.impact.typed"), UPLOADED: say("ui.impact.uploaded")}.get,
        key="impact_kind",
        horizontal=True,
    )
    try:
        proposed = _typed_proposal(cat, form) if kind == TYPED else _uploaded_proposal(cat, form)
    except (RulesError, UserError) as exc:
        user_error(exc)
        return
    if proposed is None:
        return
    if not st.button(say("ui.impact.count"), type="primary", key="impact_count"):
        return
    saved = [
        (s.locality_id, s.answers)
        for s in register_state.register().saved_answers(actor)
        if s.questionnaire_id == form.id
    ]
    try:
        counts = change_counts(lambda loc: cat.rules_for(form.id, loc), proposed, saved)
    except RulesError as exc:  # a locality's own bands no longer fit around the proposed edge
        user_error(exc)
        return
    if not counts:
        st.markdown(say("ui.impact.none_saved", form=md(form.title)))
        return
    titles = {lid: loc.title for lid, loc in cat.localities.items()}
    reflowing_table(count_rows(counts, titles))

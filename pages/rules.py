"""Rules: browse every questionnaire, indicator, red flag, band, pathway and contact, with sources."""

import streamlit as st

from decision_tool.records.record import long_date
from decision_tool.ui.state import catalog, today
from decision_tool.ui.widgets import choose_questionnaire, label_md, md, radio_format, reflowing_table
from decision_tool.wording.conditions import describe_ids
from decision_tool.wording.messages import band_range, say
from decision_tool.wording.overlays import setting_phrases
from decision_tool.wording.results import recency_window, urgency_words

cat = catalog()
now = today()

st.title(say("ui.page.rules"))
st.markdown(say("ui.rules.intro"))

rid = choose_questionnaire(cat.rule_sets, "rules_form")
rules = cat.rule_sets[rid]
st.markdown(
    say(
        "ui.rules.form",
        title=md(rules.title),
        version=md(rules.version),
        sha=rules.fingerprint[:16],
        file=cat.files[rid].name.replace("`", ""),  # code spans show text as is
        description=md(rules.description),
    )
)


def weights_text(q) -> str:  # type: ignore[no-untyped-def]
    if not q.scored:
        return say("ui.rules.not_scored")
    return (
        ", ".join(say("ui.rules.weight", label=o.label, weight=o.weight) for o in q.choices if o.weight)
        or "0"
    )


def table(rows: list[dict[str, str]]) -> None:
    """A table whose cells wrap, so no text is cut off; on a phone each row stacks, so nothing scrolls
    sideways. Cells are escaped as text."""
    reflowing_table(rows)


sources_tab, questions_tab, flags_tab, bands_tab, actions_tab, contacts_tab = st.tabs(
    [
        say(f"ui.rules.tab.{tab}")
        for tab in ("sources", "questions", "red_flags", "bands", "pathways", "contacts")
    ]
)
with sources_tab:
    table(
        [
            {
                say("ui.rules.column.id"): s.id,
                say("ui.rules.column.source"): s.title,
                say("ui.rules.column.link"): s.url or "",
            }
            for s in rules.sources
        ]
    )

with questions_tab:
    for section in rules.sections:
        with st.expander(label_md(section.title), expanded=False):
            table(
                [
                    {
                        say("ui.rules.column.question"): say(
                            "ui.rules.question", text=q.text, id=q.id, kind=q.kind
                        ),
                        say("ui.rules.column.scoring"): "; ".join(
                            x
                            for x in (
                                rules.category(q.category).title if q.category else "",
                                weights_text(q),
                                say("ui.rules.graded", strength=q.strength) if q.strength else "",
                            )
                            if x
                        ),
                        say("ui.rules.column.shown_if"): describe_ids(q.show_if)
                        if q.show_if
                        else say("ui.rules.always"),
                        say("ui.rules.column.source"): rules.source(q.source).title,
                    }
                    for q in section.questions
                ]
            )

with flags_tab:
    st.markdown(say("ui.rules.red_flags"))
    table(
        [
            {
                say("ui.rules.column.id"): f.id,
                say("ui.rules.column.when"): describe_ids(f.when),
                say("ui.rules.column.at_least"): rules.level(f.min_level).title,
                say("ui.rules.column.adds_actions"): ", ".join(rules.action(a).title for a in f.actions),
                say("ui.rules.column.shown_to_practitioner"): f.reason,
                say("ui.rules.column.source"): rules.source(f.source).title,
            }
            for f in rules.red_flags
        ]
    )

with bands_tab:
    table(
        [
            {
                say("ui.rules.column.level"): lv.title,
                say("ui.rules.column.score_band"): band_range(lv.band.from_, lv.band.to)
                if lv.band
                else say("ui.rules.red_flags_only"),
                say("ui.rules.column.actions"): ", ".join(rules.action(a).title for a in lv.actions),
                say("ui.rules.column.review_after"): say("ui.rules.days", days=lv.review_days)
                if lv.review_days
                else "",
                say("ui.rules.column.meaning"): lv.summary,
            }
            for lv in rules.levels
        ]
    )
    share = rules.insufficient_information.not_sure_fraction
    st.caption(say("ui.rules.insufficient", share=share))
    if rules.recency:
        r = rules.recency
        window = md(recency_window(r.current_months, r.lookback_months))
        st.caption(say("ui.rules.recency", window=window, current=r.current, earlier=r.earlier, both=r.both))

with actions_tab:
    table(
        [
            {
                say("ui.rules.column.id"): a.id,
                say("ui.rules.column.action"): a.title,
                say("ui.rules.column.when"): urgency_words(a.urgency),
                say("ui.rules.column.what_to_do"): a.do,
                say("ui.rules.column.contacts"): ", ".join(a.contacts),
                say("ui.rules.column.source"): rules.source(a.source).title,
            }
            for a in rules.actions
        ]
    )

with contacts_tab:
    lid = st.radio(
        say("ui.rules.locality"),
        list(cat.localities),
        format_func=radio_format({i: loc.title for i, loc in cat.localities.items()}),
        key="rules_locality",
    )
    directory = cat.directory(lid, rid)
    overlay = cat.overlays.get((rid, lid))
    if overlay is not None:
        st.markdown(
            say(
                "ui.rules.local_settings",
                file=cat.overlay_files[(rid, lid)].name.replace("`", ""),
                sha=overlay.fingerprint[:16],
                source=md(overlay.source),
            )
            + "\n".join(f"- {md(p)}" for p in setting_phrases(rules, overlay))
        )
    else:
        st.markdown(say("ui.rules.regional_settings", locality=md(cat.localities[lid].title)))
    stale = [c for c in directory.contacts if c.is_stale(now)]
    if stale:
        st.warning(
            say("ui.rules.stale", n=len(stale), names=", ".join(md(c.name) for c in stale)),
            icon=":material/history:",
        )
    table(
        [
            {
                say("ui.rules.column.name"): c.name,
                say("ui.rules.column.id"): c.id,
                say("ui.rules.column.phone_or_web"): " · ".join(x for x in (c.phone, c.url, c.hours) if x),
                say("ui.rules.column.last_checked"): long_date(c.last_verified),
                say("ui.rules.column.status"): say("ui.rules.fictional")
                if c.fictional
                else say("ui.rules.not_checked")
                if c.is_stale(now)
                else say("ui.rules.checked"),
                say("ui.rules.column.source"): c.source,
            }
            for c in directory.contacts
        ]
    )

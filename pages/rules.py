"""Rules: browse every questionnaire, indicator, red flag, band, pathway and contact, with sources."""

import streamlit as st

from decision_tool.records.record import long_date
from decision_tool.ui.state import catalog, today
from decision_tool.ui.widgets import choose_questionnaire, label_md, md, radio_format, reflowing_table
from decision_tool.wording.conditions import describe_ids
from decision_tool.wording.messages import band_range
from decision_tool.wording.overlays import setting_phrases
from decision_tool.wording.results import recency_window, urgency_words

cat = catalog()
now = today()

st.title("Rules")
st.markdown(
    "What the tool asks, how it scores, and where each rule comes from. Thresholds are **local settings** "
    "kept by your safeguarding partnership, not a validated scale. To change them, see `docs/maintainers.md`."
)

rid = choose_questionnaire(cat.rule_sets, "rules_form")
rules = cat.rule_sets[rid]
st.markdown(
    f"**{md(rules.title)}** · version {md(rules.version)} · content hash `{rules.fingerprint[:16]}` · "
    f"file `{cat.files[rid].name.replace('`', '')}`\n\n{md(rules.description)}"  # code spans show text as is
)


def weights_text(q) -> str:  # type: ignore[no-untyped-def]
    if not q.scored:
        return "not scored"
    return ", ".join(f"{o.label} {o.weight}" for o in q.choices if o.weight) or "0"


def table(rows: list[dict[str, str]]) -> None:
    """A table whose cells wrap, so no text is cut off; on a phone each row stacks, so nothing scrolls
    sideways. Cells are escaped as text."""
    reflowing_table(rows)


sources_tab, questions_tab, flags_tab, bands_tab, actions_tab, contacts_tab = st.tabs(
    ["Sources", "Questions", "Red flags", "Bands", "Pathways", "Contacts"]
)
with sources_tab:
    table([{"Id": s.id, "Source": s.title, "Link": s.url or ""} for s in rules.sources])

with questions_tab:
    for section in rules.sections:
        with st.expander(label_md(section.title), expanded=False):
            table(
                [
                    {
                        "Question": f"{q.text} ({q.id}, {q.kind})",
                        "Scoring": "; ".join(
                            x
                            for x in (
                                rules.category(q.category).title if q.category else "",
                                weights_text(q),
                                f"graded {q.strength}" if q.strength else "",
                            )
                            if x
                        ),
                        "Shown if": describe_ids(q.show_if) if q.show_if else "always",
                        "Source": rules.source(q.source).title,
                    }
                    for q in section.questions
                ]
            )

with flags_tab:
    st.markdown("Red flags act outside the score: each sets a minimum outcome that no score can lower.")
    table(
        [
            {
                "Id": f.id,
                "When": describe_ids(f.when),
                "At least": rules.level(f.min_level).title,
                "Adds actions": ", ".join(rules.action(a).title for a in f.actions),
                "Shown to the practitioner": f.reason,
                "Source": rules.source(f.source).title,
            }
            for f in rules.red_flags
        ]
    )

with bands_tab:
    table(
        [
            {
                "Level": lv.title,
                "Score band": band_range(lv.band.from_, lv.band.to) if lv.band else "red flags only",
                "Actions": ", ".join(rules.action(a).title for a in lv.actions),
                "Review after": f"{lv.review_days} days" if lv.review_days else "",
                "Meaning": lv.summary,
            }
            for lv in rules.levels
        ]
    )
    share = rules.insufficient_information.not_sure_fraction
    st.caption(
        f"'Insufficient information' is flagged when {share:.0%} or more of the scored questions shown are 'not sure' or unanswered."
    )
    if rules.recency:
        r = rules.recency
        st.caption(
            f"When signs were seen: {md(recency_window(r.current_months, r.lookback_months))} A sign asked with its timing scores {r.current} if "
            f"recent only, {r.earlier} if earlier only, {r.both} if both."
        )

with actions_tab:
    table(
        [
            {
                "Id": a.id,
                "Action": a.title,
                "When": urgency_words(a.urgency),
                "What to do": a.do,
                "Contacts": ", ".join(a.contacts),
                "Source": rules.source(a.source).title,
            }
            for a in rules.actions
        ]
    )

with contacts_tab:
    lid = st.radio(
        "Locality",
        list(cat.localities),
        format_func=radio_format({i: loc.title for i, loc in cat.localities.items()}),
        key="rules_locality",
    )
    directory = cat.directory(lid, rid)
    overlay = cat.overlays.get((rid, lid))
    if overlay is not None:
        st.markdown(
            f"**Local settings on this form** (`{cat.overlay_files[(rid, lid)].name.replace('`', '')}`, "
            f"content hash `{overlay.fingerprint[:16]}`; source: {md(overlay.source)}):\n\n"
            + "\n".join(f"- {md(p)}" for p in setting_phrases(rules, overlay))
        )
    else:
        st.markdown(f"**{md(cat.localities[lid].title)}** uses this form's regional settings as published.")
    stale = [c for c in directory.contacts if c.is_stale(now)]
    if stale:
        st.warning(
            f"**{len(stale)} contact(s) not checked in the last 12 months.** Check them before relying on them: "
            + ", ".join(md(c.name) for c in stale),
            icon=":material/history:",
        )
    table(
        [
            {
                "Name": c.name,
                "Id": c.id,
                "Phone or web": " · ".join(x for x in (c.phone, c.url, c.hours) if x),
                "Last checked": long_date(c.last_verified),
                "Status": "Fictional: never call it"
                if c.fictional
                else "Not checked in 12 months"
                if c.is_stale(now)
                else "Checked",
                "Source": c.source,
            }
            for c in directory.contacts
        ]
    )

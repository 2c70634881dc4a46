"""A child's screenings over time: upload earlier records, see the timeline, and screen again.

Earlier records live in ``st.session_state`` only, like the draft: nothing is kept on the server. The
same views draw a case's saved screenings when the register is on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import streamlit as st

from ..errors import RecordError
from ..records.history import (
    Earlier,
    Timeline,
    TimelinePoint,
    build_timeline,
    latest,
    prefill,
    read_earlier,
    shared_answers,
)
from ..screening.result import Assessment
from ..wording.dates import long_date
from ..wording.messages import say
from ..wording.results import other_form_heading
from .state import catalog, draft_params, get_draft, start_draft
from .widgets import md

EARLIER = "earlier_records"
MAX_EARLIER = 20


def earlier_records() -> list[Earlier]:
    """The earlier records uploaded in this session, in upload order."""
    found = st.session_state.get(EARLIER)
    return list(found.values()) if isinstance(found, dict) else []


def _keep(items: Sequence[Earlier]) -> bool:
    """Add records to the session; True when any was new."""
    kept: dict[str, Earlier] = dict(st.session_state.get(EARLIER) or {})
    added = False
    for item in items:
        key = item.record.model_dump_json()  # the same record uploaded twice counts once
        if key in kept:
            continue
        if len(kept) >= MAX_EARLIER:
            st.warning(say("ui.earlier.too_many", n=MAX_EARLIER, label=md(item.label)))
            continue
        kept[key] = item
        added = True
    st.session_state[EARLIER] = kept
    return added


def upload_earlier(key: str) -> None:
    """Upload one or more earlier JSON records; bad files are refused one by one, good ones kept."""
    files = st.file_uploader(
        say("ui.earlier.upload"),
        type=["json"],
        accept_multiple_files=True,
        key=key,
        help=say("ui.earlier.upload_help"),
    )
    good: list[Earlier] = []
    for f in files or []:
        try:
            good.append(read_earlier(f.getvalue(), catalog().rule_sets, f.name, catalog().rules_for))
        except RecordError as exc:
            st.error(
                say(
                    "ui.earlier.refused",
                    file=md(f.name),
                    problem=md(exc.title.lower()),
                    message=md(exc.problems[0].message),
                )
            )
    if good and _keep(good):
        st.rerun()  # views drawn above the uploader (the timeline) include them at once
    kept = earlier_records()
    if kept:
        records = "; ".join(
            md(say("ui.earlier.record", label=e.label, date=long_date(e.record.created))) for e in kept
        )
        key_n = "ui.earlier.in_session_one" if len(kept) == 1 else "ui.earlier.in_session"
        st.caption(say(key_n, n=len(kept), records=records))
        if st.button(say("ui.earlier.forget"), key=f"{key}_forget"):
            st.session_state.pop(EARLIER, None)
            st.rerun()


def screen_again(item: Earlier, *, key: str, label: str = "") -> None:
    """A button (``label``, or "Screen again from this record"): start a new screening pre-filled from
    ``item``; the practitioner confirms each section."""
    if st.button(label or say("ui.earlier.screen_again"), key=key, type="primary"):
        start_from(item)


def start_from(item: Earlier, *, case_code: str = "", corrects_id: int | None = None) -> None:
    cat = catalog()
    a = item.record.assessment
    draft = get_draft()
    fallback = draft.locality_id if draft else next(iter(cat.localities))
    locality = a.locality if a.locality in cat.localities else fallback
    rules = cat.rule_sets[a.rules_version.id]
    answers, lost = prefill(rules, item.record)
    new = start_draft(rules.id, locality, answers)
    new.prefilled_from = say(
        "ui.earlier.prefilled_from", label=item.label, date=long_date(item.record.created)
    )
    new.case_code, new.corrects_id = case_code, corrects_id
    if lost:
        new.notice = say("ui.earlier.do_not_fit", questions=", ".join(lost))
    st.switch_page("pages/questions.py", query_params=draft_params(new, step="1"))


def prefill_banner() -> None:
    """On each step of a screening started from an earlier record, or from a screening with the other
    form: confirm, do not copy."""
    draft = get_draft()
    if draft is not None and draft.copied_from:
        st.info(
            say("ui.earlier.copied_banner", form=md(draft.copied_from)),
            icon=":material/content_copy:",
        )
    elif draft is not None and draft.prefilled_from:
        st.info(
            say("ui.earlier.prefilled_banner", source=md(draft.prefilled_from)),
            icon=":material/history:",
        )


OTHER_FORM_CONFIRM = "confirm_other_form"


def other_form_offer(result: Assessment) -> None:
    """Signs of another form of exploitation were answered: offer to screen with that form too, copying
    the answers the two forms share. It asks first, as starting it closes this screening."""
    cat = catalog()
    draft = get_draft()
    for other in result.also_screen:
        target = cat.rule_sets.get(other.form)
        if target is None or draft is None:
            continue
        with st.container(border=True):
            st.markdown(f"**{md(other_form_heading(other))}**")
            st.markdown(md(say("other_form.offer")))
            button = say("other_form.button", about=other.about)
            if st.session_state.get(OTHER_FORM_CONFIRM) == other.form:
                st.warning(
                    say("ui.other_form.closes"),
                    icon=":material/warning:",
                )
                go, wait = st.columns(2)
                if go.button(
                    say("ui.other_form.now", button=button), type="primary", key=f"other_form_go_{other.form}"
                ):
                    st.session_state.pop(OTHER_FORM_CONFIRM, None)
                    start_other_form(result, target.id)
                if wait.button(say("ui.other_form.not_yet"), key=f"other_form_wait_{other.form}"):
                    st.session_state.pop(OTHER_FORM_CONFIRM, None)
                    st.rerun()
            elif st.button(button, key=f"other_form_{other.form}"):
                st.session_state[OTHER_FORM_CONFIRM] = other.form
                st.rerun()


def start_other_form(result: Assessment, form_id: str) -> None:
    """A new screening with ``form_id`` for the same child: the answers both forms share, copied."""
    cat = catalog()
    draft = get_draft()
    locality = draft.locality_id if draft else (result.locality or next(iter(cat.localities)))
    case_code = draft.case_code if draft else ""
    rules = cat.rule_sets[form_id]
    new = start_draft(rules.id, locality, shared_answers(rules, result.answers))
    new.copied_from = result.rules_version.title
    new.case_code = case_code
    st.switch_page("pages/questions.py", query_params=draft_params(new, step="1"))


def earlier_section() -> None:
    """Upload earlier records of one child, then screen again from the latest."""
    st.markdown(say("ui.earlier.intro"))
    upload_earlier("earlier_start")
    last = latest(earlier_records())
    if last is not None:
        screen_again(
            last,
            key="screen_again_start",
            label=say("ui.earlier.screen_again_latest", date=long_date(last.record.created)),
        )


def result_section(result: Assessment, now: dt.datetime) -> None:
    """The result page's hook: this screening against any earlier records of the same child."""
    st.subheader(say("ui.earlier.over_time"))
    items = earlier_records()
    if items:
        rid = result.rules_version.id
        local = {**catalog().rule_sets, rid: catalog().rules_for(rid, result.locality)}
        timeline(build_timeline(items, local, rid, current=result, now=now))
    else:
        st.markdown(say("ui.earlier.none_yet"))
    # Drawn only when asked for, like on the Start page.
    if st.toggle(say("ui.earlier.add"), key="earlier_result_open"):
        upload_earlier("earlier_result")


# ---------------------------------------------------------------- the timeline


def _when(p: TimelinePoint) -> str:
    return f"{long_date(p.made)}"


def timeline_figure(tl: Timeline) -> Any:
    """Level over time: a line of points on a scale labelled with the level names (words, not colour)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    xs = [p.made for p in tl.points]
    ranks = [p.level_rank for p in tl.points]
    fig.add_scatter(x=xs, y=ranks, mode="lines", line={"color": "#555", "width": 2}, showlegend=False)
    kinds = [
        (say("ui.timeline.as_recorded"), [not p.rescored and not p.current for p in tl.points], "circle"),
        (say("ui.timeline.rescored"), [p.rescored for p in tl.points], "circle-open"),
        (say("ui.timeline.this_screening"), [p.current for p in tl.points], "diamond"),
    ]
    for name, mask, symbol in kinds:
        if not any(mask):
            continue
        fig.add_scatter(
            x=[x for x, m in zip(xs, mask, strict=True) if m],
            y=[r for r, m in zip(ranks, mask, strict=True) if m],
            mode="markers",
            name=name,
            marker={
                "symbol": symbol,
                "size": 13,
                "color": "#1d3f73",
                "line": {"width": 2, "color": "#1d3f73"},
            },
        )
    fig.update_layout(
        height=260,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        yaxis={
            "tickvals": [lv.rank for lv in tl.levels],
            "ticktext": [short_level(lv.title) for lv in tl.levels],
            "range": [-0.4, max(lv.rank for lv in tl.levels) + 0.4],
            "automargin": True,
        },
        xaxis=_date_axis(xs),
        legend={"orientation": "h", "y": -0.25},
        font={"size": 12},
    )
    return fig


# Few screenings: each is marked with its date. More: Plotly chooses the ticks, a month's name when they
# are a month or more apart, else the day ("%b %Y" alone wrote "Dec 2026" four times under one screening).
FEW_DATES = 4


def _date_axis(xs: Sequence[dt.datetime]) -> dict[str, Any]:
    first_of_day = {x.date(): x for x in sorted(xs, reverse=True)}  # each day's first screening
    if len(first_of_day) <= FEW_DATES:
        days = sorted(first_of_day)
        return {
            "automargin": True,
            "tickvals": [first_of_day[d] for d in days],
            "ticktext": [long_date(d) for d in days],
        }
    return {
        "automargin": True,
        "tickformatstops": [
            {"dtickrange": [None, "M1"], "value": "%-d %B %Y"},
            {"dtickrange": ["M1", None], "value": "%B %Y"},
        ],
    }


def short_level(title: str) -> str:
    # "Low: keep watching" -> "Low"; keeps the axis readable on a phone.
    head = title.split(":")[0]
    return head if len(head) <= 18 else head[:17] + "…"


def timeline(tl: Timeline, *, key: str = "timeline_chart") -> None:
    """The chart, then each screening in words: level, what is new and what has gone."""
    if len(tl.points) > 1:
        first, last = tl.points[0], tl.points[-1]
        trend = say(
            "ui.timeline.higher"
            if last.level_rank > first.level_rank
            else "ui.timeline.lower"
            if last.level_rank < first.level_rank
            else "ui.timeline.same"
        )
        st.markdown(
            say(
                "ui.timeline.summary",
                n=len(tl.points),
                form=md(tl.questionnaire_title),
                first=_when(first),
                last=_when(last),
                level=md(last.level_title),
                trend=trend,
            )
        )
    st.plotly_chart(
        timeline_figure(tl), config={"displayModeBar": False, "staticPlot": True}, key=key, width="stretch"
    )
    st.caption(
        say("ui.timeline.levels", levels="; ".join(f"{_when(p)} {md(p.level_title)}" for p in tl.points))
    )
    for p in reversed(tl.points):
        with st.container(border=True):
            head = say("ui.timeline.this_screening") if p.current else md(p.label)
            st.markdown(
                say("ui.timeline.point", when=_when(p), head=head, level=md(p.level_title), score=p.score)
            )
            notes = []
            if p.overridden:
                notes.append(say("ui.timeline.overridden", level=md(p.tool_level_title)))
            if p.rescored:
                notes.append(
                    say(
                        "ui.timeline.rescored_note", rules=md(p.rules_label), level=md(p.recorded_level_title)
                    )
                )
                if p.answers_left_out:
                    notes.append(say("ui.timeline.left_out", questions=md(", ".join(p.answers_left_out))))
            for note in notes:
                st.caption(note)
            if p is tl.points[0]:
                st.markdown(_signs_line(say("ui.timeline.signs"), [s.text for s in p.signs]))
            else:
                st.markdown(
                    _signs_line(say("ui.timeline.new_signs"), [s.text for s in p.new_signs])
                    + "\n"
                    + _signs_line(say("ui.timeline.gone_signs"), [s.text for s in p.gone_signs])
                )
    if tl.other_forms:
        st.caption(say("ui.timeline.other_forms", forms=md(", ".join(tl.other_forms))))


def _signs_line(title: str, items: list[str]) -> str:
    if not items:
        return say("ui.timeline.no_signs", title=title)
    return f"- {title}:\n" + "\n".join(f"    - {md(t)}" for t in items)

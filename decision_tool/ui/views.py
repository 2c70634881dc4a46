"""Render one Assessment as small views: the result page and the Training page compose these.

Nothing is recomputed here. Each view draws one part (outcome, next steps, why, chart, record details,
downloads) so a page can add or reorder parts without touching the others.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ..errors import AnswersError
from ..records.record import (
    DETAIL_LABELS,
    EXPLOITATION_MODELS,
    Record,
    RecordDetails,
    answer_text,
    is_emergency,
    long_date,
    record_ics,
    record_json,
    record_markdown,
    record_pdf,
    steps_to_show,
)
from ..rules.schema import Contact, RuleSet
from ..screening.engine import MIN_REASON_CHARS, check_override
from ..screening.result import Assessment, LevelRef, Override
from ..wording.messages import listed, say
from ..wording.outcome import (
    emergency_heading,
    judgement_lines,
    outcome_heading,
    outcome_summary,
    raised_by,
)
from ..wording.results import (
    bands_text,
    level_band_range,
    needs_low_result_line,
    other_form_heading,
    other_form_text,
    when_words,
)
from ..wording.tone import EMERGENCY, SCALE, Tone, explain_tones, level_tone
from .at_press import AtPress
from .drafts import IDLE_MINUTES
from .markup import Markup, component, escape
from .widgets import anchor, chart_text, html_text, md, select_format

# Fixed CSS (no rules or user text): the outcome box of class "dt-tone-<id>" is drawn in that tone.
_TONE_CSS = "\n".join(
    f".dt-outcome.dt-tone-{t.id} {{ background: {t.fill}; color: {t.ink}; "
    f"border-left: 10px solid {t.strong}; padding: 0.75rem 1rem; border-radius: 4px }}\n"
    f".dt-outcome.dt-tone-{t.id} * {{ color: {t.ink} }}"
    for t in (*SCALE, EMERGENCY)
)


def tone_styles() -> None:
    """Call once per page that draws toned boxes."""
    st.markdown(f"<style>{_TONE_CSS}</style>", unsafe_allow_html=True)  # .dt-icon: static/app.css


def tone_of(a: Assessment, ref: LevelRef) -> Tone:
    return level_tone(ref, a.thresholds)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def outcome_box(a: Assessment, *, level: int) -> Markup:
    """The outcome's heading (at ``level``) and the sentence under it, in its tone, as a live region."""
    if level not in range(1, 7):
        raise ValueError(f"heading level {level}")
    if is_emergency(a):
        tone = EMERGENCY
        title = emergency_heading(a)
        reasons = _one_line(" ".join(f.reason for f in a.red_flags if f.emergency))
        call = component("link", {"href": "tel:999", "text": say("ui.result.call_999"), "nav": False})
        body = Markup(say("ui.result.emergency_body", reasons=escape(reasons), call=call))
    else:
        # Below a red flag the box keeps the tool's tone: never the lowest level's colour over a red flag.
        tone = tone_of(a, a.tool_level_info if a.below_red_flag else a.level_info)
        title = outcome_heading(a, you=True)
        body = Markup("{}").format(_one_line(outcome_summary(a)))
    params = {"tone": tone.id, "glyph": tone.glyph, "level": level, "title": _one_line(title), "body": body}
    return component("outcome", params)


def outcome(a: Assessment, *, level: int = 3) -> None:
    """The level in words, icon and colour (never colour alone), what it means, and any override.

    Immediate danger shows one instruction only: call 999. ``level``: the heading's level (1 on the
    result page, where the outcome is the page's main heading).
    """
    # Drawn through Markdown, not st.html: Streamlit updates Markdown in place, so the live region stays
    # in the page when the outcome changes (after a judgement) and a screen reader says the new one;
    # st.html would replace the region, and a new region is not announced. The markup is the autoescaped
    # template's, on one line, so Markdown reads it as a single HTML block and changes no text in it.
    st.markdown(outcome_box(a, level=level), unsafe_allow_html=True)
    lines = judgement_lines(a, you=True)
    if lines:
        tool, decision, *stands = lines
        st.markdown(say("ui.result.your_judgement_lines", tool=md(tool), decision=md(decision)))
        if stands:
            st.warning(md(stands[0]))
    if is_emergency(a):
        return  # nothing that could be read as "wait" or "find out more first"
    if needs_low_result_line(a):
        st.markdown(say("ui.result.low_not_no_action", said=say("result.low_not_no_action")))
    if a.insufficient_information:
        st.warning(
            say("ui.result.insufficient", n=len(a.not_sure)),
            icon=":material/help:",
        )


_PHONE = re.compile(r"^\+?[0-9 ]{3,20}$")
_WEB = re.compile(r"^https://[A-Za-z0-9.\-]+(/[A-Za-z0-9._~%/\-?=&#]*)?$")


def phone_link(phone: str) -> str:
    """A phone number as a ``tel:`` link (plain escaped text when it is not a simple number)."""
    if not _PHONE.match(phone):
        return md(phone)
    return f"[{md(phone)}](tel:{phone.replace(' ', '')})"


def web_link(url: str) -> str:
    """An https address as a link showing where it goes (plain escaped text otherwise)."""
    if not _WEB.match(url):
        return md(url)
    shown = url.removeprefix("https://").removesuffix("/")
    return f"[{md(shown)}]({url})"


def contact_line(c: Contact, today: dt.date) -> str:
    parts = [f"**{md(c.name)}**"]
    if c.phone:
        parts.append(say("ui.result.contact_phone", phone=phone_link(c.phone)))
    if c.url:
        parts.append(web_link(c.url))
    if c.hours:
        parts.append(md(c.hours))
    line = " · ".join(parts)
    if c.notes:
        line += f". {md(c.notes.rstrip('.'))}."
    line += say("ui.result.contact_checked", date=long_date(c.last_verified))
    if c.is_stale(today):
        line += say("ui.result.contact_stale")
    return line


def actions(a: Assessment, today: dt.date) -> None:
    """What to do next, most urgent first. After a 999 instruction: only what follows it today."""
    steps = steps_to_show(a)
    if is_emergency(a):
        steps = tuple(s for s in steps if not s.is_call_999)
        st.subheader(say("ui.result.when_safe"))
        if not steps:
            st.markdown(say("ui.result.tell_lead"))
    else:
        st.subheader(say("ui.result.next"))
    for i, action in enumerate(steps, 1):
        when = when_words(action)
        heading = f"**{i}. {md(action.title)}**" + (f" — {md(when)}" if when else "")
        st.markdown(f"{heading}\n\n{md(action.do)}")
        shown: set[str] = set()
        for c in action.contacts:
            if c.url and not c.phone and c.url in shown:
                continue  # the same web page under another name (e.g. a generic locality's MASH entry)
            shown.add(c.url)
            st.markdown(f"- {contact_line(c, today)}")


def other_forms(a: Assessment) -> None:
    """Signs of another form of exploitation, said under what to do next (the offer to screen with that
    form comes at the end of the page, after the record is kept)."""
    for other in a.also_screen:
        st.subheader(other_form_heading(other))
        st.markdown(md(other_form_text(other)) + say("ui.result.other_form_later"))


def _cell(text: str) -> str:
    return md(" ".join(str(text).split()))


def why(a: Assessment) -> None:
    """Each red flag, each scored answer with its points (a table that wraps), and the bands."""
    st.subheader(say("ui.result.why"))
    for flag in a.red_flags:
        st.markdown(f"- {say('why.red_flag', reason=md(flag.reason))}")
    if a.contributions:
        rows = [f"| {_cell(c.question)} | {_cell(c.answer)} | {c.points:+d} |" for c in a.contributions]
        st.markdown(say("ui.result.why_table") + "\n".join(rows))
    else:
        st.markdown(say("why.no_points"))
    if a.dropped_answers:
        st.caption(say("why.not_counted", questions=md(listed(a.dropped_answers))))
    st.markdown(say("why.score", score=a.score, bands=md(bands_text(a.thresholds))))


# ---------------------------------------------------------------- the chart


def _band_of(a: Assessment) -> LevelRef | None:
    """The band the score is in: the engine's ``band_level``, never worked out again here."""
    return next((t for t in a.thresholds if t.id == a.band_level), None)


def chart_figure(a: Assessment, *, compare: Assessment | None = None, big: bool = False) -> Any:
    """Where the score sits: one row per local band (highest at the top), each in its level's colour,
    labelled on its own line so labels never overlap at any width, and a marker at the score."""
    import plotly.graph_objects as go

    bands = [t for t in a.thresholds if t.band_from is not None]
    scores = (
        [(say("ui.result.chart.this_result"), a)]
        if compare is None
        else [(say("ui.result.chart.original"), compare), (say("ui.result.chart.what_if"), a)]
    )
    top = max([s.score for _, s in scores] + [t.band_from or 0 for t in bands]) + 4
    font = 22 if big else 15
    row_h = 92 if big else 62
    fig = go.Figure()
    n = len(bands)
    # The band filled in is the tool's outcome, which a red flag can set above the score's own band:
    # the chart never shows "Moderate" filled under a "High" headline. The score keeps its marker.
    current = {s.tool_level for _, s in scores}
    scored = {b.id for _, s in scores if (b := _band_of(s)) is not None}
    judged = {s.level for _, s in scores if s.override is not None and s.level != s.tool_level}
    for i, t in enumerate(bands):
        tone = tone_of(a, t)
        end = (t.band_to + 1) if t.band_to is not None else top + 0.5
        here = t.id in current
        fig.add_shape(
            type="rect",
            x0=(t.band_from or 0) - 0.5,
            x1=end - 0.5,
            y0=i - 0.22,
            y1=i + 0.22,
            fillcolor=tone.mark if here else tone.fill,
            line={
                "color": tone.strong if here or t.id in judged else tone.mark,
                "width": 3 if here or t.id in judged else 1.5,
                "dash": "dash" if t.id in judged and not here else "solid",
            },
            layer="below",
        )
        notes = [
            *([say("ui.result.chart.the_outcome")] if here and t.id not in scored else []),
            *([say("ui.result.chart.scores_band")] if t.id in scored and not here else []),
            *([say("ui.result.chart.your_judgement")] if t.id in judged else []),
        ]
        note = f"  ({', '.join(notes)})" if notes and compare is None else ""
        label = (
            f"<b>{chart_text(t.title)}</b>  {level_band_range(t)}{note}"
            if here
            else f"{chart_text(t.title)}  {level_band_range(t)}{note}"
        )
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=i + 0.26,
            yanchor="bottom",
            text=label,
            showarrow=False,
            font={"size": font, "color": "#0b0c0c"},
            bgcolor="#ffffff",  # the score line passes behind the label, never through its text
        )
    for j, (name, s) in enumerate(scores):
        solid = j == len(scores) - 1
        fig.add_shape(
            type="line",
            x0=s.score,
            x1=s.score,
            y0=-0.5,
            y1=n - 0.4,
            line={"color": "#0b0c0c", "width": 3 if solid else 2, "dash": "solid" if solid else "dot"},
        )
        fig.add_annotation(
            x=s.score,
            y=-0.5,
            yanchor="top",
            text=f"<b>{name}: {s.score}</b>" if compare else say("ui.result.chart.score", score=s.score),
            showarrow=False,
            font={"size": font, "color": "#0b0c0c"},
            bgcolor="#ffffff",
            yshift=-2 - j * (font + 8),
        )
    fig.add_scatter(x=[0], y=[0], mode="markers", marker={"opacity": 0}, hoverinfo="skip", showlegend=False)
    fig.update_layout(
        height=row_h * n + (font + 12) * len(scores) + 20,
        margin={"l": 4, "r": 4, "t": 8, "b": 8 + (font + 8) * len(scores)},
        showlegend=False,
        xaxis={"range": [-0.6, top + 0.5], "showgrid": False, "zeroline": False, "visible": False},
        yaxis={"range": [-0.5, n - 0.3], "visible": False, "fixedrange": True},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        font={"size": font, "color": "#0b0c0c"},
    )
    return fig


VULNERABILITY_NOTE = say("ui.result.chart.context")


def _vulnerability_note(c: Any) -> str:
    """ " (context, not evidence)" after a vulnerability area, unless its title says so already (written
    once)."""
    if c.kind != "vulnerability" or VULNERABILITY_NOTE in c.title:
        return ""
    return f" ({VULNERABILITY_NOTE})"


def drivers_figure(a: Assessment, *, compare: Assessment | None = None, big: bool = False) -> Any:
    """Which areas add to the score: one bar per category with points, largest first, each labelled on
    its own line and with its points in words beside the bar."""
    import plotly.graph_objects as go

    def points(s: Assessment, cid: str) -> int:
        return next(x.points for x in s.category_scores if x.id == cid)

    cats = [c for c in a.category_scores if c.points or (compare is not None and points(compare, c.id))]
    # Largest first (ties in the form's order), as in the words under the chart; drawn bottom-up.
    cats.sort(key=lambda c: (-points(a, c.id), -(points(compare, c.id) if compare else 0)))
    cats.reverse()
    font = 22 if big else 15
    row_h = (110 if compare else 80) if big else (84 if compare else 56)
    most = max([points(a, c.id) for c in cats] + [points(compare, c.id) for c in cats if compare] + [1])
    fig = go.Figure()
    series = (
        [(say("ui.result.chart.what_if"), a, 0.0)]
        if compare is None
        else [(say("ui.result.chart.original"), compare, 0.13), (say("ui.result.chart.what_if"), a, -0.13)]
    )
    for name, s, offset in series:
        values = [points(s, c.id) for c in cats]
        original = compare is not None and s is compare
        fig.add_bar(
            x=values,
            y=[i + offset for i in range(len(cats))],
            orientation="h",
            width=0.22 if compare else 0.4,
            marker={
                "color": [
                    "#b1b4b6" if original else ("#e5e7e8" if c.kind == "vulnerability" else "#505a5f")
                    for c in cats
                ],
                "line": {"color": "#0b0c0c", "width": 1},
                "pattern": {
                    "shape": ["/" if c.kind == "vulnerability" and not original else "" for c in cats],
                    "fgcolor": "#505a5f",
                },
            },
            text=[
                (
                    f"{name}: {v}"
                    if compare
                    else say(f"ui.result.chart.point{'s' if v != 1 else ''}", points=v)
                )
                for v in values
            ],
            textposition="outside",
            textfont={"size": font - 2, "color": "#0b0c0c"},
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
        )
    for i, c in enumerate(cats):
        note = _vulnerability_note(c)
        fig.add_annotation(
            x=0,
            xref="paper",
            xanchor="left",
            y=i + (0.3 if compare else 0.24),
            yanchor="bottom",
            text=chart_text(c.title) + note,
            showarrow=False,
            font={"size": font, "color": "#0b0c0c"},
        )
    fig.update_layout(
        height=row_h * max(len(cats), 1) + 16,
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        showlegend=False,
        bargap=0,
        xaxis={"range": [0, most * 1.45 + 1], "visible": False},
        yaxis={"range": [-0.5, len(cats) - 0.25], "visible": False, "fixedrange": True},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        font={"size": font, "color": "#0b0c0c"},
    )
    return fig


def chart_words(a: Assessment, compare: Assessment | None = None) -> str:
    """What the chart shows, in words (escaped Markdown): the chart never carries meaning alone."""
    band = _band_of(a)
    parts = [
        say("ui.result.chart.score_words", score=a.score)
        + (say("ui.result.chart.in_band", level=md(band.title), band=level_band_range(band)) if band else "")
        + "."
    ]
    if compare is not None:
        before = _band_of(compare)
        parts.append(
            say("ui.result.chart.original_score", score=compare.score)
            + (say("ui.result.chart.original_level", level=md(before.title)) if before else "")
            + "."
        )
    drivers = sorted((c for c in a.category_scores if c.points), key=lambda c: -c.points)
    if drivers:
        areas = "; ".join(f"{md(c.title)} {c.points}" + _vulnerability_note(c) for c in drivers)
        parts.append(say("ui.result.chart.drivers", areas=areas))
    raised = raised_by(a)
    if raised:
        parts.append(say("ui.result.chart.raised", level=md(a.tool_level_info.title), raised=md(raised)))
    if a.override is not None and a.level != a.tool_level:
        parts.append(say("ui.result.chart.judged", level=md(a.level_info.title)))
    banded = [t for t in a.thresholds if t.band_from is not None]
    parts.append(say("ui.result.chart.colours", tones=md(explain_tones(banded, [t.title for t in banded]))))
    if a.red_flags and not raised:
        parts.append(say("ui.result.chart.red_flags_outside"))
    return " ".join(parts)


def chart(
    a: Assessment, *, compare: Assessment | None = None, big: bool = False, key: str | None = None
) -> None:
    """The score against the local bands, then which areas drive it, then both in words.

    No chart for immediate danger: the only thing to do is call 999.
    """
    if is_emergency(a) and compare is None:
        return
    config = {"displayModeBar": False, "staticPlot": True}
    st.markdown(say("ui.result.chart.where"))
    st.plotly_chart(chart_figure(a, compare=compare, big=big), config=config, key=key)
    if any(c.points for c in a.category_scores) or (
        compare is not None and any(c.points for c in compare.category_scores)
    ):
        st.markdown(say("ui.result.chart.which_areas"))
        st.plotly_chart(
            drivers_figure(a, compare=compare, big=big),
            config=config,
            key=f"{key}_drivers" if key else None,
        )
    st.markdown(chart_words(a, compare))


def recorded_separately(rules: RuleSet, a: Assessment) -> list[tuple[str, str]]:
    """Answers to questions kept for the record only (e.g. the EHC supply decision, Fraser competence):
    shown apart so they are never read as part of the safeguarding outcome."""
    out = []
    for q in rules.questions:
        if q.id in a.answers and q.category and rules.category(q.category).kind == "record":
            out.append((q.text, answer_text(rules, q.id, a.answers[q.id])))
    return out


def separate_answers(rules: RuleSet, a: Assessment) -> None:
    separate = recorded_separately(rules, a)
    if separate:
        with st.container(border=True):
            st.markdown(say("ui.result.separately"))
            st.markdown("\n".join(f"- {md(question)} **{md(answer)}**" for question, answer in separate))


def level_words(levels: Sequence[LevelRef]) -> str:
    return explain_tones(levels, [lv.title for lv in levels])


# ---------------------------------------------------------------- judgement, record details, downloads


def review_date(a: Assessment, today: dt.date) -> None:
    if a.review_days and not is_emergency(a):
        st.markdown(say("ui.result.review_date", date=long_date(today + dt.timedelta(days=a.review_days))))


OVERRIDE_ERROR = "override_error"  # (message, nonce) from the last judgement form that had a problem


def judgement(rules: RuleSet, a: Assessment, draft: Any) -> None:
    """Change the outcome with a written reason; the record keeps both.

    A problem is shown GOV.UK-style: the page puts it in the error summary (from ``OVERRIDE_ERROR``) and
    here, at the field.
    """
    error = st.session_state.get(OVERRIDE_ERROR)
    st.subheader(say("ui.result.judgement"))
    st.markdown(say("ui.result.judgement_intro"))
    levels = {lv.id: lv.title for lv in rules.levels}
    with st.form("override"):
        level = st.selectbox(
            say("ui.result.judgement_outcome"),
            list(levels),
            index=list(levels).index(a.level),
            format_func=select_format(levels),
            key="override_level",
        )
        with st.container(key="question-override-reason"):
            if error:
                anchor("override_reason")
                st.html(
                    f'<p class="dt-field-error"><span class="dt-visually-hidden">{html_text(say("ui.error_prefix"))}'
                    f"</span>{html_text(error[0])}</p>"
                )
            reason = st.text_area(say("ui.result.judgement_reason"), key="override_reason", max_chars=2000)
        submitted = st.form_submit_button(say("ui.result.judgement_record"))
    if submitted:
        st.session_state.pop(OVERRIDE_ERROR, None)
        if level == a.tool_level and not reason.strip():
            draft.override = None
            st.rerun()
        try:
            check_override(rules, Override(level=level, reason=reason))
        except AnswersError:
            message = say("ui.result.judgement_too_short", n=MIN_REASON_CHARS)
            st.session_state[OVERRIDE_ERROR] = (message, f"override-{time.monotonic_ns()}")
        else:
            draft.override = Override(level=level, reason=reason.strip())
        st.rerun()
    if draft.override and st.button(say("ui.result.judgement_remove"), key="clear_override"):
        draft.override = None
        st.rerun()


# Fields that name exploitation: not drawn on a discreet form (the young person may see the screen).
_EXPLOITATION_FIELDS = ("exploitation_models", "danger_statement", "safety_goal")


DETAILS_OPEN = "rd_open"  # "rd_": cleared with the record-detail widgets when a new screening starts


def record_details(
    saved: RecordDetails | None, today: dt.date, *, exploitation: bool = True, register: bool = False
) -> RecordDetails:
    """The details a safeguarding lead needs to file the record; returns what is filled in now.

    Widgets are seeded from ``saved`` (e.g. a record opened again) the first time they are drawn.
    ``exploitation``: also the model of exploitation, the danger statement and the safety goal (not on a
    discreet form). ``register``: this screening can be saved to a case, which keeps these details too.
    """
    st.subheader(say("ui.result.details"))
    st.markdown(say("ui.result.details_intro_register" if register else "ui.result.details_intro"))
    saved = saved or RecordDetails()
    # The fields open when asked for (or when there are details already): the result page then draws
    # quicker, which a pharmacist on a tablet notices, and is shorter on a phone.
    if saved != RecordDetails():
        st.session_state[DETAILS_OPEN] = True
    if not st.session_state.get(DETAILS_OPEN):
        st.markdown(
            say("ui.result.details_closed")
            + (say("ui.result.details_closed_exploitation") if exploitation else ".")
        )
        if st.button(say("ui.result.details_add"), key="rd_add"):
            st.session_state[DETAILS_OPEN] = True
            st.rerun()
        return saved
    values: dict[str, Any] = {}
    for field in DETAIL_LABELS:
        key = f"rd_{field}"
        label = say(f"ui.result.detail.{field}")
        if field in _EXPLOITATION_FIELDS and not exploitation:
            values[field] = getattr(saved, field)  # kept as it was (a record opened again)
            continue
        if field == "exploitation_models":
            values[field] = _model_boxes(label, key, saved.exploitation_models)
            continue
        if key not in st.session_state:
            st.session_state[key] = getattr(saved, field)
        if field == "concern_date":
            values[field] = st.date_input(label, value=None, key=key, max_value=today, format="DD/MM/YYYY")
        elif field in ("consulted", "action_taken", "danger_statement", "safety_goal"):
            values[field] = st.text_area(label, key=key, max_chars=2000, height=90)
        else:
            values[field] = st.text_input(label, key=key, max_chars=200)
    return RecordDetails.model_validate(values)


def _model_boxes(label: str, key: str, saved: tuple[str, ...]) -> tuple[str, ...]:
    """One tick box per model of exploitation, none ticked unless the practitioner ticked it. The boxes
    sit in a question's keyed box with a question's label, so the page script makes them one group named
    by that label, as a fieldset's legend would (static/app.js, describeQuestions)."""
    ticked = []
    with st.container(key=f"question-{key}"):
        st.html(f'<div class="dt-question"><p class="dt-label">{html_text(label)}</p></div>')
        for model_id, model_label in EXPLOITATION_MODELS.items():
            box = f"{key}::{model_id}"
            if box not in st.session_state:
                st.session_state[box] = model_id in saved
            if st.checkbox(model_label, key=box):
                ticked.append(model_id)
    return tuple(ticked)


RECORD_AT_PRESS = "record_at_press"  # AtPress[Record]: the record the result page drew last


def _render(ext: str, record: Record, rules: RuleSet) -> str | bytes:
    if ext == "pdf":
        return record_pdf(record, rules)
    if ext == "md":
        return record_markdown(record, rules)
    if ext == "json":
        return record_json(record)
    return record_ics(record)


def downloads(record: Record, rules: RuleSet) -> None:
    """PDF, Markdown, JSON (to resume) and, when there is a review date, a calendar file.

    Each file holds the record as the page shows it at the moment of the press, a detail typed just
    before included (see ``at_press``): never the page from before.
    """
    st.subheader(say("ui.result.keep"))
    st.markdown(say("ui.result.keep_intro", minutes=IDLE_MINUTES))
    latest = st.session_state.get(RECORD_AT_PRESS)
    if not isinstance(latest, AtPress):
        latest = st.session_state[RECORD_AT_PRESS] = AtPress[Record]()
    seen = latest.drawn(record)
    stem = f"screening-record-{record.created:%Y%m%d-%H%M}"
    formats: list[tuple[str, str, str]] = [
        (say("ui.result.download.pdf"), "pdf", "application/pdf"),
        (say("ui.result.download.md"), "md", "text/markdown"),
        (say("ui.result.download.json"), "json", "application/json"),
    ]
    if record.review_by:
        formats.append(
            (say("ui.result.download.ics", date=long_date(record.review_by)), "ics", "text/calendar")
        )

    def file_at_press(ext: str) -> Callable[[], str | bytes]:
        # Made on a worker thread when pressed, from the record the press's own run draws.
        return lambda: _render(ext, latest.after(seen), rules)

    for col, (label, ext, mime) in zip(st.columns(len(formats)), formats, strict=True):
        col.download_button(
            label,
            data=file_at_press(ext),
            file_name=f"{stem}.{ext}",
            mime=mime,
            on_click=latest.pressed,  # a rerun with the values on screen, which the file waits for
            key=f"dl_{ext}",
            width="stretch",
        )
    if record.review_by:
        st.caption(say("ui.result.calendar_note"))

"""Question widgets, the GOV.UK-style error summary, and the 999 banner.

All text from rules files or users passes through ``md`` (Markdown escaped) or ``html.escape`` before
Streamlit renders it.
"""

from __future__ import annotations

import html
import re
from typing import Any

import streamlit as st

from ..conditions import evaluate
from ..result import FiredRedFlag
from ..schema import Question, RuleSet

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: str) -> str:
    """Text shown literally in Markdown: no formatting, links, HTML, LaTeX or emoji codes."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


_LABEL_SPECIAL = re.compile(r"([\\`*_\[\]$~<>|])")


def label_md(text: str) -> str:
    """A widget label: escape only what formats inline, so the accessible name stays readable."""
    return _LABEL_SPECIAL.sub(r"\\\1", str(text))


def anchor(question_id: str) -> None:
    """A target for the error summary's links (ids are validated: lower-case letters, digits, _)."""
    st.markdown(f'<span id="q-{html.escape(question_id)}"></span>', unsafe_allow_html=True)


def question_problem(q: Question, value: Any) -> str | None:
    """What is wrong with this answer, in words for the field and the error summary; None if fine.

    ``value`` is the widget's raw value (None when nothing is entered).
    """
    if q.kind == "number" and value is not None:
        low, high = q.min, q.max
        if (low is not None and value < low) or (high is not None and value > high):
            what = f"a number of {q.unit}" if q.unit else "a number"
            if low is not None and high is not None:
                return f"Enter {what} from {low} to {high}"
            return f"Enter {what} of {low} or more" if low is not None else f"Enter {what} of {high} or less"
        return None
    if value is None and q.required and q.kind != "text":
        verb = {"number": "Enter a number for", "multi": "Tick at least one answer to"}.get(
            q.kind, "Select an answer to"
        )
        return f"{verb}: {q.text}"
    return None


def render_question(q: Question, key: str, saved: Any, *, error: str = "") -> tuple[Any, Any]:
    """Draw one question seeded from ``saved``, GOV.UK order: label, hint, error, then the answers.

    Returns (canonical answer or None, the widget's raw value). ``error``: the message to show at the
    field (the error summary links here).
    """
    _seed_widgets(q, key, saved)
    # A keyed container gets the CSS class st-key-question-...: the page script finds the field by it.
    box = st.container(key="question-" + re.sub(r"[^A-Za-z0-9_-]", "-", key))
    with box:
        if error:
            anchor(q.id)
        hint = f'<p class="dt-hint">{html_text(q.help)}</p>' if q.help else ""
        problem = (
            f'<p class="dt-field-error"><span class="dt-visually-hidden">Error: </span>{html_text(error)}</p>'
            if error
            else ""
        )
        st.html(
            f'<div class="dt-question{" dt-question-error" if error else ""}">'
            f'<p class="dt-label">{html_text(q.text)}</p>{hint}{problem}</div>'
        )
        label = label_md(q.text)
        raw: Any
        if q.kind in ("yes_no", "single"):
            labels = {o.id: o.label for o in q.choices}
            raw = st.radio(
                label,
                list(labels),
                key=key,
                format_func=labels.__getitem__,
                horizontal=q.kind == "yes_no",
                label_visibility="collapsed",
            )
            return raw, raw
        if q.kind == "multi":
            chosen = [o.id for o in q.choices if st.checkbox(label_md(o.label), key=f"{key}::{o.id}")]
            return chosen, chosen
        if q.kind == "number":
            number = st.number_input(
                label, step=1, key=key, placeholder=q.unit or None, label_visibility="collapsed"
            )
            raw = int(number) if number is not None else None
            return (None if question_problem(q, raw) else raw), raw
        text = st.text_area(label, key=key, max_chars=2000, height=100, label_visibility="collapsed")
        return (text.strip() or None), text


def html_text(text: str) -> str:
    """Text from rules or users inside HTML: shown literally."""
    return html.escape(str(text))


def render_questions(
    rules: RuleSet,
    only: set[str],
    answers: dict[str, Any],
    key_prefix: str,
    errors: dict[str, str] | None = None,
) -> list[tuple[Question, Any]]:
    """Draw the questions in ``only`` that are shown, updating ``answers`` in place.

    Walks every question in order so ``show_if`` sees exactly what the engine will: earlier, visible
    answers. Returns the questions drawn, each with the widget's raw value (to check on Continue).
    ``errors``: messages by question id, shown at the field.
    """
    kept: dict[str, Any] = {}
    drawn = []
    for q in rules.questions:
        shown = q.show_if is None or evaluate(q.show_if, kept)
        if q.id in only and shown:
            value, raw = render_question(
                q, f"{key_prefix}{q.id}", answers.get(q.id), error=(errors or {}).get(q.id, "")
            )
            if value is None:
                answers.pop(q.id, None)
            else:
                answers[q.id] = value
            drawn.append((q, raw))
        if shown and q.id in answers:
            kept[q.id] = answers[q.id]
    return drawn


def _seed_widgets(q: Question, key: str, saved: Any) -> None:
    if q.kind == "multi":
        for o in q.choices:
            if f"{key}::{o.id}" not in st.session_state:
                st.session_state[f"{key}::{o.id}"] = o.id in (saved or [])
    elif key not in st.session_state:
        st.session_state[key] = (saved or "") if q.kind == "text" else saved


def error_summary(
    errors: list[tuple[str, str]], nonce: int | str = 0, hrefs: dict[str, str] | None = None
) -> None:
    """GOV.UK pattern: 'There is a problem', then one link per problem that moves focus to its field.

    The page script (see ``furniture.py``) moves focus here each time ``nonce`` changes (after each
    Continue that finds problems), not while the user answers. ``hrefs``: links to another page (already
    escaped), by question id, for fields not on this page.
    """
    hrefs = hrefs or {}
    links = "".join(
        f'<li><a href="{hrefs.get(qid) or "#q-" + html.escape(qid)}">{html_text(msg)}</a></li>'
        for qid, msg in errors
    )
    st.html(
        f'<div class="dt-error-summary" tabindex="-1" data-dt-nonce="{html.escape(str(nonce))}">'
        f'<div role="alert"><h2 class="dt-error-summary-title">There is a problem</h2>'
        f'<ul class="dt-error-summary-list">{links}</ul></div></div>'
    )


def emergency_banner(flags: list[FiredRedFlag]) -> None:
    reasons = " ".join(md(f.reason) for f in flags)
    st.error(
        f"### Call 999 now\n{reasons} Call 999 and say a child is in immediate danger. "
        "Stay with them if it is safe to. Then tell your safeguarding lead.",
        icon=":material/emergency:",
    )


def choose_questionnaire(rule_sets: dict[str, RuleSet], key: str) -> str:
    """A questionnaire picker by title; returns the chosen id."""
    return str(
        st.selectbox("Questionnaire", list(rule_sets), format_func=lambda r: rule_sets[r].title, key=key)
    )


def always_999() -> None:
    st.markdown(
        "**If a child is in immediate danger, call 999.** "
        "This tool supports your professional judgement; it does not replace it.",
    )

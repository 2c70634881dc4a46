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


def render_question(q: Question, key: str, saved: Any, *, linked: bool = False) -> Any:
    """Draw one question seeded from ``saved``; return its canonical answer, or None if unanswered.

    ``linked``: the error summary links here, so draw the anchor it points to.
    """
    if key not in st.session_state:
        st.session_state[key] = _seed(q, saved)
    label = label_md(q.text)
    if linked:
        anchor(q.id)
    value: Any
    if q.kind in ("yes_no", "single"):
        labels = {o.id: o.label for o in q.choices}
        value = st.radio(
            label, list(labels), key=key, format_func=labels.__getitem__, horizontal=q.kind == "yes_no"
        )
    elif q.kind == "multi":
        labels = {o.id: o.label for o in q.choices}
        chosen = st.multiselect(
            label, list(labels), key=key, format_func=labels.__getitem__, placeholder="Choose any that apply"
        )
        value = [o for o in labels if o in chosen]
    elif q.kind == "number":
        number = st.number_input(
            label, min_value=q.min, max_value=q.max, step=1, key=key, placeholder=q.unit or None
        )
        value = int(number) if number is not None else None
    else:
        text = st.text_area(label, key=key, max_chars=2000, height=100)
        value = text.strip() or None
    if q.help:
        st.caption(md(q.help))
    return value


def render_questions(
    rules: RuleSet,
    only: set[str],
    answers: dict[str, Any],
    key_prefix: str,
    linked: frozenset[str] = frozenset(),
) -> list[Question]:
    """Draw the questions in ``only`` that are shown, updating ``answers`` in place.

    Walks every question in order so ``show_if`` sees exactly what the engine will: earlier, visible
    answers. Returns the questions drawn.
    """
    kept: dict[str, Any] = {}
    drawn = []
    for q in rules.questions:
        shown = q.show_if is None or evaluate(q.show_if, kept)
        if q.id in only and shown:
            value = render_question(q, f"{key_prefix}{q.id}", answers.get(q.id), linked=q.id in linked)
            if value is None:
                answers.pop(q.id, None)
            else:
                answers[q.id] = value
            drawn.append(q)
        if shown and q.id in answers:
            kept[q.id] = answers[q.id]
    return drawn


def _seed(q: Question, saved: Any) -> Any:
    if q.kind == "multi":
        return list(saved or [])
    if q.kind == "text":
        return saved or ""
    return saved


def error_summary(errors: list[tuple[str, str]]) -> None:
    """GOV.UK pattern: 'There is a problem', then one link per question to fix."""
    links = "\n".join(f"- [{md(message)}](#q-{qid})" for qid, message in errors)
    st.error(f"**There is a problem**\n\n{links}", icon=":material/error:")


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

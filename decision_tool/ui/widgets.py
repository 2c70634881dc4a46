"""Question widgets, the GOV.UK-style error summary, the 999 banner, and the helpers that keep text inert.

**Every text from a rules file or a user is shown as text, never as markup.** Streamlit renders
Markdown in far more places than ``st.markdown``; use the helper that fits where the text goes:

- ``md(text)``: block Markdown. For ``st.markdown``, ``st.error``/``warning``/``info``/``success``,
  ``st.caption``, ``st.title``/``header``/``subheader`` and ``help=`` tooltips. Bare web and e-mail
  addresses are kept from becoming links.
- ``label_md(text)``: inline Markdown. For widget labels, ``st.button``, ``st.tabs``, ``st.expander``,
  ``st.metric`` (label **and** value) and ``st.radio`` captions.
- ``radio_format(labels)``: the ``format_func`` for ``st.radio``, whose options are Markdown
  (``labels`` maps each option to its text).
- ``select_format(labels)``: the ``format_func`` for ``st.selectbox`` / ``st.multiselect``, whose options
  are plain text (escapes would show as backslashes).
- ``plain(text)``: ``st.dataframe`` cells, ``st.text``, placeholders: control characters removed.
- ``chart_text(text)``: Plotly titles, legends, annotations and hover text, which read a little HTML
  (``<a href>``, ``<b>``, ``<br>``): HTML-escaped.
- GOV.UK components (summary list, error summary, links, tag): ``markup.component``, from autoescaped
  templates in ``templates/``.
- ``html_text(text)``: text inside other fixed markup for ``st.html``.
- ``unsafe_allow_html=True``: only for fixed markup; any text inside it through ``html.escape``.

The escaping itself lives in ``decision_tool/text.py`` (no Streamlit there), shared with the Markdown
record and the CLI. ``tests/test_inert_text.py`` and ``tests/browser/test_injection.py`` check it.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from ..errors import UserError
from ..rules.conditions import evaluate
from ..rules.schema import Question, RuleSet
from ..screening.result import FiredRedFlag
from ..text import clip, inline_escape, md_escape, no_controls
from ..wording.messages import say
from .markup import Markup, component


def md(text: Any) -> str:
    """Text shown literally in (block) Markdown: no formatting, links, HTML, LaTeX or emoji codes."""
    return md_escape(text)


def label_md(text: Any) -> str:
    """A widget label, button, tab, expander, metric or radio option: inline Markdown escaped."""
    return inline_escape(text)


def plain(text: Any) -> str:
    """For places that show plain text (tables, selectbox options): control characters removed."""
    return no_controls(str(text))


def chart_text(text: Any) -> str:
    """For Plotly labels, which read a little HTML (links, bold, line breaks): ``<``, ``>`` and ``&``
    escaped, so no tag forms. Quotes stay as they are: Plotly does not turn ``&quot;`` back into one, so
    the model 'Inappropriate relationship / "boyfriend"' read '&quot;boyfriend&quot;' on the trends."""
    return html.escape(no_controls(str(text), keep_newlines=False), quote=False)


def radio_format(labels: Mapping[Any, Any]) -> Callable[[Hashable], str]:
    """``format_func`` for ``st.radio`` (its options are Markdown): option -> escaped label."""
    return lambda option: label_md(labels[option])


def select_format(labels: Mapping[Any, Any]) -> Callable[[Hashable], str]:
    """``format_func`` for ``st.selectbox`` / ``st.multiselect`` (plain-text options)."""
    return lambda option: plain(labels[option])


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
            what = say("ui.question.a_number_of", unit=q.unit) if q.unit else say("ui.question.a_number")
            if low is not None and high is not None:
                return say("ui.question.from_to", what=what, low=low, high=high)
            if low is not None:
                return say("ui.question.or_more", what=what, low=low)
            return say("ui.question.or_less", what=what, high=high)
        return None
    if value is None and q.required and q.kind != "text":
        key = {"number": "ui.question.enter_number", "multi": "ui.question.tick_one"}.get(
            q.kind, "ui.question.select_one"
        )
        return say(key, question=q.text)
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
            '<p class="dt-field-error"><span class="dt-visually-hidden">'
            f"{html_text(say('ui.error_prefix'))}</span>{html_text(error)}</p>"
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
                format_func=radio_format(labels),
                horizontal=q.kind == "yes_no",
                label_visibility="collapsed",
            )
            return raw, raw
        if q.kind == "multi":
            chosen = [o.id for o in q.choices if st.checkbox(label_md(o.label), key=f"{key}::{o.id}")]
            return chosen, chosen
        if q.kind == "number":
            number = st.number_input(
                label, step=1, key=key, placeholder=plain(q.unit) or None, label_visibility="collapsed"
            )
            raw = int(number) if number is not None else None
            return (None if question_problem(q, raw) else raw), raw
        text = st.text_area(label, key=key, max_chars=2000, height=100, label_visibility="collapsed")
        return (text.strip() or None), text


def user_error(exc: UserError) -> None:
    """A problem the user can act on, in plain words: its title, then each problem; never a traceback."""
    problems = [md(str(p)) for p in exc.problems]
    if len(problems) == 1:
        st.error(say("ui.error.title", title=md(exc.title), problem=problems[0]))
    else:
        st.error(say("ui.error.titled_list", title=md(exc.title)) + "\n".join(f"- {p}" for p in problems))


def summary_list(rows: list[dict[str, Any]]) -> Markup:
    """A GOV.UK summary list (``templates/govuk.html``) of rows made by ``summary_row``."""
    return component("summary_list", {"rows": rows})


def summary_row(key: str, value: str | Markup, actions: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """One row: ``key`` is text; ``value`` is text, or a ``Markup`` from a component; ``actions``: links
    (``{"href", "text", "visually_hidden_text"}``)."""
    shown = {"html": value} if isinstance(value, Markup) else {"text": value}
    return {"key": {"text": key}, "value": shown, "actions": list(actions)}


def html_text(text: Any) -> str:
    """Text from rules or users inside ``st.html`` markup: HTML-escaped, control characters removed."""
    return html.escape(no_controls(str(text)))


_LONG_WORD = re.compile(r"\S{19,}")


def reflowing_table(rows: list[dict[str, Any]]) -> None:
    """A table that never scrolls sideways: cells wrap, and on a narrow screen each row becomes a block of
    "heading, value" lines (style in ``static/app.css``, ``.dt-table``). The first column heads its row.

    Roles are written out, so screen readers keep the table even where the narrow layout changes how its
    parts are displayed; the repeated headings in each cell are for sight only (``aria-hidden``).
    """
    if not rows:
        return
    heads = list(rows[0])

    def cell(index: int, head: str, value: Any) -> str:
        text = html_text(value)
        tag, role = ("th", "rowheader") if index == 0 else ("td", "cell")
        attrs = f' scope="row" role="{role}"' if index == 0 else f' role="{role}"'
        if _LONG_WORD.search(text):  # an id or an address: may break anywhere rather than overflow
            attrs += ' class="dt-break"'
        label = f'<span class="dt-cell-label" aria-hidden="true">{html_text(head)}</span>' if index else ""
        return f"<{tag}{attrs}>{label}{text}</{tag}>"

    head_row = "".join(f'<th scope="col" role="columnheader">{html_text(h)}</th>' for h in heads)
    body = "".join(
        '<tr role="row">' + "".join(cell(i, h, row.get(h, "")) for i, h in enumerate(heads)) + "</tr>"
        for row in rows
    )
    st.html(
        f'<table class="dt-table" role="table"><thead role="rowgroup"><tr role="row">{head_row}</tr></thead>'
        f'<tbody role="rowgroup">{body}</tbody></table>'
    )


def render_questions(
    rules: RuleSet,
    only: set[str],
    answers: dict[str, Any],
    key_prefix: str,
    errors: dict[str, str] | None = None,
    typed: dict[str, Any] | None = None,
) -> list[tuple[Question, Any]]:
    """Draw the questions in ``only`` that are shown, updating ``answers`` in place.

    Walks every question in order so ``show_if`` sees exactly what the engine will: earlier, visible
    answers. Returns the questions drawn, each with the widget's raw value (to check on Continue).
    ``errors``: messages by question id, shown at the field. ``typed``: updated in place with what was
    typed but is not an answer (a number out of range), so the field can show it again after a reload;
    it never goes into ``answers``.
    """
    kept: dict[str, Any] = {}
    drawn = []
    for q in rules.questions:
        shown = q.show_if is None or evaluate(q.show_if, kept)
        if q.id in only and shown:
            saved = answers.get(q.id, (typed or {}).get(q.id))
            value, raw = render_question(q, f"{key_prefix}{q.id}", saved, error=(errors or {}).get(q.id, ""))
            if value is None:
                answers.pop(q.id, None)
            else:
                answers[q.id] = value
            if typed is not None:
                if value is None and raw is not None and q.kind == "number":
                    typed[q.id] = raw
                else:
                    typed.pop(q.id, None)
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

    The page script (``static/app.js``) moves focus here each time ``nonce`` changes (after each
    Continue that finds problems), not while the user answers. ``hrefs``: links to another page, by
    question id, for fields not on this page.
    """
    hrefs = hrefs or {}
    links = [{"href": hrefs.get(qid) or f"#q-{qid}", "text": msg, "nav": qid in hrefs} for qid, msg in errors]
    params = {"title": say("ui.error_summary"), "nonce": nonce, "errors": links}
    st.html(component("error_summary", params))


def emergency_banner(flags: list[FiredRedFlag]) -> None:
    reasons = " ".join(md(f.reason) for f in flags)
    st.error(say("ui.emergency_banner", reasons=reasons), icon=":material/emergency:")


# The form chosen until the practitioner picks another (the forms are listed by file name).
DEFAULT_FORM = "dsl"


def default_form_index(form_ids: list[str]) -> int:
    return form_ids.index(DEFAULT_FORM) if DEFAULT_FORM in form_ids else 0


def choose_questionnaire(rule_sets: dict[str, RuleSet], key: str) -> str:
    """A questionnaire picker by title; returns the chosen id."""
    return str(
        st.selectbox(
            say("ui.questionnaire"),
            list(rule_sets),
            index=default_form_index(list(rule_sets)),
            format_func=select_format({rid: r.title for rid, r in rule_sets.items()}),
            key=key,
        )
    )


def relative_file(file: str, root: Path) -> str:
    """A rules file's path relative to the rules folder (visitors never see server paths)."""
    if not file:
        return file
    path = Path(file)
    for base in (root, root.resolve()):
        with contextlib.suppress(ValueError, OSError):
            return path.relative_to(base).as_posix() or "."
    with contextlib.suppress(ValueError, OSError):
        return path.resolve().relative_to(root.resolve()).as_posix() or "."
    return path.name  # a file outside the folder (not expected): its name only


def rules_error(exc: UserError, root: Path) -> None:
    """A broken rules folder: every problem (file relative to the folder, line, place, fix), no traceback."""
    problems = [replace(p, file=relative_file(p.file, root)) for p in exc.problems]
    st.error(
        say("ui.rules_error", title=md(exc.title), folder=md(root.name))
        + "\n".join(f"- {md(clip(str(p), 600))}" for p in problems[:100])
        + (say("ui.rules_error_more", n=len(problems) - 100) if len(problems) > 100 else "")
    )

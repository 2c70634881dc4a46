"""Per-session state: the practitioner's draft lives in ``st.session_state`` and nowhere else.

Streamlit drops the state of widgets that are not drawn, so answers are copied into a plain ``Draft``
after every widget, and widgets are seeded from it when drawn again (after Back, a page switch or an
error). Nothing here is shared between sessions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ..catalog import Catalog, default_rules_dir, load_catalog
from ..result import Override

DRAFT = "draft"


@dataclass
class Draft:
    form_id: str
    locality_id: str
    answers: dict[str, Any] = field(default_factory=dict)
    step: int = 0
    override: Override | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (question id, message) to show once
    notice: str = ""  # one-off message shown on the next page (e.g. answers dropped on re-score)
    prefilled_from: str = ""  # "screen again": the earlier record the answers came from, to confirm
    case_code: str = ""  # register on: the case this screening is for
    corrects_id: int | None = None  # register on: the saved screening this one corrects


def catalog() -> Catalog:
    """The rules, loaded and checked once per server: frozen, so safe to share between sessions."""
    return _catalog(str(default_rules_dir()))


@st.cache_resource(show_spinner=False)
def _catalog(rules_dir: str) -> Catalog:
    return load_catalog(rules_dir)


def get_draft() -> Draft | None:
    draft = st.session_state.get(DRAFT)
    return draft if isinstance(draft, Draft) else None


def require_draft() -> Draft:
    """The draft, or a pointer to the Start page (and stop) when there is none yet."""
    draft = get_draft()
    if draft is None:
        st.info("Choose a form on the Start page first.")
        st.page_link("pages/start.py", label="Go to Start")
        st.stop()
    return draft


def start_draft(
    form_id: str, locality_id: str, answers: dict[str, Any] | None = None, override: Override | None = None
) -> Draft:
    clear_widgets()
    draft = Draft(form_id=form_id, locality_id=locality_id, answers=dict(answers or {}), override=override)
    st.session_state[DRAFT] = draft
    return draft


def clear_widgets() -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("q::")]:
        del st.session_state[key]


def widget_key(form_id: str, question_id: str) -> str:
    return f"q::{form_id}::{question_id}"


def today() -> dt.date:
    return dt.date.today()

"""The panel pages' way into the register: the settings, one shared service, and who is signed in.

The register's sign-in keeps the signed-in ``Actor`` in ``st.session_state``; the pages read it here and
pass it to every service call, which checks the role again (hiding a page is never the only check).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

import streamlit as st

from ..errors import UserError
from ..register.auth import Actor
from ..register.models import utc_now
from ..register.panel import Panel
from ..register.service import Register
from ..register.settings import RegisterSettings, load_settings
from .widgets import md

ACTOR = "register_actor"
PANEL_ROLES = ("panel", "trainer")
MISSING_ROLES = ("practitioner", "panel", "trainer")
# Workshops and tests can stop the clock (e.g. to show an interview going overdue); the pages say so.
FIXED_CLOCK = "DECISION_TOOL_FIXED_CLOCK"


def _secrets() -> Mapping[str, Any] | None:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets file: the environment alone decides
        return None


def register_settings() -> RegisterSettings | None:
    return load_settings(os.environ, _secrets())


def fixed_clock() -> dt.datetime | None:
    raw = os.environ.get(FIXED_CLOCK, "").strip()
    if not raw:
        return None
    value = dt.datetime.fromisoformat(raw)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@st.cache_resource(show_spinner=False)
def _panel(database_url: str, frozen: dt.datetime | None, _settings: RegisterSettings) -> Panel:
    settings = _settings  # one service per database (and per fixed clock), shared by every session
    clock = (lambda: frozen) if frozen is not None else utc_now
    return Panel(Register.open(settings, clock=clock))


def shared_panel() -> Panel:
    settings = register_settings()
    if settings is None:
        st.info("The register is not turned on here, so there are no panel pages.")
        st.stop()
    return _panel(settings.database_url, fixed_clock(), settings)


def signed_in_actor() -> Actor | None:
    actor = st.session_state.get(ACTOR)
    return actor if isinstance(actor, Actor) else None


def require_actor(roles: tuple[str, ...], what: str) -> Actor:
    """The signed-in actor if their role may open this page; otherwise say so and stop."""
    actor = signed_in_actor()
    if actor is None:
        st.warning("Sign in to the register first.")
        st.stop()
    if actor.role not in roles:
        st.error(f"**You cannot open this page**\n\n{md(what)}")
        st.stop()
    if fixed_clock() is not None:
        st.caption(f"The clock is fixed at {fixed_clock():%d %B %Y %H:%M} UTC (a workshop or test setting).")
    return actor


def show_error(exc: UserError) -> None:
    st.error(f"**{md(exc.title)}**\n\n" + "\n".join(f"- {md(str(p))}" for p in exc.problems))


def panel_pages() -> list[Any]:
    """The panel's pages for the signed-in actor's role; none when the register is off or nobody is in.

    Leaving a page out of the navigation also makes its URL lead nowhere; each page and every service
    call check the role again all the same.
    """
    try:
        on = register_settings() is not None
    except UserError:
        on = False  # the register's own start-up check reports a broken setting
    actor = signed_in_actor()
    if not on or actor is None:
        return []
    pages = []
    if actor.role in PANEL_ROLES:
        pages += [
            st.Page("pages/panel_list.py", title="Panel list", url_path="panel"),
            st.Page("pages/panel_trends.py", title="Panel trends", url_path="panel-trends"),
            st.Page("pages/panel_case.py", title="Panel case", url_path="panel-case", visibility="hidden"),
        ]
    if actor.role in MISSING_ROLES:
        pages.append(
            st.Page("pages/missing_episodes.py", title="Missing episodes", url_path="missing-episodes")
        )
    return pages

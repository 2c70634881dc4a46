"""The panel pages' way into the register: the settings, one shared service, and who is signed in.

The register's sign-in (``register_state``) keeps the signed-in ``Actor`` in ``st.session_state``; the
pages read it here and pass it to every service call, which checks the role again (hiding a page is never the only check).
"""

from __future__ import annotations

import datetime as dt
import os
import threading

import streamlit as st

from ..register import policy
from ..register.auth import Actor
from ..register.panel import Panel
from ..register.service import Register
from ..wording.dates import long_time
from ..wording.messages import say
from . import register_state
from .widgets import md

# Workshops and tests can stop the clock (e.g. to show an interview going overdue); the pages say so.
FIXED_CLOCK = "DECISION_TOOL_FIXED_CLOCK"


def fixed_clock() -> dt.datetime | None:
    raw = os.environ.get(FIXED_CLOCK, "").strip()
    if not raw:
        return None
    value = dt.datetime.fromisoformat(raw)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@st.cache_resource(show_spinner=False)
def _panel_with_clock(database_url: str, frozen: dt.datetime) -> Panel:
    settings = register_state.settings()
    assert settings is not None and settings.database_url == database_url
    return Panel(Register.open(settings, clock=lambda: frozen))


def shared_panel() -> Panel:
    """The panel service over the app's one shared register (or, with the clock fixed, its own)."""
    settings = register_state.settings()
    if settings is None:
        st.info(say("ui.panel.register_off"))
        st.stop()
    return _shared(settings.database_url)


def _shared(database_url: str) -> Panel:
    frozen = fixed_clock()
    if frozen is not None:
        return _panel_with_clock(database_url, frozen)
    return _panel(database_url)


def read_ahead() -> None:
    """With the register on: once per server, at its first page, read what the panel's list and trends
    keep in the background (``Panel.read_ahead``), so that the panel's first visitor after a start does
    not wait for it (a region's register: seconds)."""
    settings = register_state.settings()
    if settings is not None:
        _read_ahead(settings.database_url, fixed_clock())


@st.cache_resource(show_spinner=False)
def _read_ahead(database_url: str, frozen: dt.datetime | None) -> threading.Thread:
    return _shared(database_url).read_ahead_in_background()


@st.cache_resource(show_spinner=False)
def _panel(database_url: str) -> Panel:
    # One Panel per server, beside the one Register: its list and trend caches then outlive a rerun.
    register = register_state.register()
    assert register.settings.database_url == database_url
    return Panel(register)


def signed_in_actor() -> Actor | None:
    return register_state.actor()


def require_actor(action: str, what: str) -> Actor:
    """The signed-in actor if the policy lets them do this page's action; otherwise audit, say so, stop."""
    actor = signed_in_actor()
    if actor is None:
        st.warning(say("ui.panel.sign_in"))
        st.stop()
    if not policy.allows(actor, action):
        asked = str(st.query_params.get("case") or "").strip().upper()[:20] or None
        register_state.register().refuse(actor, action, asked)
        st.error(say("ui.refused.page", why=md(what)))
        st.stop()
    fixed = fixed_clock()
    if fixed is not None:
        st.caption(say("ui.panel.fixed_clock", time=long_time(fixed)))
    return actor

"""Page furniture shared by every page: the service name, the page title, the footer, the style sheet and
the small page script (focus, scrolling, error-summary links, a guard against repeated clicks).

The script and style sheet are fixed text (no rules or user text in them), kept in ``static/`` and read
once per process; they load nothing from outside.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from ..text import no_controls
from ..wording.messages import say
from .markup import Markup, component

SERVICE_NAME = say("ui.service_name")
# On every page, before anything else the page says.
CALL_999 = say("ui.call_999")
_STATIC = Path(__file__).with_name("static")


@cache
def static_text(name: str) -> str:
    """A file from ``static/`` (fixed CSS or JavaScript), read once per process."""
    return (_STATIC / name).read_text(encoding="utf-8")


@cache
def page_assets() -> str:
    """The style sheet and page script as one piece of markup."""
    css, script = static_text("app.css"), static_text("app.js")
    return f'<style>\n{css}</style>\n<script id="decision-tool-page-script">\n{script}</script>\n'


def page_title(title: str, *, error: bool = False) -> None:
    """The browser tab's title: 'Error: ' first when the page shows an error summary (GOV.UK)."""
    key = "ui.tab_title_error" if error else "ui.tab_title"
    st.set_page_config(page_title=say(key, title=title, service=SERVICE_NAME))


def service_name(form_title: str = "") -> None:
    """Under the service name (see ``page_top``): the form's (neutral) title, when there is one."""
    if form_title:
        st.html(f'<p class="dt-form-title">{html.escape(form_title)}</p>')


def marker_html(name: str) -> Markup:
    """Tells the page script which screen this is: when it changes, scroll to the top (after Continue)."""
    return component("marker", name)


def page_heading(title: str, marker: str) -> None:
    """A page's main heading (h1), with its screen marker, as one element."""
    st.html(marker_html(marker) + Markup('<h1 class="dt-page-title">{}</h1>').format(no_controls(title)))


def page_marker(name: str) -> None:
    """The screen marker alone, for a page whose heading is drawn by Streamlit."""
    st.html(marker_html(name))


def _links(items: Sequence[tuple[str, str, bool]]) -> list[dict[str, Any]]:
    """Links for (address, text, is the current page). ``data-dt-nav``: the page script moves within the
    app (no reload, so the session and its screening stay); without the script the link still opens the
    page. Addresses are relative, so a server under a path prefix works too."""
    return [{"href": href, "text": text, "current": current} for href, text, current in items]


def _href(url_path: str) -> str:
    return url_path or "./"


def page_top(pages: Sequence[Any], current: Any, binding: str = "") -> None:
    """Every page's top, as one element: the style sheet and page script, then (GOV.UK service
    navigation) the service name and the pages not hidden as plain links, the current one marked; then
    what to do if a child is in immediate danger.

    One HTML element instead of Streamlit's own navigation bar and three elements of ours: every page
    load draws noticeably quicker in the browser (see ``bench/bench_app.py``).
    """
    items = [
        (_href(p.url_path), p.title, p.url_path == current.url_path)
        for p in pages
        if p.visibility != "hidden"
    ]
    nav = component(
        "service_navigation",
        {"service_name": SERVICE_NAME, "menu_label": say("ui.menu"), "navigation": _links(items)},
    )
    st.html(
        # ``binding``: the draft's browser key for the page script (``state.browser_binding``, escaped).
        Markup(page_assets()) + Markup(binding) + nav + Markup(f'<p class="dt-999">{CALL_999}</p>'),
        unsafe_allow_javascript=True,
    )


def back_link(href: str, text: str = "") -> None:
    """A GOV.UK back link, moving within the app (``text``: "Back" unless given)."""
    st.html(component("back_link", {"href": href, "text": text or say("ui.back")}))


def other_ways() -> None:
    """The Start page's other ways in, as links to their own pages (one element, quick to draw)."""
    items = [
        ("open-record", say("ui.other_ways.open_record"), False),
        ("earlier-records", say("ui.other_ways.earlier_records"), False),
    ]
    st.html(
        Markup('<h2 class="dt-section-title">{}</h2><div class="dt-other-ways">').format(
            say("ui.other_ways.heading")
        )
        + component("link_list", _links(items))
        + Markup("</div>")
    )


def footer() -> None:
    """Every page: links to the accessibility statement and the privacy notice."""
    items = [
        ("accessibility", say("ui.footer.accessibility"), False),
        ("privacy", say("ui.footer.privacy"), False),
    ]
    st.html(Markup('<div class="dt-footer">') + component("link_list", _links(items)) + Markup("</div>"))

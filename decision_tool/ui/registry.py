"""Every page of the app in one list: its file, title, address, who may open it and where it shows.

``streamlit_app.py`` builds the navigation from it, the menu shows the entries with ``menu=True``, the
register's sign-in gate asks it which addresses exist, and the browser tests take their list of pages from
it. Who may open a page is one question, ``may_open``, answered by the register's access policy
(``register/policy.py``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Literal

from ..register import policy
from ..register.auth import Actor
from ..wording.messages import say


@dataclass(frozen=True, slots=True)
class PageEntry:
    file: str
    title: str
    # The address; must differ from the file's name (else Streamlit's legacy pages/ mode takes over a
    # direct link). "" for the default page.
    url_path: str
    # The register policy's action the page needs (a signed-in actor it allows); None: anyone who may use
    # the tool (behind sign-in when the register is on).
    action: str | None = None
    menu: bool = False  # in the menu at the top; other pages are reached by links
    register: Literal["any", "on"] = "any"  # "on": only exists while the register is turned on
    before_sign_in: bool = False  # open with the register on before anyone signs in (footer pages)

    @property
    def address(self) -> str:
        """The page's address relative to the app's root, as the browser tests open it."""
        return f"/{self.url_path}" if self.url_path else ""


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/start.py", say("ui.page.start"), "", menu=True),
    # The pharmacy's own way in: the young person may see the screen, so this page and every page after
    # it (questions, check, result, record) use neutral words; see ``start_page``.
    PageEntry("pages/consultation.py", say("ui.page.consultation"), "pharmacy"),
    PageEntry("pages/questions.py", say("ui.page.questions"), "screening"),
    PageEntry("pages/check.py", say("ui.page.check"), "check-answers"),
    PageEntry("pages/result.py", say("ui.page.result"), "outcome"),
    PageEntry("pages/open_record.py", say("ui.page.open_record"), "open-record"),
    PageEntry("pages/earlier_records.py", say("ui.page.earlier_records"), "earlier-records"),
    PageEntry("pages/training.py", say("ui.page.training"), "workshop", menu=True),
    PageEntry("pages/rules.py", say("ui.page.rules"), "rulebook", menu=True),
    # Aggregates only (generated profiles, never a case): open to all with the register off.
    PageEntry(
        "pages/consistency.py", say("ui.page.consistency"), "consistency", "view_consistency", menu=True
    ),
    PageEntry(
        "pages/register_cases.py",
        say("ui.page.register_cases"),
        "cases",
        "list_cases",
        menu=True,
        register="on",
    ),
    PageEntry("pages/register_case.py", say("ui.page.register_case"), "case", "list_cases", register="on"),
    PageEntry(
        "pages/register_audit.py",
        say("ui.page.register_audit"),
        "audit",
        "view_audit",
        menu=True,
        register="on",
    ),
    PageEntry(
        "pages/panel_list.py", say("ui.page.panel_list"), "panel", "view_panel_list", menu=True, register="on"
    ),
    PageEntry(
        "pages/panel_trends.py",
        say("ui.page.panel_trends"),
        "panel-trends",
        "view_panel_list",
        menu=True,
        register="on",
    ),
    PageEntry(
        "pages/panel_case.py", say("ui.page.panel_case"), "panel-case", "view_panel_case", register="on"
    ),
    PageEntry(
        "pages/missing_episodes.py",
        say("ui.page.missing_episodes"),
        "missing-episodes",
        "view_missing_episodes",
        menu=True,
        register="on",
    ),
    PageEntry(
        "pages/settings_impact.py",
        say("ui.page.settings_impact"),
        "settings-impact",
        "view_settings_impact",
        menu=True,
        register="on",
    ),
    PageEntry("pages/accessibility.py", say("ui.page.accessibility"), "accessibility", before_sign_in=True),
    PageEntry("pages/privacy.py", say("ui.page.privacy"), "privacy", before_sign_in=True),
)


# The operator's setting for a pharmacy tablet: DECISION_TOOL_START_PAGE=pharmacy makes the tool's root
# address open the pharmacy's consultation page (and the menu's first link point there).
START_PAGE = "DECISION_TOOL_START_PAGE"
START_FILE = "pages/start.py"
PHARMACY_FILE = "pages/consultation.py"


def pharmacy_default() -> bool:
    """Whether the operator made the pharmacy's consultation page the tool's first page."""
    return os.environ.get(START_PAGE, "").strip().lower() == "pharmacy"


def start_page(discreet: bool = False) -> str:
    """The page a screening starts from (and Back from its first step, or "Start a new screening",
    returns to): the pharmacy's for a discreet form or on a pharmacy tablet, else Start."""
    return PHARMACY_FILE if discreet or pharmacy_default() else START_FILE


def may_open(entry: PageEntry, actor: Actor | None) -> bool:
    """Whether this actor may open this page (``actor`` None: nobody signed in, or the register is off)."""
    if entry.action is None:
        return True
    return actor is not None and policy.allows(actor, entry.action)


def entries_for(register_on: bool, actor: Actor | None) -> list[PageEntry]:
    """The pages this visitor has, in menu order. With the register on and nobody signed in: only the
    pages open before sign-in (the gate puts its sign-in form at every other address)."""
    if not register_on:
        return [e for e in PAGES if e.register == "any"]
    if actor is None:
        return [e for e in PAGES if e.before_sign_in]
    return [e for e in PAGES if may_open(e, actor)]


def in_menu(entry: PageEntry) -> bool:
    """On a pharmacy tablet the menu's first link is the consultation page instead of Start."""
    if pharmacy_default() and entry.file in (START_FILE, PHARMACY_FILE):
        return entry.file == PHARMACY_FILE
    return entry.menu


def st_page(entry: PageEntry) -> Any:
    """The ``st.Page`` for an entry."""
    import streamlit as st

    return st.Page(
        entry.file,
        title=entry.title,
        url_path=entry.url_path or None,
        default=entry.url_path == "",
        visibility="visible" if in_menu(entry) else "hidden",
    )

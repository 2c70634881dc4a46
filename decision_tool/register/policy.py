"""Who may do what in the register: one table, asked by the service, the panel, the pages and the menu.

Modelled on Wagtail's ``BasePermissionPolicy``: ``allows(actor, action)`` answers "may this role do this at
all?", ``allows_case(actor, action, case)`` "to this case?", and ``case_filter`` gives the same answer
for many cases at once as a SQLAlchemy condition, so a list can never show a case its page would refuse.
Nothing else in the register or the app compares role names.

A demo account (a username starting ``demo-``, made by ``seed-demo --accounts`` for a workshop) acts as
its role does, on demo cases only: its password is printed at a terminal and shared in a room, so it must
never reach a real child's case, whatever its role and whatever the register holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, select, true

from ..wording.messages import say
from .auth import AccessDenied, Actor
from .models import Case

ANY = "any case"
OWN = "own organisation's cases"
DEMO = "demo cases"
YES = "yes"  # an action on no particular case
DEMO_ACCOUNT_PREFIX = "demo-"

_ADMIN = {"admin": YES}
_PANEL = {"panel": ANY, "trainer": DEMO}
_SCREENERS = {"practitioner": YES, "trainer": YES, "panel": YES, "admin": YES}
_MISSING = {"practitioner": OWN, "panel": ANY, "trainer": DEMO}

# action -> role -> what the role may act on. A role not named is refused.
POLICY: Mapping[str, Mapping[str, str]] = {
    "find_or_create_case": {"practitioner": OWN, "trainer": DEMO},
    "find_case": {"practitioner": OWN, "trainer": DEMO},
    "list_cases": {"practitioner": OWN, "panel": ANY, "trainer": DEMO},
    "view_case": {"practitioner": OWN, "panel": ANY, "trainer": DEMO},
    "save_screening": {"practitioner": OWN, "trainer": DEMO},
    # Admins answer subject access requests; the panel reads cases but does not export them.
    "export_case": {"admin": ANY, "practitioner": OWN, "trainer": DEMO},
    # A screening in progress, kept sealed for a reload on any app server: each account its own (the
    # service opens a draft only for the account that made it). The coordinator sees aggregates only.
    "keep_draft": _SCREENERS,
    "open_draft": _SCREENERS,
    "drop_draft": _SCREENERS,
    "view_audit": _ADMIN,
    "export_audit": _ADMIN,
    "purge_dry_run": _ADMIN,
    "purge": _ADMIN,
    "backup_register": _ADMIN,
    "restore_register": _ADMIN,
    "add_organisation": _ADMIN,
    "list_organisations": _ADMIN,
    "add_user": _ADMIN,
    "list_users": _ADMIN,
    "disable_user": _ADMIN,
    "enable_user": _ADMIN,
    "reset_password": _ADMIN,
    "change_role": _ADMIN,
    "view_panel_list": _PANEL,
    "export_panel_list": _PANEL,
    "view_panel_case": _PANEL,
    "view_panel_decisions": _PANEL,
    "record_panel_decision": _PANEL,
    "complete_panel_action": _PANEL,
    "view_panel_trends": _PANEL,
    "export_panel_trends": _PANEL,
    "view_missing_episodes": _MISSING,
    "record_missing_episode": _MISSING,
    "update_missing_episode": _MISSING,
    # Where localities' settings treat the same answers differently: aggregates, never a case.
    "view_consistency": {"admin": YES, "regional_coordinator": YES},
    # What proposed settings would do to saved screenings: counts only (1 to 4 shown as "<5").
    "view_settings_impact": {"admin": YES, "regional_coordinator": YES},
}
ROLES_IN_ORDER = ("practitioner", "trainer", "panel", "admin", "regional_coordinator")


def _rule(actor: Actor, action: str) -> str | None:
    return POLICY[action].get(actor.role)


def allows(actor: Actor, action: str) -> bool:
    """May this actor do this action at all (on at least some cases)?"""
    return _rule(actor, action) is not None


def require(actor: Actor, action: str) -> None:
    if not allows(actor, action):
        raise AccessDenied(say("register.error.role_cannot", role=actor.role))


def is_demo_account(actor: Actor) -> bool:
    """A workshop's demo account (see the module's docstring): demo cases only."""
    return actor.username.lower().startswith(DEMO_ACCOUNT_PREFIX)


def allows_case(actor: Actor, action: str, case: Case) -> bool:
    """May this actor do this action to this case?"""
    if is_demo_account(actor) and not case.demo:
        return False
    return _allows_case(actor, action, case)


def _allows_case(actor: Actor, action: str, case: Case) -> bool:
    rule = _rule(actor, action)
    if rule == ANY:
        return True
    if rule == OWN:
        return actor.organisation_id is not None and case.organisation_id == actor.organisation_id
    if rule == DEMO:
        return bool(case.demo)
    return False


def case_filter(actor: Actor, action: str) -> ColumnElement[bool]:
    """The cases this actor may do this action to, as a condition on ``Case`` (false when none)."""
    if is_demo_account(actor):
        return and_(Case.demo.is_(True), _case_filter(actor, action))
    return _case_filter(actor, action)


def _case_filter(actor: Actor, action: str) -> ColumnElement[bool]:
    rule = _rule(actor, action)
    if rule == ANY:
        return true()
    if rule == OWN:
        if actor.organisation_id is None:
            raise AccessDenied(say("register.error.no_organisation"))
        return Case.organisation_id == actor.organisation_id
    if rule == DEMO:
        return Case.demo.is_(True)
    return false()


def case_scope(actor: Actor, action: str) -> Select[Any]:
    """A select of the ids of the cases this actor may do this action to; refuses a role with none."""
    require(actor, action)
    return select(Case.id).where(case_filter(actor, action))


def markdown_table() -> str:
    """The policy as the Markdown table in docs/register.md (a test keeps the two the same)."""
    head = "| Action | " + " | ".join(ROLES_IN_ORDER) + " |"
    rows = [head, "|---|" + "---|" * len(ROLES_IN_ORDER)]
    for action, rules in POLICY.items():
        cells = [rules.get(role, "no") for role in ROLES_IN_ORDER]
        rows.append(f"| {action} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def creates_demo_cases(actor: Actor) -> bool:
    """A role or account that may only act on demo cases makes demo cases (a trainer's workshop)."""
    return is_demo_account(actor) or _rule(actor, "find_or_create_case") == DEMO

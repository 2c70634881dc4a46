"""The panel's fixed lists: decisions, actions, owners and closing reasons are chosen, never typed.

Choosing from a list keeps names and other free text out of the panel's records, screens and exports,
and makes the trends countable. Owners are roles in an agency, never people. Each list is its ids, in the
order offered; the words for each are in the wording catalogue (``panel.decision.<id>`` and so on).
"""

from __future__ import annotations

from ..wording.messages import say

DECISIONS: dict[str, str] = {
    d: say(f"panel.decision.{d}")
    for d in ("continue", "escalate", "strategy_meeting", "refer_social_care", "step_down", "close")
}

ACTIONS: dict[str, str] = {
    a: say(f"panel.action.{a}")
    for a in (
        "return_interview",
        "strategy_meeting",
        "safety_plan",
        "disruption",
        "education",
        "health",
        "specialist_support",
        "family_support",
        "rescreen",
        "share_information",
    )
}

OWNER_ROLES: dict[str, str] = {
    r: say(f"panel.owner.{r}")
    for r in (
        "social_worker",
        "police_exploitation",
        "school_dsl",
        "health_named_nurse",
        "missing_coordinator",
        "youth_worker",
        "early_help",
        "panel_chair",
        "pharmacy_lead",
    )
}

CLOSE_REASONS: dict[str, str] = {
    r: say(f"panel.close_reason.{r}")
    for r in ("risk_reduced", "moved_area", "turned_18", "other_plan", "duplicate")
}


def title(vocab: dict[str, str], key: str) -> str:
    return vocab.get(key) or say("panel.unknown_choice", id=key)

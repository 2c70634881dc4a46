"""The panel's fixed lists: decisions, actions, owners and closing reasons are chosen, never typed.

Choosing from a list keeps names and other free text out of the panel's records, screens and exports,
and makes the trends countable. Owners are roles in an agency, never people.
"""

from __future__ import annotations

DECISIONS: dict[str, str] = {
    "continue": "Keep on the list: plan continues",
    "escalate": "Escalate: risk has increased",
    "strategy_meeting": "Hold a strategy meeting",
    "refer_social_care": "Refer to children's social care",
    "step_down": "Step down to single-agency support",
    "close": "Close: risk reduced, no longer needs the panel",
}

ACTIONS: dict[str, str] = {
    "return_interview": "Complete the return home interview",
    "strategy_meeting": "Arrange a strategy meeting",
    "safety_plan": "Update the safety plan",
    "disruption": "Disruption activity (places, vehicles, adults of concern)",
    "education": "Review education placement and attendance",
    "health": "Sexual health or health review",
    "specialist_support": "Referral to a specialist exploitation support service",
    "family_support": "Support for the family or carers",
    "rescreen": "Screen again before the next review",
    "share_information": "Share information with partner agencies",
}

OWNER_ROLES: dict[str, str] = {
    "social_worker": "Allocated social worker",
    "police_exploitation": "Police exploitation team",
    "school_dsl": "School designated safeguarding lead",
    "health_named_nurse": "Health named nurse for safeguarding",
    "missing_coordinator": "Missing children coordinator",
    "youth_worker": "Youth or outreach worker",
    "early_help": "Early Help lead professional",
    "panel_chair": "Panel chair",
    "pharmacy_lead": "Pharmacy safeguarding lead",
}

CLOSE_REASONS: dict[str, str] = {
    "risk_reduced": "Risk reduced: no longer needs the panel",
    "moved_area": "Moved out of the area: case handed over",
    "turned_18": "Turned 18: handed to adult services",
    "other_plan": "Managed under another plan (child protection or child in need)",
    "duplicate": "Opened in error or a duplicate",
}


def title(vocab: dict[str, str], key: str) -> str:
    return vocab.get(key, f"Unknown ({key})")

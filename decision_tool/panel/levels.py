"""One scale for the panel across questionnaires.

Each questionnaire names its own levels (the pharmacy form has no "medium"); the panel compares children
screened with different forms, so it ranks level ids on one shared scale. An id it does not know is ranked
above every known level so that it is looked at rather than quietly sorted to the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

# id -> (rank, short name for lists and charts)
PANEL_LEVELS: dict[str, tuple[int, str]] = {
    "low": (0, "Low"),
    "emerging": (1, "Emerging"),
    "medium": (2, "Moderate"),
    "high": (3, "High"),
    "immediate": (4, "Immediate danger"),
}
UNKNOWN_RANK = len(PANEL_LEVELS)
LEVEL_ORDER: tuple[str, ...] = tuple(sorted(PANEL_LEVELS, key=lambda k: PANEL_LEVELS[k][0]))


def level_rank(level_id: str | None) -> int:
    if level_id is None:
        return -1
    return PANEL_LEVELS.get(level_id, (UNKNOWN_RANK, ""))[0]


def level_name(level_id: str | None) -> str:
    if level_id is None:
        return "Not screened"
    known = PANEL_LEVELS.get(level_id)
    return known[1] if known else f"Unrecognised level '{level_id}': check"


@dataclass(frozen=True, slots=True)
class Change:
    """Change since the last screening: in words and as an icon (never by colour alone)."""

    direction: str  # "up" | "down" | "same" | "new"
    icon: str
    words: str


def change_since_last(current: str | None, previous: str | None) -> Change:
    if current is None:
        return Change("new", "○", "Not screened yet")
    if previous is None:
        return Change("new", "●", "First screening")
    now, before = level_rank(current), level_rank(previous)
    if now > before:
        return Change("up", "▲", f"Up from {level_name(previous)}")
    if now < before:
        return Change("down", "▼", f"Down from {level_name(previous)}")
    return Change("same", "■", "Same as last time")

"""One scale for the panel across questionnaires.

Each questionnaire names its own levels (the pharmacy form has no "medium"); the panel compares children
screened with different forms, so it ranks level ids on one shared scale. An id it does not know is ranked
above every known level so that it is looked at rather than quietly sorted to the bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..wording.messages import say

# id -> rank; the short name for lists and charts is the catalogue's ``panel.level.<id>``.
PANEL_LEVELS: dict[str, int] = {"low": 0, "emerging": 1, "medium": 2, "high": 3, "immediate": 4}
UNKNOWN_RANK = len(PANEL_LEVELS)
LEVEL_ORDER: tuple[str, ...] = tuple(sorted(PANEL_LEVELS, key=PANEL_LEVELS.__getitem__))


def level_rank(level_id: str | None) -> int:
    if level_id is None:
        return -1
    return PANEL_LEVELS.get(level_id, UNKNOWN_RANK)


def level_name(level_id: str | None) -> str:
    if level_id is None:
        return say("panel.level.not_screened")
    if level_id in PANEL_LEVELS:
        return say(f"panel.level.{level_id}")
    return say("panel.level.unrecognised", id=level_id)


@dataclass(frozen=True, slots=True)
class Change:
    """Change since the last screening: in words and as an icon (never by colour alone)."""

    direction: str  # "up" | "down" | "same" | "new"
    icon: str
    words: str


def change_since_last(current: str | None, previous: str | None) -> Change:
    if current is None:
        return Change("new", "○", say("panel.change.not_screened"))
    if previous is None:
        return Change("new", "●", say("panel.change.first"))
    now, before = level_rank(current), level_rank(previous)
    if now > before:
        return Change("up", "▲", say("panel.change.up", level=level_name(previous)))
    if now < before:
        return Change("down", "▼", say("panel.change.down", level=level_name(previous)))
    return Change("same", "■", say("panel.change.same"))

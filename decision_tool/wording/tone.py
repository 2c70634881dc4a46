"""The colour of an outcome level, by its rank: one scale for every form, always with words and an icon.

Colour never carries meaning alone: each tone has a name in words (said under the chart) and an icon. The
scale runs blue (lowest) through yellow and orange to red (highest level a score can reach); a level
that means immediate danger is dark red. The lowest and highest levels always take the ends of the
scale, so the same step on two forms looks the same (e.g. "Refer today" on the pharmacy form and "High
concern" on the DSL form are both red).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Tone:
    id: str
    words: str  # the colour in words, for the explanation under the chart
    fill: str  # light background (dark text on it passes WCAG AA)
    strong: str  # border and edge marks
    mark: str  # the band the score is in, on the chart
    ink: str  # text colour on ``fill``
    icon: str  # Material icon shown with the words

    @property
    def glyph(self) -> str:
        """The icon's name in the Material Symbols font (drawn by ligature: ``visibility``)."""
        return self.icon.removeprefix(":material/").removesuffix(":")


LOWEST = Tone("lowest", "blue", "#d2e2f1", "#1d70b8", "#5694ca", "#0b0c0c", ":material/visibility:")
CAUTION = Tone("caution", "yellow", "#fff7bf", "#b08d00", "#ffdd00", "#0b0c0c", ":material/forum:")
WARNING = Tone("warning", "orange", "#fde4d3", "#c2540a", "#f47738", "#0b0c0c", ":material/warning:")
DANGER = Tone("danger", "red", "#f6d7d2", "#d4351c", "#d4351c", "#0b0c0c", ":material/priority_high:")
EMERGENCY = Tone("emergency", "dark red", "#942514", "#6a1a0e", "#942514", "#ffffff", ":material/emergency:")
SCALE: tuple[Tone, ...] = (LOWEST, CAUTION, WARNING, DANGER)


class LevelLike(Protocol):
    @property
    def rank(self) -> int: ...
    @property
    def emergency(self) -> bool: ...


def level_tone(level: LevelLike, levels: Sequence[LevelLike]) -> Tone:
    """The tone of ``level`` among ``levels`` (every level of its rule set, lowest first).

    Up to four levels below the emergency level each get their own colour; with more, neighbouring
    middle levels share one (the words and icons still differ).
    """
    if level.emergency:
        return EMERGENCY
    ordinary = sorted(lv.rank for lv in levels if not lv.emergency)
    position = ordinary.index(level.rank) if level.rank in ordinary else len(ordinary) - 1
    top = len(ordinary) - 1
    if position == 0:
        return LOWEST if top > 0 else CAUTION
    if position == top:
        return DANGER
    # Middle levels: yellow, then orange (spread evenly when there are more than two).
    middle = top - 1
    return SCALE[1 + (position - 1) * 2 // middle] if middle > 1 else CAUTION


def explain_tones(levels: Sequence[LevelLike], titles: Sequence[str]) -> str:
    """The colours in words: 'blue: Low; yellow: Emerging concern; …' (plain text, not escaped)."""
    return "; ".join(
        f"{level_tone(lv, levels).words}: {title}" for lv, title in zip(levels, titles, strict=True)
    )

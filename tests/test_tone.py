"""Outcome colours by rank: one scale for every form, ends fixed, neighbours never share a colour."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from decision_tool.wording.tone import DANGER, EMERGENCY, LOWEST, explain_tones, level_tone


@dataclass(frozen=True)
class Lv:
    rank: int
    emergency: bool = False


def levels(ordinary: int, emergency: bool) -> list[Lv]:
    out = [Lv(i) for i in range(ordinary)]
    return out + [Lv(ordinary, True)] if emergency else out


@settings(max_examples=30, deadline=None)
@given(ordinary=st.integers(2, 4), emergency=st.booleans())
def test_each_ordinary_level_has_its_own_colour_rising_with_rank(ordinary, emergency):
    lvs = levels(ordinary, emergency)
    tones = [level_tone(lv, lvs) for lv in lvs if not lv.emergency]
    assert tones[0] == LOWEST and tones[-1] == DANGER
    assert len({t.id for t in tones}) == len(tones)
    if emergency:
        assert level_tone(lvs[-1], lvs) == EMERGENCY


def test_the_same_step_looks_the_same_on_both_forms(dsl, pharmacy, catalog):
    from decision_tool.screening.engine import assess

    def tone_of(rules, level_id):
        refs = assess(rules, {}).thresholds
        return level_tone(next(r for r in refs if r.id == level_id), refs)

    # "Refer today" (pharmacy) is not the colour of the level below it, and matches the DSL's top level.
    assert tone_of(pharmacy, "high") != tone_of(pharmacy, "emerging")
    assert tone_of(pharmacy, "high") == tone_of(dsl, "high") == DANGER
    assert tone_of(pharmacy, "low") == tone_of(dsl, "low") == LOWEST
    assert tone_of(pharmacy, "immediate") == tone_of(dsl, "immediate") == EMERGENCY


def test_colours_are_explained_in_words():
    lvs = levels(4, False)
    words = explain_tones(lvs, ["Low", "Emerging", "Moderate", "High"])
    assert words == "blue: Low; yellow: Emerging; orange: Moderate; red: High"


def test_text_on_every_tone_passes_wcag_aa_contrast():
    from decision_tool.wording.tone import SCALE

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for tone in (*SCALE, EMERGENCY):
        hi, lo = sorted([luminance(tone.fill), luminance(tone.ink)], reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, tone.id

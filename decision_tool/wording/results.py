"""The words around a result that the page and the record both say: urgency, bands, the low-result line.

Rules about wording live here, once, not in each view: when the urgency goes unsaid (the action's
title already says it) and when "a low result does not mean no action" needs saying (the level's own
summary does not say it already).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..screening.result import Assessment, LevelRef, OtherForm, RecommendedAction
from .messages import CATALOGUES, DEFAULT_LANGUAGE, band_range, listed, say


def urgency_words(urgency: str, language: str = DEFAULT_LANGUAGE) -> str:
    """How soon, in words ('Today'); an urgency this release does not know (an edited record) as given."""
    return CATALOGUES[language].get(f"urgency.{urgency}", urgency)


def when_words(action: RecommendedAction, language: str = DEFAULT_LANGUAGE) -> str:
    """The urgency in words, or "" when the title already says it ("… today" needs no "Today")."""
    words = urgency_words(action.urgency, language)
    return "" if words.lower() in action.title.lower() else words


def needs_low_result_line(a: Assessment, language: str = DEFAULT_LANGUAGE) -> bool:
    """A low result whose level summary does not already say that it does not mean no action. Not
    below a red flag: there the red flag still stands, and the outcome's words say so."""
    said = say("result.low_not_no_action.said", language)
    return a.low_result and not a.below_red_flag and said not in a.level_info.summary.lower()


def recency_window(current_months: int, lookback_months: int, language: str = DEFAULT_LANGUAGE) -> str:
    """What 'now or recently' and 'earlier' mean under the rules' recency setting."""
    return say("recency.window", language, current=current_months, lookback=lookback_months)


def level_band_range(level: LevelRef, language: str = DEFAULT_LANGUAGE, *, short: bool = False) -> str:
    return band_range(level.band_from, level.band_to, language, short=short)


def bands_text(levels: Iterable[LevelRef], language: str = DEFAULT_LANGUAGE, *, short: bool = False) -> str:
    """Every level with a band: 'Low: 0 to 5; Emerging concern: 6 to 10; …' (the result page), or
    ``short``, 'Low 0-5; Emerging concern 6-10; …' (the record)."""
    named = "band.named_short" if short else "band.named"
    return say("list.semicolon", language).join(
        say(named, language, title=lv.title, range=level_band_range(lv, language, short=short))
        for lv in levels
        if lv.band_from is not None
    )


def other_form_heading(o: OtherForm, language: str = DEFAULT_LANGUAGE) -> str:
    return say("other_form.heading", language, about=o.about)


def other_form_text(o: OtherForm, language: str = DEFAULT_LANGUAGE) -> str:
    """Which answers here are signs of another form of exploitation, and to screen with that form too."""
    signs = listed([f'"{s.rstrip("?")}"' for s in o.signs], language)
    return say("other_form.signs", language, about=o.about, signs=signs)

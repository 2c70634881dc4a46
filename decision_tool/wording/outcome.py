"""The outcome in words, the same on the result page and in every record, so that neither contradicts
itself when the practitioner's judgement differs from the tool's.

Both are said plainly: the tool's outcome and why (a red flag still stands), the practitioner's
decision and reason. Below a red flag the lower level's own summary ("few signs are recorded") is not
used: it would contradict the red flag that still stands. Plain text: views escape it for Markdown.
"""

from __future__ import annotations

from ..screening.result import Assessment, LevelRef
from .messages import DEFAULT_LANGUAGE, say


def _level(a: Assessment, level_id: str) -> LevelRef | None:
    return next((t for t in a.thresholds if t.id == level_id), None)


def raised_by(a: Assessment) -> str:
    """Why the tool's outcome is above the score's band ("" when it is not): the red flags' reasons."""
    if a.tool_level == a.band_level or not a.red_flags:
        return ""
    return " ".join(f.reason.strip() for f in a.red_flags)


def tool_why(a: Assessment, language: str = DEFAULT_LANGUAGE) -> str:
    """Why the tool gave its outcome, as a clause: "the score, 7, is in the band for ..."."""
    band = _level(a, a.band_level)
    score = say(
        "outcome.score_clause", language, score=a.score, level_title=band.title if band else a.band_level
    )
    flags = raised_by(a)
    return say("outcome.raised_clause", language, score_clause=score, reasons=flags) if flags else score


def outcome_heading(a: Assessment, *, you: bool = False, language: str = DEFAULT_LANGUAGE) -> str:
    """The outcome as a heading. ``you``: the result page's main heading, which after a change states
    the practitioner's decision and the tool's outcome together (a record says both just below)."""
    title = a.level_info.title
    if a.override is None:
        return say("outcome.heading", language, level_title=title)
    if you:
        return say(
            "outcome.heading_your_judgement",
            language,
            level_title=title,
            tool_level_title=a.tool_level_info.title,
        )
    return say("outcome.heading_their_judgement", language, level_title=title)


def emergency_heading(a: Assessment, language: str = DEFAULT_LANGUAGE) -> str:
    """The 999 instruction as the page's heading: an override never removes it (a red flag that calls
    for 999 still stands), so after a change it states the decision and the tool's outcome beside it."""
    if a.override is None:
        return say("emergency.title", language)
    return say(
        "emergency.title_your_judgement",
        language,
        level_title=a.level_info.title,
        tool_level_title=a.tool_level_info.title,
    )


def outcome_summary(a: Assessment, language: str = DEFAULT_LANGUAGE) -> str:
    """The sentence under the outcome's heading."""
    if a.below_red_flag:
        return say("outcome.red_flag_stands", language, tool_level_title=a.tool_level_info.title)
    return a.level_info.summary


def judgement_lines(a: Assessment, *, you: bool = False, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The tool's outcome and why, then the practitioner's decision and reason ([] without a change).

    ``you``: on screen, to the practitioner ("Your decision"); in a record, about them.
    """
    if a.override is None:
        return []
    decision = "outcome.your_decision" if you else "outcome.their_decision"
    lines = [
        say(
            "outcome.tool_outcome",
            language,
            tool_level_title=a.tool_level_info.title,
            why=tool_why(a, language).rstrip(". "),  # a red flag's reason ends a sentence of its own
        ),
        say(decision, language, level_title=a.level_info.title, reason=a.override.reason.strip()),
    ]
    if a.below_red_flag:
        lines.append(say("outcome.below_red_flag", language))
    return lines

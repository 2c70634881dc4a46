"""The outcome in words, the same on the result page and in every record, so that neither contradicts
itself when the practitioner's judgement differs from the tool's.

Both are said plainly: the tool's outcome and why (a red flag still stands), the practitioner's
decision and reason. Below a red flag the lower level's own summary ("few signs are recorded") is not
used: it would contradict the red flag that still stands. Plain text: views escape it for Markdown.
"""

from __future__ import annotations

from ..screening.result import Assessment, LevelRef


def _level(a: Assessment, level_id: str) -> LevelRef | None:
    return next((t for t in a.thresholds if t.id == level_id), None)


def raised_by(a: Assessment) -> str:
    """Why the tool's outcome is above the score's band ("" when it is not): the red flags' reasons."""
    if a.tool_level == a.band_level or not a.red_flags:
        return ""
    return " ".join(f.reason.strip() for f in a.red_flags)


def tool_why(a: Assessment) -> str:
    """Why the tool gave its outcome, as a clause: "the score, 7, is in the band for ..."."""
    band = _level(a, a.band_level)
    score = f"the score, {a.score}, is in the band for {band.title if band else a.band_level}"
    flags = raised_by(a)
    return f"{score}, raised by a red flag: {flags}" if flags else score


def outcome_heading(a: Assessment, *, you: bool = False) -> str:
    title = a.level_info.title
    if a.override is None:
        return f"Outcome: {title}"
    who = "your" if you else "the practitioner's"
    return f"Outcome: {title} ({who} judgement)"


def outcome_summary(a: Assessment) -> str:
    """The sentence under the outcome's heading."""
    if a.below_red_flag:
        return (
            f"A red flag still stands: the tool's outcome is {a.tool_level_info.title}, and the red "
            "flag's actions are still to be done."
        )
    return a.level_info.summary


def judgement_lines(a: Assessment, *, you: bool = False) -> list[str]:
    """The tool's outcome and why, then the practitioner's decision and reason ([] without a change).

    ``you``: on screen, to the practitioner ("Your decision"); in a record, about them.
    """
    if a.override is None:
        return []
    who = "Your" if you else "The practitioner's"
    lines = [
        f"The tool's outcome: {a.tool_level_info.title}, because {tool_why(a)}.",
        f"{who} decision: {a.level_info.title}. Reason: {a.override.reason.strip()}",
    ]
    if a.below_red_flag:
        lines.append(
            "This is below the minimum a red flag sets, so the red flag still stands: its actions are "
            "still to be done, and the review date is no later than the tool's."
        )
    return lines

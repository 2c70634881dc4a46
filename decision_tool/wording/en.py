"""The tool's own sentences in English, keyed. A second language is one more file with the same keys.

Each value is a ``str.format`` template; the names in braces are the values the sentence is given
(text from the rules or typed by a person is a value, never part of a template).
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Why a result is what it is: one sentence per reason code (screening.result.REASON_VALUES).
    "reason.band": "Score {score} is in the band for '{level_title}' ({band}; a local setting).",
    "reason.points": "+{points}: {question} — {answer}",
    "reason.red_flag": (
        "Red flag: {reason} (rule '{id}' sets at least '{min_level_title}'; source: {source})"
    ),
    "reason.raised": "Red flags raise the outcome above the score band, to '{level_title}'.",
    "reason.not_counted": "Not counted (question no longer asked): {questions}",
    "reason.too_little_known": (
        "Many answers are 'not sure' or missing: the result may understate the concern."
    ),
    "reason.judgement": (
        "Practitioner's judgement: '{level_title}' instead of '{tool_level_title}'. Reason: {reason}"
    ),
    "reason.text": "{text}",
    # A score band's range.
    "band.closed": "{low} to {high}",
    "band.open": "{low} or more",
    # Lists of ids or names inside a sentence.
    "list.separator": ", ",
}

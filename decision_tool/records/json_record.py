"""The JSON record: written to resume or review a screening later, and read back with every check.

``read_record`` refuses a file that is not a record, and says so when the rules have changed since it
was scored. Records written by earlier releases of this format (``format: 1``) open as they were.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from ..errors import AnswersError, RecordError, RulesChangedError
from ..rules.safe_yaml import load_json
from ..rules.schema import RuleSet
from ..text import clip, quoted
from .model import MAX_RECORD_BYTES, RECORD_KIND, Record


def record_json(record: Record) -> str:
    return record.model_dump_json(indent=2)


def read_record(
    data: bytes | str,
    rules: dict[str, RuleSet],
    localised: Callable[[str, str | None], RuleSet] | None = None,
) -> Record:
    """Parse an uploaded record; raise RecordError (or RulesChangedError) with a plain message.

    A record is checked in full before anyone uses it: its shape, and, when it was made with the rules
    loaded now, that its answers, outcome and any change to the outcome fit those rules (the Result page
    re-scores it). Callers replace nothing until this returns.

    ``localised(form id, locality)`` gives a locality's effective rule set (its overlay on the shared
    form): a record scored under an overlay is checked against that locality's settings as loaded now.
    """
    if isinstance(data, bytes):
        if len(data) > MAX_RECORD_BYTES:
            raise RecordError(
                "The file is too large to be a record (over 1 MB). Choose the .json record you downloaded."
            )
        try:
            data = data.decode("utf-8-sig")  # a byte-order mark (some editors add one) is fine
        except UnicodeDecodeError:
            raise RecordError(
                "The file is not a text file. Choose the .json record you downloaded."
            ) from None
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(
            "The file is too large to be a record (over 1 MB). Choose the .json record you downloaded."
        )
    try:
        raw = load_json(data, "record", error=RecordError)
    except RecordError as exc:
        problem = exc.problems[0]
        where = f" (line {problem.line})" if problem.line else ""
        raise RecordError(
            f"The file cannot be read as a record{where}: {problem.message}. Choose the .json record you downloaded."
        ) from None
    if not isinstance(raw, dict) or raw.get("kind") != RECORD_KIND:
        raise RecordError("This file is not a record from this tool. Choose the .json record you downloaded.")
    try:
        record = Record.model_validate(raw)
    except ValidationError as exc:
        # Our own checks (e.g. a concern dated after the record) explain themselves in plain words;
        # anything else is damage, described without field names or values.
        first = exc.errors()[0]
        reason = str(first.get("ctx", {}).get("error", "")) if first["type"] == "value_error" else ""
        raise RecordError(
            "The record is damaged or incomplete, so it cannot be opened"
            + (f": {clip(reason, 200)}. " if reason else ". ")
            + "Choose the .json file exactly as you downloaded it."
        ) from None
    version = record.assessment.rules_version
    current = rules.get(version.id)
    if current is None:
        raise RecordError(
            f"This record was made with a questionnaire ({quoted(version.title)}) that is not available here."
        )
    if localised is not None and version.overlay_sha256 is not None:
        current = localised(version.id, version.overlay_locality)
    if current.form_fingerprint != version.sha256 or current.overlay_sha256 != version.overlay_sha256:
        raise RulesChangedError(
            f"This record was scored with {quoted(version.title)} version {clip(version.version, 40)}. "
            + (
                f"The rules here are now version {clip(current.version, 40)}. "
                if current.version != version.version
                else "The local settings here have changed since. "
                if current.form_fingerprint == version.sha256
                else "The rules here have changed since, though their version number has not. "
            )
            + "You can score the same answers again with the current rules.",
            record=record,
        )
    _check_fits(record, current)
    return record


def _check_fits(record: Record, rules: RuleSet) -> None:
    """A record that claims the rules loaded now must fit them: every answer, the tool's outcome, and
    any change to it. Otherwise a hand-edited record could show one thing and score another."""
    from ..screening.engine import assess

    a = record.assessment
    try:
        result = assess(rules, a.answers, override=a.override)
    except AnswersError as exc:
        problem = exc.problems[0]
        raise RecordError(
            "the record does not fit the questionnaire it names "
            f"({clip(problem.path, 64)}: {clip(problem.message, 200)})"
        ) from None
    if (a.tool_level, a.level) != (result.tool_level, result.level) or a.answers != result.answers:
        raise RecordError(
            "the record's outcome does not match its answers under the rules it names; "
            "it may have been edited by hand"
        )


def answers_that_still_fit(rules: RuleSet, answers: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """For a re-score: (the answers the current rules accept, the ids of those they do not)."""
    from ..screening.engine import normalise_answers

    kept: dict[str, Any] = {}
    for qid, value in answers.items():
        # A question that changed or went is simply asked again.
        with contextlib.suppress(AnswersError):
            kept.update(normalise_answers(rules, {qid: value}))
    return kept, sorted(set(answers) - set(kept))

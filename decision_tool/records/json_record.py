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
from ..wording.messages import say
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
            raise RecordError(say("record.error.too_large"))
        try:
            data = data.decode("utf-8-sig")  # a byte-order mark (some editors add one) is fine
        except UnicodeDecodeError:
            raise RecordError(say("record.error.not_text")) from None
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(say("record.error.too_large"))
    try:
        raw = load_json(data, "record", error=RecordError)
    except RecordError as exc:
        problem = exc.problems[0]
        where = say("record.error.unreadable_line", line=problem.line) if problem.line else ""
        raise RecordError(say("record.error.unreadable", where=where, problem=problem.message)) from None
    if not isinstance(raw, dict) or raw.get("kind") != RECORD_KIND:
        raise RecordError(say("record.error.not_a_record"))
    try:
        record = Record.model_validate(raw)
    except ValidationError as exc:
        # Our own checks (e.g. a concern dated after the record) explain themselves in plain words;
        # anything else is damage, described without field names or values.
        first = exc.errors()[0]
        reason = str(first.get("ctx", {}).get("error", "")) if first["type"] == "value_error" else ""
        damaged = (
            say("record.error.damaged_because", reason=clip(reason, 200))
            if reason
            else say("record.error.damaged")
        )
        raise RecordError(damaged) from None
    version = record.assessment.rules_version
    current = rules.get(version.id)
    if current is None:
        raise RecordError(say("record.error.unknown_form", title=quoted(version.title)))
    if localised is not None and version.overlay_sha256 is not None:
        current = localised(version.id, version.overlay_locality)
    if current.form_fingerprint != version.sha256 or current.overlay_sha256 != version.overlay_sha256:
        change = (
            say("record.error.new_version", version=clip(current.version, 40))
            if current.version != version.version
            else say("record.error.local_settings_changed")
            if current.form_fingerprint == version.sha256
            else say("record.error.same_version_changed")
        )
        raise RulesChangedError(
            say(
                "record.error.rules_changed",
                title=quoted(version.title),
                version=clip(version.version, 40),
                change=change,
            ),
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
            say("record.error.does_not_fit", path=clip(problem.path, 64), problem=clip(problem.message, 200))
        ) from None
    if (a.tool_level, a.level) != (result.tool_level, result.level) or a.answers != result.answers:
        raise RecordError(say("record.error.edited"))


def answers_that_still_fit(rules: RuleSet, answers: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """For a re-score: (the answers the current rules accept, the ids of those they do not)."""
    from ..screening.engine import normalise_answers

    kept: dict[str, Any] = {}
    for qid, value in answers.items():
        # A question that changed or went is simply asked again.
        with contextlib.suppress(AnswersError):
            kept.update(normalise_answers(rules, {qid: value}))
    return kept, sorted(set(answers) - set(kept))

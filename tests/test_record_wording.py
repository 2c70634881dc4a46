"""A record reads the same, word for word, whichever layer its sentences come from: the fixture records
and a set of scenario records (fictional children) rendered as Markdown, plain text and a calendar file,
compared with the files in ``tests/fixtures/records/rendered/``.

After a deliberate change of wording: ``python -m tests.test_record_wording --write``, then read the diff.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from decision_tool.records import record_ics, record_markdown, record_text
from decision_tool.records.model import Record, RecordDetails, make_record
from decision_tool.rules.loader import load_rules
from decision_tool.screening.engine import assess

HERE = Path(__file__).parent / "fixtures" / "records"
RENDERED = HERE / "rendered"
MINI = Path(__file__).parent / "fixtures" / "minimal.yaml"


def _records() -> Iterator[tuple[str, Record]]:
    for path in sorted(HERE.glob("*.json")):  # records written by an earlier release
        yield path.stem, Record.model_validate_json(path.read_text(encoding="utf-8"))
    for path in sorted(RENDERED.glob("*.json")):  # scenario records, with details, a judgement, a locality
        yield path.stem, Record.model_validate_json(path.read_text(encoding="utf-8"))


def _mini_record() -> Record:
    """A record drawn with its rules at hand (answers under the form's sections, the form's title)."""
    rules = load_rules(MINI)
    answers = {"age_band": "teen", "danger": "no", "gifts": "yes", "late": "yes", "unknown_question": 3}
    a = assess(rules, {k: v for k, v in answers.items() if k in rules.question_index})
    a = dataclasses.replace(a, answers={**a.answers, "unknown_question": 3})  # a question since removed
    details = RecordDetails(reference="REF-0000-TEST", review_owner="Head of year")
    return make_record(a, dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.UTC), details=details)


def renderings() -> Iterator[tuple[str, str]]:
    for name, record in _records():
        yield f"{name}.md", record_markdown(record)
        yield f"{name}.txt", record_text(record)
        if record.review_by is not None:
            yield f"{name}.ics", record_ics(record)
    rules = load_rules(MINI)
    yield "mini-with-rules.md", record_markdown(_mini_record(), rules)
    yield "mini-with-rules.txt", record_text(_mini_record(), rules)


@pytest.mark.parametrize("name,text", list(renderings()), ids=lambda v: v if v.count(".") == 1 else "")
def test_a_record_renders_word_for_word_as_before(name, text):
    expected = (RENDERED / name).read_bytes().decode("utf-8")
    assert text == expected


def test_every_rendering_on_file_is_still_made():
    made = {name for name, _ in renderings()}
    kept = {p.name for p in RENDERED.iterdir() if p.suffix in (".md", ".txt", ".ics")}
    assert made == kept and len(made) >= 25


if __name__ == "__main__" and "--write" in sys.argv:
    for name, text in renderings():
        (RENDERED / name).write_bytes(text.encode("utf-8"))

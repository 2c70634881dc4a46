"""A child's screenings over time: several records of the same questionnaire, oldest first.

Pure: takes parsed records and the current rule sets, returns a ``Timeline``; nothing is stored. Records
scored with older rules are re-scored with the current ones (answers that no longer fit are left out and
listed) and marked as re-scored, so every point on the timeline is measured with the same rules and the
signs can be compared from one screening to the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import AnswersError, RulesChangedError
from ..rules.schema import RuleSet
from ..screening.engine import assess
from ..screening.plan import plan_of
from ..screening.result import Assessment
from ..wording.messages import say
from .json_record import answers_that_still_fit, read_record
from .model import Record


@dataclass(frozen=True, slots=True)
class Sign:
    """Something that counted: a red flag, or an answer that scored points."""

    key: str  # stable across screenings of the same rules: "flag:<id>" or "<question id>=<answer>"
    text: str
    red_flag: bool


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    made: dt.datetime
    label: str  # where it came from: a file name, "this screening", or a saved screening
    level_id: str
    level_title: str
    level_rank: int
    tool_level_title: str
    overridden: bool  # the practitioner changed the tool's result
    score: int
    rules_label: str  # the rules the record was made with
    rescored: bool  # made with older rules and re-scored with the current ones
    recorded_level_title: str  # the outcome the record itself states (differs only when re-scored)
    answers_left_out: tuple[str, ...]  # answers the current rules no longer accept (re-scored only)
    signs: tuple[Sign, ...]
    new_signs: tuple[Sign, ...]  # present now, not at the previous screening
    gone_signs: tuple[Sign, ...]  # present at the previous screening, not now
    current: bool  # the screening on screen now, not an uploaded record


@dataclass(frozen=True, slots=True)
class LevelStep:
    id: str
    title: str
    rank: int


@dataclass(frozen=True, slots=True)
class Timeline:
    questionnaire_id: str
    questionnaire_title: str
    levels: tuple[LevelStep, ...]  # the questionnaire's levels, lowest first (the chart's axis)
    points: tuple[TimelinePoint, ...]  # oldest first
    other_forms: tuple[str, ...]  # labels of records made with another questionnaire (not compared)

    @property
    def changed(self) -> bool:
        return any(p.new_signs or p.gone_signs for p in self.points[1:])


@dataclass(frozen=True, slots=True)
class Earlier:
    """One earlier record, read and checked, with a label for the timeline (e.g. the file name)."""

    record: Record
    label: str
    outdated: bool  # scored with rules that differ from the current ones


def read_earlier(
    data: bytes | str,
    rules: dict[str, RuleSet],
    label: str,
    localised: Callable[[str, str | None], RuleSet] | None = None,
) -> Earlier:
    """Read an uploaded record for the timeline: unlike ``read_record``, older rules are accepted."""
    try:
        return Earlier(read_record(data, rules, localised), label, outdated=False)
    except RulesChangedError as exc:
        record = exc.record
        assert isinstance(record, Record)
        return Earlier(record, label, outdated=True)


def signs_of(a: Assessment) -> tuple[Sign, ...]:
    flags = tuple(Sign(f"flag:{f.id}", say("sign.red_flag", reason=f.reason), True) for f in a.red_flags)
    scored = tuple(
        Sign(f"{c.question_id}={c.answer}", say("history.sign", question=c.question, answer=c.answer), False)
        for c in a.contributions
        if c.points > 0
    )
    return flags + scored


def _rescore(rules: RuleSet, record: Record) -> tuple[Assessment, tuple[str, ...]]:
    old = record.assessment
    kept, lost = answers_that_still_fit(rules, old.answers)
    override = old.override if old.override and old.override.level in plan_of(rules).rank else None
    try:
        return assess(rules, kept, override=override), tuple(lost)
    except AnswersError:  # the old judgement no longer passes today's checks: the tool's result alone
        return assess(rules, kept), tuple(lost)


def build_timeline(
    earlier: Iterable[Earlier],
    rule_sets: Mapping[str, RuleSet],
    questionnaire_id: str,
    *,
    current: Assessment | None = None,
    now: dt.datetime | None = None,
) -> Timeline:
    """The screenings of one questionnaire, oldest first, each compared with the one before.

    ``current`` is the screening on screen (made ``now``); earlier records of another questionnaire are
    not compared but listed in ``other_forms``. The same record uploaded twice counts once.
    """
    rules = rule_sets[questionnaire_id]
    rows: list[tuple[dt.datetime, str, Assessment, Assessment, tuple[str, ...], bool, bool]] = []
    others: list[str] = []
    seen: set[tuple[str, str]] = set()
    for item in earlier:
        a = item.record.assessment
        if a.rules_version.id != questionnaire_id:
            others.append(item.label)
            continue
        made = _aware(item.record.created)
        fingerprint = (made.isoformat(), item.record.model_dump_json())
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        if (a.rules_version.sha256, a.rules_version.overlay_sha256) == (
            rules.form_fingerprint,
            rules.overlay_sha256,
        ):
            rows.append((made, item.label, a, a, (), False, False))
        else:
            scored, lost = _rescore(rules, item.record)
            rows.append((made, item.label, scored, a, lost, True, False))
    if current is not None:
        made = _aware(now or dt.datetime.now(dt.UTC))
        rows.append((made, say("history.this_screening"), current, current, (), False, True))
    rows.sort(key=lambda r: r[0])

    points: list[TimelinePoint] = []
    previous: dict[str, Sign] | None = None
    for made, label, scored, recorded, lost, rescored, is_current in rows:
        signs = signs_of(scored)
        by_key = {s.key: s for s in signs}
        new = () if previous is None else tuple(s for s in signs if s.key not in previous)
        gone = () if previous is None else tuple(s for k, s in previous.items() if k not in by_key)
        version = recorded.rules_version
        points.append(
            TimelinePoint(
                made=made,
                label=label,
                level_id=scored.level,
                level_title=scored.level_info.title,
                level_rank=scored.level_info.rank,
                tool_level_title=scored.tool_level_info.title,
                overridden=scored.override is not None,
                score=scored.score,
                rules_label=say(
                    "history.rules", title=version.title, version=version.version, sha256=version.sha256[:12]
                ),
                rescored=rescored,
                recorded_level_title=recorded.level_info.title,
                answers_left_out=lost,
                signs=signs,
                new_signs=new,
                gone_signs=gone,
                current=is_current,
            )
        )
        previous = by_key
    return Timeline(
        questionnaire_id=questionnaire_id,
        questionnaire_title=rules.title,
        levels=tuple(LevelStep(lv.id, lv.title, plan_of(rules).rank[lv.id]) for lv in rules.levels),
        points=tuple(points),
        other_forms=tuple(others),
    )


def latest(earlier: Sequence[Earlier]) -> Earlier | None:
    """The most recent record (for "screen again")."""
    return max(earlier, key=lambda e: _aware(e.record.created), default=None)


def prefill(rules: RuleSet, record: Record) -> tuple[dict[str, object], tuple[str, ...]]:
    """Answers to start a new screening from an earlier record: (answers that fit, ids left out).

    Not carried over: the judgement (it belongs to the screening it was made in), and answers to the
    questions behind a 999 red flag (danger is about now, so it is always asked afresh).
    """
    kept, lost = answers_that_still_fit(rules, record.assessment.answers)
    for qid in asked_afresh(rules):
        kept.pop(qid, None)
    return kept, tuple(lost)


def shared_answers(rules: RuleSet, answers: Mapping[str, object]) -> dict[str, object]:
    """Answers from a screening with another form, to start one with ``rules``: a plain copy of the
    answers to questions this form asks too (the same id means the same question on both forms), that
    fit. Not copied: free text (it was written for the other form), and the questions behind a 999 red
    flag (danger is about now, so it is always asked afresh)."""
    asked = rules.question_index
    same = {qid: v for qid, v in answers.items() if qid in asked and asked[qid].kind != "text"}
    kept, _ = answers_that_still_fit(rules, same)
    for qid in asked_afresh(rules):
        kept.pop(qid, None)
    return kept


def asked_afresh(rules: RuleSet) -> frozenset[str]:
    """Questions that decide a red flag with an emergency minimum (e.g. 'in immediate danger now?')."""
    emergency = {lv.id for lv in rules.levels if lv.emergency}
    return frozenset(
        qid for f in rules.red_flags if f.min_level in emergency for qid, _ in f.when.questions()
    )


def _aware(when: dt.datetime) -> dt.datetime:
    # Records made before timezones were recorded hold local naive times: compare them as UTC.
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


__all__ = [
    "Earlier",
    "LevelStep",
    "Sign",
    "Timeline",
    "TimelinePoint",
    "shared_answers",
    "build_timeline",
    "latest",
    "prefill",
    "asked_afresh",
    "read_earlier",
    "signs_of",
]

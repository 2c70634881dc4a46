"""Score answers against a rule set and recommend the next step.

``assess`` is pure and deterministic: no Streamlit, no file reading, no global state. It returns one
``Assessment`` that every view (pages, records, CLI) renders without recomputing anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .conditions import evaluate
from .errors import AnswersError, Problem
from .loader import did_you_mean
from .result import (
    Assessment,
    CategoryScore,
    Contribution,
    FiredRedFlag,
    LevelRef,
    Override,
    RecommendedAction,
    RulesVersion,
)
from .schema import NOT_SURE, URGENCY_ORDER, Directory, Question, RuleSet

MIN_REASON_CHARS = 10


def normalise_answers(rules: RuleSet, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Check every answer fits its question; return them in canonical form or raise AnswersError."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for qid, raw in answers.items():
        q = rules.question_index.get(qid)
        if q is None:
            problems.append(
                Problem(
                    qid,
                    f"there is no question '{qid}' in '{rules.id}'{did_you_mean(qid, rules.question_index)}",
                    "remove it or correct the id",
                )
            )
            continue
        if raw is None:
            continue
        value, problem = _normalise_one(q, raw)
        if problem:
            problems.append(Problem(qid, problem[0], problem[1]))
        elif value is not None:
            out[qid] = value
    if problems:
        raise AnswersError(problems)
    return out


def _normalise_one(q: Question, raw: Any) -> tuple[Any, tuple[str, str] | None]:
    offered = [o.id for o in q.choices()]
    if q.kind in ("yes_no", "single"):
        value = ("yes" if raw else "no") if isinstance(raw, bool) and q.kind == "yes_no" else raw
        if value == "not sure":
            value = NOT_SURE
        if not isinstance(value, str) or value not in offered:
            return None, (
                f"{raw!r} is not an answer to this question{did_you_mean(str(raw), offered)}",
                f"use one of: {', '.join(offered)}",
            )
        return value, None
    if q.kind == "multi":
        items = raw if isinstance(raw, list | tuple) else [raw]
        bad = [v for v in items if v not in offered]
        if bad:
            return None, (
                f"{bad[0]!r} is not an answer to this question",
                f"use any of: {', '.join(offered)}",
            )
        return [o for o in offered if o in items], None  # canonical order, no repeats
    if q.kind == "number":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != int(raw):
            return None, (f"expected a whole number, got {raw!r}", "give a whole number")
        value = int(raw)
        if (q.min is not None and value < q.min) or (q.max is not None and value > q.max):
            return None, (f"{value} is out of range", f"give a number from {q.min} to {q.max}")
        return value, None
    if not isinstance(raw, str):
        return None, (f"expected text, got {raw!r}", "give text")
    return (raw.strip() or None), None


def visible_answers(
    rules: RuleSet, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str], list[str]]:
    """Apply ``show_if`` in question order: (answers kept, questions shown, answered-but-hidden ids)."""
    kept: dict[str, Any] = {}
    shown: list[str] = []
    dropped: list[str] = []
    for q in rules.questions:
        if q.show_if is not None and not evaluate(q.show_if, kept):
            if q.id in answers:
                dropped.append(q.id)
            continue
        shown.append(q.id)
        if q.id in answers:
            kept[q.id] = answers[q.id]
    return kept, shown, dropped


def complete_answers(rules: RuleSet, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answer 'no' (or 'none') to every question shown and left blank: "nothing else is known"."""
    out = dict(answers)
    done: dict[str, Any] = {}
    for q in rules.questions:
        if q.show_if is not None and not evaluate(q.show_if, done):
            continue
        if q.id not in out:
            if q.kind == "yes_no" or (q.kind == "single" and q.option("no")):
                out[q.id] = "no"
            elif q.kind == "multi":
                out[q.id] = []
        if q.id in out:
            done[q.id] = out[q.id]
    return out


def band_level(rules: RuleSet, score: int) -> str:
    return next(lv.id for lv in rules.levels if lv.band is not None and lv.band.contains(score))


def fired_red_flags(rules: RuleSet, answers: Mapping[str, Any]) -> list[FiredRedFlag]:
    return [
        FiredRedFlag(
            id=f.id,
            reason=f.reason,
            min_level=f.min_level,
            actions=f.actions,
            emergency=rules.level(f.min_level).emergency,
        )
        for f in rules.red_flags
        if evaluate(f.when, answers)
    ]


def emergency_flags(rules: RuleSet, answers: Mapping[str, Any]) -> list[FiredRedFlag]:
    """Red flags already fired that call for 999: shown at once, before the form is finished."""
    kept, _, _ = visible_answers(rules, normalise_answers(rules, answers))
    return [f for f in fired_red_flags(rules, kept) if f.emergency]


def _points(q: Question, value: Any) -> int:
    if q.kind == "multi":
        return sum(o.weight for o in q.choices() if o.id in value)
    option = q.option(value)
    return option.weight if option else 0


def _answer_label(q: Question, value: Any) -> str:
    if q.kind == "multi":
        return ", ".join(o.label for o in q.choices() if o.id in value) or "None of these"
    if q.kind in ("yes_no", "single"):
        option = q.option(value)
        return option.label if option else str(value)
    return f"{value} {q.unit}".strip() if q.kind == "number" else str(value)


def assess(
    rules: RuleSet,
    answers: Mapping[str, Any],
    *,
    contacts: Directory | None = None,
    override: Override | Mapping[str, Any] | None = None,
) -> Assessment:
    """Score ``answers`` against ``rules``; the level is the highest of the band and every red flag."""
    normalised = normalise_answers(rules, answers)
    kept, shown, dropped = visible_answers(rules, normalised)

    contributions: list[Contribution] = []
    by_category = {c.id: 0 for c in rules.categories}
    unknown: list[str] = []
    scored_shown = 0
    for qid in shown:
        q = rules.question_index[qid]
        if not q.scored:
            continue
        scored_shown += 1
        value = kept.get(qid)
        if value is None or value == NOT_SURE:
            unknown.append(qid)
            continue
        points = _points(q, value)
        if points:
            assert q.category is not None
            by_category[q.category] += points
            contributions.append(
                Contribution(
                    question_id=qid,
                    question=q.text,
                    answer=_answer_label(q, value),
                    category=q.category,
                    points=points,
                )
            )
    score = sum(by_category.values())
    band = band_level(rules, score)
    flags = fired_red_flags(rules, kept)
    tool_level = max([band, *(f.min_level for f in flags)], key=rules.level_rank.__getitem__)
    insufficient = (
        scored_shown > 0 and len(unknown) / scored_shown >= rules.insufficient_information.not_sure_fraction
    )

    chosen = _check_override(rules, override)
    final = chosen.level if chosen else tool_level

    action_ids = list(rules.level(final).actions)
    for f in flags:
        action_ids += f.actions
    if insufficient:
        action_ids += rules.insufficient_information.actions
    unique = list(dict.fromkeys(action_ids))
    unique.sort(
        key=lambda a: URGENCY_ORDER.index(rules.action(a).urgency)
    )  # stable: rules order within urgency
    actions = tuple(_recommend(rules, a, contacts) for a in unique)

    lowest = rules.levels[0].id
    reasons = _reasons(rules, score, band, flags, contributions, dropped, insufficient, chosen, tool_level)
    return Assessment(
        rules_version=RulesVersion(
            id=rules.id, title=rules.title, version=rules.version, sha256=rules.fingerprint
        ),
        locality=contacts.locality_id if contacts else None,
        answers=kept,
        dropped_answers=tuple(dropped),
        score=score,
        max_score=sum(rules.question_index[q].max_points() for q in shown if rules.question_index[q].scored),
        category_scores=tuple(
            CategoryScore(id=c.id, title=c.title, kind=c.kind, points=by_category[c.id])
            for c in rules.categories
        ),
        contributions=tuple(contributions),
        red_flags=tuple(flags),
        band_level=band,
        tool_level=tool_level,
        level=final,
        level_info=_level_ref(rules, final),
        tool_level_info=_level_ref(rules, tool_level),
        override=chosen,
        below_red_flag=bool(
            chosen and flags and rules.level_rank[final] < max(rules.level_rank[f.min_level] for f in flags)
        ),
        actions=actions,
        reasons=tuple(reasons),
        thresholds=tuple(_level_ref(rules, lv.id) for lv in rules.levels),
        insufficient_information=insufficient,
        not_sure=tuple(unknown),
        low_result=final == lowest,
        review_days=rules.level(final).review_days,
    )


def _level_ref(rules: RuleSet, level_id: str) -> LevelRef:
    lv = rules.level(level_id)
    return LevelRef(
        id=lv.id,
        title=lv.title,
        summary=lv.summary,
        rank=rules.level_rank[lv.id],
        band_from=lv.band.from_ if lv.band else None,
        band_to=lv.band.to if lv.band else None,
        emergency=lv.emergency,
    )


def _check_override(rules: RuleSet, override: Override | Mapping[str, Any] | None) -> Override | None:
    if override is None:
        return None
    chosen = override if isinstance(override, Override) else Override.model_validate(override)
    problems = []
    if chosen.level not in rules.level_rank:
        problems.append(
            Problem(
                "override.level",
                f"unknown level '{chosen.level}'",
                f"use one of: {', '.join(rules.level_rank)}",
            )
        )
    if len(chosen.reason.strip()) < MIN_REASON_CHARS:
        problems.append(
            Problem(
                "override.reason",
                "a change to the outcome needs a written reason",
                f"write at least {MIN_REASON_CHARS} characters saying why",
            )
        )
    if problems:
        raise AnswersError(problems)
    return chosen


def _recommend(rules: RuleSet, action_id: str, contacts: Directory | None) -> RecommendedAction:
    a = rules.action(action_id)
    found = [contacts.get(c) for c in a.contacts] if contacts else []
    return RecommendedAction(
        id=a.id,
        title=a.title,
        do=a.do,
        urgency=a.urgency,
        contacts=tuple(c for c in found if c is not None),
    )


def _reasons(
    rules: RuleSet,
    score: int,
    band: str,
    flags: list[FiredRedFlag],
    contributions: list[Contribution],
    dropped: list[str],
    insufficient: bool,
    override: Override | None,
    tool_level: str,
) -> list[str]:
    band_info = rules.level(band)
    assert band_info.band is not None
    out = [
        f"Score {score} is in the band for '{band_info.title}' ({band_info.band.describe()}; a local setting)."
    ]
    for c in contributions:
        out.append(f"+{c.points}: {c.question} — {c.answer}")
    for f in flags:
        out.append(f"Red flag: {f.reason} (sets at least '{rules.level(f.min_level).title}')")
    if tool_level != band:
        out.append(f"Red flags raise the outcome above the score band, to '{rules.level(tool_level).title}'.")
    if dropped:
        out.append("Not counted (question no longer asked): " + ", ".join(dropped))
    if insufficient:
        out.append("Many answers are 'not sure' or missing: the result may understate the concern.")
    if override:
        out.append(
            f"Practitioner's judgement: '{rules.level(override.level).title}' instead of "
            f"'{rules.level(tool_level).title}'. Reason: {override.reason}"
        )
    return out

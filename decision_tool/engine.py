"""Score answers against a rule set and recommend the next step.

``assess`` is pure and deterministic: no Streamlit, no file reading, no global state. It returns one
``Assessment`` that every view (pages, records, CLI) renders without recomputing anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from .conditions import evaluate
from .errors import AnswersError, Problem
from .loader import did_you_mean
from .plan import CHOICE, MULTI, NUMBER
from .result import (
    OVERRIDE,
    Assessment,
    CategoryScore,
    Contribution,
    FiredRedFlag,
    Override,
)
from .schema import NOT_SURE, NUMBER_LIMIT, Directory, Question, RuleSet
from .text import clip, quoted

MIN_REASON_CHARS = 10
MAX_TEXT_CHARS = 2000  # a typed answer or a reason: the pages' text boxes hold this many
MAX_PROBLEMS = 200


def normalise_answers(rules: RuleSet, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Check every answer fits its question; return them in canonical form or raise AnswersError."""
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for qid, raw in answers.items():
        q = rules.question_index.get(qid) if isinstance(qid, str) else None
        if q is None:
            problems.append(
                Problem(
                    clip(qid, 64),
                    f"there is no question {quoted(qid)} in '{rules.id}'{did_you_mean(qid, rules.question_index)}",
                    "remove it or correct the id",
                )
            )
            if len(problems) >= MAX_PROBLEMS:
                break
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
    """One answer in canonical form, or (what is wrong, the fix). Values quoted back are clipped."""
    offered = [o.id for o in q.choices]
    if q.kind in ("yes_no", "single"):
        # YAML reads a bare yes/no as true/false; a recency question's yes/no are still "yes"/"no".
        value = (
            ("yes" if raw else "no") if isinstance(raw, bool) and (q.kind == "yes_no" or q.recency) else raw
        )
        if value == "not sure":
            value = NOT_SURE
        if not isinstance(value, str) or value not in offered:
            return None, (
                f"{quoted(raw)} is not an answer to this question{did_you_mean(raw, offered)}",
                f"use one of: {', '.join(offered)}",
            )
        return value, None
    if q.kind == "multi":
        items = raw if isinstance(raw, list | tuple) else [raw]
        bad = [v for v in items if not isinstance(v, str) or v not in offered]
        if bad:
            return None, (
                f"{quoted(bad[0])} is not an answer to this question",
                f"use any of: {', '.join(offered)}",
            )
        return [o for o in offered if o in items], None  # canonical order, no repeats
    if q.kind == "number":
        if (
            isinstance(raw, bool)
            or not isinstance(raw, int | float)
            or (isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()))
        ):
            return None, (f"expected a whole number, got {quoted(raw)}", "give a whole number")
        low = q.min if q.min is not None else -NUMBER_LIMIT
        high = q.max if q.max is not None else NUMBER_LIMIT
        if not low <= raw <= high:
            return None, (f"{quoted(raw)} is out of range", f"give a number from {low} to {high}")
        return int(raw), None
    if not isinstance(raw, str):
        return None, (f"expected text, got {quoted(raw)}", "give text")
    if len(raw) > MAX_TEXT_CHARS:
        return None, (
            f"the text is {len(raw):,} characters long",
            f"keep it to {MAX_TEXT_CHARS:,} characters",
        )
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


def emergency_flags(rules: RuleSet, answers: Mapping[str, Any]) -> list[FiredRedFlag]:
    """Red flags already fired that call for 999: shown at once, before the form is finished."""
    return [f for f in assess(rules, answers).red_flags if f.emergency]


_Scan = tuple[dict[str, Any], list[str], list[str], list[Contribution], dict[str, int], int, int]


def _scan(rules: RuleSet, answers: Mapping[str, Any]) -> _Scan | None:
    """One pass in question order: check, apply show_if, score. None if any answer is not canonical."""
    plan = rules.plan
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    unknown: list[str] = []
    contributions: list[Contribution] = []
    by_category = dict.fromkeys(plan.category_ids, 0)
    scored_shown = max_score = used = 0
    for qid, kind, weights, labels, show_if, scored, category, max_points, low, high, text in plan.rows:
        value: Any = answers.get(qid)
        if value is not None:
            used += 1
            if kind == CHOICE:
                if value.__class__ is not str or value not in weights:
                    return None
            elif kind == MULTI:
                if (
                    value.__class__ is not list
                    or any(v.__class__ is not str or v not in weights for v in value)
                    or len(set(value)) != len(value)
                ):
                    return None
            elif kind == NUMBER:
                if value.__class__ is not int or not low <= value <= high:
                    return None
            elif (
                value.__class__ is not str
                or not value
                or value.strip() != value
                or len(value) > MAX_TEXT_CHARS
            ):
                return None  # text: canonical is stripped, non-empty and not too long
        if show_if is not None and not show_if(kept):
            if value is not None:
                dropped.append(qid)
            continue
        if value is not None:
            kept[qid] = value
        if not scored:
            continue
        scored_shown += 1
        max_score += max_points
        if value is None or value == NOT_SURE:
            unknown.append(qid)
            continue
        if kind == MULTI:
            points = sum(weights[v] for v in value)
            label = ", ".join(labels[v] for v in labels if v in value) or "None of these"
        else:
            points = weights[value]
            label = labels[value]
        if points:
            by_category[category] += points
            contributions.append(Contribution(qid, text, label, category, points))
    if used != len(answers) and used != sum(1 for v in answers.values() if v is not None):
        return None  # an answer to a question that does not exist
    return kept, dropped, unknown, contributions, by_category, scored_shown, max_score


def assess(
    rules: RuleSet,
    answers: Mapping[str, Any],
    *,
    contacts: Directory | None = None,
    override: Override | Mapping[str, Any] | None = None,
) -> Assessment:
    """Score ``answers`` against ``rules``; the level is the highest of the band and every red flag."""
    plan = rules.plan
    scan = _scan(rules, answers)
    if scan is None:  # not canonical: check properly (raises AnswersError listing every problem)
        scan = _scan(rules, normalise_answers(rules, answers))
        assert scan is not None
    kept, dropped, unknown, contributions, by_category, scored_shown, max_score = scan

    score = sum(by_category.values())
    band = next(lid for lo, hi, lid in plan.bands if score >= lo and (hi is None or score <= hi))
    flags = [f for f in plan.flags if f.when(kept)]
    rank = plan.rank
    tool_level = band
    for f in flags:
        if f.min_rank > rank[tool_level]:
            tool_level = f.min_level
    chosen = check_override(rules, override)
    final = chosen.level if chosen else tool_level
    # Immediate danger comes first: never also "find out more within a week" alongside 999.
    emergency = plan.level_refs[tool_level].emergency or plan.level_refs[final].emergency
    insufficient = (
        not emergency
        and scored_shown > 0
        and len(unknown) / scored_shown >= rules.insufficient_information.not_sure_fraction
    )

    action_ids = list(rules.level(final).actions)
    for f in flags:
        action_ids += f.actions
    if insufficient:
        action_ids += rules.insufficient_information.actions
    unique = sorted(dict.fromkeys(action_ids), key=plan.urgency_rank.__getitem__)  # stable within urgency
    fired = tuple(FiredRedFlag(f.id, f.reason, f.min_level, f.actions, f.emergency, f.source) for f in flags)
    return Assessment(
        rules_version=plan.rules_version,
        locality=contacts.locality_id if contacts else None,
        answers=kept,
        dropped_answers=tuple(dropped),
        score=score,
        max_score=max_score,
        category_scores=tuple(
            CategoryScore(z.id, z.title, z.kind, by_category[z.id]) if by_category[z.id] else z
            for z in plan.zero_scores
        ),
        contributions=tuple(contributions),
        red_flags=fired,
        band_level=band,
        tool_level=tool_level,
        level=final,
        level_info=plan.level_refs[final],
        tool_level_info=plan.level_refs[tool_level],
        override=chosen,
        below_red_flag=bool(chosen and flags and rank[final] < max(f.min_rank for f in flags)),
        actions=tuple(plan.recommend(rules, a, contacts) for a in unique),
        reasons=tuple(
            _reasons(rules, score, band, fired, contributions, dropped, insufficient, chosen, tool_level)
        ),
        thresholds=plan.thresholds,
        insufficient_information=insufficient,
        not_sure=tuple(unknown),
        low_result=final == rules.levels[0].id,
        review_days=rules.level(final).review_days,
        recency_months=rules.recency.current_months if rules.recency else None,
        recency_lookback_months=rules.recency.lookback_months if rules.recency else None,
    )


def check_override(rules: RuleSet, override: Override | Mapping[str, Any] | None) -> Override | None:
    if override is None:
        return None
    try:
        chosen = override if isinstance(override, Override) else OVERRIDE.validate_python(override)
    except ValidationError:
        raise AnswersError(
            [Problem("override", "a change to the outcome needs a level and a written reason", "give both")]
        ) from None
    problems = []
    if chosen.level not in rules.level_rank:
        problems.append(
            Problem(
                "override.level",
                f"unknown level {quoted(chosen.level)}",
                f"use one of: {', '.join(rules.level_rank)}",
            )
        )
    if len(chosen.reason) > MAX_TEXT_CHARS:
        problems.append(
            Problem(
                "override.reason",
                f"the reason is {len(chosen.reason):,} characters long",
                f"keep it to {MAX_TEXT_CHARS:,} characters",
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


def _reasons(
    rules: RuleSet,
    score: int,
    band: str,
    flags: tuple[FiredRedFlag, ...],
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
        out.append(
            f"Red flag: {f.reason} (rule '{f.id}' sets at least '{rules.level(f.min_level).title}'; "
            f"source: {f.source})"
        )
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

"""Score answers against a rule set and recommend the next step.

``assess`` is pure and deterministic: no Streamlit, no file reading, no global state. It returns one
``Assessment`` that every view (pages, records, CLI) renders without recomputing anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ..errors import AnswersError, Problem
from ..rules.conditions import evaluate
from ..rules.loader import did_you_mean
from ..rules.schema import NOT_SURE, NUMBER_LIMIT, Directory, Question, RuleSet
from ..text import clip, quoted
from .plan import CHOICE, MULTI, NO_POINTS, NOT_KNOWN, NUMBER, Plan, plan_of
from .result import (
    OVERRIDE,
    Assessment,
    Contribution,
    FiredRedFlag,
    Override,
)

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


_Scan = tuple[dict[str, Any], list[str], list[str], list[Contribution], list[str], int, int, int]


def _scan(plan: Plan, answers: Mapping[str, Any]) -> _Scan | None:
    """One pass in question order: check, apply show_if, score. None if any answer is not canonical.

    Returns (answers kept, answered-but-hidden ids, unknown ids, contributions, their reasons, scored
    questions shown, highest possible score, the bits of the red flags fired by one choice's answer).
    """
    get = answers.get
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    unknown: list[str] = []
    contributions: list[Contribution] = []
    explained: list[str] = []
    hidden_rows = hidden_points = bits = 0
    entry: Any
    value: Any
    for run, row in plan.steps:
        for qid, options in run:  # choices always shown: the same as below, without show_if
            value = get(qid)
            if value is None:
                unknown.append(qid)
                continue
            entry = options.get(value) if value.__class__ is str else None
            if entry is None:
                return None
            kept[qid] = value
            if entry is NO_POINTS:
                continue
            if entry is NOT_KNOWN:
                unknown.append(qid)
                continue
            made, why, flag_bits, not_known = entry
            if made is not None:
                contributions.append(made)
                explained.append(why)
            bits |= flag_bits
            if not_known:
                unknown.append(qid)
        if row is None:
            break
        qid, kind, table, show_if, more = row
        value = get(qid)
        if kind == CHOICE:  # most questions: one pass through the option's table
            if value is None:
                if show_if is None or show_if(kept):
                    unknown.append(qid)
                else:
                    hidden_rows += 1
                    hidden_points += more[0]
                continue
            entry = table.get(value) if value.__class__ is str else None  # type: ignore[union-attr]
            if entry is None:
                return None
            if show_if is not None and not show_if(kept):
                dropped.append(qid)
                hidden_rows += 1
                hidden_points += more[0]
                continue
            kept[qid] = value
            if entry is NO_POINTS:
                continue
            if entry is NOT_KNOWN:
                unknown.append(qid)
                continue
            made, why, flag_bits, not_known = entry
            if made is not None:
                contributions.append(made)
                explained.append(why)
            bits |= flag_bits
            if not_known:
                unknown.append(qid)
            continue
        if value is None:
            if kind == MULTI:
                if show_if is None or show_if(kept):
                    unknown.append(qid)
                else:
                    hidden_rows += 1
                    hidden_points += more[0]
            continue
        if kind == MULTI:
            if (
                value.__class__ is not list
                or any(v.__class__ is not str or v not in table for v in value)  # type: ignore[operator]
                or len(set(value)) != len(value)
            ):
                return None
        elif kind == NUMBER:
            if value.__class__ is not int or not more[1] <= value <= more[2]:
                return None
        elif value.__class__ is not str or not value or value.strip() != value or len(value) > MAX_TEXT_CHARS:
            return None  # text: canonical is stripped, non-empty and not too long
        if show_if is not None and not show_if(kept):
            dropped.append(qid)
            if kind == MULTI:
                hidden_rows += 1
                hidden_points += more[0]
            continue
        kept[qid] = value
        if kind == MULTI:
            key = (qid, tuple(value))
            scored = plan.multi_scores.get(key) or plan.score_multi(key, table, more)
            if scored[0] is not None:
                contributions.append(scored[0])
                explained.append(scored[1])
    # Every answer given was to a question of the form (answers of None stand for no answer).
    used = len(kept) + len(dropped)
    if used != len(answers) and used != sum(1 for v in answers.values() if v is not None):
        return None
    return (
        kept,
        dropped,
        unknown,
        contributions,
        explained,
        plan.scored_rows - hidden_rows,
        plan.max_total - hidden_points,
        bits,
    )


def assess(
    rules: RuleSet,
    answers: Mapping[str, Any],
    *,
    contacts: Directory | None = None,
    override: Override | Mapping[str, Any] | None = None,
) -> Assessment:
    """Score ``answers`` against ``rules``; the level is the highest of the band and every red flag."""
    plan: Plan = plan_of(rules)
    scan = _scan(plan, answers)
    if scan is None:  # not canonical: check properly (raises AnswersError listing every problem)
        scan = _scan(plan, normalise_answers(rules, answers))
        assert scan is not None
    kept, dropped, unknown, contributions, explained, scored_shown, max_score, bits = scan

    if contributions:  # only the categories with points get a new entry
        points: dict[str, int] = {}
        for c in contributions:
            points[c.category] = points.get(c.category, 0) + c.points
        score = sum(points.values())
        scores = list(plan.zero_scores)
        for cid, got in points.items():
            i = plan.category_position[cid]
            scores[i] = plan.category_scores.get((i, got)) or plan.category_score(i, got)
        category_scores = tuple(scores)
    else:
        score = 0
        category_scores = plan.zero_scores
    band = plan.band_of[score]
    seen = kept.get
    for qid, values, when, bit in plan.flag_checks:
        if when(kept) if when else seen(qid) in values:
            bits |= bit
    fired = plan.fired_sets.get(bits) or plan.fired(bits)
    level_refs = plan.level_refs
    tool_level = fired.top_level if fired.top_rank > level_refs[band].rank else band
    chosen = check_override(rules, override) if override is not None else None
    final = chosen.level if chosen else tool_level
    # Immediate danger comes first: never also "find out more within a week" alongside 999.
    insufficient = (
        scored_shown > 0
        and len(unknown) / scored_shown >= plan.not_sure_fraction
        and not (level_refs[tool_level].emergency or level_refs[final].emergency)
    )
    below_red_flag = bool(chosen and level_refs[final].rank < fired.top_rank)
    # A judgement below a red flag leaves the red flag standing: the actions are those of the red
    # flag's minimum, never the lower level's "record why no referral was made" beside "refer today".
    acting = fired.top_level if below_red_flag else final
    action_ids = plan.action_lists.get((acting, insufficient, bits)) or plan.action_ids(
        acting, insufficient, fired, bits
    )
    locality = contacts.locality_id if contacts else None
    hit = plan.action_tuples.get((locality, action_ids))
    actions = hit[1] if hit is not None and hit[0] is contacts else plan.actions(rules, action_ids, contacts)

    before, after = plan.band_explained[band]
    reasons = [f"{before}{score}{after}", *explained, *fired.explained]
    if tool_level != band:
        reasons.append(plan.raised_explained[tool_level])
    if dropped:
        reasons.append("Not counted (question no longer asked): " + ", ".join(dropped))
    if insufficient:
        reasons.append("Many answers are 'not sure' or missing: the result may understate the concern.")
    if chosen:
        reasons.append(
            f"Practitioner's judgement: '{level_refs[chosen.level].title}' instead of "
            f"'{level_refs[tool_level].title}'. Reason: {chosen.reason}"
        )
    recency_months, lookback_months = plan.recency
    return Assessment.from_fields(
        {
            "rules_version": plan.rules_version,
            "locality": locality,
            "answers": kept,
            "dropped_answers": tuple(dropped),
            "score": score,
            "max_score": max_score,
            "category_scores": category_scores,
            "contributions": tuple(contributions),
            "red_flags": fired.flags,
            "band_level": band,
            "tool_level": tool_level,
            "level": final,
            "level_info": level_refs[final],
            "tool_level_info": level_refs[tool_level],
            "override": chosen,
            "below_red_flag": below_red_flag,
            "actions": actions,
            "reasons": tuple(reasons),
            "thresholds": plan.thresholds,
            "insufficient_information": insufficient,
            "not_sure": tuple(unknown),
            "low_result": final == plan.lowest,
            "review_days": review_days(plan.review_days[final], plan.review_days[tool_level]),
            "recency_months": recency_months,
            "recency_lookback_months": lookback_months,
        }
    )


def review_days(outcome_days: int | None, tool_days: int | None) -> int | None:
    """The review after a judgement is never later than the tool's own (none: immediate danger)."""
    if outcome_days is None or tool_days is None:
        return outcome_days
    return min(outcome_days, tool_days)


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

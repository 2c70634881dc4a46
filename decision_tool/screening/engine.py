"""Score answers against a rule set and recommend the next step.

``assess`` is pure and deterministic: no Streamlit, no file reading, no global state. It returns one
``Assessment`` that every view (pages, records, CLI) renders without recomputing anything.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from pydantic import ValidationError

from ..errors import AnswersError, Problem
from ..rules.conditions import evaluate
from ..rules.loader import did_you_mean
from ..rules.schema import NOT_SURE, NUMBER_LIMIT, Directory, Question, RuleSet
from ..text import clip, quoted
from .plan import CHOICE, MULTI, NUMBER, FlagPlan, Plan, QuestionPlan, plan_of
from .result import (
    OVERRIDE,
    Assessment,
    CategoryScore,
    Contribution,
    FiredRedFlag,
    Override,
    Reason,
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
        value = _normalise_one(q, raw)
        if isinstance(value, Problem):
            problems.append(value)
        elif value is not None:
            out[qid] = value
    if problems:
        raise AnswersError(problems)
    return out


def _normalise_one(q: Question, raw: Any) -> Any:
    """One answer in canonical form (None: no answer), or the Problem with it. Values quoted back are
    clipped."""
    offered = [o.id for o in q.choices]
    if q.kind in ("yes_no", "single"):
        # YAML reads a bare yes/no as true/false; a recency question's yes/no are still "yes"/"no".
        value = (
            ("yes" if raw else "no") if isinstance(raw, bool) and (q.kind == "yes_no" or q.recency) else raw
        )
        if value == "not sure":
            value = NOT_SURE
        if not isinstance(value, str) or value not in offered:
            return Problem(
                q.id,
                f"{quoted(raw)} is not an answer to this question{did_you_mean(raw, offered)}",
                f"use one of: {', '.join(offered)}",
            )
        return value
    if q.kind == "multi":
        items = raw if isinstance(raw, list | tuple) else [raw]
        bad = [v for v in items if not isinstance(v, str) or v not in offered]
        if bad:
            return Problem(
                q.id,
                f"{quoted(bad[0])} is not an answer to this question",
                f"use any of: {', '.join(offered)}",
            )
        return [o for o in offered if o in items]  # canonical order, no repeats
    if q.kind == "number":
        if (
            isinstance(raw, bool)
            or not isinstance(raw, int | float)
            or (isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()))
        ):
            return Problem(q.id, f"expected a whole number, got {quoted(raw)}", "give a whole number")
        low = q.min if q.min is not None else -NUMBER_LIMIT
        high = q.max if q.max is not None else NUMBER_LIMIT
        if not low <= raw <= high:
            return Problem(q.id, f"{quoted(raw)} is out of range", f"give a number from {low} to {high}")
        return int(raw)
    if not isinstance(raw, str):
        return Problem(q.id, f"expected text, got {quoted(raw)}", "give text")
    if len(raw) > MAX_TEXT_CHARS:
        return Problem(
            q.id,
            f"the text is {len(raw):,} characters long",
            f"keep it to {MAX_TEXT_CHARS:,} characters",
        )
    return raw.strip() or None


class Visible(NamedTuple):
    answers: dict[str, Any]  # the answers kept: to questions shown
    shown: list[str]  # the questions shown
    dropped: list[str]  # answered, then hidden by show_if


def visible_answers(rules: RuleSet, answers: Mapping[str, Any]) -> Visible:
    """Apply ``show_if`` in question order."""
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
    return Visible(kept, shown, dropped)


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


def sign_present(q: Question, value: Any) -> bool:
    """The answer says a sign is there ('yes', or an option that scores): what a reader spots first."""
    chosen = value if isinstance(value, list) else [value]
    return any((o.weight or 0) > 0 or o.id == "yes" for o in q.choices if o.id in chosen)


def emergency_flags(rules: RuleSet, answers: Mapping[str, Any]) -> list[FiredRedFlag]:
    """Red flags already fired that call for 999: shown at once, before the form is finished."""
    return [f for f in assess(rules, answers).red_flags if f.emergency]


@dataclass(slots=True)
class Scan:
    """One pass over the form in question order: the answers checked, ``show_if`` applied, scored."""

    answers: dict[str, Any]  # the answers kept: to questions shown
    dropped: list[str]  # answered, then hidden by show_if: not counted
    not_sure: list[str]  # scored questions shown and answered 'not sure' or left blank
    contributions: list[Contribution]
    scored_shown: int  # scored questions shown ...
    max_score: int  # ... and their highest possible total


def scan(plan: Plan, answers: Mapping[str, Any]) -> Scan | None:
    """Score answers already in canonical form; None if any is not (``normalise_answers`` then says
    what is wrong, or puts them in canonical form)."""
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    not_sure: list[str] = []
    contributions: list[Contribution] = []
    shown = highest = given = 0
    get = answers.get
    for q in plan.questions:
        qid, show_if = q.id, q.show_if
        value = get(qid)
        meaning = None  # a choice's answer: what it scores
        if value is not None:
            if q.kind == CHOICE:  # most questions: the lookup is the check
                meaning = q.choices.get(value) if value.__class__ is str else None
                if meaning is None:
                    return None
            elif not _canonical(q, value):
                return None
            given += 1
        if show_if is not None and not show_if(kept):
            if value is not None:
                dropped.append(qid)
            continue
        if value is not None:
            kept[qid] = value
        if not q.scored:
            continue
        shown += 1
        highest += q.max_points
        if value is None:
            not_sure.append(qid)
        elif meaning is not None:
            if meaning.not_sure:
                not_sure.append(qid)
            elif meaning.contribution is not None:
                contributions.append(meaning.contribution)
        else:
            made = q.multi_contribution(value)
            if made is not None:
                contributions.append(made)
    # Every answer given was to a question of the form (an answer of None stands for no answer).
    if given != len(answers) and given != sum(1 for v in answers.values() if v is not None):
        return None
    return Scan(kept, dropped, not_sure, contributions, shown, highest)


def _canonical(q: QuestionPlan, value: Any) -> bool:
    """The answer is in the form the engine keeps: an option offered (a multiple choice's without
    repeats), a whole number in range, or trimmed, non-empty text no longer than the text boxes hold."""
    kind = q.kind
    if kind == CHOICE:
        return value.__class__ is str and value in q.choices
    if kind == MULTI:
        return (
            value.__class__ is list
            and all(v.__class__ is str and v in q.options for v in value)
            and len(set(value)) == len(value)
        )
    if kind == NUMBER:
        return value.__class__ is int and q.low <= value <= q.high
    return value.__class__ is str and value != "" and value.strip() == value and len(value) <= MAX_TEXT_CHARS


@dataclass(frozen=True, slots=True)
class Decision:
    """What the rules decide from a scan: the score, its band, the red flags fired, the tool's level."""

    score: int
    band_level: str
    flags: tuple[FlagPlan, ...]
    tool_level: str

    def top_rank(self) -> int:
        """The highest minimum the red flags fired set; -1 for none."""
        return max((f.min_rank for f in self.flags), default=-1)


def decide(plan: Plan, scanned: Scan) -> Decision:
    """The level is the highest of the score's band and every red flag's minimum."""
    score = sum(c.points for c in scanned.contributions)
    kept = scanned.answers
    flags = tuple([f for f in plan.flags if f.when(kept)])
    return decide_fired(plan, score, flags)


def decide_fired(plan: Plan, score: int, flags: tuple[FlagPlan, ...]) -> Decision:
    """The decision once the score is known and the red flags that fire are found."""
    band = plan.band_of[score]
    tool_level, top = band, plan.rank[band]
    for f in flags:  # the first of the highest minimum, if above the band
        if f.min_rank > top:
            tool_level, top = f.min_level, f.min_rank
    return Decision(score, band, flags, tool_level)


def too_little_known(plan: Plan, scanned: Scan, *levels: str) -> bool:
    """Many scored questions shown are 'not sure' or blank; never said alongside immediate danger
    (999 comes first, not "find out more within a week")."""
    return (
        scanned.scored_shown > 0
        and len(scanned.not_sure) / scanned.scored_shown >= plan.not_sure_fraction
        and not any(plan.level_refs[lv].emergency for lv in levels)
    )


def scan_checked(rules: RuleSet, plan: Plan, answers: Mapping[str, Any]) -> Scan:
    """The scan of ``answers``, put in canonical form first if need be (AnswersError lists every problem)."""
    scanned = scan(plan, answers)
    if scanned is None:
        scanned = scan(plan, normalise_answers(rules, answers))
        assert scanned is not None  # normalised answers are canonical
    return scanned


def why(
    plan: Plan, scanned: Scan, decided: Decision, insufficient: bool, chosen: Override | None
) -> list[Reason]:
    """Each line of why the result is what it is, as codes and values (``wording`` says them)."""
    refs = plan.level_refs
    band = refs[decided.band_level]
    reasons = [
        Reason(
            "band",
            {
                "score": decided.score,
                "level": band.id,
                "level_title": band.title,
                "band_from": band.band_from,
                "band_to": band.band_to,
            },
        ),
        *(
            Reason(
                "points",
                {
                    "question_id": c.question_id,
                    "question": c.question,
                    "answer": c.answer,
                    "points": c.points,
                },
            )
            for c in scanned.contributions
        ),
        *(
            Reason(
                "red_flag",
                {
                    "id": f.id,
                    "reason": f.fired.reason,
                    "min_level": f.min_level,
                    "min_level_title": refs[f.min_level].title,
                    "source": f.fired.source,
                },
            )
            for f in decided.flags
        ),
    ]
    if decided.tool_level != decided.band_level:
        reasons.append(
            Reason("raised", {"level": decided.tool_level, "level_title": refs[decided.tool_level].title})
        )
    if scanned.dropped:
        reasons.append(Reason("not_counted", {"questions": list(scanned.dropped)}))
    if insufficient:
        reasons.append(Reason("too_little_known", {}))
    if chosen:
        reasons.append(
            Reason(
                "judgement",
                {
                    "level": chosen.level,
                    "level_title": refs[chosen.level].title,
                    "tool_level": decided.tool_level,
                    "tool_level_title": refs[decided.tool_level].title,
                    "reason": chosen.reason,
                },
            )
        )
    return reasons


def assess(
    rules: RuleSet,
    answers: Mapping[str, Any],
    *,
    contacts: Directory | None = None,
    override: Override | Mapping[str, Any] | None = None,
) -> Assessment:
    """Score ``answers`` against ``rules``; the level is the highest of the band and every red flag."""
    plan = plan_of(rules)
    scanned = scan_checked(rules, plan, answers)
    decided = decide(plan, scanned)
    tool_level = decided.tool_level
    chosen = check_override(rules, override) if override is not None else None
    final = chosen.level if chosen else tool_level
    insufficient = too_little_known(plan, scanned, tool_level, final)
    refs = plan.level_refs
    top = decided.top_rank()
    below_red_flag = bool(chosen and refs[final].rank < top)
    # A judgement below a red flag leaves the red flag standing: the actions are those of the red
    # flag's minimum, never the lower level's "record why no referral was made" beside "refer today".
    acting = rules.levels[top].id if below_red_flag else final
    action_ids = plan.action_ids(acting, decided.flags, insufficient)
    reasons = why(plan, scanned, decided, insufficient, chosen)
    points = {c.id: 0 for c in plan.categories}
    for c in scanned.contributions:
        points[c.category] += c.points
    return Assessment(
        rules_version=plan.rules_version,
        locality=contacts.locality_id if contacts else None,
        answers=scanned.answers,
        dropped_answers=tuple(scanned.dropped),
        score=decided.score,
        max_score=scanned.max_score,
        category_scores=tuple(
            c if not points[c.id] else CategoryScore(c.id, c.title, c.kind, points[c.id])
            for c in plan.categories
        ),
        contributions=tuple(scanned.contributions),
        red_flags=tuple(f.fired for f in decided.flags),
        band_level=decided.band_level,
        tool_level=tool_level,
        level=final,
        level_info=refs[final],
        tool_level_info=refs[tool_level],
        override=chosen,
        below_red_flag=below_red_flag,
        actions=tuple(plan.recommend(rules, a, contacts) for a in action_ids),
        reasons=tuple(reasons),
        thresholds=plan.thresholds,
        insufficient_information=insufficient,
        not_sure=tuple(scanned.not_sure),
        low_result=final == plan.lowest,
        review_days=review_days(plan.review_days[final], plan.review_days[tool_level]),
        recency_months=plan.recency_months,
        recency_lookback_months=plan.recency_lookback_months,
        also_screen=plan.other_forms(scanned.answers),
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

"""The specification of ``assess``: what the rules say, worked out the long way round.

``reference_assess`` walks the rule set's own models one step at a time (conditions through
``conditions.evaluate``, options through ``Question.option``), with no compiled plan, no precomputed
text and no caches, so that a reader can check it against the rules format in one sitting. ``assess``
(engine.py) is the quick form used everywhere; tests/test_engine_equivalence.py checks, on random answer
sets, that the two give the same Assessment field for field and refuse the same mistakes alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..rules.conditions import evaluate
from ..rules.schema import NOT_SURE, NUMBER_LIMIT, URGENCY_ORDER, Directory, RuleSet
from .engine import MAX_TEXT_CHARS, check_override, normalise_answers
from .result import (
    Assessment,
    CategoryScore,
    Contribution,
    FiredRedFlag,
    LevelRef,
    OtherForm,
    Reason,
    RecommendedAction,
    rules_version_of,
)


def reference_assess(
    rules: RuleSet,
    answers: Mapping[str, Any],
    *,
    contacts: Directory | None = None,
    override: Mapping[str, Any] | None = None,
) -> Assessment:
    """What the rules say, worked out the long way round."""
    # Answers already in accepted form are used as given (so a record's answers read back unchanged);
    # anything else is checked and put in canonical form, or refused.
    if _accepted(rules, answers):
        canonical = {qid: value for qid, value in answers.items() if value is not None}
    else:
        canonical = normalise_answers(rules, answers)
    chosen = check_override(rules, override)

    kept: dict[str, Any] = {}
    dropped: list[str] = []
    unknown: list[str] = []
    contributions: list[Contribution] = []
    scored_shown = max_score = 0
    for q in rules.questions:
        if q.show_if is not None and not evaluate(q.show_if, kept):
            if q.id in canonical:
                dropped.append(q.id)
            continue
        if q.id in canonical:
            kept[q.id] = canonical[q.id]
        if not q.scored:
            continue
        scored_shown += 1
        max_score += q.max_points
        value = kept.get(q.id)
        if value is None or value == NOT_SURE:
            unknown.append(q.id)
            continue
        picked = [o for o in q.choices if (o.id in value if q.kind == "multi" else o.id == value)]
        points = sum(o.weight for o in picked)
        if points:
            label = ", ".join(o.label for o in picked) or "None of these"
            contributions.append(Contribution(q.id, q.text, label, q.category or "", points))
    score = sum(c.points for c in contributions)

    rank = {lv.id: i for i, lv in enumerate(rules.levels)}
    band = next(lv.id for lv in rules.levels if lv.band is not None and lv.band.contains(score))
    flags = [f for f in rules.red_flags if evaluate(f.when, kept)]
    tool_level = max([band, *(f.min_level for f in flags)], key=rank.__getitem__)
    final = chosen.level if chosen else tool_level
    emergency = rules.level(tool_level).emergency or rules.level(final).emergency
    share = len(unknown) / scored_shown if scored_shown else 0.0
    insufficient = (
        not emergency and scored_shown > 0 and share >= rules.insufficient_information.not_sure_fraction
    )

    # After a judgement the review is never later than the tool's own (none: immediate danger).
    days, tool_days = rules.level(final).review_days, rules.level(tool_level).review_days
    review = days if days is None or tool_days is None else min(days, tool_days)
    flag_min = max((rank[f.min_level] for f in flags), default=-1)
    below_red_flag = bool(chosen and flags and rank[final] < flag_min)
    acting = rules.levels[flag_min].id if below_red_flag else final
    wanted: list[str] = list(rules.level(acting).actions)
    for f in flags:
        wanted += f.actions
    if insufficient:
        wanted += rules.insufficient_information.actions
    unique: list[str] = []
    for action_id in wanted:
        if action_id not in unique:
            unique.append(action_id)
    unique.sort(key=lambda a: URGENCY_ORDER.index(rules.action(a).urgency))
    actions = []
    for action_id in unique:
        a = rules.action(action_id)
        found = [contacts.get(c) for c in a.contacts] if contacts else []
        people = tuple(c for c in found if c is not None)
        actions.append(RecommendedAction(a.id, a.title, a.do, a.urgency, people))

    fired = tuple(
        FiredRedFlag(
            f.id,
            f.reason,
            f.min_level,
            f.actions,
            rules.level(f.min_level).emergency,
            rules.source(f.source).title,
        )
        for f in flags
    )

    def ref(level_id: str) -> LevelRef:
        lv = rules.level(level_id)
        return LevelRef(
            lv.id,
            lv.title,
            lv.summary,
            rank[lv.id],
            lv.band.from_ if lv.band else None,
            lv.band.to if lv.band else None,
            lv.emergency,
        )

    def title(level_id: str) -> str:
        return rules.level(level_id).title

    band_info = rules.level(band).band
    assert band_info is not None
    band_values = {"score": score, "level": band, "level_title": title(band)}
    reasons = [Reason("band", {**band_values, "band_from": band_info.from_, "band_to": band_info.to})]
    for c in contributions:
        said = {"question_id": c.question_id, "question": c.question, "answer": c.answer, "points": c.points}
        reasons.append(Reason("points", said))
    for flag in fired:
        said = {
            "id": flag.id,
            "reason": flag.reason,
            "min_level": flag.min_level,
            "min_level_title": title(flag.min_level),
        }
        reasons.append(Reason("red_flag", {**said, "source": flag.source}))
    if tool_level != band:
        reasons.append(Reason("raised", {"level": tool_level, "level_title": title(tool_level)}))
    if dropped:
        reasons.append(Reason("not_counted", {"questions": dropped}))
    if insufficient:
        reasons.append(Reason("too_little_known", {}))
    if chosen:
        said = {"level": chosen.level, "level_title": title(chosen.level), "tool_level": tool_level}
        reasons.append(
            Reason("judgement", {**said, "tool_level_title": title(tool_level), "reason": chosen.reason})
        )

    by_category = {c.id: 0 for c in rules.categories}
    for c in contributions:
        by_category[c.category] += c.points
    return Assessment(
        rules_version=rules_version_of(rules),
        locality=contacts.locality_id if contacts else None,
        answers=kept,
        dropped_answers=tuple(dropped),
        score=score,
        max_score=max_score,
        category_scores=tuple(
            CategoryScore(c.id, c.title, c.kind, by_category[c.id]) for c in rules.categories
        ),
        contributions=tuple(contributions),
        red_flags=fired,
        band_level=band,
        tool_level=tool_level,
        level=final,
        level_info=ref(final),
        tool_level_info=ref(tool_level),
        override=chosen,
        below_red_flag=below_red_flag,
        actions=tuple(actions),
        reasons=tuple(reasons),
        thresholds=tuple(ref(lv.id) for lv in rules.levels),
        insufficient_information=insufficient,
        not_sure=tuple(unknown),
        low_result=final == rules.levels[0].id,
        review_days=review,
        recency_months=rules.recency.current_months if rules.recency else None,
        recency_lookback_months=rules.recency.lookback_months if rules.recency else None,
        also_screen=tuple(
            OtherForm(
                other.form,
                other.about,
                tuple(
                    dict.fromkeys(
                        rules.question_index[qid].text
                        for qid, leaf in other.when.questions()
                        if evaluate(leaf, kept)
                    )
                ),
            )
            for other in rules.also_screen
            if evaluate(other.when, kept)
        ),
    )


def _accepted(rules: RuleSet, answers: Mapping[str, Any]) -> bool:
    """Every answer is for a question of this form and already in the form the engine keeps: a choice
    offered (a multiple choice's in any order, without repeats), a whole number (int) in range, or
    trimmed, non-empty text no longer than the text boxes hold. None stands for no answer (to any id)."""
    for qid, value in answers.items():
        if value is None:
            continue
        q = rules.question_index.get(qid) if isinstance(qid, str) else None
        if q is None:
            return False
        offered = [o.id for o in q.choices]
        if q.kind in ("yes_no", "single"):
            ok = type(value) is str and value in offered
        elif q.kind == "multi":
            ok = type(value) is list and all(type(v) is str and v in offered for v in value)
            ok = ok and len(set(value)) == len(value)
        elif q.kind == "number":
            low = q.min if q.min is not None else -NUMBER_LIMIT
            high = q.max if q.max is not None else NUMBER_LIMIT
            ok = type(value) is int and low <= value <= high
        else:
            ok = (
                type(value) is str and value != "" and value.strip() == value and len(value) <= MAX_TEXT_CHARS
            )
        if not ok:
            return False
    return True

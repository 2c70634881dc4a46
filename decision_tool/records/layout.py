"""The record's one layout: (style, text) lines that the Markdown, plain text and PDF forms all render,
so no format says something another does not. Every heading and sentence is said from the wording
catalogue (``record.*`` keys); this module only decides which lines a record has, and in what order."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..rules.schema import RuleSet
from ..screening.result import Assessment
from ..wording.dates import long_date
from ..wording.messages import listed, say
from ..wording.outcome import judgement_lines, outcome_heading, outcome_summary
from ..wording.reasons import reason_text
from ..wording.results import (
    bands_text,
    needs_low_result_line,
    other_form_heading,
    other_form_text,
    when_words,
)
from .model import (
    DETAIL_LABELS,
    DISCLAIMER,
    EXPLOITATION_MODELS,
    OPTIONAL_DETAILS,
    Record,
    RecordDetails,
    is_emergency,
    steps_to_show,
)


def record_title(record: Record, rules: RuleSet | None = None) -> str:
    """The record's heading: the form's neutral title in discreet mode (the pharmacy form), else its title."""
    version = record.assessment.rules_version
    title = rules.display_title if rules is not None and rules.id == version.id else version.title
    return say("record.title", title=title)


def _contact_line(c: Any, on: dt.date) -> str:
    parts = [c.name]
    if c.phone:
        parts.append(c.phone)
    if c.url:
        parts.append(c.url)
    if c.hours:
        parts.append(c.hours)
    line = say("record.contact", contact=listed(parts), date=long_date(c.last_verified))
    return say("record.contact_stale", line=line) if c.is_stale(on) else line


def _detail_value(details: RecordDetails, field: str) -> str:
    value = getattr(details, field)
    if isinstance(value, dt.date):
        return long_date(value)
    if field == "exploitation_models":
        return listed([EXPLOITATION_MODELS[m] for m in value]) or say("record.not_recorded")
    return str(value) if value else say("record.not_recorded")


def record_lines(record: Record, rules: RuleSet | None = None) -> list[tuple[str, str]]:
    """The record as (style, text) lines: the one layout that Markdown, text and PDF all render.

    Styles: h1, h2, h3, p, li, sub, kv ("label\tvalue").
    """
    a = record.assessment
    emergency = is_emergency(a)
    out: list[tuple[str, str]] = [("h1", record_title(record, rules))]
    out.append(("p", say("record.made", date=long_date(record.created), time=record.created)))

    out.append(("h2", say("record.about")))
    for field, label in DETAIL_LABELS.items():
        if field in OPTIONAL_DETAILS and not getattr(record.details, field):
            continue  # said only when recorded (and so never on a discreet form's record)
        out.append(("kv", f"{label}\t{_detail_value(record.details, field)}"))
    locality = record.locality_title or a.locality
    if locality:
        out.append(("kv", f"{say('record.local_contacts')}\t{locality}"))
    review = long_date(record.review_by) if record.review_by else say("record.not_set")
    out.append(("kv", f"{say('record.review_by')}\t{review}"))
    if a.recency_months:
        out.append(("p", recency_line(a.recency_months, a.recency_lookback_months or 12)))

    out.append(("h2", outcome_heading(a)))
    if emergency:
        reasons = " ".join(f.reason for f in a.red_flags if f.emergency)
        out.append(("p", say("record.emergency", title=say("emergency.title"), reasons=reasons)))
    else:
        out.append(("p", outcome_summary(a)))
    out += [("p", line) for line in judgement_lines(a)]
    if not emergency:
        if needs_low_result_line(a):
            out.append(("p", say("result.low_not_no_action")))
        if a.insufficient_information:
            out.append(("p", say("record.insufficient")))
    out.append(("h2", say("record.next")))
    for i, action in enumerate(steps_to_show(a), 1):
        words = when_words(action)
        when = say("record.step_when", when=words) if words else ""
        out.append(("li", say("record.step", n=i, title=action.title, when=when, do=action.do)))
        for c in action.contacts:
            out.append(("sub", _contact_line(c, record.created.date())))
    for other in a.also_screen:
        out.append(("h2", other_form_heading(other)))
        out.append(("p", other_form_text(other)))
    out.append(("h2", say("record.why")))
    for reason in a.reasons:
        out.append(("li", reason_text(reason)))
    out.append(("h2", say("record.by_category")))
    for cat in a.category_scores:
        if cat.points:
            out.append(("li", say("record.category", title=cat.title, points=cat.points)))
    out.append(("p", say("record.bands", score=a.score, bands=bands_text(a.thresholds, short=True))))
    out.append(("h2", say("record.answers")))
    out += _answer_lines(a, rules)
    out.append(("h2", say("record.rules_used")))
    version = a.rules_version
    out.append(
        ("p", say("record.rules", title=version.title, version=version.version, sha256=version.sha256))
    )
    if version.overlay_sha256:
        where = locality or version.overlay_locality
        out.append(("p", say("record.overlay", locality=where, sha256=version.overlay_sha256)))
    out.append(("p", DISCLAIMER))
    return out


def recency_line(months: int, lookback: int) -> str:
    return say("record.recency", current=months, lookback=lookback)


def _answer_lines(a: Assessment, rules: RuleSet | None) -> list[tuple[str, str]]:
    """Answers grouped by the form's sections (in a flat list when the rules are not at hand)."""
    if rules is None:
        return [("li", _by_id(qid, answer_text(None, qid, v))) for qid, v in a.answers.items()]
    out: list[tuple[str, str]] = []
    for section in rules.sections:
        rows = [
            ("li", say("record.answer", question=q.text, answer=answer_text(rules, q.id, a.answers[q.id])))
            for q in section.questions
            if q.id in a.answers
        ]
        if rows:
            out.append(("h3", section.title))
            out += rows
    unknown = [qid for qid in a.answers if qid not in rules.question_index]
    out += [("li", _by_id(qid, answer_text(rules, qid, a.answers[qid]))) for qid in unknown]
    return out


def _by_id(qid: str, answer: str) -> str:
    return say("record.answer_by_id", question=qid, answer=answer)


def answer_text(rules: RuleSet | None, qid: str, value: Any) -> str:
    q = rules.question_index.get(qid) if rules else None
    if q is None:
        return listed([str(v) for v in value]) if isinstance(value, list) else str(value)
    if q.kind == "multi":
        return listed([o.label for o in q.choices if o.id in value]) or say("record.none_known")
    if q.kind in ("yes_no", "single"):
        option = q.option(value)
        return option.label if option else str(value)
    return f"{value} {q.unit}".strip()

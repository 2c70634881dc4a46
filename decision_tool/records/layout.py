"""The record's one layout: (style, text) lines that the Markdown, plain text and PDF forms all render,
so no format says something another does not."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..rules.schema import RuleSet
from ..screening.result import Assessment
from ..wording.dates import long_date
from ..wording.messages import say
from ..wording.outcome import judgement_lines, outcome_heading, outcome_summary
from ..wording.reasons import reason_text
from ..wording.results import needs_low_result_line, other_form_heading, other_form_text, when_words
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
    return f"Screening record: {title}"


def _contact_line(c: Any, on: dt.date) -> str:
    parts = [c.name]
    if c.phone:
        parts.append(c.phone)
    if c.url:
        parts.append(c.url)
    if c.hours:
        parts.append(c.hours)
    line = ", ".join(parts) + f" (checked {long_date(c.last_verified)})"
    return line + (" - not checked in the 12 months before this record: check it" if c.is_stale(on) else "")


def _detail_value(details: RecordDetails, field: str) -> str:
    value = getattr(details, field)
    if isinstance(value, dt.date):
        return f"{long_date(value)}"
    if field == "exploitation_models":
        return ", ".join(EXPLOITATION_MODELS[m] for m in value) or "Not recorded"
    return str(value) if value else "Not recorded"


def record_lines(record: Record, rules: RuleSet | None = None) -> list[tuple[str, str]]:
    """The record as (style, text) lines: the one layout that Markdown, text and PDF all render.

    Styles: h1, h2, h3, p, li, sub, kv ("label\tvalue").
    """
    a = record.assessment
    emergency = is_emergency(a)
    out: list[tuple[str, str]] = [("h1", record_title(record, rules))]
    out.append(("p", f"Made {long_date(record.created)} at {record.created:%H:%M}."))

    out.append(("h2", "About this record"))
    for field, label in DETAIL_LABELS.items():
        if field in OPTIONAL_DETAILS and not getattr(record.details, field):
            continue  # said only when recorded (and so never on a discreet form's record)
        out.append(("kv", f"{label}\t{_detail_value(record.details, field)}"))
    locality = record.locality_title or a.locality
    if locality:
        out.append(("kv", f"Local contacts\t{locality}"))
    out.append(
        ("kv", f"Review by\t{long_date(record.review_by)}" if record.review_by else "Review by\tNot set")
    )
    if a.recency_months:
        out.append(("p", recency_line(a.recency_months, a.recency_lookback_months or 12)))

    out.append(("h2", outcome_heading(a)))
    if emergency:
        out.append(
            ("p", f"{say('emergency.title')}. " + " ".join(f.reason for f in a.red_flags if f.emergency))
        )
    else:
        out.append(("p", outcome_summary(a)))
    out += [("p", line) for line in judgement_lines(a)]
    if not emergency:
        if needs_low_result_line(a):
            out.append(("p", say("result.low_not_no_action")))
        if a.insufficient_information:
            out.append(
                (
                    "p",
                    "Insufficient information: many answers were 'not sure' or missing, so this result may understate the concern.",
                )
            )
    out.append(("h2", "What to do next"))
    for i, action in enumerate(steps_to_show(a), 1):
        words = when_words(action)
        when = f" ({words})" if words else ""
        out.append(("li", f"{i}. {action.title}{when}: {action.do}"))
        for c in action.contacts:
            out.append(("sub", _contact_line(c, record.created.date())))
    for other in a.also_screen:
        out.append(("h2", other_form_heading(other)))
        out.append(("p", other_form_text(other)))
    out.append(("h2", "Why"))
    for reason in a.reasons:
        out.append(("li", reason_text(reason)))
    out.append(("h2", "Score by category"))
    for cat in a.category_scores:
        if cat.points:
            out.append(("li", f"{cat.title}: {cat.points}"))
    out.append(
        (
            "p",
            f"Total score {a.score}. Bands (local settings): "
            + "; ".join(
                f"{t.title} {t.band_from}" + ("+" if t.band_to is None else f"-{t.band_to}")
                for t in a.thresholds
                if t.band_from is not None
            )
            + ".",
        )
    )
    out.append(("h2", "Answers"))
    out += _answer_lines(a, rules)
    out.append(("h2", "Rules used"))
    out.append(
        (
            "p",
            f"{a.rules_version.title}, rules version {a.rules_version.version}. "
            f"Content hash (sha256): {a.rules_version.sha256}",
        )
    )
    if a.rules_version.overlay_sha256:
        out.append(
            (
                "p",
                f"With the local settings of {locality or a.rules_version.overlay_locality} on this form. "
                f"Their content hash (sha256): {a.rules_version.overlay_sha256}",
            )
        )
    out.append(("p", DISCLAIMER))
    return out


def recency_line(months: int, lookback: int) -> str:
    return (
        f"When signs were seen: 'now or recently' means the last {months} months; 'earlier' means "
        f"{months} to {lookback} months before this record (a local setting)."
    )


def _answer_lines(a: Assessment, rules: RuleSet | None) -> list[tuple[str, str]]:
    """Answers grouped by the form's sections (in a flat list when the rules are not at hand)."""
    if rules is None:
        return [("li", f"{qid}: {answer_text(None, qid, v)}") for qid, v in a.answers.items()]
    out: list[tuple[str, str]] = []
    for section in rules.sections:
        rows = [
            ("li", f"{q.text} {answer_text(rules, q.id, a.answers[q.id])}")
            for q in section.questions
            if q.id in a.answers
        ]
        if rows:
            out.append(("h3", section.title))
            out += rows
    unknown = [qid for qid in a.answers if qid not in rules.question_index]
    out += [("li", f"{qid}: {answer_text(rules, qid, a.answers[qid])}") for qid in unknown]
    return out


def answer_text(rules: RuleSet | None, qid: str, value: Any) -> str:
    q = rules.question_index.get(qid) if rules else None
    if q is None:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if q.kind == "multi":
        return ", ".join(o.label for o in q.choices if o.id in value) or "None known"
    if q.kind in ("yes_no", "single"):
        option = q.option(value)
        return option.label if option else str(value)
    return f"{value} {q.unit}".strip()

"""The record a practitioner keeps: an Assessment plus when it was made, as JSON, Markdown or PDF.

The JSON record can be uploaded again to resume or review an assessment; ``read_record`` refuses a file
that is not a record, and says so when the rules have changed since it was scored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import AnswersError, RecordError, RulesChangedError
from .result import Assessment
from .safe_yaml import load_json
from .schema import URGENCY_WORDS, RuleSet
from .text import clip, md_escape, no_controls, quoted

RECORD_KIND: Literal["decision_tool.record"] = "decision_tool.record"
RECORD_FORMAT: Literal[1] = 1
MAX_RECORD_BYTES = 1_000_000
DISCLAIMER = (
    "This is a screening aid that supports professional judgement. It is not a validated prediction "
    "tool. A low result does not mean no action."
)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["decision_tool.record"] = RECORD_KIND
    format: Literal[1] = RECORD_FORMAT
    created: dt.datetime
    review_by: dt.date | None
    assessment: Assessment


def make_record(assessment: Assessment, now: dt.datetime) -> Record:
    review = now.date() + dt.timedelta(days=assessment.review_days) if assessment.review_days else None
    return Record(created=now, review_by=review, assessment=assessment)


def record_json(record: Record) -> str:
    return record.model_dump_json(indent=2)


def read_record(data: bytes | str, rules: dict[str, RuleSet]) -> Record:
    """Parse an uploaded record; raise RecordError (or RulesChangedError) with a plain message.

    A record is checked in full before anyone uses it: its shape, and, when it was made with the rules
    loaded now, that its answers, outcome and any change to the outcome fit those rules (the Result page
    re-scores it). Callers replace nothing until this returns.
    """
    if isinstance(data, bytes):
        if len(data) > MAX_RECORD_BYTES:
            raise RecordError("The file is too large to be a record (over 1 MB). Choose the .json record you downloaded.")
        try:
            data = data.decode("utf-8-sig")  # a byte-order mark (some editors add one) is fine
        except UnicodeDecodeError:
            raise RecordError("The file is not a text file. Choose the .json record you downloaded.") from None
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError("The file is too large to be a record (over 1 MB). Choose the .json record you downloaded.")
    try:
        raw = load_json(data, "record", error=RecordError)
    except RecordError as exc:
        problem = exc.problems[0]
        where = f" (line {problem.line})" if problem.line else ""
        raise RecordError(
            f"The file cannot be read as a record{where}: {problem.message}. Choose the .json record you downloaded."
        ) from None
    if not isinstance(raw, dict) or raw.get("kind") != RECORD_KIND:
        raise RecordError("This file is not a record from this tool. Choose the .json record you downloaded.")
    try:
        record = Record.model_validate(raw)
    except ValidationError:
        raise RecordError(
            "The record is damaged or incomplete, so it cannot be opened. "
            "Choose the .json file exactly as you downloaded it."
        ) from None
    version = record.assessment.rules_version
    current = rules.get(version.id)
    if current is None:
        raise RecordError(
            f"This record was made with a questionnaire ({quoted(version.title)}) that is not available here."
        )
    if current.fingerprint != version.sha256:
        raise RulesChangedError(
            f"This record was scored with {quoted(version.title)} version {clip(version.version, 40)}. "
            + (
                f"The rules here are now version {clip(current.version, 40)}. "
                if current.version != version.version
                else "The rules here have changed since, though their version number has not. "
            )
            + "You can score the same answers again with the current rules.",
            record=record,
        )
    _check_fits(record, current)
    return record


def _check_fits(record: Record, rules: RuleSet) -> None:
    """A record that claims the rules loaded now must fit them: every answer, the tool's outcome, and
    any change to it. Otherwise a hand-edited record could show one thing and score another."""
    from .engine import assess

    a = record.assessment
    try:
        result = assess(rules, a.answers, override=a.override)
    except AnswersError as exc:
        problem = exc.problems[0]
        raise RecordError(
            "the record does not fit the questionnaire it names "
            f"({clip(problem.path, 64)}: {clip(problem.message, 200)})"
        ) from None
    if (a.tool_level, a.level) != (result.tool_level, result.level) or a.answers != result.answers:
        raise RecordError(
            "the record's outcome does not match its answers under the rules it names; "
            "it may have been edited by hand"
        )


def answers_that_still_fit(rules: RuleSet, answers: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """For a re-score: (the answers the current rules accept, the ids of those they do not)."""
    from .engine import normalise_answers

    kept: dict[str, Any] = {}
    for qid, value in answers.items():
        # A question that changed or went is simply asked again.
        with contextlib.suppress(AnswersError):
            kept.update(normalise_answers(rules, {qid: value}))
    return kept, sorted(set(answers) - set(kept))


# ---------------------------------------------------------------- Markdown / text


def _contact_line(c: Any, on: dt.date) -> str:
    parts = [c.name]
    if c.phone:
        parts.append(c.phone)
    if c.url:
        parts.append(c.url)
    if c.hours:
        parts.append(c.hours)
    line = ", ".join(parts) + f" (checked {c.last_verified.isoformat()})"
    return line + (" - not checked in the 12 months before this record: check it" if c.is_stale(on) else "")


def record_lines(record: Record, rules: RuleSet | None = None) -> list[tuple[str, str]]:
    """The record as (style, text) lines: the one layout that Markdown, text and PDF all render."""
    a = record.assessment
    out: list[tuple[str, str]] = [("h1", "CSE screening record")]
    out.append(
        (
            "p",
            f"Made {record.created:%d %B %Y at %H:%M} with {a.rules_version.title}, rules version {a.rules_version.version} (content hash {a.rules_version.sha256}).",
        )
    )
    if a.recency_months:
        out.append(("p", recency_line(a.recency_months, a.recency_lookback_months or 12)))
    if a.locality:
        out.append(("p", f"Locality contacts: {a.locality}."))
    out.append(("h2", f"Outcome: {a.level_info.title}"))
    out.append(("p", a.level_info.summary))
    if a.override:
        out.append(
            (
                "p",
                f"The tool's result was '{a.tool_level_info.title}'. The practitioner changed it to '{a.level_info.title}'. Reason: {a.override.reason}",
            )
        )
        if a.below_red_flag:
            out.append(
                ("p", "This is below the minimum set by a red flag; the red flag's actions still stand.")
            )
    if a.low_result:
        out.append(("p", "A low result does not mean no action."))
    if a.insufficient_information:
        out.append(
            (
                "p",
                "Insufficient information: many answers were 'not sure' or missing, so this result may understate the concern.",
            )
        )
    if record.review_by:
        out.append(("p", f"Review by: {record.review_by:%d %B %Y}."))
    out.append(("h2", "What to do next"))
    for i, action in enumerate(a.actions, 1):
        out.append(
            ("li", f"{i}. {action.title} ({URGENCY_WORDS.get(action.urgency, action.urgency)}): {action.do}")
        )
        for c in action.contacts:
            out.append(("sub", _contact_line(c, record.created.date())))
    out.append(("h2", "Why"))
    for reason in a.reasons:
        out.append(("li", reason))
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
    for qid, value in a.answers.items():
        question = rules.question_index[qid].text if rules and qid in rules.question_index else qid
        out.append(("li", f"{question}: {answer_text(rules, qid, value)}"))
    out.append(("p", DISCLAIMER))
    return out


def recency_line(months: int, lookback: int) -> str:
    return (
        f"When signs were seen: 'now or recently' means the last {months} months; 'earlier' means "
        f"{months} to {lookback} months before this record (a local setting)."
    )


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


def record_markdown(record: Record, rules: RuleSet | None = None) -> str:
    """The record as Markdown. Every line's text, headings included, is escaped (``md_escape``): text
    from the rules or typed by the practitioner never becomes a link, image, HTML or formatting."""
    prefix = {"h1": "# ", "h2": "\n## ", "li": "- ", "sub": "  - ", "p": ""}
    lines = []
    for style, text in record_lines(record, rules):
        safe = md_escape(text).replace("\n", " ")
        lines.append(prefix[style] + safe)
        if style == "p":
            lines.append("")
    return "\n".join(lines).strip() + "\n"


def record_text(record: Record, rules: RuleSet | None = None) -> str:
    """The record as plain text (the CLI's output): control characters removed."""
    prefix = {"h1": "", "h2": "\n", "li": "  ", "sub": "      ", "p": ""}
    out = []
    for style, text in record_lines(record, rules):
        text = no_controls(text)
        out.append(prefix[style] + text)
        if style in ("h1", "h2"):
            out.append(prefix[style].strip() + "-" * len(text))
    return "\n".join(out).strip() + "\n"


# ---------------------------------------------------------------- PDF

_PDF_REPLACE = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-", "≥": ">=", "≤": "<="}
)


def _latin1(text: str) -> str:
    # The PDF's built-in fonts are Latin-1; anything else is replaced rather than crashing the download.
    return text.translate(_PDF_REPLACE).encode("latin-1", "replace").decode("latin-1")


_PDF_STYLES = {
    "h1": ("B", 16, 0),
    "h2": ("B", 12.5, 0),
    "p": ("", 10.5, 0),
    "li": ("", 10.5, 4),
    "sub": ("", 9.5, 10),
}


def new_pdf(title: str) -> Any:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_creator("decision_tool")
    pdf.set_auto_page_break(auto=True, margin=15)
    return pdf


def record_pdf(record: Record, rules: RuleSet | None = None) -> bytes:
    pdf = new_pdf("CSE screening record")
    pdf.add_page()
    write_pdf_lines(pdf, record_lines(record, rules))
    return bytes(pdf.output())


def write_pdf_lines(pdf: Any, lines: list[tuple[str, str]]) -> None:
    """Write (style, text) lines (as ``record_lines`` makes them) on the current page onwards."""
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for style, text in lines:
        weight, size, indent = _PDF_STYLES[style]
        pdf.set_font("Helvetica", weight, size)
        if style == "h2":
            pdf.ln(2)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

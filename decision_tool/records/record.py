"""The record a practitioner keeps: an Assessment plus when it was made, as JSON, Markdown or PDF.

The JSON record can be uploaded again to resume or review an assessment; ``read_record`` refuses a file
that is not a record, and says so when the rules have changed since it was scored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from ..errors import AnswersError, RecordError, RulesChangedError
from ..rules.safe_yaml import load_json
from ..rules.schema import URGENCY_WORDS, RuleSet
from ..screening.result import Assessment, RecommendedAction
from ..text import clip, md_escape, no_controls, quoted
from ..wording.outcome import judgement_lines, outcome_heading, outcome_summary

RECORD_KIND: Literal["decision_tool.record"] = "decision_tool.record"
RECORD_FORMAT: Literal[1] = 1
MAX_RECORD_BYTES = 1_000_000
DISCLAIMER = (
    "This is a screening aid that supports professional judgement. It is not a validated prediction "
    "tool. A low result does not mean no action."
)


Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Para = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class RecordDetails(BaseModel):
    """What a safeguarding lead needs to file the record. Roles, never names; every field optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    completed_by: Line = Field(default="", description="The role of the person completing it.")
    setting: Line = Field(default="", description="Where the concern arose, e.g. a school or a pharmacy.")
    concern_date: dt.date | None = Field(default=None, description="When the concern was raised.")
    consulted: Para = Field(default="", description="Who was consulted, by role.")
    action_taken: Para = Field(default="", description="What was done.")
    reference: Line = Field(default="", description="The local case or MASH reference.")
    review_owner: Line = Field(default="", description="The role responsible for the review.")

    def is_empty(self) -> bool:
        return self == RecordDetails()


DETAIL_LABELS: dict[str, str] = {
    "completed_by": "Completed by (role)",
    "setting": "Setting",
    "concern_date": "Date of the concern",
    "consulted": "Who was consulted",
    "action_taken": "Action taken",
    "reference": "Case or MASH reference",
    "review_owner": "Review owner (role)",
}


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["decision_tool.record"] = RECORD_KIND
    format: Literal[1] = RECORD_FORMAT
    created: dt.datetime
    review_by: dt.date | None
    locality_title: str | None = Field(default=None, max_length=200)
    details: RecordDetails = RecordDetails()
    assessment: Assessment

    @model_validator(mode="after")
    def _concern_not_after_record(self) -> Record:
        if self.details.concern_date and self.details.concern_date > self.created.date():
            raise ValueError("the date of the concern is after the record was made")
        return self


def make_record(
    assessment: Assessment,
    now: dt.datetime,
    *,
    details: RecordDetails | None = None,
    locality_title: str | None = None,
) -> Record:
    review = now.date() + dt.timedelta(days=assessment.review_days) if assessment.review_days else None
    return Record(
        created=now,
        review_by=review,
        assessment=assessment,
        details=details or RecordDetails(),
        locality_title=locality_title,
    )


def is_emergency(a: Assessment) -> bool:
    """Immediate danger: the outcome, or a red flag that calls for 999 (which an override cannot undo)."""
    return a.level_info.emergency or any(f.emergency for f in a.red_flags)


def steps_to_show(a: Assessment) -> tuple[RecommendedAction, ...]:
    """The actions a view shows. After a 999 instruction only what follows it today, so nothing reads
    as "wait" or "find out more within a week" under "Call 999"."""
    if is_emergency(a):
        return tuple(x for x in a.actions if x.urgency in ("immediate", "today"))
    return a.actions


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
            raise RecordError(
                "The file is too large to be a record (over 1 MB). Choose the .json record you downloaded."
            )
        try:
            data = data.decode("utf-8-sig")  # a byte-order mark (some editors add one) is fine
        except UnicodeDecodeError:
            raise RecordError(
                "The file is not a text file. Choose the .json record you downloaded."
            ) from None
    if len(data) > MAX_RECORD_BYTES:
        raise RecordError(
            "The file is too large to be a record (over 1 MB). Choose the .json record you downloaded."
        )
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
    except ValidationError as exc:
        # Our own checks (e.g. a concern dated after the record) explain themselves in plain words;
        # anything else is damage, described without field names or values.
        first = exc.errors()[0]
        reason = str(first.get("ctx", {}).get("error", "")) if first["type"] == "value_error" else ""
        raise RecordError(
            "The record is damaged or incomplete, so it cannot be opened"
            + (f": {clip(reason, 200)}. " if reason else ". ")
            + "Choose the .json file exactly as you downloaded it."
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
    from ..screening.engine import assess

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
    from ..screening.engine import normalise_answers

    kept: dict[str, Any] = {}
    for qid, value in answers.items():
        # A question that changed or went is simply asked again.
        with contextlib.suppress(AnswersError):
            kept.update(normalise_answers(rules, {qid: value}))
    return kept, sorted(set(answers) - set(kept))


# ---------------------------------------------------------------- Markdown / text


def long_date(day: dt.date) -> str:
    """The one date format for people, on screen and in every record: 3 November 2026 (GOV.UK style)."""
    return f"{day.day} {day:%B %Y}"


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
            ("p", "Immediate danger: call 999 now. " + " ".join(f.reason for f in a.red_flags if f.emergency))
        )
    else:
        out.append(("p", outcome_summary(a)))
    out += [("p", line) for line in judgement_lines(a)]
    if not emergency:
        if (
            a.low_result
            and not a.below_red_flag
            and "does not mean no action" not in a.level_info.summary.lower()
        ):
            out.append(("p", "A low result does not mean no action."))
        if a.insufficient_information:
            out.append(
                (
                    "p",
                    "Insufficient information: many answers were 'not sure' or missing, so this result may understate the concern.",
                )
            )
    out.append(("h2", "What to do next"))
    for i, action in enumerate(steps_to_show(a), 1):
        words = URGENCY_WORDS.get(action.urgency, action.urgency)
        when = "" if words.lower() in action.title.lower() else f" ({words})"
        out.append(("li", f"{i}. {action.title}{when}: {action.do}"))
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
    out += _answer_lines(a, rules)
    out.append(("h2", "Rules used"))
    out.append(
        (
            "p",
            f"{a.rules_version.title}, rules version {a.rules_version.version}. "
            f"Content hash (sha256): {a.rules_version.sha256}",
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


def record_markdown(record: Record, rules: RuleSet | None = None) -> str:
    """The record as Markdown. Every line's text, headings included, is escaped (``md_escape``): text
    from the rules or typed by the practitioner never becomes a link, image, HTML or formatting."""
    prefix = {"h1": "# ", "h2": "\n## ", "h3": "\n### ", "li": "- ", "sub": "  - ", "p": "", "kv": "- "}
    lines = []
    for style, text in record_lines(record, rules):
        if style == "kv":
            label, value = text.split("\t", 1)
            safe = f"**{md_escape(label)}:** {md_escape(value)}".replace("\n", " ")
        else:
            safe = md_escape(text).replace("\n", " ")
        lines.append(prefix[style] + safe)
        if style == "p":
            lines.append("")
    return "\n".join(lines).strip() + "\n"


def record_text(record: Record, rules: RuleSet | None = None) -> str:
    """The record as plain text (the CLI's output): control characters removed."""
    prefix = {"h1": "", "h2": "\n", "h3": "\n", "li": "  ", "sub": "      ", "p": "", "kv": "  "}
    out = []
    for style, text in record_lines(record, rules):
        text = no_controls(text.replace("\t", ": "))
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
    "h3": ("B", 11, 0),
    "p": ("", 10.5, 0),
    "li": ("", 10.5, 4),
    "sub": ("", 9.5, 10),
    "kv": ("", 10.5, 0),
}
_OUTLINE = {"h1": 0, "h2": 1, "h3": 2}


def new_pdf(title: str, running: str | None = None) -> Any:
    """An A4 PDF with ``running`` (default: the title) as a header on every page and "Page n of N" below.

    Headings written by ``write_pdf_lines`` become the PDF's outline (bookmarks). Not a fully tagged
    PDF: fpdf2 tags only outline entries, images and links; the Markdown record is the accessible copy.
    """
    from fpdf import FPDF

    top = _latin1(running or title)

    class RecordPDF(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("Helvetica", "", 8.5)
            self.set_text_color(80, 90, 95)
            self.cell(0, 5, top, new_x="LMARGIN", new_y="NEXT")
            self.set_draw_color(177, 180, 182)
            self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
            self.ln(4)
            self.set_text_color(0, 0, 0)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "", 8.5)
            self.set_text_color(80, 90, 95)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = RecordPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_lang("en-GB")
    pdf.set_creator("decision_tool")
    pdf.set_auto_page_break(auto=True, margin=18)
    return pdf


def record_pdf(record: Record, rules: RuleSet | None = None) -> bytes:
    """A4 PDF: a running header on every page, "Page n of N" in the footer, headings in the outline."""
    title = record_title(record, rules)
    pdf = new_pdf(title, f"{title} - made {long_date(record.created)} at {record.created:%H:%M}")
    pdf.add_page()
    write_pdf_lines(pdf, record_lines(record, rules))
    return bytes(pdf.output())


def write_pdf_lines(pdf: Any, lines: list[tuple[str, str]]) -> None:
    """Write (style, text) lines (as ``record_lines`` makes them) on the current page onwards."""
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for style, text in lines:
        weight, size, indent = _PDF_STYLES[style]
        pdf.set_font("Helvetica", weight, size)
        if style in ("h2", "h3"):
            pdf.ln(2)
        if style in _OUTLINE:
            pdf.start_section(_latin1(text), level=_OUTLINE[style], strict=False)
        pdf.set_x(pdf.l_margin + indent)
        if style == "kv":
            label, value = text.split("\t", 1)
            pdf.set_font("Helvetica", "B", size)
            pdf.cell(52, size * 0.5, _latin1(label))
            pdf.set_font("Helvetica", "", size)
            pdf.multi_cell(width - 52, size * 0.5, _latin1(value), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(width - indent, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


# ---------------------------------------------------------------- calendar


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545: lines longer than 75 octets continue on the next line after a space."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > 75:
            out.append(current)
            current = " " + ch
        else:
            current += ch
    out.append(current)
    return "\r\n".join(out)


def record_ics(record: Record) -> str:
    """A calendar file holding the review date: the outcome and the case reference, never answers."""
    if record.review_by is None:
        raise RecordError("this result has no review date")
    a = record.assessment
    stamp = record.created.astimezone(dt.UTC)  # a naive time is this machine's local time
    uid = hashlib.sha256(record_json(record).encode("utf-8")).hexdigest()[:32]
    description = (
        f"Review the screening made on {long_date(record.created)}. Outcome then: {a.level_info.title}."
    )
    if record.details.reference:
        description += f" Reference: {record.details.reference}."
    if record.details.review_owner:
        description += f" Review owner: {record.details.review_owner}."
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//decision_tool//screening review//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@decision-tool.invalid",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{record.review_by:%Y%m%d}",
        f"DTEND;VALUE=DATE:{record.review_by + dt.timedelta(days=1):%Y%m%d}",
        "SUMMARY:" + _ics_text("Safeguarding screening review"),
        "DESCRIPTION:" + _ics_text(description),
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

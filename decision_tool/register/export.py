"""A whole case as one PDF for a subject access request: a cover page, then every screening as its record.

Each screening is drawn by the same renderer as a downloaded record (``decision_tool.records.record``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..panel.levels import level_name
from ..records.record import new_pdf, record_lines, write_pdf_lines
from ..rules.schema import RuleSet
from ..wording.dates import long_date, long_time
from .summaries import CaseDetail, SavedScreening


def cover_lines(detail: CaseDetail, now: dt.datetime) -> list[tuple[str, str]]:
    case = detail.case
    lines = [
        ("h1", f"Case {case.code}: everything the register holds"),
        ("p", f"Exported {long_date(now)} at {now:%H:%M} UTC for a subject access request."),
        (
            "p",
            f"Organisation {case.organisation_code}. Opened {long_date(case.created_at)}. Status: {case.status}"
            + (f" ({detail.closed_reason})" if detail.closed_reason else "")
            + ".",
        ),
        (
            "p",
            "The register does not hold the child's name. The local reference is kept only as a keyed hash "
            "and cannot be shown.",
        ),
        ("h2", f"Screenings ({len(detail.screenings)}), oldest first"),
    ]
    numbers = _numbers(detail)
    for sc in detail.screenings:
        lines.append(("li", _screening_line(sc, numbers)))
    return lines


def _numbers(detail: CaseDetail) -> dict[int, int]:
    """Each screening's number on this case (1 = the oldest): the register's own ids count every case's
    screenings, which would read as "screening 181" of a case with three."""
    return {sc.summary.id: n for n, sc in enumerate(detail.screenings, 1)}


def _screening_line(sc: SavedScreening, numbers: Mapping[int, int]) -> str:
    s = sc.summary

    def number(screening_id: int) -> str:
        return str(numbers.get(screening_id, "(not on this case)"))

    text = (
        f"{long_time(s.saved_at)} UTC, saved by {s.saved_by}: {s.questionnaire_id} rules "
        f"v{s.rules_version}, outcome {level_name(s.level_id)}"
    )
    if s.level_id != s.tool_level_id:
        text += f" (the tool's result: {level_name(s.tool_level_id)})"
    if s.corrects_id is not None:
        text += f"; corrects screening {number(s.corrects_id)}. Reason: {sc.correction_reason}"
    if sc.corrected_by_id is not None:
        text += f"; corrected by screening {number(sc.corrected_by_id)}"
    return f"Screening {number(s.id)}: {text}"


def case_pdf(detail: CaseDetail, rules: Mapping[str, RuleSet], now: dt.datetime) -> bytes:
    pdf = new_pdf(f"Case {detail.case.code}")
    pdf.add_page()
    write_pdf_lines(pdf, cover_lines(detail, now))
    numbers = _numbers(detail)
    for sc in detail.screenings:
        record = sc.record()
        version = record.assessment.rules_version
        current = rules.get(version.id)
        # Question wording from the rules only when they are the very rules it was scored with.
        same = current if current is not None and current.fingerprint == version.sha256 else None
        pdf.add_page()
        write_pdf_lines(pdf, [("p", _screening_line(sc, numbers))])
        write_pdf_lines(pdf, record_lines(record, same))
    return bytes(pdf.output())

"""A whole case as one PDF for a subject access request: a cover page, then every screening as its record.

Each screening is drawn by the same renderer as a downloaded record (``decision_tool.records.record``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from ..panel.levels import level_name
from ..panel.vocab import CLOSE_REASONS, title
from ..records.model import Record
from ..records.record import new_pdf, record_lines, write_pdf_lines
from ..rules.schema import RuleSet
from ..wording.dates import long_date, long_time
from ..wording.messages import say
from .summaries import CaseDetail, SavedScreening


def cover_lines(
    detail: CaseDetail, now: dt.datetime, records: Sequence[Record] | None = None
) -> list[tuple[str, str]]:
    """``records``: each screening's record, already parsed (``case_pdf`` parses them once, for the cover
    and the pages); read from the screenings when not given."""
    case = detail.case
    lines = [
        ("h1", say("register.sar.heading", code=case.code)),
        ("p", say("register.sar.exported", day=long_date(now), time=f"{now:%H:%M}")),
        (
            "p",
            say(
                "register.sar.case",
                organisation=case.organisation_code,
                opened=long_date(case.created_at),
                status=_status(detail),
            ),
        ),
        ("p", say("register.sar.no_name")),
        ("h2", say("register.sar.screenings", n=len(detail.screenings))),
    ]
    if records is None:
        records = [sc.record() for sc in detail.screenings]
    numbers = _numbers(detail)
    for sc, record in zip(detail.screenings, records, strict=True):
        lines.append(("li", _screening_line(sc, record, numbers)))
    return lines


def _status(detail: CaseDetail) -> str:
    """Open, or closed with the reason chosen, in words (the reason is stored as its id)."""
    status = say(f"register.sar.status.{detail.case.status}")
    if detail.closed_reason:
        return say(
            "register.sar.closed_because", status=status, reason=title(CLOSE_REASONS, detail.closed_reason)
        )
    return status


def _numbers(detail: CaseDetail) -> dict[int, int]:
    """Each screening's number on this case (1 = the oldest): the register's own ids count every case's
    screenings, which would read as "screening 181" of a case with three."""
    return {sc.summary.id: n for n, sc in enumerate(detail.screenings, 1)}


def _screening_line(sc: SavedScreening, record: Record, numbers: Mapping[int, int]) -> str:
    s = sc.summary

    def number(screening_id: int) -> str:
        return str(numbers.get(screening_id, say("register.sar.not_on_case")))

    text = say(
        "register.sar.screening",
        time=long_time(s.saved_at),
        saved_by=s.saved_by,
        questionnaire=record.assessment.rules_version.title,  # the form's title, as it was scored
        version=s.rules_version,
        level=level_name(s.level_id),
    )
    if s.level_id != s.tool_level_id:
        text += say("register.sar.tool_result", level=level_name(s.tool_level_id))
    if s.corrects_id is not None:
        text += say("register.sar.corrects", n=number(s.corrects_id), reason=sc.correction_reason)
    if sc.corrected_by_id is not None:
        text += say("register.sar.corrected_by", n=number(sc.corrected_by_id))
    return say("register.sar.screening_line", n=number(s.id), text=text)


def case_pdf(detail: CaseDetail, rules: Mapping[str, RuleSet], now: dt.datetime) -> bytes:
    pdf = new_pdf(say("register.sar.title", code=detail.case.code))
    pdf.add_page()
    records = [sc.record() for sc in detail.screenings]
    write_pdf_lines(pdf, cover_lines(detail, now, records))
    numbers = _numbers(detail)
    for sc, record in zip(detail.screenings, records, strict=True):
        version = record.assessment.rules_version
        current = rules.get(version.id)
        # Question wording from the rules only when they are the very rules it was scored with.
        same = current if current is not None and current.fingerprint == version.sha256 else None
        pdf.add_page()
        write_pdf_lines(pdf, [("p", _screening_line(sc, record, numbers))])
        write_pdf_lines(pdf, record_lines(record, same))
    return bytes(pdf.output())

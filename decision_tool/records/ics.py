"""The review date as a calendar file (.ics, RFC 5545): the outcome and the case reference, never the
answers."""

from __future__ import annotations

import datetime as dt
import hashlib

from ..errors import RecordError
from ..wording.messages import say
from .json_record import record_json
from .layout import long_date
from .model import Record


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
        raise RecordError(say("record.error.no_review_date"))
    a = record.assessment
    stamp = record.created.astimezone(dt.UTC)  # a naive time is this machine's local time
    uid = hashlib.sha256(record_json(record).encode("utf-8")).hexdigest()[:32]
    description = say(
        "record.ics.description", date=long_date(record.created), level_title=a.level_info.title
    )
    if record.details.reference:
        description += say("record.ics.reference", reference=record.details.reference)
    if record.details.review_owner:
        description += say("record.ics.review_owner", owner=record.details.review_owner)
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
        "SUMMARY:" + _ics_text(say("record.ics.summary")),
        "DESCRIPTION:" + _ics_text(description),
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

"""The audit trail: who did what, when, on which case. Only ever appended to.

There is no update or delete path here, and the database refuses both (triggers in migration 0001).
``detail`` is short text written by the code, never text a user typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from ..text import spreadsheet_cell
from .models import AuditEvent


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: dt.datetime
    user_id: int | None
    username: str
    action: str
    case_code: str | None
    detail: str


def record_event(
    session: Session,
    user_id: int | None,
    username: str,
    action: str,
    *,
    at: dt.datetime,
    case_code: str | None = None,
    detail: str = "",
) -> None:
    session.add(
        AuditEvent(
            at=at,
            user_id=user_id,
            username=username[:64],
            action=action[:40],
            case_code=case_code,
            detail=detail[:200],
        )
    )


def audit_row(event: AuditEvent) -> AuditRow:
    return AuditRow(
        event.id, event.at, event.user_id, event.username, event.action, event.case_code, event.detail
    )


FIELDS = ("id", "at", "user_id", "username", "action", "case_code", "detail")


def audit_csv(rows: list[AuditRow]) -> str:
    out = io.StringIO()
    # CRLF rows (RFC 4180, as the panel's CSVs): a carriage return inside a cell is then quoted, never
    # read as the start of a new row.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows:
        # A leading = + - @ would run as a formula in a spreadsheet; usernames are chosen by people.
        writer.writerow([spreadsheet_cell(v) for v in astuple_row(row)])
    return out.getvalue()


def astuple_row(row: AuditRow) -> tuple[object, ...]:
    return (
        row.id,
        row.at.isoformat(),
        "" if row.user_id is None else row.user_id,
        row.username,
        row.action,
        row.case_code or "",
        row.detail,
    )


def audit_json(rows: list[AuditRow]) -> str:
    return json.dumps(
        [{**asdict(row), "at": row.at.isoformat()} for row in rows], indent=2, ensure_ascii=False
    )

"""What the register's service returns: plain frozen data, never ORM objects; summaries hold no free text.

Kept apart from the service so that what renders them (``export.py``'s PDF) needs no service import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..records.record import Record


@dataclass(frozen=True, slots=True)
class CaseSummary:
    code: str
    organisation_code: str
    locality_id: str | None
    status: str
    created_at: dt.datetime
    latest_level_id: str | None
    latest_saved_at: dt.datetime | None
    screenings: int
    demo: bool = False
    last_activity_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class ScreeningSummary:
    id: int
    case_code: str
    saved_at: dt.datetime
    saved_by: str  # username
    questionnaire_id: str
    rules_version: str
    rules_hash: str
    level_id: str  # the outcome, after any override
    tool_level_id: str  # the tool's own result
    score: int
    corrects_id: int | None  # this entry corrects that screening


@dataclass(frozen=True, slots=True)
class SavedScreening:
    """A screening as saved: its summary, the full JSON record, and the reason if it is a correction."""

    summary: ScreeningSummary
    record_json: str
    correction_reason: str | None
    corrected_by_id: int | None  # a later entry corrects this one

    def record(self) -> Record:
        return Record.model_validate_json(self.record_json)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    case: CaseSummary
    closed_reason: str | None
    screenings: tuple[SavedScreening, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class UserSummary:
    username: str
    role: str
    organisation_code: str | None
    active: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class OrganisationSummary:
    code: str
    name: str
    kind: str
    spoc_role: str | None
    spoc_phone: str | None
    spoc_email: str | None


@dataclass(frozen=True, slots=True)
class SavedAnswers:
    """A saved screening's form, locality and answers, read to count what a settings change would do.
    Never shown one by one: only counts leave the register (``view_settings_impact``)."""

    questionnaire_id: str
    locality_id: str | None
    answers: dict[str, Any]

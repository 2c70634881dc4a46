"""The record a practitioner keeps: an Assessment plus when it was made and the details for filing it.

One model; each format is its own module (``markdown``, ``pdf``, ``json_record``, ``ics``), all drawn
from the one layout (``layout.record_lines``) so that every file says the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    field_validator,
    model_serializer,
    model_validator,
)

from ..screening.result import Assessment, RecommendedAction
from ..wording.messages import say

RECORD_KIND: Literal["decision_tool.record"] = "decision_tool.record"
RECORD_FORMAT: Literal[1] = 1
MAX_RECORD_BYTES = 1_000_000
DISCLAIMER = say("record.disclaimer")


Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Para = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]

# The models of exploitation published toolkits record (Barnardo's; Cambridgeshire's tool), in the order
# they are offered. The practitioner may tick several or none; nothing is ticked for them.
ExploitationModel = Literal[
    "relationship", "peer_on_peer", "party", "online", "gang_or_group", "familial", "organised", "not_known"
]
# Each model's id and its words (the catalogue's ``record.model.<id>``), in the order offered.
EXPLOITATION_MODELS: dict[str, str] = {m: say(f"record.model.{m}") for m in get_args(ExploitationModel)}
# Details a record states (and its JSON holds) only when the practitioner recorded them.
OPTIONAL_DETAILS = ("exploitation_models", "danger_statement", "safety_goal")


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
    exploitation_models: tuple[ExploitationModel, ...] = Field(
        default=(), description="The models of exploitation the practitioner ticked (none, one or several)."
    )
    danger_statement: Para = Field(
        default="",
        description="Signs of Safety: what harm has happened, or could happen if nothing changes.",
    )
    safety_goal: Para = Field(
        default="", description="Signs of Safety: what everyone needs to see to be sure the child is safe."
    )

    @field_validator("exploitation_models")
    @classmethod
    def _models_in_order(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(m for m in EXPLOITATION_MODELS if m in value)  # the offered order, each once

    @model_serializer(mode="wrap")
    def _only_what_was_recorded(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Written only when recorded: a discreet form's record (the young person may see the file) then
        # names no exploitation even in its keys, and a record without them reads as earlier ones did.
        data: dict[str, Any] = handler(self)
        for name in OPTIONAL_DETAILS:
            if not getattr(self, name):
                data.pop(name, None)
        return data

    def is_empty(self) -> bool:
        return self == RecordDetails()


# Each detail's label on the record and the page (the catalogue's ``record.detail.<field>``), in order.
DETAIL_LABELS: dict[str, str] = {field: say(f"record.detail.{field}") for field in RecordDetails.model_fields}


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["decision_tool.record"] = RECORD_KIND
    format: Literal[1] = RECORD_FORMAT
    created: dt.datetime
    review_by: dt.date | None
    locality_title: str | None = Field(default=None, max_length=200)
    details: RecordDetails = RecordDetails()
    assessment: Assessment

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """A record scored on the form as published is written as earlier releases wrote it: the
        overlay's locality and hash appear only when a locality's settings were used."""
        data: dict[str, Any] = handler(self)
        version = data.get("assessment", {}).get("rules_version")
        if isinstance(version, dict) and version.get("overlay_sha256") is None:
            version.pop("overlay_locality", None)
            version.pop("overlay_sha256", None)
        return data

    @model_validator(mode="after")
    def _concern_not_after_record(self) -> Record:
        if self.details.concern_date and self.details.concern_date > self.created.date():
            raise ValueError(say("record.error.concern_after_record"))
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

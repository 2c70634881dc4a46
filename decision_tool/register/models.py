"""The register's tables (SQLAlchemy 2, typed). Changes to them go through an Alembic migration.

Timestamps are timezone-aware UTC on both SQLite and PostgreSQL. No table holds a name or a plain local
reference: a case is found by a keyed hash of the practitioner's own reference.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ORGANISATION_KINDS = ("school", "pharmacy", "police", "social_care", "health", "other")
ROLES = ("practitioner", "panel", "admin", "trainer", "regional_coordinator")
CASE_STATUSES = ("open", "closed")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out (SQLite stores no zone, so we add it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("register timestamps must be timezone-aware")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime()}


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    spoc_role: Mapped[str | None] = mapped_column(String(200))
    spoc_phone: Mapped[str | None] = mapped_column(String(50))
    spoc_email: Mapped[str | None] = mapped_column(String(200))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_signins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]


# One account per name whatever its letter case (migration 0003).
Index("uq_users_username_lower", func.lower(User.username), unique=True)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("organisation_id", "reference_hash", name="uq_cases_organisation_reference"),
        Index("ix_cases_organisation_status", "organisation_id", "status"),
        Index("ix_cases_last_activity_at", "last_activity_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    reference_hash: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 hex of the local reference
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    locality_id: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="open")
    closed_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    # The last screening (or other record) saved on the case; retention counts from here.
    last_activity_at: Mapped[dt.datetime]
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Screening(Base):
    """A saved screening. Never updated after insert (a trigger refuses it): a correction is a new row."""

    __tablename__ = "screenings"
    __table_args__ = (
        Index("ix_screenings_case_id", "case_id", "id"),
        Index("uq_screenings_save_key", "save_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    saved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    saved_at: Mapped[dt.datetime]
    questionnaire_id: Mapped[str] = mapped_column(String(64))
    rules_version: Mapped[str] = mapped_column(String(64))
    rules_hash: Mapped[str] = mapped_column(String(64))
    level_id: Mapped[str] = mapped_column(String(64))  # the outcome, after any override
    tool_level_id: Mapped[str] = mapped_column(String(64))  # the tool's own result
    score: Mapped[int] = mapped_column(Integer)
    record_json: Mapped[str] = mapped_column(Text)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"))
    correction_reason: Mapped[str | None] = mapped_column(Text)
    # One per draft and result (``screening_save_key``): pressing Save again finds this row.
    save_key: Mapped[str | None] = mapped_column(String(64))


class AuditEvent(Base):
    """Who did what, when. Append-only: the database refuses UPDATE and DELETE (see migration 0001)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"), Index("ix_audit_events_case_code", "case_code"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime]
    user_id: Mapped[int | None] = mapped_column(Integer)  # no foreign key: the trail outlives users
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    case_code: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(200), default="")


class RegisterMeta(Base):
    """Facts about this register, e.g. a check value that tells whether the reference key has changed."""

    __tablename__ = "register_meta"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class SignInSession(Base):
    """A sign-in that survives a reload of the page (migration 0007).

    The browser holds a random id in a cookie; the register keeps only its SHA-256 (``id_hash``), so a
    copy of the database cannot be used to sign in. The row records whom the sign-in was for as it stood
    then (role, organisation, password fingerprint): the service checks these against the account on
    every use, so a disable, a password reset or a role change ends it, as it ends a live session. It
    ends at sign-out, and after ``DECISION_TOOL_IDLE_MINUTES`` without activity.
    """

    __tablename__ = "sign_in_sessions"
    __table_args__ = (Index("ix_sign_in_sessions_last_seen_at", "last_seen_at"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(Integer)
    credential: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]


class KeptDraft(Base):
    """A screening in progress, kept so that a reload on any app server brings it back (migration 0008).

    Sealed with AES-GCM under a key derived from the reference key (never in the database), bound to its
    row and account: the database holds no answer or free text in the clear. Found by the SHA-256 of the
    draft's id (the id itself is in the page address only); only the account that made it can open it;
    dropped after 30 minutes without use, at sign-out and once saved to a case.
    """

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_updated_at", "updated_at"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[dt.datetime]

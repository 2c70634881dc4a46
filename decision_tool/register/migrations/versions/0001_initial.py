"""The register: organisations, users, cases, screenings, and an append-only audit trail.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)

# Saved screenings are never edited; the audit trail is never edited or deleted. The database refuses,
# so no code path (or hand-typed SQL) can do it quietly. Screenings may be deleted only by retention.
SQLITE_TRIGGERS = (
    """CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be changed'); END""",
    """CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
       BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be deleted'); END""",
    """CREATE TRIGGER screenings_no_update BEFORE UPDATE ON screenings
       BEGIN SELECT RAISE(ABORT, 'screenings are never changed: save a correction instead'); END""",
)
POSTGRES_TRIGGERS = (
    """CREATE FUNCTION register_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
       END $$""",
    """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
       FOR EACH ROW EXECUTE FUNCTION register_append_only()""",
    """CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
       FOR EACH STATEMENT EXECUTE FUNCTION register_append_only()""",
    """CREATE TRIGGER screenings_no_update BEFORE UPDATE ON screenings
       FOR EACH ROW EXECUTE FUNCTION register_append_only()""",
)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("spoc_role", sa.String(200)),
        sa.Column("spoc_phone", sa.String(50)),
        sa.Column("spoc_email", sa.String(200)),
        sa.UniqueConstraint("code", name="uq_organisations_code"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column(
            "organisation_id",
            sa.Integer(),
            sa.ForeignKey("organisations.id", name="fk_users_organisation_id_organisations"),
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_signins", sa.Integer(), nullable=False),
        sa.Column("locked_until", TS),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("reference_hash", sa.String(64), nullable=False),
        sa.Column(
            "organisation_id",
            sa.Integer(),
            sa.ForeignKey("organisations.id", name="fk_cases_organisation_id_organisations"),
            nullable=False,
        ),
        sa.Column("locality_id", sa.String(64)),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("closed_reason", sa.String(200)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_activity_at", TS, nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("code", name="uq_cases_code"),
        sa.UniqueConstraint("organisation_id", "reference_hash", name="uq_cases_organisation_reference"),
    )
    op.create_index("ix_cases_organisation_status", "cases", ["organisation_id", "status"])
    op.create_index("ix_cases_last_activity_at", "cases", ["last_activity_at"])
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Integer(),
            sa.ForeignKey("cases.id", name="fk_screenings_case_id_cases", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "saved_by",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_screenings_saved_by_users"),
            nullable=False,
        ),
        sa.Column("saved_at", TS, nullable=False),
        sa.Column("questionnaire_id", sa.String(64), nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("rules_hash", sa.String(64), nullable=False),
        sa.Column("level_id", sa.String(64), nullable=False),
        sa.Column("tool_level_id", sa.String(64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("record_json", sa.Text(), nullable=False),
        sa.Column(
            "corrects_id",
            sa.Integer(),
            sa.ForeignKey("screenings.id", name="fk_screenings_corrects_id_screenings", ondelete="CASCADE"),
        ),
        sa.Column("correction_reason", sa.Text()),
    )
    op.create_index("ix_screenings_case_id", "screenings", ["case_id", "id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("user_id", sa.Integer()),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("case_code", sa.String(16)),
        sa.Column("detail", sa.String(200), nullable=False),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_index("ix_audit_events_case_code", "audit_events", ["case_code"])
    op.create_table(
        "register_meta",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    dialect = op.get_bind().dialect.name
    for statement in POSTGRES_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION register_append_only() CASCADE")
    for table in ("register_meta", "audit_events", "screenings", "cases", "users", "organisations"):
        op.drop_table(table)

"""The multi-agency panel: missing episodes, panel decisions and actions, facts read from records.

Revision ID: 0002_panel
Revises: 0001_initial
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_panel"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _case_fk(table: str) -> sa.Column:
    return sa.Column(
        "case_id",
        sa.Integer(),
        sa.ForeignKey("cases.id", name=f"fk_{table}_case_id_cases", ondelete="CASCADE"),
        nullable=False,
    )


def _user_fk(table: str) -> sa.Column:
    return sa.Column(
        "recorded_by",
        sa.Integer(),
        sa.ForeignKey("users.id", name=f"fk_{table}_recorded_by_users"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "missing_episodes",
        sa.Column("id", sa.Integer(), primary_key=True),
        _case_fk("missing_episodes"),
        sa.Column("went_missing_at", TS, nullable=False),
        sa.Column("returned_at", TS),
        sa.Column("interview_offered_at", TS),
        sa.Column("interview_done_at", TS),
        _user_fk("missing_episodes"),
        sa.Column("recorded_at", TS, nullable=False),
    )
    op.create_index("ix_missing_episodes_case_id", "missing_episodes", ["case_id", "went_missing_at"])
    op.create_table(
        "panel_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _case_fk("panel_decisions"),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(64), nullable=False),
        sa.Column("next_review_date", sa.Date()),
        _user_fk("panel_decisions"),
        sa.Column("recorded_at", TS, nullable=False),
    )
    op.create_index("ix_panel_decisions_case_id", "panel_decisions", ["case_id", "meeting_date"])
    op.create_table(
        "panel_actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "decision_id",
            sa.Integer(),
            sa.ForeignKey(
                "panel_decisions.id", name="fk_panel_actions_decision_id_panel_decisions", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("owner_role", sa.String(64), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_at", TS),
    )
    op.create_index("ix_panel_actions_decision_id", "panel_actions", ["decision_id"])
    op.create_table(
        "screening_facts",
        sa.Column(
            "screening_id",
            sa.Integer(),
            sa.ForeignKey(
                "screenings.id", name="fk_screening_facts_screening_id_screenings", ondelete="CASCADE"
            ),
            primary_key=True,
        ),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("review_by", sa.Date()),
    )


def downgrade() -> None:
    for table in ("screening_facts", "panel_actions", "panel_decisions", "missing_episodes"):
        op.drop_table(table)

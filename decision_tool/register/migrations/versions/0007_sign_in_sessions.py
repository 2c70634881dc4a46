"""Sign-in sessions that survive a reload: a keyed row per sign-in, found by the hash of a cookie's id.

Revision ID: 0007_sign_in_sessions
Revises: 0006_exploitation_models
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_sign_in_sessions"
down_revision = "0006_exploitation_models"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sign_in_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_sign_in_sessions_user_id_users", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("organisation_id", sa.Integer()),
        sa.Column("credential", sa.String(32), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
    )
    op.create_index("ix_sign_in_sessions_last_seen_at", "sign_in_sessions", ["last_seen_at"])


def downgrade() -> None:
    op.drop_table("sign_in_sessions")  # everyone signed in then signs in again after a reload

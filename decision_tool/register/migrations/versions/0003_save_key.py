"""One press, one saved screening: a key per draft and result, unique, so a second save finds the first.

Revision ID: 0003_save_key
Revises: 0002_panel
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_save_key"
down_revision = "0002_panel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN and a unique index: no table rebuild, so the trigger that refuses updates to
    # saved screenings stays as it is. Screenings saved before this have no key (NULLs never clash).
    op.add_column("screenings", sa.Column("save_key", sa.String(64), nullable=True))
    op.create_index("uq_screenings_save_key", "screenings", ["save_key"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_screenings_save_key", table_name="screenings")
    op.drop_column("screenings", "save_key")

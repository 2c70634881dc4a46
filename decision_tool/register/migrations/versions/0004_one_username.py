"""One account per username whatever its letter case: `PAT.A` and `pat.a` cannot both exist.

A unique index on the lower-case username, on SQLite and PostgreSQL. A register that already holds two
such accounts stops here with their names, since which one to keep is the administrator's choice.

Revision ID: 0004_one_username
Revises: 0003_save_key
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_one_username"
down_revision = "0003_save_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    clashes = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT lower(username) FROM users GROUP BY lower(username) HAVING count(*) > 1 ORDER BY 1"
            )
        )
        .scalars()
        .all()
    )
    if clashes:
        from decision_tool.register.settings import RegisterConfigError

        raise RegisterConfigError(
            "these usernames exist more than once in different letter case: "
            + ", ".join(clashes)
            + ". Disable the accounts that should not be used and give them other names in the database "
            "(back up first), then run `decision-tool db upgrade` again."
        )
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_users_username_lower", table_name="users")

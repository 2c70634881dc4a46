"""Each saved screening's answers on their own, for counting what a settings change would do.

Counting what proposed settings would change reads the answers of every saved screening (100,000 and
more in a region). Cutting them out of each whole record took most of that time on PostgreSQL, so saving
a screening now writes its answers (JSON, as in the record) with the other panel facts. This adds the
column and reads each saved record once to fill it, a batch at a time. Self-contained on purpose (plain
SQL and JSON, no import of the app's models), so later changes to the app cannot change what this did.

Revision ID: 0009_screening_answers
Revises: 0008_drafts
Create Date: 2026-12-07
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0009_screening_answers"
down_revision = "0008_drafts"
branch_labels = None
depends_on = None

BATCH = 1000

screenings = sa.table("screenings", sa.column("id", sa.Integer), sa.column("record_json", sa.Text))
facts = sa.table("screening_facts", sa.column("screening_id", sa.Integer), sa.column("answers", sa.Text))


def answers_of(record_json: str) -> str:
    """A record's answers as compact JSON text, as the save path writes them."""
    answers = (json.loads(record_json).get("assessment") or {}).get("answers")
    return json.dumps(answers if isinstance(answers, dict) else {}, ensure_ascii=False, separators=(",", ":"))


def upgrade() -> None:
    op.add_column("screening_facts", sa.Column("answers", sa.Text(), nullable=True))
    bind = op.get_bind()
    change = (
        sa.update(facts)
        .where(facts.c.screening_id == sa.bindparam("sid"))
        .values(answers=sa.bindparam("found_answers"))
    )
    last = 0
    while True:  # a batch at a time, by id: a region's records never all in memory at once
        batch = bind.execute(
            sa.select(screenings.c.id, screenings.c.record_json)
            .select_from(screenings.join(facts, facts.c.screening_id == screenings.c.id))
            .where(screenings.c.id > last)
            .order_by(screenings.c.id)
            .limit(BATCH)
        ).all()
        if not batch:
            break
        bind.execute(change, [{"sid": sid, "found_answers": answers_of(text)} for sid, text in batch])
        last = batch[-1][0]


def downgrade() -> None:
    op.drop_column("screening_facts", "answers")  # counting then cuts the answers out of each record

"""Facts the panel lists, for screenings saved before saving wrote them: a data migration.

Since saving a screening writes its panel facts (the categories with points, the review date) in the
same transaction, the panel's reads never write. Screenings saved before that may have none: this reads
each such record once and writes its facts. Self-contained on purpose (plain SQL and JSON, no import of
the app's models), so later changes to the app cannot change what this migration did.

Revision ID: 0005_screening_facts
Revises: 0004_one_username
Create Date: 2026-12-02
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0005_screening_facts"
down_revision = "0004_one_username"
branch_labels = None
depends_on = None

BATCH = 1000

screenings = sa.table("screenings", sa.column("id", sa.Integer), sa.column("record_json", sa.Text))
facts = sa.table(
    "screening_facts",
    sa.column("screening_id", sa.Integer),
    sa.column("categories", sa.Text),
    sa.column("review_by", sa.Date),
)


def facts_of(record_json: str) -> tuple[str, dt.date | None]:
    """The categories with points and the review date, as the save path writes them."""
    raw = json.loads(record_json)
    cats = sorted(
        c["id"] for c in raw.get("assessment", {}).get("category_scores", ()) if c.get("points", 0) > 0
    )
    review = raw.get("review_by")
    return " ".join(cats), dt.date.fromisoformat(review) if review else None


def upgrade() -> None:
    bind = op.get_bind()
    missing = (
        sa.select(screenings.c.id, screenings.c.record_json)
        .select_from(screenings.outerjoin(facts, facts.c.screening_id == screenings.c.id))
        .where(facts.c.screening_id.is_(None))
        .order_by(screenings.c.id)
    )
    rows = []
    for sid, text in bind.execute(missing).all():
        cats, review = facts_of(text)
        rows.append({"screening_id": sid, "categories": cats, "review_by": review})
        if len(rows) >= BATCH:
            bind.execute(sa.insert(facts), rows)
            rows = []
    if rows:
        bind.execute(sa.insert(facts), rows)


def downgrade() -> None:
    pass  # the facts stay: version 0003's panel read them the same way

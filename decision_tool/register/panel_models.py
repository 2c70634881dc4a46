"""The panel's tables (issue 12): missing episodes, panel decisions and their actions.

Added by migration 0002_panel. Each row belongs to a case and goes when the case goes (retention deletes
the case; the database cascades). Nothing here holds a name: decisions, actions, owners and closing
reasons are chosen from fixed lists (``decision_tool.panel.vocab``), never typed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class MissingEpisode(Base):
    __tablename__ = "missing_episodes"
    __table_args__ = (Index("ix_missing_episodes_case_id", "case_id", "went_missing_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    went_missing_at: Mapped[dt.datetime]
    returned_at: Mapped[dt.datetime | None]
    interview_offered_at: Mapped[dt.datetime | None]
    interview_done_at: Mapped[dt.datetime | None]
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime]


class PanelDecision(Base):
    __tablename__ = "panel_decisions"
    __table_args__ = (Index("ix_panel_decisions_case_id", "case_id", "meeting_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    meeting_date: Mapped[dt.date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(64))  # an id from the fixed list of decisions
    next_review_date: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime]


class PanelAction(Base):
    __tablename__ = "panel_actions"
    __table_args__ = (Index("ix_panel_actions_decision_id", "decision_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("panel_decisions.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(64))  # an id from the fixed list of actions
    owner_role: Mapped[str] = mapped_column(String(64))  # an id from the fixed list of roles: never a name
    due_date: Mapped[dt.date] = mapped_column(Date)
    done_at: Mapped[dt.datetime | None]


class ScreeningFacts(Base):
    """What the panel needs from a saved record, read once from its JSON (screenings never change).

    Written when a screening is saved, in the same transaction (migration 0004 wrote them for screenings
    saved before), so the list and trends only read: they never parse records, and never write.
    """

    __tablename__ = "screening_facts"

    screening_id: Mapped[int] = mapped_column(
        ForeignKey("screenings.id", ondelete="CASCADE"), primary_key=True
    )
    categories: Mapped[str] = mapped_column(Text, default="")  # space-separated category ids with points
    # Space-separated models of exploitation the practitioner ticked on the record (migration 0006).
    models: Mapped[str] = mapped_column(Text, default="", server_default="")
    review_by: Mapped[dt.date | None] = mapped_column(Date)
    # The record's answers, as JSON (migration 0009), for counting what a settings change would do.
    answers: Mapped[str | None] = mapped_column(Text)

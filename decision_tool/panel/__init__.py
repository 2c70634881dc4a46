"""The multi-agency panel: the list of children at risk, missing episodes and trends.

Pure functions over plain data (no Streamlit, no database): the register's service gathers the facts,
these functions decide what the panel sees, and the pages only render it.
"""

from .export import neutralise_cell, suppress_count, table_csv
from .missing import (
    INTERVIEW_HOURS,
    STRATEGY_MEETING_EPISODES,
    EpisodeFacts,
    InterviewClock,
    interview_clock,
    needs_strategy_meeting,
)
from .rows import CaseFacts, PanelRow, build_row, build_rows, filter_rows, sort_rows

__all__ = [
    "INTERVIEW_HOURS",
    "STRATEGY_MEETING_EPISODES",
    "CaseFacts",
    "EpisodeFacts",
    "InterviewClock",
    "PanelRow",
    "build_row",
    "build_rows",
    "filter_rows",
    "interview_clock",
    "needs_strategy_meeting",
    "neutralise_cell",
    "sort_rows",
    "suppress_count",
    "table_csv",
]

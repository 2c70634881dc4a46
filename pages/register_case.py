"""One case: its screenings over time, screen again, corrections and the export for a subject access request."""

from decision_tool.ui import register_state, register_views
from decision_tool.ui.widgets import always_999

always_999()
register_views.case_page(register_state.require_actor())

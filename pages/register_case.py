"""One case: its screenings over time, screen again, corrections and the export for a subject access request."""

from decision_tool.ui import register_state, register_views

register_views.case_page(register_state.require_actor("view_case"))

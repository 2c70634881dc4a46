"""Audit trail (admins): read and export who did what, when."""

from decision_tool.ui import register_state, register_views

register_views.audit_page(register_state.require_actor("view_audit"))

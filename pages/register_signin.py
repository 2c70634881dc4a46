"""Sign in: the only page while the register is on and nobody is signed in."""

from decision_tool.ui import register_views

register_views.sign_in_form()

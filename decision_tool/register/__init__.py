"""The optional case register: off unless an operator sets ``DECISION_TOOL_DATABASE_URL``.

No streamlit here: pages call ``Register`` (service.py), which checks roles and audits every call.
"""

from . import policy
from .auth import AccessDenied, Actor, SignInError
from .faults import RegisterUnavailable
from .service import (
    CaseDetail,
    CaseNotFound,
    CaseSummary,
    Register,
    SavedScreening,
    ScreeningSummary,
    screening_save_key,
)
from .settings import RegisterConfigError, RegisterSettings, load_settings

__all__ = [
    "AccessDenied",
    "Actor",
    "CaseDetail",
    "CaseNotFound",
    "CaseSummary",
    "Register",
    "RegisterConfigError",
    "RegisterSettings",
    "RegisterUnavailable",
    "SavedScreening",
    "ScreeningSummary",
    "SignInError",
    "load_settings",
    "policy",
    "screening_save_key",
]

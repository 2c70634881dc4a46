"""Register settings: off unless ``DECISION_TOOL_DATABASE_URL`` is set.

Read from the environment, or from a mapping such as Streamlit secrets (the page layer passes
``st.secrets`` in; this module never imports streamlit). The environment wins over secrets.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import Problem, UserError
from ..wording.messages import say

PREFIX = "DECISION_TOOL_"
MIN_KEY_CHARS = 32


class RegisterConfigError(UserError):
    title = say("register.title.config")


class RegisterSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    database_url: str = Field(min_length=1)
    # The per-install secret for reference hashes. Never stored in the database; never shown.
    reference_key: bytes = Field(repr=False, min_length=MIN_KEY_CHARS)
    retention_days: int = Field(2555, ge=1)  # about 7 years after the case's last activity
    idle_minutes: int = Field(30, ge=1)
    max_failed_signins: int = Field(5, ge=1)
    lockout_minutes: int = Field(15, ge=1)


_NUMBERS = ("retention_days", "idle_minutes", "max_failed_signins", "lockout_minutes")


def _lookup(name: str, environ: Mapping[str, str], secrets: Mapping[str, Any] | None) -> str:
    key = PREFIX + name.upper()
    value = environ.get(key)
    if value is None and secrets is not None:
        found = secrets.get(key)
        value = None if found is None else str(found)
    return (value or "").strip()


def _reference_key(environ: Mapping[str, str], secrets: Mapping[str, Any] | None) -> bytes:
    key = _lookup("reference_key", environ, secrets)
    key_file = _lookup("reference_key_file", environ, secrets)
    if not key and key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise RegisterConfigError(
                [
                    Problem(
                        PREFIX + "REFERENCE_KEY_FILE",
                        say("register.error.key_file", file=key_file, reason=exc.strerror),
                        say("register.fix.key_file"),
                    )
                ]
            ) from None
    if not key:
        raise RegisterConfigError(
            [
                Problem(
                    PREFIX + "REFERENCE_KEY",
                    say("register.error.no_key"),
                    say("register.fix.no_key", new_key=say("register.fix.new_key")),
                )
            ]
        )
    if len(key) < MIN_KEY_CHARS:
        raise RegisterConfigError(
            [
                Problem(
                    PREFIX + "REFERENCE_KEY",
                    say("register.error.key_short", chars=len(key), least=MIN_KEY_CHARS),
                    say("register.fix.new_key"),
                )
            ]
        )
    return key.encode("utf-8")


def load_settings(
    environ: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None
) -> RegisterSettings | None:
    """The register settings, or None when the register is off. Raise RegisterConfigError if on but unusable."""
    environ = os.environ if environ is None else environ
    url = _lookup("database_url", environ, secrets)
    if not url:
        return None
    values: dict[str, Any] = {"database_url": url, "reference_key": _reference_key(environ, secrets)}
    problems = []
    for name in _NUMBERS:
        raw = _lookup(name, environ, secrets)
        if not raw:
            continue
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number < 1:
            problems.append(Problem(PREFIX + name.upper(), say("register.error.not_a_number", value=raw), ""))
        values[name] = number
    if problems:
        raise RegisterConfigError(problems)
    try:
        return RegisterSettings(**values)
    except ValidationError as exc:  # pragma: no cover - every field is checked above
        raise RegisterConfigError(str(exc)) from None

"""Register settings: off unless the database URL is set; a missing or short key refuses to start."""

from __future__ import annotations

import pytest

from decision_tool.register import RegisterConfigError, load_settings

URL = "sqlite:///var/register.db"
KEY = "0123456789abcdef" * 4


def test_register_is_off_without_a_database_url():
    assert load_settings({}) is None
    assert load_settings({"DECISION_TOOL_DATABASE_URL": "  "}) is None
    assert load_settings({}, secrets={"OTHER": "x"}) is None


def test_settings_from_the_environment_with_defaults():
    settings = load_settings({"DECISION_TOOL_DATABASE_URL": URL, "DECISION_TOOL_REFERENCE_KEY": KEY})
    assert settings is not None
    assert (settings.database_url, settings.reference_key) == (URL, KEY.encode())
    assert (settings.retention_days, settings.idle_minutes, settings.max_failed_signins) == (2555, 30, 5)
    assert settings.lockout_minutes == 15
    assert KEY not in repr(settings)  # never in a log line or a traceback


def test_settings_from_streamlit_secrets_and_the_environment_wins():
    secrets = {
        "DECISION_TOOL_DATABASE_URL": URL,
        "DECISION_TOOL_REFERENCE_KEY": KEY,
        "DECISION_TOOL_IDLE_MINUTES": 10,
    }
    settings = load_settings({"DECISION_TOOL_IDLE_MINUTES": "20"}, secrets=secrets)
    assert settings is not None and settings.database_url == URL and settings.idle_minutes == 20
    assert load_settings({}, secrets=secrets).idle_minutes == 10


def test_key_from_a_file(tmp_path):
    key_file = tmp_path / "register.key"
    key_file.write_text(KEY + "\n")
    settings = load_settings(
        {"DECISION_TOOL_DATABASE_URL": URL, "DECISION_TOOL_REFERENCE_KEY_FILE": str(key_file)}
    )
    assert settings is not None and settings.reference_key == KEY.encode()


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "there is no reference key"),
        ({"DECISION_TOOL_REFERENCE_KEY": "short"}, "too short (5 characters; at least 32)"),
        (
            {"DECISION_TOOL_REFERENCE_KEY_FILE": "/nonexistent/register.key"},
            "cannot read the reference key file",
        ),
        (
            {"DECISION_TOOL_REFERENCE_KEY": KEY, "DECISION_TOOL_RETENTION_DAYS": "seven years"},
            "expected a whole number",
        ),
        ({"DECISION_TOOL_REFERENCE_KEY": KEY, "DECISION_TOOL_MAX_FAILED_SIGNINS": "0"}, "above 0, got '0'"),
    ],
)
def test_unusable_settings_refuse_to_start_with_a_clear_message(environ, message):
    with pytest.raises(RegisterConfigError) as refused:
        load_settings({"DECISION_TOOL_DATABASE_URL": URL, **environ})
    assert message in str(refused.value)
    assert refused.value.title == "The register cannot start"


def test_the_missing_key_message_says_how_to_make_one():
    with pytest.raises(RegisterConfigError) as refused:
        load_settings({"DECISION_TOOL_DATABASE_URL": URL})
    text = str(refused.value)
    assert "DECISION_TOOL_REFERENCE_KEY" in text and "secrets.token_hex(32)" in text


def test_an_unsupported_database_is_refused():
    from decision_tool.register.db import make_engine

    with pytest.raises(RegisterConfigError, match="SQLite or PostgreSQL, not 'mysql'"):
        make_engine("mysql://host/db")
    with pytest.raises(RegisterConfigError, match="not a database address"):
        make_engine("register.db")

"""Privacy settings a user relies on: no telemetry, no error details, local-only by default."""

from __future__ import annotations

import tomllib

from .conftest import ROOT


def test_streamlit_config_keeps_data_in_the_session():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "127.0.0.1"

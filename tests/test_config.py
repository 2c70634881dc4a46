"""Privacy settings a user relies on: no telemetry, no error details, local-only by default."""

from __future__ import annotations

import tomllib

from .conftest import ROOT


def test_streamlit_config_keeps_data_in_the_session():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "127.0.0.1"


def test_the_app_settles_its_long_lived_objects_once_so_each_click_stays_quick():
    """Streamlit collects garbage after every run; the libraries and rules are moved out of its way once
    (bench/bench_app.py measures the click -> rerun time this keeps short)."""
    import gc

    from streamlit.testing.v1 import AppTest

    from decision_tool.ui.settle import settle_long_lived_objects

    settle_long_lived_objects.clear()  # settled once per server: start as a new server would
    gc.unfreeze()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)
    at.run()
    assert not at.exception
    try:
        assert gc.get_freeze_count() > 10_000  # the imported libraries and the loaded rules
    finally:
        gc.unfreeze()
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["magicEnabled"] is False  # pages are recompiled after the last tab closes

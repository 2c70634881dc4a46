"""The engine is pure: importing it (and the CLI) never imports Streamlit."""

from __future__ import annotations

import subprocess
import sys


def test_engine_and_cli_do_not_import_streamlit():
    code = (
        "import sys\n"
        "import decision_tool, decision_tool.screening.engine, decision_tool.cli, decision_tool.records.record, decision_tool.screening.impact\n"
        "decision_tool.load_catalog()\n"
        "bad = sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))\n"
        "print(len(bad)); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "0"

"""One formula guard for every CSV the tool writes (the audit trail, the panel's list and tables)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from decision_tool.panel.export import table_csv
from decision_tool.register.audit import AuditRow, audit_csv
from decision_tool.text import spreadsheet_cell

RISKY = [
    "=1+1",
    "+44 1632 960000",
    "-1",
    "@SUM(A1)",
    "  =1+1",  # spaces first
    "\t=1",
    "\r=1",
    "\ufeff=1",  # a byte order mark first
    "\u200b=1",  # a zero-width space first
    "\u2060 @x",  # a word joiner and a space
    "\uff1dHYPERLINK(1)",  # full-width equals
    "\uff0b1",  # full-width plus
    "\ufe62 1",  # small plus
    "\uff20x",  # full-width at
]
SAFE = ["Demo School A", "2026-11-23", "C-ABC234", "pat.a", "", "a=b", "1-2"]


@pytest.mark.parametrize("value", RISKY)
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert spreadsheet_cell(value) == "'" + value


@pytest.mark.parametrize("value", SAFE)
def test_other_cells_are_left_alone(value):
    assert spreadsheet_cell(value) == value


@pytest.mark.parametrize("value", RISKY + SAFE)
def test_the_audit_and_the_panel_exports_guard_every_cell_the_same(value):
    row = AuditRow(1, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), None, value, "signin", None, value)
    audit = list(csv.reader(io.StringIO(audit_csv([row]))))[1]
    panel = list(csv.reader(io.StringIO(table_csv(["a"], [[value]]))))[1]
    assert audit[3] == audit[6] == panel[0] == spreadsheet_cell(value)

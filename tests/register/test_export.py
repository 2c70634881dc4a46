"""The subject access PDF's cover (``register/export.py``): what the register holds, in words."""

from __future__ import annotations

import datetime as dt

import pytest

from decision_tool.panel.vocab import CLOSE_REASONS
from decision_tool.register.export import cover_lines
from decision_tool.register.summaries import CaseDetail, CaseSummary

NOW = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)


def _cover(status: str, reason: str | None) -> str:
    case = CaseSummary("C-ABCDEF", "SCH-1", "england", status, NOW, None, None, 0)
    return "\n".join(text for _, text in cover_lines(CaseDetail(case, reason, ()), NOW))


@pytest.mark.parametrize("reason", sorted(CLOSE_REASONS))
def test_a_closed_cases_cover_names_its_reason_in_words_not_its_id(reason):
    cover = _cover("closed", reason)
    assert f"Status: closed ({CLOSE_REASONS[reason]})." in cover
    assert f"({reason})" not in cover


def test_an_open_cases_cover_says_it_is_open():
    cover = _cover("open", None)
    assert "Status: open." in cover and "Case C-ABCDEF: everything the register holds" in cover

"""The fixed style sheets and script in decision_tool/ui/static reach the page whole."""

from __future__ import annotations

from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "decision_tool" / "ui" / "static"


@pytest.mark.parametrize("name", sorted(p.name for p in STATIC.glob("*.css")))
def test_a_style_sheet_holds_no_angle_bracket(name):
    """st.html's sanitiser drops a whole <style> element whose text has a '<' (a tag-like word, even in
    a comment): every rule of the page would silently be gone."""
    assert "<" not in (STATIC / name).read_text(encoding="utf-8")

"""The panel's views speak the result's language: the same colour for a level, months and levels in words."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decision_tool.panel.levels import level_name
from decision_tool.screening.engine import assess
from decision_tool.ui.panel_views import LEVEL_COLOURS, month_words
from decision_tool.wording.tone import level_tone


@pytest.mark.parametrize("form", ["dsl", "pharmacy"])
def test_a_level_has_the_same_colour_on_the_trends_as_on_its_result(request, form):
    rules = request.getfixturevalue(form)
    refs = assess(rules, {}).thresholds  # each level of the form as its result ranks it
    for ref in refs:
        assert LEVEL_COLOURS[level_name(ref.id)] == level_tone(ref, refs).strong, ref.id


def test_months_read_as_words():
    assert month_words("2025-12") == "December 2025"
    assert month_words("England") == "England"


def test_dates_are_written_one_way():
    import datetime as dt

    from decision_tool.records.record import long_date as record_date
    from decision_tool.wording.dates import long_date, long_time

    day = dt.date(2026, 9, 8)
    assert long_date(day) == record_date(day) == "8 September 2026"  # as the records write them
    assert long_time(dt.datetime(2026, 9, 8, 7, 5)) == "8 September 2026 07:05"


# What Plotly's labels turn back into characters (its other entities, "&quot;" among them, show as typed).
PLOTLY_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}


@given(st.text(max_size=40))
def test_a_chart_label_shows_its_words_and_no_markup(text):
    from decision_tool.text import no_controls
    from decision_tool.ui.widgets import chart_text

    label = chart_text(text)
    assert "<" not in label and ">" not in label  # no tag Plotly would draw
    entities = re.findall(r"&[#\w]+;", label)
    assert set(entities) <= set(PLOTLY_ENTITIES)
    assert re.sub("|".join(PLOTLY_ENTITIES), lambda m: PLOTLY_ENTITIES[m.group(0)], label) == no_controls(
        text, keep_newlines=False
    )


def test_the_models_of_exploitation_read_as_written_on_the_trends():
    from decision_tool.records.model import EXPLOITATION_MODELS
    from decision_tool.ui.widgets import chart_text

    assert chart_text(EXPLOITATION_MODELS["relationship"]) == 'Inappropriate relationship / "boyfriend"'

"""Dates and times as every screen writes them (GOV.UK style): "2 December 2026", "2 December 2026 14:05".

One way, so the panel list, a case, the timeline and the exports' headings never disagree; file names
and audit stamps keep their sortable ISO form.
"""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def long_time(at: dt.datetime) -> str:
    return f"{long_date(at)} {at:%H:%M}"

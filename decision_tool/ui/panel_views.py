"""How the panel's pages draw the list, a case's episodes and decisions, and the trend charts.

Only case codes, levels, dates, organisations and choices from fixed lists reach the screen: no names,
no free text. Text from the register (organisation names, contacts) goes through ``md`` or a dataframe
cell, never raw Markdown.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st

from ..panel import PanelRow
from ..panel.export import Table
from ..panel.levels import PANEL_LEVELS, level_name
from ..panel.trends import escalation_columns, interview_columns
from ..panel.vocab import ACTIONS, DECISIONS, OWNER_ROLES, title
from ..register.panel import DecisionView, EpisodeView
from ..wording.dates import long_date, long_time
from ..wording.messages import say
from ..wording.tone import level_tone
from .markup import Markup, component
from .widgets import chart_text, md, summary_list, summary_row


@dataclass(frozen=True)
class _PanelLevel:
    rank: int
    emergency: bool


def _level_colours() -> dict[str, str]:
    """Each level's colour on the panel's one scale, the same tone a result of that level has
    (``wording/tone.py``): blue for the lowest, through yellow and orange, to red; dark red for danger."""
    scale = {lid: _PanelLevel(rank, lid == "immediate") for lid, rank in PANEL_LEVELS.items()}
    return {level_name(lid): level_tone(lv, list(scale.values())).strong for lid, lv in scale.items()}


def _series_colours() -> dict[str, str]:
    """The escalation table's series (raised red, lowered blue, kept grey) and the return interviews'."""
    escalated, de_escalated, unchanged = escalation_columns()
    returns, within = interview_columns()
    return {
        escalated: "#d4351c",
        de_escalated: "#1d70b8",
        unchanged: "#b1b4b6",
        returns: "#6f777b",
        within: "#00703c",
    }


LEVEL_COLOURS = {**_level_colours(), **_series_colours()}


def _when(at: dt.datetime | None) -> str:
    return f"{long_time(at)}" if at else ""


# The panel list's columns that sort it: (column, sort key, the direction that sort puts the column in).
_SORTABLE = {
    "case": ("code", "ascending"),
    "level": ("priority", "descending"),
    "last_screened": ("last_screened", "ascending"),
    "review": ("review", "ascending"),
    "organisation": ("organisation", "ascending"),
    "missing": ("missing", "descending"),
}
# The columns, in order: each one's heading is ``ui.panel.column.<column>``.
LIST_COLUMNS = (
    "case",
    "level",
    "change",
    "last_screened",
    "review",
    "organisation",
    "spoc",
    "locality",
    "missing",
    "interview",
    "strategy",
)


def list_table(
    rows: Sequence[PanelRow], sort: str, localities: Mapping[str, str], page: str = "panel"
) -> None:
    """The panel list as a table that wraps (and stacks on a phone): a link per case, and each sortable
    column's heading a link that sorts the list by it. Every cell is text, escaped by the template.
    ``localities``: each locality's title by id (the rules' contacts files)."""
    heads = []
    for column in LIST_COLUMNS:
        key, direction = _SORTABLE.get(column, (None, None))
        heads.append(
            {
                "text": say(f"ui.panel.column.{column}"),
                "href": f"{page}?{urlencode({'sort': key})}" if key else None,
                "sort": direction if key == sort else None,
            }
        )
    texts = tuple(h["text"] for h in heads)
    body = Markup("").join(
        _list_row(
            (
                r.code,
                r.level,
                r.change.words,
                f"{long_date(r.last_screened)}" if r.last_screened else say("ui.panel.not_screened"),
                r.review_words,
                r.review_overdue,
                r.organisation,
                r.spoc,
                localities.get(r.locality_id, r.locality_id),
                str(r.missing_30_days),
                r.interview_words,
                r.interview_overdue,
                say("ui.panel.hold_strategy") if r.strategy_meeting else say("ui.panel.none_due"),
            ),
            texts,
        )
        for r in rows
    )
    # On a phone the headings are hidden (each row stacks with its own labels): the sorts as links.
    phone_sorts = [
        {"href": h["href"], "text": h["text"], "current": h["sort"] is not None} for h in heads if h["href"]
    ]
    st.html(
        Markup('<div class="dt-panel-list"><div class="dt-sort-links"><p>{}</p>').format(
            say("ui.panel.sort_by")
        )
        + component("link_list", phone_sorts)
        + Markup("</div>")
        + component("table", {"heads": heads, "body": body})
        + Markup("</div>")
    )


LIST_PAGE_ROWS = 250  # cases a page of the panel list shows


def list_page(rows: Sequence[PanelRow], asked: str | None) -> tuple[Sequence[PanelRow], int, int]:
    """The page of the list the address asks for (``page=N``, from 1; a page past the end shows the last):
    its rows, its number and how many pages there are."""
    size = LIST_PAGE_ROWS
    pages = max(1, -(-len(rows) // size))
    try:
        number = min(max(1, int(asked or 1)), pages)
    except ValueError:
        number = 1
    return rows[(number - 1) * size : number * size], number, pages


def list_pager(number: int, pages: int, sort: str, page: str = "panel") -> None:
    """Links to the list's previous and next pages (GOV.UK pagination), keeping its sort."""
    if pages < 2:
        return
    links = []
    if number > 1:
        links.append(
            {
                "href": f"{page}?{urlencode({'sort': sort, 'page': number - 1})}",
                "text": say("ui.panel_list.previous_page"),
            }
        )
    if number < pages:
        links.append(
            {
                "href": f"{page}?{urlencode({'sort': sort, 'page': number + 1})}",
                "text": say("ui.panel_list.next_page"),
            }
        )
    st.html(
        Markup('<nav class="dt-pager" aria-label="{}">').format(say("ui.panel_list.pager_label"))
        + component("link_list", links)
        + Markup("<p>{}</p></nav>").format(say("ui.panel_list.pager_position", page=number, pages=pages))
    )


@functools.lru_cache(maxsize=1 << 15)
def _list_row(cells: tuple[Any, ...], heads: tuple[str, ...]) -> Markup:
    """One case's row of the panel list, drawn once while it reads the same: a region's list holds
    thousands of cases, and a rerun (or a new screening on one case) then draws only the rows that
    changed. ``cells``: the row's texts in ``LIST_HEADS`` order, with the review's and the interview's
    overdue flags after their texts."""
    (code, level, change, screened, review, review_overdue, org, spoc, locality, missing, interview,
     interview_overdue, strategy) = cells  # fmt: skip
    row = [
        {"text": code, "href": "panel-case?" + urlencode({"case": code})},
        {"text": level},
        {"text": change},
        {"text": screened},
        {"text": review, "strong": review_overdue},
        {"text": org},
        {"text": spoc},
        {"text": locality},
        {"text": missing},
        {"text": interview, "strong": interview_overdue},
        {"text": strategy},
    ]
    return component("table_row", row, [{"text": h} for h in heads])


def case_summary(row: PanelRow | None) -> None:
    """The case's line of the panel list, as a summary list: where it stands now."""
    if row is None:
        st.markdown(say("ui.panel.closed"))
        return
    items = [
        (
            say("ui.panel.current_level"),
            say("ui.panel.level_change", level=row.level, icon=row.change.icon, change=row.change.words),
        ),
        (
            say("ui.panel.column.last_screened"),
            f"{long_date(row.last_screened)}" if row.last_screened else say("ui.panel.not_screened"),
        ),
        (say("ui.panel.column.review"), ("⚠ " if row.review_overdue else "") + row.review_words),
        (
            say("ui.panel.column.organisation"),
            say("ui.panel.organisation_spoc", organisation=row.organisation, spoc=row.spoc)
            if row.spoc
            else row.organisation,
        ),
        (say("ui.panel.missing_30_days"), str(row.missing_30_days)),
        (
            say("ui.panel.column.interview"),
            ("⚠ " if row.interview_overdue else "") + (row.interview_words or say("ui.panel.none_due")),
        ),
    ]
    if row.strategy_meeting:
        items.append((say("ui.panel.column.strategy"), say("ui.panel.hold_strategy_missing")))
    st.html(summary_list([summary_row(k, component("strong", {"text": v})) for k, v in items]))


def episodes_table(episodes: Sequence[EpisodeView]) -> None:
    if not episodes:
        st.markdown(say("ui.panel.no_episodes"))
        return
    st.dataframe(
        {
            say("ui.panel.episode.id"): [e.id for e in episodes],
            say("ui.panel.episode.went_missing"): [_when(e.went_missing_at) for e in episodes],
            say("ui.panel.episode.returned"): [
                _when(e.returned_at) or say("ui.panel.episode.still_missing") for e in episodes
            ],
            say("ui.panel.episode.interview_offered"): [_when(e.interview_offered_at) for e in episodes],
            say("ui.panel.episode.interview_done"): [_when(e.interview_done_at) for e in episodes],
            say("ui.panel.episode.clock"): [
                ("⚠ " if e.clock.overdue else "") + e.clock.words for e in episodes
            ],
        },
        hide_index=True,
        width="stretch",
        key="episodes_table",
    )


def decision_block(d: DecisionView, today: dt.date) -> None:
    with st.container(border=True):
        review = say("ui.panel.next_review", date=long_date(d.next_review_date)) if d.next_review_date else ""
        decision = md(title(DECISIONS, d.decision))
        st.markdown(
            say("ui.panel.decision", date=long_date(d.meeting_date), decision=decision, review=md(review))
        )
        for a in d.actions:
            state = (
                say("ui.panel.action_done", date=long_date(a.done_at))
                if a.done_at
                else (
                    say("ui.panel.action_overdue")
                    if a.overdue(today)
                    else say("ui.panel.action_due", date=long_date(a.due_date))
                )
            )
            action, owner = md(title(ACTIONS, a.action)), md(title(OWNER_ROLES, a.owner_role))
            st.markdown(say("ui.panel.action", action=action, owner=owner, state=md(state)))


def month_words(label: str) -> str:
    """A month as people write it ("December 2025"), not as the exports sort it ("2025-12")."""
    try:
        return f"{dt.datetime.strptime(label, '%Y-%m'):%B %Y}"
    except ValueError:
        return label


def trend_chart(table: Table, *, kind: str = "bar", key: str, names: Mapping[str, str] | None = None) -> None:
    """One chart per table: the screen shows the counts; exported tables suppress the small ones.
    ``names``: what to call a label on screen (a locality's title for its id)."""
    st.subheader(table.title)
    if not table.rows:
        st.markdown(say("ui.panel.nothing_in_period"))
        return
    # Plotly reads a little HTML in labels (links, bold): an organisation's name is shown as plain text.
    x = [chart_text(month_words((names or {}).get(labels[0], labels[0]))) for labels, _ in table.rows]
    fig = go.Figure()
    for i, name in enumerate(table.counts):
        y = [values[i] for _, values in table.rows]
        colour = LEVEL_COLOURS.get(name)
        if kind == "line":
            fig.add_trace(
                go.Scatter(x=x, y=y, name=chart_text(name), mode="lines+markers", line={"color": colour})
            )
        else:
            fig.add_trace(
                go.Bar(x=x, y=y, name=chart_text(name), marker={"color": colour} if colour else None)
            )
    fig.update_layout(
        barmode="stack" if kind == "stack" else "group",
        height=300,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.25},
        xaxis={"type": "category"},
    )
    st.plotly_chart(fig, config={"displayModeBar": False}, key=key)

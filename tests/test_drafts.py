"""Drafts in server memory: back after a reload, gone after the idle time, never on disk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from decision_tool.records.record import make_record
from decision_tool.screening.engine import assess
from decision_tool.ui.drafts import DraftStore
from decision_tool.ui.state import BROWSER_COOKIE, draft_store

from .test_pages import APP, answer_step, button, new_app, start, texts, widget


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_draft_is_dropped_after_the_idle_time_and_not_before():
    clock = Clock()
    store: DraftStore[dict] = DraftStore(idle_seconds=60, clock=clock)
    kept = store.add({"age": 14})
    clock.now += 59
    assert store.get(kept) == {"age": 14}  # using it starts the idle time again
    clock.now += 59
    assert store.get(kept) == {"age": 14}
    clock.now += 61
    assert store.get(kept) is None and len(store) == 0


def test_discarded_drafts_are_gone_and_others_stay():
    store: DraftStore[str] = DraftStore()
    a, b = store.add("a"), store.add("b")
    store.discard(a)
    assert store.get(a) is None and store.get(b) == "b"


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=2, max_value=50))
def test_ids_are_long_random_and_distinct(n):
    store: DraftStore[int] = DraftStore()
    ids = {store.add(i) for i in range(n)}
    assert len(ids) == n
    assert all(len(i) >= 22 and i.replace("-", "").replace("_", "").isalnum() for i in ids)


def same_browser(draft_id: str) -> dict[str, str]:
    """The cookies of the browser that made the draft (its page script keeps the draft's key in one)."""
    kept = draft_store().get(draft_id)
    return {BROWSER_COOKIE + draft_id: kept.browser_key} if kept else {}


def reloaded(
    draft_id: str, page: str = "pages/questions.py", step: str = "1", cookies: dict[str, str] | None = None
):
    """A new session of the same browser opening the same address: nothing in session state, only the
    URL and the browser's cookies (``cookies``: another browser's; default: the one that made it)."""
    sent = same_browser(draft_id) if cookies is None else cookies
    at = new_app()
    at.query_params["draft"] = draft_id
    at.query_params["step"] = step
    with mock.patch("decision_tool.ui.state.browser_cookies", lambda: sent):
        at.switch_page(page).run()
    assert not at.exception
    return at


def test_the_address_alone_opens_nothing_in_another_browser(dsl):
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 14, "disclosure_withdrawn": "yes"})
    draft = at.session_state["draft"]
    assert draft.browser_key and draft.browser_key not in str(at.query_params)
    for other in (
        {},
        {BROWSER_COOKIE + draft.id: "a guess"},
        {BROWSER_COOKIE + "another": draft.browser_key},
    ):
        elsewhere = reloaded(draft.id, cookies=other)
        assert "draft" not in elsewhere.session_state
        assert "14" not in texts(elsewhere) and "Choose a form on the Start page first" in texts(elsewhere)
    # The browser that made it still gets it back, and the page script is told the key for its cookie.
    assert reloaded(draft.id).session_state["draft"].answers["age"] == 14
    top = AppTest.from_file(APP, default_timeout=30)  # a first run draws the whole page top
    top.session_state["draft"] = draft
    top.run()
    binding = [e.proto.body for e in top.html if "data-dt-bind" in e.proto.body]
    assert binding and f'data-dt-bind="{BROWSER_COOKIE}{draft.id}={draft.browser_key}"' in binding[0]


def test_a_reload_brings_the_answers_back_on_the_same_step(dsl, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the app must write nothing here, or anywhere
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 14, "disclosure_withdrawn": "yes"})
    button(at, "Continue").click().run()
    draft = at.session_state["draft"]
    assert at.query_params["draft"] == draft.id and at.query_params["step"] == "2"

    again = reloaded(draft.id, step="1")
    assert widget(again, "dsl", "age", "number").value == 14
    assert widget(again, "dsl", "disclosure_withdrawn", "yes_no").value == "yes"
    assert list(tmp_path.iterdir()) == []


def test_after_the_idle_time_a_reload_finds_nothing_and_says_so_plainly(dsl):
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 14})
    draft_id = at.session_state["draft"].id
    store = draft_store()
    real = store.clock
    try:
        store.clock = lambda: real() + store.idle_seconds + 1
        again = reloaded(draft_id)
        page = " ".join(e.value for e in again.info)
        assert "answers are cleared after 30 minutes without use" in page
        assert draft_id not in page and "decision_tool" not in page
        assert store.get(draft_id) is None
    finally:
        store.clock = real


def test_starting_a_new_screening_asks_before_clearing_answers(dsl):
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 14})
    old = at.session_state["draft"]
    at.switch_page("pages/start.py").run()
    at.button(key="start").click().run()
    assert "cannot be brought back" in " ".join(e.value for e in at.warning)
    assert at.session_state["draft"] is old  # nothing cleared yet
    at.button(key="keep_draft").click().run()
    assert at.session_state["draft"] is old and old.answers["age"] == 14
    at.button(key="start").click().run()
    at.button(key="confirm_new").click().run()
    assert at.session_state["draft"] is not old and at.session_state["draft"].answers == {}
    assert draft_store().get(old.id) is None  # the old answers are gone from memory too


def test_an_age_out_of_range_is_kept_across_a_reload_and_never_becomes_an_answer(dsl):
    at = new_app()
    start(at, "dsl")
    widget(at, "dsl", "age", "number").set_value(25).run()
    draft = at.session_state["draft"]
    assert "age" not in draft.answers and draft.typed == {"age": 25}

    again = reloaded(draft.id)
    assert widget(again, "dsl", "age", "number").value == 25  # what was typed, not an empty field
    button(again, "Continue").click().run()
    assert "Enter a number of years from 0 to 17" in texts(again)
    assert again.query_params["step"] == "1"  # refused again, still on the same step
    kept = again.session_state["draft"]
    assert "age" not in kept.answers
    result = assess(dsl, kept.answers)
    record = make_record(result, dt.datetime(2026, 1, 5, 10, 0))
    assert "age" not in record.assessment.answers

    widget(again, "dsl", "age", "number").set_value(14).run()
    assert kept.answers["age"] == 14 and kept.typed == {}


def test_only_numbers_in_range_ever_reach_the_answers(dsl):
    at = new_app()
    start(at, "dsl")
    age = next(q for q in dsl.questions if q.id == "age")

    @settings(max_examples=15, deadline=None)
    @given(st.integers(min_value=-1000, max_value=1000))
    def typing(n: int) -> None:
        widget(at, "dsl", "age", "number").set_value(n).run()
        draft = at.session_state["draft"]
        if age.min <= n <= age.max:
            assert draft.answers["age"] == n and "age" not in draft.typed
        else:
            assert "age" not in draft.answers and draft.typed["age"] == n

    typing()


def test_a_reload_of_start_offers_the_screening_in_progress_and_goes_back_to_its_page(dsl):
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 14})
    button(at, "Continue").click().run()  # now on step 2
    draft = at.session_state["draft"]
    at.switch_page("pages/start.py").run()
    assert at.query_params["draft"] == draft.id  # Start's address names the screening too

    again = reloaded(draft.id, page="pages/start.py")
    assert "You have a screening in progress" in texts(again)
    assert f"You were on step 2 of {len(dsl.sections)}: {dsl.sections[1].title}" in texts(again)
    again.button(key="continue").click().run()
    assert again.query_params["step"] == "2"
    assert widget(again, "dsl", dsl.sections[1].questions[0].id, dsl.sections[1].questions[0].kind)

    draft.page = "pages/check.py"  # last seen on Check your answers: Continue goes back there
    on_check = reloaded(draft.id, page="pages/start.py")
    assert "You were on Check your answers" in texts(on_check)
    on_check.button(key="continue").click().run()
    assert on_check.title[0].value == "Check your answers"


def test_start_says_plainly_when_the_screening_in_its_address_has_gone(dsl):
    at = new_app()
    start(at, "dsl")
    answer_step(at, dsl, {"age": 14})
    draft_id = at.session_state["draft"].id
    draft_store().discard(draft_id)
    again = reloaded(draft_id, page="pages/start.py")
    page = texts(again)
    assert "The screening you had open is no longer here" in page and "in progress" not in page
    assert draft_id not in page


def test_a_screening_with_no_answers_yet_is_offered_but_starting_again_does_not_ask(dsl):
    at = new_app()
    start(at, "dsl")
    empty = at.session_state["draft"]
    again = reloaded(empty.id, page="pages/start.py")
    page = texts(again)
    assert "You have a screening in progress" in page and "Its answers are still here" not in page
    again.button(key="start").click().run()  # nothing to lose: no question asked first
    assert "cannot be brought back" not in texts(again)
    assert again.session_state["draft"].id != empty.id

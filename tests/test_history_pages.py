"""Over time with nothing stored: upload earlier records, see the timeline, screen again (AppTest)."""

from __future__ import annotations

import datetime as dt
import json

from decision_tool.records.record import make_record, record_json
from decision_tool.screening.engine import assess, complete_answers

from .test_pages import button, complete_form, new_app, start, texts, to_result

MARCH = dt.datetime(2026, 3, 2, 9, 0)
JUNE = dt.datetime(2026, 6, 8, 14, 0)


def record_file(rules, answers, when, *, older=False) -> bytes:
    data = json.loads(record_json(make_record(assess(rules, complete_answers(rules, answers)), when)))
    if older:  # as if scored with an earlier version of the rules
        data["assessment"]["rules_version"]["sha256"] = "0" * 64
        data["assessment"]["rules_version"]["version"] = "0.9.0"
    return json.dumps(data).encode()


def test_result_shows_the_timeline_of_earlier_records(dsl):
    at = new_app()
    start(at, "dsl")
    complete_form(at, dsl, {"age": 15, "missing_overnight": "yes", "hotspots": "yes"})
    to_result(at)
    assert "To see what has changed since earlier screenings" in texts(at)

    march = record_file(dsl, {"age": 15, "late_out": "yes"}, MARCH, older=True)
    june = record_file(dsl, {"age": 15, "late_out": "yes", "hotspots": "yes"}, JUNE)
    at.toggle(key="earlier_result_open").set_value(True).run()
    at.file_uploader(key="earlier_result").set_value(
        [("march.json", march, "application/json"), ("june.json", june, "application/json")]
    ).run()
    assert not at.exception
    page = texts(at)
    assert "3 screenings" in page
    assert "Re-scored with the current rules" in page and "version 0.9.0" in page
    assert "Gone since the screening before" in page and "New since the screening before" in page
    # The level at each screening is written out, not only drawn.
    assert "2 March 2026 Low: keep watching" in page
    charts = {c.key for c in at.get("plotly_chart")}
    assert {"result_chart", "timeline_chart"} <= charts  # the score charts and the level-over-time chart


def test_a_bad_earlier_record_is_refused_and_the_others_kept(dsl):
    at = new_app()
    good = record_file(dsl, {"age": 15}, MARCH)
    at.switch_page("pages/earlier_records.py").run()
    at.file_uploader(key="earlier_start").set_value(
        [("notes.json", b'{"hello": 1}', "application/json"), ("march.json", good, "application/json")]
    ).run()
    assert not at.exception
    errors = " ".join(str(e.value) for e in at.error)
    assert "notes" in errors and "not a record from this tool" in errors
    assert "1 earlier record in this session" in texts(at)


def test_screen_again_prefills_and_asks_to_confirm_each_section(dsl):
    at = new_app()
    june = record_file(dsl, {"age": 15, "late_out": "yes"}, JUNE)
    assert "earlier_start" not in [u.key for u in at.get("file_uploader")]  # on its own page
    at.switch_page("pages/earlier_records.py").run()
    at.file_uploader(key="earlier_start").set_value(("june.json", june, "application/json")).run()
    at.button(key="screen_again_start").click().run()
    assert not at.exception
    page = texts(at)
    assert "Step 1 of" in page and "Pre-filled from an earlier record" in page and "june.json" in page
    draft = at.session_state["draft"]
    assert draft.answers["late_out"] == "yes" and draft.override is None
    assert at.number_input(key="q::dsl::age").value == 15
    at.switch_page("pages/questions.py").run()  # AppTest reruns the page it was sent to: stay on the steps
    # Danger now is asked afresh: continuing without it is refused.
    button(at, "Continue").click().run()
    assert "There is a problem" in texts(at) and "immediate danger" in texts(at)
    at.radio(key="q::dsl::immediate_danger").set_value("no").run()
    button(at, "Continue").click().run()
    assert "Step 2 of" in texts(at) and "Pre-filled from an earlier record" in texts(at)
    assert at.radio(key="q::dsl::late_out").value == "yes"

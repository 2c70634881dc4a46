"""The sexual and the criminal exploitation forms point to each other: signs of the other form on the
result, in every record, and an offer to screen with the other form that copies what the two share."""

from __future__ import annotations

import datetime as dt

import pytest

from decision_tool.records.history import shared_answers
from decision_tool.records.record import make_record, record_markdown
from decision_tool.screening.engine import assess, complete_answers

from .test_pages import new_app, start, texts, unescape

FICTIONAL = {  # a fictional child, screened first with one form
    "dsl": {
        "immediate_danger": "no",
        "age": 15,
        "criminal_signs": "yes",
        "missing_overnight": "yes",
        "missing_30_days": 2,
        "return_interview": "yes",
        "unexplained_gifts": "earlier",
        "older_partner": "yes",
        "vulnerabilities": ["looked_after", "learning_disability"],
        "notes": "Seen at the station by a teaching assistant (fictional).",
    },
    "cce": {
        "immediate_danger": "no",
        "age": 16,
        "sexual_signs": "yes",
        "missing_overnight": "both",
        "found_out_of_area": "yes",
        "secret_phone": "yes",
        "vulnerabilities": ["isolated"],
    },
}
OTHER = {"dsl": "cce", "cce": "dsl"}


@pytest.mark.parametrize("form", ["dsl", "cce"])
def test_signs_of_the_other_exploitation_are_said_and_the_other_form_starts_with_the_shared_answers(
    catalog, form
):
    rules, other = catalog.rule_sets[form], catalog.rule_sets[OTHER[form]]
    answers = complete_answers(rules, FICTIONAL[form])
    at = new_app()
    start(at, form, "somerset")
    at.session_state["draft"].answers.update(answers)
    at.switch_page("pages/result.py").run()
    assert not at.exception
    page = unescape(texts(at))
    about = rules.also_screen[0].about
    assert f"Signs of {about} too" in page
    signs_question = "criminal_signs" if form == "dsl" else "sexual_signs"
    assert rules.question_index[signs_question].text.rstrip("?") in page

    # The offer asks first: starting it closes this screening.
    first = at.session_state["draft"]
    at.button(key=f"other_form_{other.id}").click().run()
    assert at.session_state["draft"] is first
    assert "Starting it closes this screening" in texts(at)
    at.button(key=f"other_form_wait_{other.id}").click().run()
    assert at.session_state["draft"] is first and first.answers == answers
    at.button(key=f"other_form_{other.id}").click().run()
    at.button(key=f"other_form_go_{other.id}").click().run()
    assert not at.exception

    new = at.session_state["draft"]
    assert new.form_id == other.id and new.locality_id == "somerset" and new.copied_from == rules.title
    shared = {
        qid
        for qid in set(rules.question_index) & set(other.question_index)
        if rules.question_index[qid].kind != "text"
    } - {"immediate_danger"}
    result = assess(rules, answers)
    assert new.answers == {qid: v for qid, v in result.answers.items() if qid in shared}
    assert new.answers["age"] == answers["age"]
    assert new.answers["vulnerabilities"] == answers["vulnerabilities"]
    assert "immediate_danger" not in new.answers and "notes" not in new.answers  # asked afresh; free text
    assert "Answers copied from the screening with" in texts(at)  # each step asks to confirm them


@pytest.mark.parametrize("form", ["dsl", "cce"])
def test_no_sign_of_the_other_exploitation_no_offer(catalog, form):
    rules = catalog.rule_sets[form]
    at = new_app()
    start(at, form)
    at.session_state["draft"].answers.update(complete_answers(rules, {"age": 14, "secret_phone": "yes"}))
    at.switch_page("pages/result.py").run()
    assert not at.exception
    assert " too" not in " ".join(s.value for s in at.subheader)
    assert not any(b.key and b.key.startswith("other_form") for b in at.button)


def test_the_record_says_which_answers_point_to_the_other_form(catalog):
    dsl = catalog.rule_sets["dsl"]
    result = assess(dsl, complete_answers(dsl, {"age": 15, "criminal_signs": "yes"}))
    assert [o.form for o in result.also_screen] == ["cce"]
    text = record_markdown(make_record(result, dt.datetime(2026, 12, 7, 10, 0)), dsl)
    assert "Signs of criminal exploitation (county lines) too" in text
    assert "screen the child with the criminal exploitation (county lines) form as well" in text.lower()


def test_shared_answers_copy_only_what_the_other_form_asks_the_same_way(catalog):
    dsl, cce = catalog.rule_sets["dsl"], catalog.rule_sets["cce"]
    copied = shared_answers(
        cce,
        {"immediate_danger": "yes", "age": 12, "older_partner": "yes", "notes": "text", "offending": "yes"},
    )
    assert copied == {"age": 12, "offending": "yes"}
    assert shared_answers(dsl, {"sexual_signs": "yes", "found_out_of_area": "yes"}) == {}

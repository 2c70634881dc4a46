"""The result page's record details, downloads and wording; the Rules page's tables; the Training
page's presentation view. Driven through AppTest by widget keys."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from decision_tool.records.record import RecordDetails, make_record, read_record, record_json
from decision_tool.screening.engine import assess, complete_answers

from .test_pages import new_app, on_result, tables, texts, unescape


def open_record(at: AppTest, payload: str) -> None:
    at.switch_page("pages/open_record.py").run()
    at.file_uploader(key="upload").upload("record.json", payload.encode(), "application/json").run()
    at.button(key="open_record").click().run()
    assert not at.exception
    assert on_result(at)
    at.switch_page("pages/result.py").run()  # AppTest reruns the page it was sent to: stay on Result
    assert on_result(at)


def record_for(rules, answers, catalog, locality="somerset", **kw):
    result = assess(rules, complete_answers(rules, answers), contacts=catalog.directory(locality))
    return make_record(result, dt.datetime(2026, 11, 20, 9, 0), **kw)


def test_record_details_are_kept_and_a_reopened_record_brings_them_back(dsl, catalog):
    at = new_app()
    open_record(at, record_json(record_for(dsl, {"age": 14, "missing_overnight": "yes"}, catalog)))
    assert "Details for your record" in texts(at) and "Use roles, not names" in texts(at)
    assert "These go only into the files you download below" in texts(at)  # no register: nothing kept
    assert not at.text_input  # the fields open when asked for
    at.button(key="rd_add").click().run()
    at.text_input(key="rd_completed_by").input("Designated Safeguarding Lead")
    at.text_input(key="rd_reference").input("MASH-0000-TEST")
    at.date_input(key="rd_concern_date").set_value(dt.date(2026, 11, 2))
    at.text_area(key="rd_consulted").input("Deputy DSL").run()
    draft = at.session_state["draft"]
    assert draft.details == RecordDetails(
        completed_by="Designated Safeguarding Lead",
        reference="MASH-0000-TEST",
        concern_date=dt.date(2026, 11, 2),
        consulted="Deputy DSL",
    )
    assert {b.key for b in at.get("download_button")} >= {"dl_pdf", "dl_md", "dl_json", "dl_ics"}

    # A downloaded record opened again shows the same details in the fields.
    saved = record_for(dsl, {"age": 14}, catalog, details=draft.details)
    again = new_app()
    open_record(again, record_json(saved))
    assert all(b.key != "rd_add" for b in again.button)  # details already there: the fields are open
    assert again.text_input(key="rd_reference").value == "MASH-0000-TEST"
    assert again.date_input(key="rd_concern_date").value == dt.date(2026, 11, 2)
    assert read_record(record_json(saved), catalog.rule_sets).details == draft.details


def test_phone_numbers_are_links_and_the_urgency_is_not_said_twice(dsl, catalog):
    at = new_app()
    open_record(
        at,
        record_json(
            record_for(
                dsl,
                {
                    "age": 14,
                    "missing_overnight": "yes",
                    "unexplained_gifts": "yes",
                    "secret_phone": "yes",
                    "online_adult_meet": "yes",
                },
                catalog,
            )
        ),
    )
    raw = "\n".join(m.value for m in at.markdown)
    assert "[0300 123 2224](tel:03001232224)" in raw  # Somerset children's social care
    assert "[101](tel:101)" in raw
    page = texts(at)
    assert "today — Today" not in page and "Today — Today" not in page
    assert page.lower().count("a low result does not mean no action") <= 1


def test_a_low_result_says_a_low_result_is_not_no_action_once(pharmacy, catalog):
    at = new_app()
    answers = {"age": 16, "partner_age": "similar", "supply_decision": "supplied"}
    open_record(at, record_json(record_for(pharmacy, answers, catalog, locality="england")))
    page = texts(at)
    # The level's own summary says it; the page does not repeat it (the disclaimer is elsewhere).
    assert page.count("A low result does not mean no action") == 1
    # The national file tells a pharmacist how to find the local MASH number.
    assert "Find the local children's social care (MASH) number" not in page  # only with a referral


def test_pharmacy_referral_shows_how_to_find_the_mash_number(pharmacy, catalog):
    at = new_app()
    answers = {"age": 15, "coerced": "yes", "supply_decision": "supplied", "fraser": "competent"}
    open_record(at, record_json(record_for(pharmacy, answers, catalog, locality="somerset")))
    raw = "\n".join(m.value for m in at.markdown)
    assert "Find the local children's social care (MASH) number" in unescape(raw)
    assert "](https://www.gov.uk/report-child-abuse-to-local-council)" in raw


def test_rules_page_tables_wrap_and_the_file_name_has_no_backslash():
    at = new_app()
    at.switch_page("pages/rules.py").run()
    assert not at.exception
    raw = "\n".join(m.value for m in at.markdown)
    assert "`dsl.yaml`" in raw and "dsl\\.yaml" not in raw
    assert not at.dataframe and not at.table  # our own tables wrap their text, and stack on a phone
    assert len(tables(at)) >= 5


def test_presentation_view_steps_between_scenarios_and_hides_the_outcome_until_revealed():
    at = new_app()
    at.switch_page("pages/training.py").run()
    at.toggle(key="present").set_value(True).run()
    first = at.selectbox(key="train_scenario").value
    assert at.button(key="scenario_prev").disabled
    at.button(key="scenario_next").click().run()
    second = at.selectbox(key="train_scenario").value
    assert second != first and "Scenario 2 of" in texts(at)
    at.button(key="scenario_prev").click().run()
    assert at.selectbox(key="train_scenario").value == first

    at.button(key="reveal_all").click().run()
    page = texts(at)
    assert "Outcome:" not in page and "What guidance expects" not in page
    assert "Discuss, then reveal the outcome" in page
    at.button(key="reveal_outcome").click().run()
    page = texts(at)
    assert "Outcome:" in page and "What guidance expects" in page
    # The what-if answers are changed one section at a time, beside the summary.
    assert at.radio(key=f"wi_section::{first}").value is not None
    assert "No answers changed yet" in texts(at)


def test_model_of_exploitation_and_signs_of_safety_are_recorded_only_as_chosen(dsl, pharmacy, catalog):
    at = new_app()
    open_record(at, record_json(record_for(dsl, {"age": 14, "missing_overnight": "yes"}, catalog)))
    at.button(key="rd_add").click().run()
    boxes = {b.key: b for b in at.checkbox if b.key.startswith("rd_exploitation_models::")}
    assert len(boxes) == 8 and not any(b.value for b in boxes.values())  # nothing ticked for them
    assert at.session_state["draft"].details.exploitation_models == ()
    boxes["rd_exploitation_models::gang_or_group"].check()
    boxes["rd_exploitation_models::online"].check()
    at.text_area(key="rd_danger_statement").input("Adults (fictional) may keep using him to carry drugs.")
    at.text_area(key="rd_safety_goal").input("He is home each night and in school each day.").run()
    details = at.session_state["draft"].details
    assert details.exploitation_models == ("online", "gang_or_group")
    assert details.danger_statement.startswith("Adults (fictional)") and details.safety_goal

    # The pharmacy form is discreet: nothing on its screen names exploitation.
    other = new_app()
    open_record(other, record_json(record_for(pharmacy, {"age": 16}, catalog)))
    other.button(key="rd_add").click().run()
    assert not any(b.key.startswith("rd_exploitation_models") for b in other.checkbox)
    assert "exploitation" not in texts(other).lower().split("details for your record")[1]

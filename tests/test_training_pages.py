"""Training and Rules pages through AppTest: scenarios, what-if, sandbox, isolation, stale contacts."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from .test_pages import new_app, tables, texts


def training() -> AppTest:
    at = new_app()
    at.switch_page("pages/training.py").run()
    assert not at.exception
    return at


def test_a_scenario_steps_through_its_answers_then_shows_the_result():
    at = training()
    at.selectbox(key="train_scenario").set_value("second_phone").run()
    assert "Sam (fictional), 14" in texts(at)
    assert "Outcome:" not in texts(at)
    at.button(key="reveal_next").click().run()
    assert "Has the child been missing overnight" not in texts(at)  # only the first section so far
    at.button(key="reveal_all").click().run()
    page = texts(at)
    assert "Outcome: High concern" in page and "What guidance expects" in page


def test_what_if_moves_the_level_and_highlights_the_change():
    at = training()
    at.selectbox(key="train_scenario").set_value("learning_disability").run()
    at.button(key="reveal_all").click().run()
    assert [m.value for m in at.metric] == ["Emerging concern", "Emerging concern"]
    # One section's questions at a time (a long form drawn whole kept the page waiting).
    assert not [r for r in at.radio if r.key == "wi::learning_disability::hotspots"]
    at.radio(key="wi_section::learning_disability").set_value("missing").run()
    at.radio(key="wi::learning_disability::hotspots").set_value("yes").run()
    assert [m.value for m in at.metric] == ["Emerging concern", "High concern"]
    page = texts(at)
    assert "Changed from the scenario" in page and "No → Yes" in page
    assert "The level moves from **Emerging concern** to **High concern**" in page
    at.button(key="whatif_reset").click().run()
    assert [m.value for m in at.metric] == ["Emerging concern", "Emerging concern"]


def test_presentation_view_enlarges_text():
    at = training()
    at.toggle(key="present").set_value(True).run()
    assert any("font-size: 1.45rem" in m.value for m in at.markdown)


def _dsl_scenarios(catalog) -> int:
    return sum(1 for s in catalog.scenarios if s.rules == "dsl")


def test_sandbox_table_shows_which_scenarios_change(catalog):
    n = _dsl_scenarios(catalog)
    at = training()
    assert f"0 of {n} scenarios change level" in texts(at)
    at.number_input(key="sb_band::dsl::emerging").set_value(3).run()
    page = texts(at)
    assert f"1 of {n} scenarios change level" in page
    table = next(df.value for df in at.dataframe if "Changed" in df.value.columns)
    changed = table[table["Changed"] == "Changed"]
    assert list(changed["Scenario"]) == ["Looked after, with no signs of exploitation (15)"]
    assert list(changed["Sandbox"]) == ["Emerging concern"]
    assert changed["Why"].iloc[0].startswith("band: score 4 now falls in 'emerging' (was 'low' at score 4)")


def test_sandbox_refuses_bands_that_do_not_fit():
    at = training()
    at.number_input(key="sb_band::dsl::medium").set_value(4).run()
    assert "These settings do not make a valid rule set" in texts(at)
    assert "'Moderate concern' starts at 4, which is not above 'Emerging concern' (6)" in texts(at)


def test_sandbox_is_isolated_between_sessions(catalog):
    published = catalog.rule_sets["dsl"].fingerprint
    n = _dsl_scenarios(catalog)
    trainer = training()
    trainer.number_input(key="sb_band::dsl::emerging").set_value(3).run()
    assert f"1 of {n} scenarios change level" in texts(trainer)
    other = training()
    assert f"0 of {n} scenarios change level" in texts(other)
    from decision_tool.ui.state import catalog as cached

    assert cached().rule_sets["dsl"].fingerprint == published


def test_rules_page_lists_indicators_red_flags_and_sources():
    at = new_app()
    at.switch_page("pages/rules.py").run()
    assert not at.exception
    flat = " ".join(" ".join(row.values()) for table in tables(at) for row in table)
    assert "missing_30_days ≥ 3" in flat
    assert "Sexual Exploitation Risk Assessment Framework" in flat
    assert "16 or more" in flat
    captions = " ".join(c.value for c in at.caption)
    assert (
        "means the last 6 months" in captions
        and "scores 5 if recent only, 1 if earlier only, 6 if both" in captions
    )


def test_rules_page_flags_contacts_not_checked_for_a_year(monkeypatch):
    import decision_tool.ui.state as state

    monkeypatch.setattr(state, "today", lambda: dt.date(2027, 6, 1))
    at = new_app()
    at.switch_page("pages/rules.py").run()
    at.radio(key="rules_locality").set_value("somerset").run()
    warning = " ".join(w.value for w in at.warning)
    assert "5 contact(s) not checked in the last 12 months" in warning  # with the unverified LADO
    assert "Somerset Children" in warning
    contacts = tables(at)[-1]
    assert {row["Id"] for row in contacts if row["Status"] == "Checked"} == {
        "emergency_999",
        "police_101",
        "ceop",
        "nspcc",
        "childline",
        "find_mash",
    }


def test_the_criminal_exploitation_scenarios_are_on_the_training_page(catalog):
    at = training()
    cce = [s.id for s in catalog.scenarios if s.rules == "cce"]
    assert len(cce) >= 10
    titles = set(at.selectbox(key="train_scenario").options)
    assert {s.title for s in catalog.scenarios if s.rules == "cce"} <= titles
    at.selectbox(key="train_scenario").set_value("cce_debt_bondage").run()
    at.button(key="reveal_all").click().run()
    page = texts(at)
    assert "Leon (fictional), 16" in page and "Outcome: High concern" in page
    assert "Make sure a National Referral Mechanism (NRM) referral is made" in page


def test_a_scenario_set_in_a_locality_is_shown_with_its_local_settings():
    at = training()
    at.selectbox(key="train_scenario").set_value("six_small_signs_northmoor").run()
    assert "With the local settings of Northmoor (fictional)." in texts(at)
    at.button(key="reveal_all").click().run()
    assert "Outcome: Low: keep watching" in texts(at)  # Northmoor's band edge; the regional form: emerging

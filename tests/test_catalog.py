"""A rules folder is checked as a whole: contacts, scenarios, and the default rules' shape."""

from __future__ import annotations

import pytest

from decision_tool import load_catalog
from decision_tool.errors import RulesError


def test_a_scenario_answering_an_unknown_question_fails_validation(rules_copy):
    root = rules_copy(
        ("scenarios/06_new_friends_no_signs.yaml", "  age: 13", '  age: 13\n  new_frends: "yes"')
    )
    with pytest.raises(RulesError) as info:
        load_catalog(root)
    message = str(info.value)
    assert "06_new_friends_no_signs.yaml" in message
    assert "scenario 'new_friends_no_signs': there is no question 'new_frends'" in message


def test_a_scenario_whose_expected_outcome_no_longer_holds_fails_validation(rules_copy):
    root = rules_copy(("scenarios/07_learning_disability.yaml", "  level: emerging", "  level: high"))
    with pytest.raises(RulesError) as info:
        load_catalog(root)
    assert (
        "scenario 'learning_disability': expects level 'high' but the rules give 'emerging' "
        "(score 1; red flags: learning_disability)" in str(info.value)
    )


def test_an_action_contact_missing_from_a_locality_fails_validation(rules_copy):
    root = rules_copy(("contacts/somerset.yaml", "  - id: cse_service", "  - id: cse_services"))
    with pytest.raises(RulesError) as info:
        load_catalog(root)
    assert (
        "contact 'cse_service' is not in contacts/national.yaml nor in the locality file(s) somerset"
        in str(info.value)
    )


def test_a_stale_contact_is_detected(catalog):
    import datetime as dt

    somerset = catalog.directory("somerset")
    assert somerset.get("mash").is_stale(dt.date(2026, 11, 22))  # type: ignore[union-attr]
    assert not somerset.get("emergency_999").is_stale(dt.date(2026, 11, 22))  # type: ignore[union-attr]


def test_dsl_rules_cover_at_least_30_indicators_in_8_categories(dsl):
    indicator_cats = {c.id for c in dsl.categories if c.kind == "indicator"}
    indicators = [q for q in dsl.questions if q.scored and q.category in indicator_cats]
    assert len(indicators) >= 30
    assert len({q.category for q in indicators}) >= 8
    assert any(c.kind == "vulnerability" for c in dsl.categories)  # kept apart from indicators


def test_pharmacy_form_is_short_and_records_fraser_and_supply(pharmacy):
    assert len(pharmacy.questions) <= 12
    assert {
        "age",
        "partner_age",
        "coerced",
        "substances",
        "third_party",
        "gifts",
        "missing",
        "fraser",
        "supply_decision",
    } <= set(pharmacy.question_index)
    assert pharmacy.category(pharmacy.question_index["supply_decision"].category).kind == "record"  # type: ignore[arg-type]


@pytest.mark.parametrize("rules_id", ["dsl", "pharmacy", "cce"])
def test_every_item_in_the_default_rules_names_a_source(catalog, rules_id):
    rules = catalog.rule_sets[rules_id]
    known = {s.id for s in rules.sources}
    assert all(q.source in known for q in rules.questions)
    assert all(f.source in known for f in rules.red_flags)
    assert all(a.source in known for a in rules.actions)
    for loc in [catalog.national, *catalog.localities.values()]:
        assert all(c.source and c.last_verified for c in loc.contacts)


@pytest.mark.parametrize("rules_id", ["dsl", "pharmacy", "cce"])
def test_age_disclosure_and_danger_rules_are_red_flags_not_weights(catalog, rules_id):
    rules = catalog.rule_sets[rules_id]
    flagged = {qid for f in rules.red_flags for qid, _ in f.when.questions()}
    assert {"immediate_danger", "age"} <= flagged
    assert rules.question_index["immediate_danger"].weight == 0
    assert rules.level(next(f.min_level for f in rules.red_flags if f.id == "immediate_danger")).emergency


def test_cce_form_is_no_longer_than_the_dsl_form_and_asks_the_county_lines_signs(catalog):
    cce, dsl = catalog.rule_sets["cce"], catalog.rule_sets["dsl"]
    assert len(cce.questions) <= len(dsl.questions)
    assert {"found_out_of_area", "carrying_drugs_money", "debt_bondage", "unexplained_injuries"} <= set(
        cce.question_index
    )
    assert "nrm_referral" in {a.id for a in cce.actions}


def test_a_question_id_on_both_exploitation_forms_means_the_same_on_each(catalog):
    # Screening the same child with the other form copies these answers: they must mean the same.
    dsl, cce = catalog.rule_sets["dsl"], catalog.rule_sets["cce"]
    shared = set(dsl.question_index) & set(cce.question_index)
    assert {
        "age",
        "missing_overnight",
        "missing_30_days",
        "vulnerabilities",
        "disclosure_withdrawn",
    } <= shared
    for qid in shared:
        a, b = dsl.question_index[qid], cce.question_index[qid]
        assert (a.kind, a.text, a.recency, a.min, a.max) == (b.kind, b.text, b.recency, b.min, b.max), qid
        assert [(o.id, o.label, o.weight) for o in a.choices] == [
            (o.id, o.label, o.weight) for o in b.choices
        ]
        assert a.show_if == b.show_if, qid


def test_a_form_offering_another_that_is_not_in_the_folder_fails_validation_with_the_fix(rules_copy):
    root = rules_copy()
    (root / "cce.yaml").unlink()
    for scenario in (root / "scenarios").glob("*.yaml"):
        if "\nrules: cce" in scenario.read_text(encoding="utf-8"):
            scenario.unlink()
    with pytest.raises(RulesError) as info:
        load_catalog(root)
    message = str(info.value)
    assert "dsl.yaml:" in message and "also_screen" in message
    assert "there is no questionnaire 'cce' in this rules folder" in message
    assert "add that questionnaire, correct the id, or remove this entry" in message


def test_a_form_cannot_offer_itself(rules_copy):
    root = rules_copy(("cce.yaml", "  - form: dsl\n", "  - form: cce\n"))
    with pytest.raises(RulesError) as info:
        load_catalog(root)
    assert "a form cannot point to itself" in str(info.value)

"""The scenario library as data: each fictional scenario must give the outcome guidance expects."""

from __future__ import annotations

import pytest

from decision_tool.rules.scenarios import load_scenario
from decision_tool.screening.engine import assess
from decision_tool.screening.scenarios import scenario_answers

from .conftest import RULES_DIR

SCENARIO_FILES = sorted((RULES_DIR / "scenarios").glob("*.yaml"))
PUBLIC = {
    "lifts_and_parties",
    "second_phone",
    "online_images_under_13",
    "pharmacy_split_condom",
    "threatened_in_car",
    "new_friends_no_signs",
}


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario_gives_expected_outcome(path, catalog):
    scenario = load_scenario(path)
    rules = catalog.rules_for(scenario.rules, scenario.locality)  # with the locality's own settings, if any
    contacts = catalog.directory(scenario.locality, scenario.rules)
    result = assess(rules, scenario_answers(scenario, rules), contacts=contacts)
    assert result.level == scenario.expect.level
    assert result.actions[0].id == scenario.expect.first_action


def test_library_has_the_public_scenarios_and_spans_every_level(catalog):
    ids = {s.id for s in catalog.scenarios}
    assert ids >= PUBLIC
    assert len(catalog.scenarios) >= 10
    dsl_levels = {s.expect.level for s in catalog.scenarios if s.rules == "dsl"}
    assert dsl_levels == {lv.id for lv in catalog.rule_sets["dsl"].levels}


def test_scenarios_name_fictional_children_and_a_source(catalog):
    for s in catalog.scenarios:
        assert "fictional" in s.story.lower(), s.id
        assert s.expect.source.strip(), s.id

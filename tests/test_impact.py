"""`decision-tool impact OLD NEW`: what a rules change does to every scenario, and why."""

from __future__ import annotations

import json

import pytest

from decision_tool.cli import main
from decision_tool.errors import RulesError
from decision_tool.screening.sandbox import sandbox_rules

from .conftest import RULES_DIR

WEIGHT = (
    "      - id: school_absence\n        kind: yes_no\n        text: Has there been absence, exclusion or a drop in the child's school work?\n        category: school_behaviour\n        weight: 1",
    "      - id: school_absence\n        kind: yes_no\n        text: Has there been absence, exclusion or a drop in the child's school work?\n        category: school_behaviour\n        weight: 6",
)
BAND = ("    band: {from: 0, to: 5}", "    band: {from: 0, to: 3}")
BAND_TOP = ("    band: {from: 6, to: 10}", "    band: {from: 4, to: 10}")
RED_FLAG = (
    "  - id: learning_disability\n    when: {question: vulnerabilities, equals: learning_disability}\n    min_level: emerging",
    "  - id: learning_disability\n    when: {question: vulnerabilities, equals: learning_disability}\n    min_level: low",
)


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["impact", *args])
    return code, capsys.readouterr().out


def test_a_weight_change(rules_copy, capsys):
    new = rules_copy(("dsl.yaml", *WEIGHT))
    code, out = run(capsys, str(RULES_DIR), str(new))
    assert code == 1
    assert (
        "one_moderate_sign_17 (Missing some lessons, nothing else (17)): level low -> emerging, score 1 -> 6"
        in out
    )
    assert "why: weight: 'school_absence' now scores 6 (was 1)" in out
    assert "FAILS: scenario 'one_moderate_sign_17': expects level 'low'" in out


def test_a_band_change_as_json(rules_copy, capsys):
    new = rules_copy(("dsl.yaml", *BAND), ("dsl.yaml", *BAND_TOP))
    code, out = run(capsys, str(RULES_DIR), str(new), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["changed"] == ["vulnerabilities_only"] and report["failing"] == ["vulnerabilities_only"]
    row = next(r for r in report["scenarios"] if r["id"] == "vulnerabilities_only")
    assert (row["old"]["level"], row["new"]["level"]) == ("low", "emerging")
    assert row["why"] == [
        "band: score 4 now falls in 'emerging' (was 'low' at score 4); bands changed (low: 0 to 5 -> 0 to 3, emerging: 6 to 10 -> 4 to 10)"
    ]
    assert report["rule_changes"]["dsl"]["bands"] == {
        "low": ["0 to 5", "0 to 3"],
        "emerging": ["6 to 10", "4 to 10"],
    }


def test_a_red_flag_change(rules_copy, capsys):
    new = rules_copy(("dsl.yaml", *RED_FLAG))
    code, out = run(capsys, str(RULES_DIR), str(new))
    assert code == 1
    assert "learning_disability (A pupil with a learning disability (15)): level emerging -> low" in out
    assert "why: red flag: 'learning_disability' was changed" in out


def test_no_change_exits_0(rules_copy, capsys, catalog):
    code, out = run(capsys, str(RULES_DIR), str(rules_copy()))
    assert code == 0
    assert f"{len(catalog.scenarios)} scenario(s): 0 changed, 0 failing" in out


def test_a_broken_new_rules_folder_is_a_message_not_a_traceback(rules_copy, capsys):
    new = rules_copy(("dsl.yaml", "    band: {from: 16}", "    band: {from: 18}"))
    assert main(["impact", str(RULES_DIR), str(new)]) == 1
    err = capsys.readouterr().err
    assert "gap between bands" in err and "dsl.yaml" in err


def test_sandbox_never_changes_the_published_rules(dsl):
    before = dsl.fingerprint
    changed = sandbox_rules(dsl, {"medium": 8}, {("late_out", "yes"): 4})
    assert changed.fingerprint != before and dsl.fingerprint == before
    assert dsl.question_index["late_out"].weight == 1 and changed.question_index["late_out"].weight == 4
    assert changed.level("emerging").band.to == 7  # type: ignore[union-attr]


def test_sandbox_explains_bands_out_of_order(dsl):
    with pytest.raises(RulesError, match="not above"):
        sandbox_rules(dsl, {"high": 9})


def test_a_new_questionnaire_is_new_not_failing(rules_copy, capsys):
    # The published rules before the criminal exploitation form: no cce.yaml, and nothing pointing to it.
    old = rules_copy(("dsl.yaml", "\nalso_screen:\n", "\nalso_screen_removed:\n"))
    text = (old / "dsl.yaml").read_text(encoding="utf-8")
    (old / "dsl.yaml").write_text(text.split("\nalso_screen_removed:\n", 1)[0] + "\n", encoding="utf-8")
    (old / "cce.yaml").unlink()
    for scenario in (old / "scenarios").glob("*.yaml"):
        if "\nrules: cce" in scenario.read_text(encoding="utf-8"):
            scenario.unlink()
    code, out = run(capsys, str(old), str(RULES_DIR))
    assert code == 0
    assert 'cce_debt_bondage (A "debt" after a robbery (16)): new scenario, level high' in out
    assert "questionnaire 'cce' is new: only the new rules have it" in out
    assert "0 failing their expected outcome" in out


def test_a_proposal_that_no_longer_fits_a_localitys_own_bands_says_which(catalog):
    from decision_tool.errors import RulesError
    from decision_tool.screening.impact import impact_between
    from decision_tool.screening.sandbox import sandbox_rules

    sandbox = sandbox_rules(catalog.rule_sets["dsl"], {"high": 20})  # Northmoor's 'medium' ends at 15
    mine = tuple(s for s in catalog.scenarios if s.rules == "dsl")
    with pytest.raises(RulesError) as info:
        impact_between(catalog, catalog, mine, new_rules={"dsl": sandbox})
    assert "northmoor's own settings (northmoor-dsl.yaml) on these: " in str(info.value)
    assert "gap between bands: no level for scores 16 to 19" in str(info.value)


def test_the_report_holds_codes_and_the_words_come_from_the_catalogue(rules_copy):
    from decision_tool.rules.schema import Band
    from decision_tool.screening.impact import NOTE_VALUES, Note, impact_report
    from decision_tool.wording.impact import impact_words, note_text
    from decision_tool.wording.messages import CATALOGUES

    report = impact_report(RULES_DIR, rules_copy(("dsl.yaml", *BAND), ("dsl.yaml", *BAND_TOP)))
    row = next(r for r in report["scenarios"] if r["id"] == "vulnerabilities_only")
    assert [n.code for n in row["why"]] == ["band"]  # a code with values: no sentence built in screening/
    assert all(isinstance(n, Note) and set(n.values) == set(NOTE_VALUES[n.code]) for n in row["why"])
    assert isinstance(report["rule_changes"]["dsl"]["bands"]["low"][0], Band)
    worded = impact_words(report)
    assert json.loads(json.dumps(worded))["rule_changes"]["dsl"]["bands"]["low"] == ["0 to 5", "0 to 3"]
    assert all(isinstance(n, Note) for n in row["why"])  # wording the report leaves the report as it was
    for language, catalogue in CATALOGUES.items():
        assert {f"impact.note.{code}" for code in NOTE_VALUES} <= set(catalogue), language
    examples = {
        "weight": {"question": "late_out", "points": 4, "was": 1},
        "band": {"score": 7, "level": "medium", "was_level": "emerging", "was_score": 7, "bands": ()},
        "red_flag_fires": {"id": "x"},
        "red_flag_stops": {"id": "x"},
        "red_flag_changed": {"id": "x"},
        "new_questionnaire": {"rules": "cce"},
        "only_new_answers": {"problems": (("answers.x", "unknown question"),)},
        "questionnaire_missing": {"rules": "cce"},
        "scenario_problem": {"message": "expects level 'low'"},
        "version_unchanged": {"rules": "dsl", "was_sha256": "a" * 64, "sha256": "b" * 64, "version": "2.2.0"},
    }
    assert set(examples) == set(NOTE_VALUES)
    said = {code: note_text(Note(code, values)) for code, values in examples.items()}
    assert said["band"] == "band: score 7 now falls in 'medium' (was 'emerging' at score 7)"
    assert said["only_new_answers"] == "only the new rules can answer it: answers.x: unknown question"
    assert said["version_unchanged"].startswith(f"dsl: the content changed ({'a' * 12} -> {'b' * 12})")
    assert "'version' is still '2.2.0'" in said["version_unchanged"]


def test_a_questionnaire_missing_from_the_new_rules_fails_its_scenarios_and_says_so(catalog):
    from decision_tool.screening.impact import impact_between
    from decision_tool.wording.impact import impact_words, render_impact

    mine = tuple(s for s in catalog.scenarios if s.rules in ("dsl", "cce"))
    report = impact_between(catalog, catalog, mine, new_rules={"dsl": catalog.rule_sets["dsl"]})
    cce = [r for r in impact_words(report)["scenarios"] if r["rules"] == "cce"]
    assert cce and all(r["problems"] == ["questionnaire 'cce' missing from one side"] for r in cce)
    assert all(not r["passes"] for r in cce)
    assert "  FAILS: questionnaire 'cce' missing from one side" in render_impact(report)

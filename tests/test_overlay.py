"""Local settings on a shared regional form: what an overlay may change, what it may not, and the
effective rule set and records it gives."""

from __future__ import annotations

import json

import pytest

from decision_tool.cli import main
from decision_tool.errors import RulesChangedError, RulesError
from decision_tool.records.json_record import read_record, record_json
from decision_tool.records.model import make_record
from decision_tool.rules.overlay import apply_overlay, overlay_checks, parse_overlay
from decision_tool.screening.engine import assess, complete_answers
from decision_tool.screening.scenarios import load_catalog

from .conftest import FIXTURES, RULES_DIR

FICTIONAL = ("northmoor", "eastbrook", "westhaven", "southfold", "highcombe", "riverton", "lowmarsh")


def test_the_fictional_region_loads_with_seven_localities_and_the_examples_stay(catalog):
    assert set(FICTIONAL) <= set(catalog.localities)
    assert {"england", "somerset"} <= set(catalog.localities)
    assert next(iter(catalog.localities)) == "england"  # fictional localities never become the default
    assert {lid for _, lid in catalog.overlays} == set(FICTIONAL)


def test_every_fictional_contact_is_marked_fictional_with_a_drama_number_and_a_date(catalog):
    for lid in FICTIONAL:
        directory = catalog.directory(lid, "dsl")
        for contact in directory.contacts:
            if contact.id in {c.id for c in catalog.national.contacts}:
                continue
            assert contact.fictional, (lid, contact.id)
            assert contact.phone.startswith("01632 960"), (lid, contact.id)
            assert "(fictional)" in contact.name
            assert contact.last_verified


def test_an_overlay_changes_only_what_it_names(catalog):
    form = catalog.rule_sets["dsl"]
    north = catalog.rules_for("dsl", "northmoor")
    assert north.level("low").band.to == 6 and north.level("emerging").band.from_ == 7
    assert north.level("low").review_days == 60
    assert north.red_flags == form.red_flags
    assert north.sections == form.sections
    assert catalog.rules_for("dsl", "england") is form  # no overlay: the form as published


def test_a_band_edge_moves_the_outcome_for_the_same_answers(catalog):
    form, north = catalog.rule_sets["dsl"], catalog.rules_for("dsl", "northmoor")
    answers = complete_answers(form, {"age": 15, "late_out": "yes", "hotspots": "yes", "secret_phone": "yes"})
    answers["school_absence"] = "yes"
    answers["known_exploiters"] = "yes"
    answers["unknown_callers"] = "yes"
    regional, local = assess(form, answers), assess(north, answers)
    assert regional.score == local.score == 6
    assert (regional.level, local.level) == ("emerging", "low")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            {"red_flags": [{"id": "disclosure", "min_level": "medium"}]},
            "the red flag 'disclosure' sets at least 'high' across the region; a locality cannot lower it to 'medium'",
        ),
        ({"levels": [{"id": "immediate", "band": {"from": 30}}]}, "'immediate' is reached only by red flags"),
        ({"levels": [{"id": "immediate", "actions": ["mash_referral"]}]}, "must keep 'call_999'"),
        ({"levels": [{"id": "low", "band": {"to": 7}}]}, "bands overlap"),
        ({"levels": [{"id": "low", "band": {"to": 3}}]}, "gap between bands"),
        ({"levels": [{"id": "lowest", "review_days": 3}]}, "unknown level id 'lowest'"),
        (
            {
                "single_points_of_contact": [
                    {
                        "id": "spoc",
                        "agency": "police",
                        "name": "A",
                        "last_verified": "2026-12-01",
                        "source": "x",
                    }
                ]
            },
            "the single point of contact 'spoc' is not given to any action",
        ),
    ],
)
def test_an_overlay_that_breaks_a_regional_rule_is_refused(catalog, setting, message):
    overlay = parse_overlay({"locality": "northmoor", "form": "dsl", "source": "test", **setting})
    found = overlay_checks(catalog.rule_sets["dsl"], overlay)
    assert any(message in m for _, m, _ in found), found


def test_an_overlay_may_raise_a_red_flag_minimum(catalog):
    low = catalog.rules_for("dsl", "lowmarsh")
    assert next(f for f in low.red_flags if f.id == "disclosure_withdrawn").min_level == "high"


def test_validate_refuses_an_overlay_lowering_a_red_flag_naming_file_line_and_rule(rules_copy, capsys):
    root = rules_copy(
        (
            "overlays/lowmarsh-dsl.yaml",
            "  - id: disclosure_withdrawn\n    min_level: high",
            "  - id: disclosure\n    min_level: emerging",
        )
    )
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    text = (root / "overlays" / "lowmarsh-dsl.yaml").read_text().splitlines()
    line = next(i for i, t in enumerate(text, 1) if "min_level: emerging" in t)
    assert f"overlays/lowmarsh-dsl.yaml:{line}  red_flags[disclosure].min_level:" in err
    assert "cannot lower it to 'emerging'" in err and "may only raise" in err
    assert "Traceback" not in err


def test_an_overlay_for_an_unknown_form_or_locality_is_refused(rules_copy):
    root = rules_copy(("overlays/riverton-dsl.yaml", "form: dsl", "form: csa"))
    with pytest.raises(RulesError) as info:
        load_catalog(root)
    assert "riverton-dsl.yaml:5  form: unknown questionnaire 'csa'" in str(info.value)


def test_an_overlay_cannot_copy_the_whole_form(rules_copy):
    root = rules_copy(("overlays/riverton-dsl.yaml", "levels:", "sections: []\nlevels:"))
    with pytest.raises(RulesError) as info:
        load_catalog(root)
    assert "unknown field 'sections'" in str(info.value)


def test_a_record_names_the_locality_and_carries_both_hashes_and_reopens(catalog):
    rules = catalog.rules_for("dsl", "northmoor")
    answers = complete_answers(rules, {"age": 15})
    result = assess(rules, answers, contacts=catalog.directory("northmoor", "dsl"))
    version = result.rules_version
    assert result.locality == "northmoor"
    assert version.sha256 == catalog.rule_sets["dsl"].fingerprint
    assert version.overlay_sha256 == catalog.overlays[("dsl", "northmoor")].fingerprint
    data = record_json(make_record(result, __import__("datetime").datetime(2026, 12, 7, 10)))
    assert json.loads(data)["assessment"]["rules_version"]["overlay_locality"] == "northmoor"
    assert read_record(data, catalog.rule_sets, catalog.rules_for).assessment == result
    # The same record checked against the form without Northmoor's settings: the settings changed.
    with pytest.raises(RulesChangedError):
        read_record(data, catalog.rule_sets)


@pytest.mark.parametrize("name", ["dsl-override-v1.json", "pharmacy-v1.json"])
def test_records_from_the_previous_release_still_open(catalog, name):
    data = (FIXTURES / "records" / name).read_text()
    try:
        record = read_record(data, catalog.rule_sets, catalog.rules_for)
    except RulesChangedError as exc:
        record = exc.record  # type: ignore[assignment]
    assert record.assessment.rules_version.overlay_sha256 is None


def test_apply_overlay_is_pure(catalog):
    form = catalog.rule_sets["dsl"]
    before = form.fingerprint
    overlay = catalog.overlays[("dsl", "southfold")]
    assert apply_overlay(form, overlay).fingerprint == apply_overlay(form, overlay).fingerprint
    assert form.fingerprint == before and form.level("high").band.from_ == 16


def test_list_shows_each_localitys_differences_in_one_line(capsys):
    assert main(["list", "--rules-dir", str(RULES_DIR)]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("locality: northmoor")]
    assert len(lines) == 1
    assert "low band 0 to 6 (region 0 to 5)" in lines[0] and "single points of contact: police" in lines[0]


def test_the_effective_rule_set_is_what_a_full_validation_of_it_gives(catalog):
    """apply_overlay rebuilds only what changed; read in full, the result is the same rule set."""
    from decision_tool.rules.schema import RuleSet

    for (form_id, lid), overlay in catalog.overlays.items():
        effective = apply_overlay(catalog.rule_sets[form_id], overlay)
        full = RuleSet.model_validate(effective.model_dump(by_alias=True))
        assert full.fingerprint == effective.fingerprint, lid
        assert all(getattr(full, k) == getattr(effective, k) for k in RuleSet.model_fields)
        assert effective._plan is None  # never the form's compiled plan


def test_validate_one_overlay_file_checks_it_against_its_form(capsys):
    assert main(["validate", str(RULES_DIR / "overlays" / "northmoor-dsl.yaml")]) == 0
    assert "northmoor's settings on 'dsl'" in capsys.readouterr().out


def test_a_single_point_of_contact_shows_on_the_actions_it_is_given_to(catalog):
    rules = catalog.rules_for("dsl", "northmoor")
    answers = complete_answers(rules, {"age": 15, "disclosure": "yes"})
    result = assess(rules, answers, contacts=catalog.directory("northmoor", "dsl"))
    police = next(a for a in result.actions if a.id == "inform_police")
    assert [c.id for c in police.contacts] == ["police_101", "northmoor_police_spoc"]


def test_the_markdown_record_names_the_local_settings_and_their_hash(catalog):
    from decision_tool.records.markdown import record_markdown

    rules = catalog.rules_for("dsl", "southfold")
    directory = catalog.directory("southfold", "dsl")
    result = assess(rules, complete_answers(rules, {"age": 15}), contacts=directory)
    made = make_record(
        result, __import__("datetime").datetime(2026, 12, 7, 10), locality_title=directory.locality_title
    )
    text = record_markdown(made, rules)
    assert "local settings of Southfold (fictional)" in text
    assert catalog.overlays[("dsl", "southfold")].fingerprint in text
    assert catalog.rule_sets["dsl"].fingerprint in text

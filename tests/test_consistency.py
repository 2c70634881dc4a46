"""The regional consistency report: the same answers through every locality's settings, each difference
found and put down to the setting that causes it."""

from __future__ import annotations

import csv
import io

import pytest

from decision_tool.cli import main
from decision_tool.records.consistency import report_csv, report_pdf
from decision_tool.rules.overlay import apply_overlay, parse_overlay
from decision_tool.screening.batch import rescore, rescore_across
from decision_tool.screening.consistency import compare_form, consistency_report, profiles_for
from decision_tool.screening.engine import complete_answers
from decision_tool.wording.consistency import cause_sentence

from .conftest import RULES_DIR


@pytest.fixture(scope="module")
def report(catalog):
    return consistency_report(catalog, sample=200)


def _moderates(form, n):
    signs = ["late_out", "hotspots", "secret_phone", "school_absence", "known_exploiters", "unknown_callers"]
    return complete_answers(form, {"age": 15, **{s: "yes" for s in signs[:n]}})


def test_a_band_edge_difference_is_found_and_put_down_to_the_band_edge(dsl):
    local = apply_overlay(
        dsl,
        parse_overlay(
            {
                "locality": "northmoor",
                "form": "dsl",
                "source": "test",
                "levels": [{"id": "low", "band": {"to": 6}}, {"id": "emerging", "band": {"from": 7}}],
            }
        ),
    )
    from decision_tool.screening.consistency import Profile

    profiles = [Profile("six", "single", "six moderate signs", _moderates(dsl, 6))]
    profiles.append(Profile("five", "single", "five moderate signs", _moderates(dsl, 5)))
    findings, unfit = compare_form(dsl, {"northmoor": local}, profiles)
    assert unfit == 0
    assert [(f.profile, f.cause, f.shift) for f in findings] == [("six", "band", -1)]
    finding = findings[0]
    assert finding.detail["score"] == 6
    assert finding.detail["region_band"] == (6, 10) and finding.detail["local_band"] == (0, 6)
    sentence = cause_sentence(finding, "Northmoor (fictional)")
    assert sentence.startswith("band edge: score 6 is 'emerging' in the regional form (6 to 10)")
    assert "'low' in Northmoor (fictional) (0 to 6)" in sentence


def test_the_same_settings_give_no_findings(dsl):
    profiles = profiles_for(dsl, sample=50)
    findings, _ = compare_form(dsl, {"twin": dsl}, profiles)
    assert findings == []


def test_scoring_across_gives_what_scoring_each_gives(catalog):
    form = catalog.rule_sets["dsl"]
    sets = [form, *(catalog.effective[k] for k in sorted(catalog.effective) if k[0] == "dsl")]
    answers = [p.answers for p in profiles_for(form, sample=150, seed=3)]
    across = rescore_across(sets, answers)
    for column, rules in enumerate(sets):
        assert [row[column] for row in across] == rescore(rules, answers)


def test_profiles_cover_every_single_sign_and_every_pair_of_significant_signs(dsl):
    profiles = profiles_for(dsl, sample=10, seed=1)
    kinds = [p.kind for p in profiles]
    significant = [q for q in dsl.questions if q.strength == "significant"]
    assert kinds.count("pair") == len(significant) * (len(significant) - 1) // 2
    assert kinds.count("random") == 10
    assert "late_out=yes" in {p.id for p in profiles}
    assert profiles_for(dsl, sample=10, seed=1) == profiles  # seeded: the same list every run


def test_the_report_covers_every_form_names_hashes_and_finds_each_kind_of_setting(report, catalog):
    # Every form; those that localities set differently first (the DSL form, on which all seven do).
    assert [f.form for f in report.forms] == ["dsl", "pharmacy", "cce"]
    assert set(catalog.rule_sets) == {"dsl", "pharmacy", "cce"}
    dsl = next(f for f in report.forms if f.form == "dsl")
    assert dsl.sha256 == catalog.rule_sets["dsl"].fingerprint
    assert set(dsl.localities) == {
        "northmoor",
        "eastbrook",
        "westhaven",
        "southfold",
        "highcombe",
        "riverton",
        "lowmarsh",
    }
    causes = {(f.locality, f.cause) for f in dsl.findings}
    assert ("lowmarsh", "red_flag") in causes  # a raised red flag minimum
    assert ("highcombe", "actions") in causes  # a level's action list
    assert ("riverton", "review") in causes  # a review period
    assert not any(f.locality == "riverton" and f.cause != "review" for f in dsl.findings)
    assert dsl.same_as_region == ("england", "somerset")


def test_cli_consistency_prints_the_report_and_exits_0(capsys):
    assert main(["consistency", str(RULES_DIR), "--sample", "100"]) == 0
    out = capsys.readouterr().out
    assert out.index("form 'dsl' v") < out.index("form 'pharmacy' v") < out.index("form 'cce' v")
    assert "Lowmarsh (fictional) (overlay " in out
    assert "red flag minimum: Lowmarsh (fictional) raises 'disclosure_withdrawn'" in out


def test_cli_consistency_strict_exits_2_when_a_level_or_first_action_differs(capsys):
    assert main(["consistency", str(RULES_DIR), "--sample", "20", "--strict"]) == 2


def test_cli_consistency_on_a_folder_that_is_not_rules_exits_1(tmp_path, capsys):
    assert main(["consistency", str(tmp_path / "nowhere")]) == 1
    assert "rules folder not found" in capsys.readouterr().err


def test_the_csv_has_every_finding_with_the_hashes_and_no_formula(report, catalog):
    rows = list(csv.DictReader(io.StringIO(report_csv(report, {}))))
    assert len(rows) == sum(len(f.findings) for f in report.forms)
    assert {r["Form sha256"] for r in rows} <= {r.fingerprint for r in catalog.rule_sets.values()}
    assert all(r["Overlay sha256"] for r in rows)
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_the_pdf_is_a_pdf(report):
    assert report_pdf(report, {}).startswith(b"%PDF")


def test_change_counts_by_locality_and_direction(catalog, dsl):
    from decision_tool.rules.overlay import band_edge_overlay, check_overlay
    from decision_tool.screening.consistency import change_counts

    proposed_form = check_overlay(dsl, band_edge_overlay(dsl, "emerging", 7), "proposal", None)
    six, five = _moderates(dsl, 6), _moderates(dsl, 5)
    saved = [("england", six)] * 3 + [("england", five), ("somerset", six)]
    counts = {c.locality: c for c in change_counts(lambda loc: dsl, lambda loc: proposed_form, saved)}
    assert (counts["england"].lower, counts["england"].same, counts["england"].higher) == (3, 1, 0)
    assert counts["somerset"].lower == 1 and counts["somerset"].total == 1


def test_a_typed_band_edge_must_be_on_a_banded_level_above_the_lowest(dsl):
    from decision_tool.errors import RulesError
    from decision_tool.rules.overlay import band_edge_overlay

    with pytest.raises(RulesError, match="'immediate' is not a banded level above the lowest"):
        band_edge_overlay(dsl, "immediate", 20)


def test_a_red_flag_given_more_actions_is_named_as_the_cause(dsl):
    from decision_tool.screening.consistency import Profile

    local = apply_overlay(
        dsl,
        parse_overlay(
            {
                "locality": "x",
                "form": "dsl",
                "source": "test",
                "red_flags": [{"id": "disclosure_withdrawn", "actions": ["report_missing"]}],
            }
        ),
    )
    answers = complete_answers(dsl, {"age": 16, "disclosure_withdrawn": "yes"})
    findings, _ = compare_form(dsl, {"x": local}, [Profile("p", "single", "taken back", answers)])
    assert [(f.cause, f.shift, f.local.first_action) for f in findings] == [
        ("red_flag_actions", 0, "report_missing")
    ]
    assert (
        cause_sentence(findings[0], "X")
        == "red flag actions: when 'disclosure_withdrawn' fires, X adds report_missing"
    )


def test_the_northmoor_scenario_is_found_and_put_down_to_northmoors_band_edge(report):
    (finding,) = [
        f
        for f in next(r for r in report.forms if r.form == "dsl").findings
        if f.profile == "six_small_signs_northmoor" and f.locality == "northmoor"
    ]
    assert (finding.cause, finding.shift, finding.region.level, finding.local.level) == (
        "band",
        -1,
        "emerging",
        "low",
    )

"""docs/guidance.md is generated from the rules and current; every outcome names its rule and source;
recency is checked when the rules load and printed on records; impact warns about unbumped versions."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from decision_tool.cli import main
from decision_tool.errors import RulesError
from decision_tool.records.record import make_record, record_text
from decision_tool.rules.loader import load_rules
from decision_tool.screening.engine import assess, complete_answers
from decision_tool.wording.guidance import guidance_markdown
from decision_tool.wording.reasons import reasons_text

from .conftest import ROOT, RULES_DIR

GUIDANCE = ROOT / "docs" / "guidance.md"


def test_guidance_page_is_current(catalog):
    assert GUIDANCE.read_text(encoding="utf-8") == guidance_markdown(catalog), (
        "docs/guidance.md is stale: run `decision-tool guidance` (or `make guidance`)"
    )


def test_guidance_names_every_red_flag_with_its_level_actions_and_source(catalog):
    page = GUIDANCE.read_text(encoding="utf-8")
    for rules in catalog.rule_sets.values():
        section = page.split(f"## {rules.title}", 1)[1].split("\n## ", 1)[0]
        for flag in rules.red_flags:
            row = next(line for line in section.splitlines() if line.startswith(f"| `{flag.id}`:"))
            assert rules.level(flag.min_level).title in row
            assert rules.source(flag.source).title.split(":")[0] in row
            for action in flag.actions:
                assert rules.action(action).title in row
    online = next(line for line in page.splitlines() if line.startswith("| `online_sexual_contact`"))
    assert "Has the child sent sexual images of themselves, or been asked to: yes, at any time" in online
    assert "Report online abuse to CEOP" in online and "CEOP Safety Centre" in online


def test_guidance_check_fails_on_a_stale_page_and_passes_on_a_current_one(tmp_path, capsys):
    stale = tmp_path / "guidance.md"
    stale.write_text("# old\n", encoding="utf-8")
    assert main(["guidance", "--output", str(stale), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert main(["guidance", "--output", str(stale)]) == 0
    assert main(["guidance", "--output", str(stale), "--check"]) == 0
    assert stale.read_text(encoding="utf-8") == GUIDANCE.read_text(encoding="utf-8")


def test_every_significant_sign_is_explained_in_must_refer(catalog):
    page = (ROOT / "docs" / "must-refer.md").read_text(encoding="utf-8")
    for rules in catalog.rule_sets.values():
        for q in rules.questions:
            significant = q.strength == "significant" or any(o.weight >= 5 for o in q.choices)
            if significant:
                assert f"`{q.id}`" in page, f"{rules.id}.{q.id} is not explained in docs/must-refer.md"


def test_every_outcome_names_the_rule_and_source_that_caused_it(dsl):
    result = assess(dsl, complete_answers(dsl, {"age": 16, "sexual_images": "earlier"}))
    assert result.level == "high"
    why = "\n".join(reasons_text(result.reasons))
    assert "rule 'online_sexual_contact' sets at least 'High concern'" in why
    assert "source: CEOP Safety Centre (National Crime Agency)" in why
    assert [a.id for a in result.actions][:3] == ["mash_referral", "inform_police", "report_ceop"]


def test_the_recency_window_is_printed_on_every_dsl_record(dsl, pharmacy):
    result = assess(dsl, complete_answers(dsl, {"age": 15, "unexplained_gifts": "both"}))
    text = record_text(make_record(result, dt.datetime(2026, 11, 23, 9, 0)), dsl)
    assert "'now or recently' means the last 6 months; 'earlier' means 6 to 12 months" in text
    assert "Yes, both in the last 6 months and before" in text  # the answer, in words
    short = assess(pharmacy, complete_answers(pharmacy, {"age": 16}))
    assert "now or recently" not in record_text(make_record(short, dt.datetime(2026, 11, 23)), pharmacy)


def test_recency_scores_now_earlier_and_both_as_the_rules_say(dsl):
    points = {}
    for form in ("yes", "earlier", "both", "no"):
        points[form] = assess(dsl, complete_answers(dsl, {"age": 16, "unexplained_gifts": form})).score
    assert points == {"yes": 5, "earlier": 1, "both": 6, "no": 0}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '    when: {question: cars_unknown_adults, in: ["yes", earlier, both]}',
            '    when: {question: cars_unknown_adults, equals: "yes"}',
            "'cars_unknown_adults' asks when: 'yes' alone means only 'in the last 6 months'",
        ),
        ("  current_months: 6\n", "", "current_months"),
        (
            "      - id: injuries\n        kind: single\n        recency: true\n",
            "      - id: injuries\n        kind: single\n        recency: true\n        options: [{id: a, label: A}, {id: b, label: B}]\n",
            "a recency question takes its answers from the rules' 'recency' setting",
        ),
    ],
)
def test_a_recency_mistake_is_named_with_the_fix(rules_copy, old, new, message):
    root = rules_copy(("dsl.yaml", old, new))
    with pytest.raises(RulesError) as info:
        load_rules(root / "dsl.yaml")
    assert message in str(info.value)
    assert re.search(r"dsl\.yaml:\d+", str(info.value))


def test_an_unverified_contact_is_always_flagged(catalog):
    lado = catalog.directory("somerset").get("lado")
    assert lado is not None and lado.unverified and "NOT VERIFIED" in lado.notes
    assert lado.is_stale(lado.last_verified)
    national = catalog.directory("england").get("lado")
    assert national is not None and "LADO" in national.name and not national.is_stale(national.last_verified)


def test_impact_warns_when_content_changes_but_the_version_does_not(rules_copy, capsys, dsl):
    new = rules_copy(("dsl.yaml", "  earlier: 1\n", "  earlier: 2\n"))
    main(["impact", str(RULES_DIR), str(new)])
    out = capsys.readouterr().out
    assert "WARNING: dsl: the content changed" in out and "bump 'version'" in out
    bumped = rules_copy(("dsl.yaml", f'version: "{dsl.version}"', 'version: "99.0.0"'))
    main(["impact", str(RULES_DIR), str(bumped)])
    assert "WARNING" not in capsys.readouterr().out


def test_impact_lists_scenarios_only_the_new_rules_can_answer(rules_copy, capsys, tmp_path):
    text = (RULES_DIR / "dsl.yaml").read_text(encoding="utf-8")
    question = text[text.index("      - id: missing_30_days") : text.index("      - id: hotspots")]
    flag = text[text.index("  - id: repeat_missing") : text.index("  - id: age_13_or_under_significant")]
    old = rules_copy(("dsl.yaml", question, ""), ("dsl.yaml", flag, ""))
    code = main(["impact", str(old), str(RULES_DIR)])
    out = capsys.readouterr().out
    assert code == 0
    assert "repeat_missing (Missing three times this month (15)): new scenario, level high" in out
    assert "only the new rules can answer it: missing_30_days" in out


def test_the_sandbox_can_change_one_recency_answer_without_breaking_the_rules(dsl):
    from decision_tool.screening.sandbox import sandbox_rules

    sandbox = sandbox_rules(dsl, weights={("unexplained_gifts", "earlier"): 3})
    assert not sandbox.question_index["unexplained_gifts"].recency  # now its own weights
    assert sandbox.question_index["missing_overnight"].recency  # the others keep the setting
    result = assess(sandbox, complete_answers(sandbox, {"age": 16, "unexplained_gifts": "earlier"}))
    assert result.score == 3 and result.level == "emerging"

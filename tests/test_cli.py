"""The command line: every command has help; errors are messages with exit 1, never tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from decision_tool.cli import build_parser, main

from .conftest import FIXTURES, RULES_DIR

COMMANDS = list(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: decision-tool " + command in capsys.readouterr().out


def test_validate_the_default_rules(capsys):
    assert main(["validate", str(RULES_DIR)]) == 0
    assert "3 questionnaire(s)" in capsys.readouterr().out


def test_validate_a_broken_file_lists_problems_and_exits_1(capsys):
    path = FIXTURES / "bad_rules" / "band_gap.yaml"
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "gap between bands" in err and str(path) in err
    assert "Traceback" not in err


@pytest.mark.parametrize("scenario", sorted((RULES_DIR / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_assess_each_scenario_as_json(scenario, capsys):
    rules_id = next(
        line.split(":", 1)[1].strip()
        for line in scenario.read_text().splitlines()
        if line.startswith("rules:")
    )
    assert main(["assess", "--rules", rules_id, "--answers", str(scenario), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    for key in (
        "level",
        "score",
        "category_scores",
        "red_flags",
        "actions",
        "reasons",
        "insufficient_information",
        "rules_version",
    ):
        assert key in out
    expected = next(
        line.split(":", 1)[1].strip()
        for line in scenario.read_text().splitlines()
        if line.startswith("  level:")
    )
    assert out["level"] == expected


def test_assess_plain_answers_json_file_as_text(tmp_path, capsys, dsl):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"age": 14, "immediate_danger": "yes"}))
    assert main(["assess", "--rules", "dsl", "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert "Outcome: Immediate danger" in out
    assert "Call 999 now" in out
    assert f"rules version {dsl.version}" in out


def test_assess_with_a_rules_file_path(capsys):
    answers = FIXTURES / "answers" / "mini_high.yaml"
    assert (
        main(
            [
                "assess",
                "--rules",
                str(FIXTURES / "minimal.yaml"),
                "--answers",
                str(answers),
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["level"] == "high"


@pytest.mark.parametrize(
    ("content", "suffix", "fragment"),
    [
        ("{not json", ".json", "not valid JSON"),
        ("- a list\n", ".yaml", "must be a mapping"),
        ('{"age": 200}', ".json", "200 is out of range"),
        ('{"agee": 12}', ".json", "did you mean 'age'?"),
    ],
)
def test_assess_refuses_bad_answer_files(tmp_path, capsys, content, suffix, fragment):
    path = tmp_path / f"answers{suffix}"
    path.write_text(content)
    assert main(["assess", "--rules", "dsl", "--answers", str(path)]) == 1
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_unknown_questionnaire_suggests_one(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text("{}")
    assert main(["assess", "--rules", "dls", "--answers", str(path)]) == 1
    assert "did you mean 'dsl'?" in capsys.readouterr().err


def test_schema_prints_the_rules_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "RuleSet" and "sections" in schema["properties"]


def test_list_names_questionnaires_and_localities(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "dsl" in out and "pharmacy" in out and "somerset" in out


def test_console_script_runs_as_a_subprocess():
    exe = shutil.which("decision-tool") or str(sys.prefix + "/bin/decision-tool")
    proc = subprocess.run([exe, "validate"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("OK:")


def test_unknown_locality_is_refused_not_guessed(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text("{}")
    assert main(["assess", "--rules", "dsl", "--answers", str(path), "--locality", "somerest"]) == 1
    assert "no locality 'somerest' (did you mean 'somerset'?)" in capsys.readouterr().err

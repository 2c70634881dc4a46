"""Bad rules fail loudly with the file, line, YAML path, what is wrong and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_tool.errors import RulesError
from decision_tool.rules.loader import load_rules, parse_rules, read_yaml

from .conftest import FIXTURES, RULES_DIR

BAD = sorted((FIXTURES / "bad_rules").glob("*.yaml"))


def expectations(path: Path) -> list[str]:
    return [
        line.removeprefix("# expect: ").rstrip("\n")
        for line in path.read_text().splitlines(True)
        if line.startswith("# expect: ")
    ]


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_rules_fixture_gives_its_message(path):
    wanted = expectations(path)
    assert wanted, f"{path.name} has no '# expect:' lines"
    with pytest.raises(RulesError) as info:
        load_rules(path)
    message = str(info.value)
    assert str(path) in message  # names the file
    for part in wanted:
        assert part in message


def test_error_gives_the_line_of_the_bad_value():
    path = FIXTURES / "bad_rules" / "weight_not_number.yaml"
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "weight: high" in text)
    with pytest.raises(RulesError) as info:
        load_rules(path)
    (problem,) = info.value.problems
    assert problem.line == line
    assert str(problem).startswith(f"{path}:{line}  sections[main].questions[gifts].weight:")


def test_every_problem_is_listed_not_just_the_first(mini):
    data, _ = read_yaml(FIXTURES / "minimal.yaml")
    data["levels"][1]["actions"] = ["nope"]
    data["red_flags"][0]["min_level"] = "nowhere"
    with pytest.raises(RulesError) as info:
        parse_rules(data)
    assert len(info.value.problems) == 2


def test_dicts_parse_directly_without_a_file(mini):
    data, _ = read_yaml(FIXTURES / "minimal.yaml")
    assert parse_rules(data).id == "mini"


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_default_rules_file_loads(path):
    rules = load_rules(path)
    assert rules.questions


def test_rules_are_frozen(mini):
    with pytest.raises(Exception, match="frozen"):
        mini.title = "changed"  # type: ignore[misc]


def test_unsafe_yaml_tags_are_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("id: !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(RulesError, match="YAML tag .* is not allowed"):
        load_rules(path)


def test_a_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(RulesError, match="file not found"):
        load_rules(tmp_path / "nope.yaml")


def test_fingerprint_ignores_comments_but_not_content(tmp_path, mini):
    text = (FIXTURES / "minimal.yaml").read_text()
    (tmp_path / "a.yaml").write_text("# a comment\n" + text)
    (tmp_path / "b.yaml").write_text(text.replace("weight: 5", "weight: 4"))
    assert load_rules(tmp_path / "a.yaml").fingerprint == mini.fingerprint
    assert load_rules(tmp_path / "b.yaml").fingerprint != mini.fingerprint

"""The one YAML reader: what the file says is what the model gets, or a refusal with the file and line."""

from __future__ import annotations

import os
import time

import pytest

from decision_tool.errors import RulesError
from decision_tool.rules.loader import load_rules
from decision_tool.rules.safe_yaml import MAX_DEPTH, load_json, load_yaml, read_text

from .conftest import FIXTURES, RULES_DIR


def data(text: str):
    return load_yaml(text, "f.yaml")[0]


def refusal(text: str) -> str:
    with pytest.raises(RulesError) as info:
        load_yaml(text, "f.yaml")
    return str(info.value)


def test_plain_values_mean_what_they_say():
    assert data("a: yes\nb: no\nc: on\nd: 2026-02-30\ne: 1:30\nf: .nan\ng: 0x1F\nh: 07\ni: -2.5\nj: ~\nk: true\n") == {
        "a": "yes", "b": "no", "c": "on", "d": "2026-02-30", "e": "1:30", "f": ".nan", "g": "0x1F", "h": 7,
        "i": -2.5, "j": None, "k": True,
    }  # fmt: skip


def test_keys_are_text():
    assert data("1: a\ntrue: b\n~: c\n2026-01-01: d\n") == {
        "1": "a",
        "true": "b",
        "~": "c",
        "2026-01-01": "d",
    }
    assert "a key must be plain text" in refusal("? [a]\n: 1\n")


def test_duplicate_keys_are_refused_at_the_second():
    assert refusal("a: 1\nb: 2\na: 3\n").startswith(
        "f.yaml:3: the key 'a' appears twice here (first on line 1)"
    )


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['echo x']", "!!str 5", "!!binary aGk="])
def test_tags_are_refused(tag):
    assert "is not allowed" in refusal(f"a: {tag}\n")


def test_nesting_and_aliases_are_bounded_and_fast():
    started = time.perf_counter()
    assert f"nested more than {MAX_DEPTH} levels" in refusal("x: " + "[" * 50_000 + "]" * 50_000)
    laughs = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert "more than 10,000 values" in refusal(laughs)
    assert data("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}  # a modest alias is fine
    assert time.perf_counter() - started < 1


def test_our_depth_limit_speaks_before_the_parser_and_names_the_line():
    deep = "a: 1\nb: 2\nx: " + "{k: " * 40 + "1" + "}" * 40 + "\n"
    assert refusal(deep).startswith(f"f.yaml:3: the file is nested more than {MAX_DEPTH} levels deep")
    block = "".join("  " * n + f"k{n}:\n" for n in range(40)) + "  " * 40 + "v\n"
    assert f"nested more than {MAX_DEPTH} levels" in refusal(block)
    # brackets inside quotes or comments are text, not nesting
    shallow = "a: '" + "[" * 40 + "'\nb: \"" + "{" * 40 + "\"\nc: it's [1]  # " + "[" * 40 + "\n"
    assert data(shallow) == {"a": "[" * 40, "b": "{" * 40, "c": "it's [1]"}


def test_numbers_are_bounded():
    assert "more than 15 digits" in refusal("a: " + "9" * 5000)
    assert "too large" in refusal("a: 1e400")


def test_json_refuses_what_is_not_a_finite_number_and_accepts_a_byte_order_mark():
    for text in (
        '{"a": NaN}',
        '{"a": Infinity}',
        '{"a": 1e400}',
        '{"a": ' + "1" * 5000 + "}",
        "[" * 2000 + "]" * 2000,
    ):
        with pytest.raises(RulesError):
            load_json(text, "f.json")
    assert load_json('\ufeff{"a": 1}', "f.json") == {"a": 1}


def test_a_pipe_a_device_and_a_folder_are_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    started = time.perf_counter()
    for name, message in [
        ("pipe.yaml", "not a regular file"),
        ("zero.yaml", "not a regular file"),
        (".", "folder"),
    ]:
        with pytest.raises(RulesError, match=message):
            read_text(tmp_path / name)
    assert time.perf_counter() - started < 1


def test_model_refusals_name_the_line(tmp_path):
    text = (FIXTURES / "minimal.yaml").read_text()
    for old, new, place in [
        (
            "weight: 5",
            "weight: yes",
            "sections[main].questions[gifts].weight: expected a whole number, got 'yes'",
        ),
        ("weight: 5", "weight: 1:30", "sections[main].questions[gifts].weight: expected a whole number"),
        ("weight: 5", "weight: -1", "sections[main].questions[gifts].weight:"),
        (
            "band: {from: 5}",
            "band: {from: 5}\n    review_days: true",
            "levels[high].review_days: expected a whole number",
        ),
        ('version: "0.1"', "version: 2026-02-30", None),
    ]:
        path = tmp_path / "r.yaml"
        path.write_text(text.replace(old, new, 1))
        if place is None:
            assert load_rules(path).version == "2026-02-30"
            continue
        with pytest.raises(RulesError) as info:
            load_rules(path)
        (problem,) = info.value.problems
        assert problem.line is not None and place in str(problem), str(problem)


@pytest.mark.parametrize("bound", [".nan", ".inf", "yes", "1e400", "true"])
def test_a_red_flag_bound_must_be_a_finite_number(tmp_path, bound):
    text = (RULES_DIR / "dsl.yaml").read_text()
    assert "lt: 13" in text
    path = tmp_path / "dsl.yaml"
    path.write_text(text.replace("lt: 13", f"lt: {bound}", 1))
    with pytest.raises(RulesError) as info:
        load_rules(path)
    assert all(p.line is not None for p in info.value.problems)

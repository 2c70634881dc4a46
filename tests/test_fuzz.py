"""Malformed rules, answers and records never crash, hang or mislead (see tests/fuzz.py for the cases).

In process for speed (about half a minute for some 2,500 cases); a sample through the real CLI in a
subprocess, for what only a separate process shows (a segfault, a hang on a pipe, escape sequences).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from decision_tool.cli import main
from decision_tool.errors import RulesError
from decision_tool.screening.scenarios import load_catalog

from . import fuzz
from .conftest import RULES_DIR


def _assert_clean(outcomes: list[fuzz.Outcome], minimum: int) -> None:
    assert len(outcomes) >= minimum
    crashes = [f"{o.case.name}: {o.detail}" for o in outcomes if o.result == "crash"]
    slow = [f"{o.case.name}: {o.seconds:.2f}s" for o in outcomes if o.seconds > fuzz.TIME_LIMIT]
    wrong = [f"{o.case.name}: expected {o.case.expect}, {o.result}" for o in outcomes if o.wrong]
    unplaced = [f"{o.case.name}: {o.detail}" for o in outcomes if o.result == "refused" and o.detail]
    assert not crashes, crashes[:10]
    assert not slow, slow[:10]
    assert not wrong, wrong[:10]
    assert not unplaced, unplaced[:10]
    classes = {o.case.cls for o in outcomes}
    for cls in classes:  # every class both tried and, where it must be, refused
        mine = [o for o in outcomes if o.case.cls == cls]
        if all(o.case.expect == "refuse" for o in mine):
            assert all(o.result == "refused" for o in mine), cls


def test_malformed_rules_files_are_refused_with_file_and_place(tmp_path):
    outcomes = [fuzz.run_rules_case(c, tmp_path / str(i)) for i, c in enumerate(fuzz.rules_cases())]
    _assert_clean(outcomes, 1000)
    classes = {o.case.cls for o in outcomes}
    assert {"deep_nesting", "alias_expansion", "size", "implicit_typing_number", "implicit_typing_text",
            "impossible_date", "duplicate_key", "tag", "settings", "fifo", "symlink_loop", "device",
            "directory", "injected_text"} <= classes  # fmt: skip


def test_malformed_answer_files_are_refused_with_a_message(tmp_path, catalog):
    outcomes = [
        fuzz.run_answers_case(c, tmp_path / str(i), catalog) for i, c in enumerate(fuzz.answers_cases())
    ]
    _assert_clean(outcomes, 1000)
    assert {"bad_value", "bad_value_json", "bad_key", "deep_nesting", "alias_expansion", "bom", "directory",
            "fifo", "device"} <= {o.case.cls for o in outcomes}  # fmt: skip


def test_crafted_records_never_reach_the_result_page(catalog):
    outcomes = [fuzz.run_record_case(c, catalog) for c in fuzz.record_cases(catalog)]
    _assert_clean(outcomes, 200)
    bom = [o for o in outcomes if o.case.cls == "bytes" and o.case.expect == "accept"]
    assert bom and all(o.result == "accepted" for o in bom)  # a byte-order mark is fine


# ---------------------------------------------------------------- whole folders


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    return root


def _problems(root: Path) -> str:
    with pytest.raises(RulesError) as info:
        load_catalog(root)
    return str(info.value)


@pytest.mark.parametrize("where", ["", "contacts", "scenarios"])
def test_a_pipe_or_loop_in_a_rules_folder_is_refused_without_blocking(tmp_path, where):
    root = _copy(tmp_path)
    os.mkfifo(root / where / "pipe.yaml")
    (root / where / "loop.yaml").symlink_to(root / where / "loop.yaml")
    started = time.perf_counter()
    message = _problems(root)
    assert time.perf_counter() - started < fuzz.TIME_LIMIT
    assert "pipe.yaml: this is not a regular file" in message
    assert "loop.yaml: cannot open the file" in message


def test_two_locality_files_with_one_id_are_refused(tmp_path):
    root = _copy(tmp_path)
    (root / "contacts" / "zz_copy.yaml").write_text((root / "contacts" / "somerset.yaml").read_text())
    message = _problems(root)
    assert "zz_copy.yaml:" in message and "locality id 'somerset' is also used by somerset.yaml" in message


def test_a_rules_folder_with_no_scenarios_is_refused(tmp_path):
    root = _copy(tmp_path)
    shutil.rmtree(root / "scenarios")
    assert "no scenarios" in _problems(root)


def test_validate_file_checks_contact_ids(tmp_path, capsys):
    root = _copy(tmp_path)
    path = root / "dsl.yaml"
    path.write_text(path.read_text().replace("contacts: [mash", "contacts: [mash_typo", 1))
    assert main(["validate", str(path)]) == 1
    assert "contact 'mash_typo' is not in contacts/national.yaml" in capsys.readouterr().err


# ---------------------------------------------------------------- the real CLI, in a subprocess


def _cli(*args: str) -> tuple[int, str, str, float]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "decision_tool.cli", *args], capture_output=True, text=True, timeout=60
    )
    return proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - started


def test_cli_sample_exits_0_or_1_with_a_message_never_a_crash(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("x: " + "[" * 50_000 + "]" * 50_000 + "\n")
    folder = _copy(tmp_path)
    (folder / "deep.yaml").write_text(deep.read_text())
    os.mkfifo(folder / "contacts" / "pipe.yaml")
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text(fuzz._laughs() + "age: *a9\n")
    nested = tmp_path / "nested.json"
    nested.write_text('{"age": ' + "[" * 2000 + "]" * 2000 + "}")
    titled = tmp_path / "titled"
    shutil.copytree(RULES_DIR, titled)
    escapes = titled / "dsl.yaml"
    text = re.sub(
        r"\ntitle: (.*)\n", lambda m: f'\ntitle: "\\e[2J\\e]0;x\\a {m[1]}"\n', escapes.read_text(), count=1
    )
    escapes.write_text(text)
    answers = tmp_path / "answers.yaml"
    answers.write_text('age: 14\nnotes: "\\e[31mred"\n')
    runs = {
        "deep file": _cli("validate", str(deep)),
        "deep file in a folder, and a pipe": _cli("validate", str(folder)),
        "billion laughs answers": _cli("assess", "--rules", "dsl", "--answers", str(laughs)),
        "JSON nested 2,000 deep": _cli("assess", "--rules", "dsl", "--answers", str(nested)),
        "a folder as answers": _cli("assess", "--rules", "dsl", "--answers", str(tmp_path)),
        "escape sequences in rules text": _cli("validate", str(escapes)),
        "escape sequences in a record": _cli("assess", "--rules", str(escapes), "--answers", str(answers)),
    }
    for name, (code, out, err, _seconds) in runs.items():
        assert code in (0, 1), (name, code, err[-500:])
        assert "Traceback" not in err, name
        assert "\x1b" not in out + err and "\x07" not in out + err, name
        assert len(out + err) < 20_000, name
    for name in list(runs)[:5]:
        assert runs[name][0] == 1, name
    assert "nested more than" in runs["deep file"][2]
    assert "deep.yaml" in runs["deep file in a folder, and a pipe"][2]
    assert "pipe.yaml: this is not a regular file" in runs["deep file in a folder, and a pipe"][2]
    assert "more than 10,000 values" in runs["billion laughs answers"][2]
    assert "nested more than" in runs["JSON nested 2,000 deep"][2]
    assert "this is a folder" in runs["a folder as answers"][2]
    assert runs["escape sequences in rules text"][0] == 0
    assert "\\x1b[2J" in runs["escape sequences in rules text"][1]  # shown, not obeyed
    assert (
        runs["escape sequences in a record"][0] == 0 and "[31mred" in runs["escape sequences in a record"][1]
    )

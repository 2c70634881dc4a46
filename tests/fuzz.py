"""Deterministic malformed input: rules files, answer files and records, as mutations of the real ones.

Every case has a class (the kind of damage) and an expectation:

- ``refuse``: the input must be refused with the project's own error (accepting it is a *wrong acceptance*);
- ``accept``: the input is valid and must load, keeping what the file says (e.g. ``title: 2026-02-30`` is the
  text "2026-02-30");
- ``either``: a random mutation; either outcome is fine, as long as it is one of the two.

``run_*`` functions return one ``Outcome`` per case; ``tests/test_fuzz.py`` asserts on them and
``python -m tests.fuzz`` prints the figures per class. Nothing here is random at run time: one seed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from decision_tool.cli import read_answers
from decision_tool.errors import AnswersError, Problem, RecordError, RulesChangedError, RulesError, UserError
from decision_tool.records.record import (
    answers_that_still_fit,
    make_record,
    read_record,
    record_json,
    record_markdown,
)
from decision_tool.rules.catalog import Catalog
from decision_tool.rules.loader import load_rules, validate_model
from decision_tool.rules.scenarios import Scenario
from decision_tool.screening.engine import assess
from decision_tool.screening.scenarios import load_catalog, scenario_answers

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = 20261123
TIME_LIMIT = 2.0  # seconds per case

# Problems about a whole file (it cannot be read at all) have no line or place inside it.
WHOLE_FILE = (
    "file not found",
    "cannot open the file",
    "cannot read the file",
    "this is a folder",
    "this is not a regular file",
    "the file is larger than",
)


@dataclasses.dataclass(frozen=True)
class Case:
    kind: str  # rules | answers | record
    cls: str  # the class of damage
    name: str
    expect: str  # refuse | accept | either
    content: bytes | None = None  # file content; None when ``make`` builds the file itself
    make: Callable[[Path], Path] | None = None  # builds an odd file (FIFO, folder, symlink loop)
    literal: tuple[str, str] | None = None  # (field, text) an accepted file must keep exactly
    suffix: str = ".yaml"


@dataclasses.dataclass
class Outcome:
    case: Case
    result: str  # accepted | refused | crash
    seconds: float
    detail: str = ""

    @property
    def wrong(self) -> bool:
        return (self.case.expect == "refuse" and self.result == "accepted") or (
            self.case.expect == "accept" and self.result != "accepted"
        )


# ---------------------------------------------------------------- values that YAML 1.1 would retype

NOT_NUMBERS = [
    "yes", "no", "on", "off", "true", "false", "1:30", "2026-13-45", "2026-02-30", ".nan", ".inf", "-.inf",
    "0x1F", "0o17", "1e400", "''", '"5"', "5.5", "12345678901234567890", "9" * 5000, "[1]", "{a: 1}",
    "!!int 5", "!!float 1", "1_000",
]  # fmt: skip
LITERAL_TEXTS = [
    "2026-02-30",
    "2026-13-45",
    "yes",
    "no",
    "off",
    "1:30",
    ".nan",
    ".inf",
    "0x1F",
    "1_000",
    "Null?",
]
INJECTED = [
    "![i](https://example.invalid/track.png)",
    "<img src=x onerror=alert(1)>",
    "[click](https://example.invalid/)",
    "**bold** _it_ `code` ~~strike~~",
    "https://example.invalid/path and www.example.invalid",
    "mail me@example.invalid",
    ":red[red] :material/warning: $x^2$",
    "# heading\n\n- list",
    "<script>alert(1)</script>",
    "\x1b[31mred\x1b]0;title\x07",
    "\u202etxet desrever",
]
TAGS = ["!!python/object/apply:os.system ['echo x']", "!!binary aGk=", "!!set {a}", "!!timestamp 2026-01-01"]


def _deep(n: int) -> str:
    return "[" * n + "]" * n


def _laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- rules files

_FIELD = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>[a-z_]+): (?P<value>[^{\[\n>|].*)$")  # not block text
NUMERIC_FIELDS = {"weight", "review_days", "min", "max", "not_sure_fraction"}
TEXT_FIELDS = {"title", "summary", "text", "help", "reason", "description", "label", "do", "intro", "unit"}


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=False)


def _fields(lines: list[str], keys: set[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if (m := _FIELD.match(line)) and m["key"] in keys]


def _set(lines: list[str], i: int, value: str) -> str:
    m = _FIELD.match(lines[i])
    assert m is not None
    out = list(lines)
    out[i] = f"{m['indent']}{m['key']}: {value}"
    return "\n".join(out) + "\n"


def _yaml_quote(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def rules_cases() -> list[Case]:
    rng = random.Random(SEED)
    bases = {
        "minimal": (FIXTURES / "minimal.yaml").read_text(encoding="utf-8"),
        "dsl": (RULES_DIR / "dsl.yaml").read_text(encoding="utf-8"),
        "pharmacy": (RULES_DIR / "pharmacy.yaml").read_text(encoding="utf-8"),
        "cce": (RULES_DIR / "cce.yaml").read_text(encoding="utf-8"),
    }
    names = list(bases)
    cases: list[Case] = []

    def add(cls: str, base: str, text: str | bytes, expect: str, **kw: Any) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        cases.append(Case("rules", cls, f"{cls}-{len(cases)}-{base}", expect, data, **kw))

    for n in range(40):  # deep nesting, flow and block, in a value or as the whole file
        base = names[n % len(names)]
        depth = rng.choice([33, 100, 5000, 50_000])
        lines = _lines(bases[base])
        at = rng.choice(_fields(lines, TEXT_FIELDS))
        text = (
            _set(lines, at, _deep(depth))
            if n % 2
            else "x:\n" + "".join(" " * i + "- \n" for i in range(depth // 50 + 33))
        )
        add("deep_nesting", base, text, "refuse")
    for n in range(40):  # alias expansion: billion laughs, and aliases inside conditions
        base = names[n % len(names)]
        if n % 2:
            add(
                "alias_expansion", base, bases[base] + _laughs(rng.randint(6, 9), rng.randint(6, 9)), "refuse"
            )
        else:
            cond = "{question: danger, equals: 'yes'}"
            text = bases["minimal"].replace(
                "red_flags:\n",
                "anchors:\n  c0: &c0 "
                + cond
                + "\n"
                + "".join(
                    f"  c{i}: &c{i} {{any: [" + ", ".join([f"*c{i - 1}"] * 9) + "]}\n" for i in range(1, 9)
                )
                + "red_flags:\n",
            )
            add("alias_expansion", "minimal", text, "refuse")
    for n in range(12):  # size: a file over the limit, by comment padding or one long text
        base = names[n % len(names)]
        pad = ("# " + "x" * 98 + "\n") * 10_500 if n % 2 else f"padding: {'y' * 1_100_000}\n"
        add("size", base, bases[base] + pad, "refuse")
    for n in range(260):  # implicit typing in number fields: always refused, with the line
        base = names[n % len(names)]
        lines = _lines(bases[base])
        at = rng.choice(_fields(lines, NUMERIC_FIELDS) or [0])
        add("implicit_typing_number", base, _set(lines, at, rng.choice(NOT_NUMBERS)), "refuse")
    for n in range(150):  # implicit typing in text fields: kept as written
        base = names[n % len(names)]
        lines = _lines(bases[base])
        at = rng.choice(_fields(lines, {"version", "title", "summary", "reason", "label"}))
        word = rng.choice(LITERAL_TEXTS)
        m = _FIELD.match(lines[at])
        assert m is not None
        add("implicit_typing_text", base, _set(lines, at, word), "accept", literal=(m["key"], word))
    for _ in range(60):  # a date that does not exist, where a date is expected
        add(
            "impossible_date",
            "contacts",
            _contacts_text(rng.choice(["2026-13-45", "2026-02-30", "2026-00-01", "yes", "1:30"])),
            "refuse",
        )
    for n in range(80):  # duplicate keys
        base = names[n % len(names)]
        lines = _lines(bases[base])
        at = rng.choice(_fields(lines, NUMERIC_FIELDS | TEXT_FIELDS | {"id", "source", "kind"}))
        out = lines[: at + 1] + [lines[at]] + lines[at + 1 :]
        add("duplicate_key", base, "\n".join(out) + "\n", "refuse")
    for n in range(40):  # tags: never constructed
        base = names[n % len(names)]
        lines = _lines(bases[base])
        at = rng.choice(_fields(lines, TEXT_FIELDS | NUMERIC_FIELDS))
        add("tag", base, _set(lines, at, rng.choice(TAGS)), "refuse")
    settings = [
        ("weight", "-1"), ("weight", "-50"), ("weight", "101"), ("weight", str(10**19)), ("weight", "1e19"),
        ("review_days", "100000000"), ("review_days", "0"), ("review_days", "true"),
        ("max", str(2**53 + 1)), ("min", str(-(2**60))), ("not_sure_fraction", "0"), ("not_sure_fraction", "2"),
    ]  # fmt: skip
    for n in range(120):  # settings the pages or the engine cannot take
        base = names[n % len(names)]
        key, value = settings[n % len(settings)]
        lines = _lines(bases[base])
        spots = _fields(lines, {key})
        if not spots:
            if key == "not_sure_fraction":
                text = bases[base] + f"insufficient_information:\n  not_sure_fraction: {value}\n"
                if "insufficient_information:" in bases[base]:
                    continue
                add("settings", base, text, "refuse")
            continue
        add("settings", base, _set(lines, rng.choice(spots), value), "refuse")
    for base in names:  # band settings: one banded level, huge bands
        text = bases[base]
        bands = re.findall(r"band: \{from: \d+(?:, to: \d+)?\}", text)
        one = text
        for b in bands[1:]:
            one = one.replace(f"    {b}\n", "", 1)
        add("settings", base, one, "refuse")
        add("settings", base, text.replace(bands[-1], "band: {from: 100000}"), "refuse")
        add("settings", base, text.replace(bands[0], "band: {from: 0, to: 999999}"), "refuse")
    for n in range(80):  # references to ids that do not exist
        base = names[n % len(names)]
        lines = _lines(bases[base])
        spots = [
            i for i, line in enumerate(lines) if re.match(r"\s*(?:- )?(source|category|min_level): ", line)
        ]
        at = rng.choice(spots)
        add(
            "unknown_reference",
            base,
            _set(lines, at, rng.choice(["nope", "x" * 80, "sourc", "High"])),
            "refuse",
        )
    for n in range(
        60
    ):  # rules text carrying Markdown, HTML, links, control characters: valid, kept literally
        base = names[n % len(names)]
        lines = _lines(bases[base])
        at = rng.choice(_fields(lines, {"title", "summary", "reason", "label", "text", "help"}))
        inject = rng.choice(INJECTED)
        m = _FIELD.match(lines[at])
        assert m is not None
        add("injected_text", base, _set(lines, at, _yaml_quote(inject)), "accept", literal=(m["key"], inject))
    for n in range(260):  # random damage: deleted, repeated, re-indented lines, cut files, stray bytes
        base = names[n % len(names)]
        data = bases[base].encode("utf-8")
        lines = _lines(bases[base])
        op = n % 7
        if op == 0:
            del lines[rng.randrange(len(lines))]
            out = ("\n".join(lines) + "\n").encode()
        elif op == 1:
            i = rng.randrange(len(lines))
            lines[i] = " " * rng.randint(1, 3) + lines[i]
            out = ("\n".join(lines) + "\n").encode()
        elif op == 2:
            out = data[: rng.randrange(len(data))]
        elif op == 3:
            i = rng.randrange(len(data))
            out = (
                data[:i]
                + bytes(rng.choice([b"\xff", b"\x00", b"\t", b":", b"- ", b"\xc3(", b"&a ", b"*b"]))
                + data[i:]
            )
        elif op == 4:
            i, j = sorted(rng.sample(range(len(lines)), 2))
            out = ("\n".join(lines[:j] + lines[i:j] + lines[j:]) + "\n").encode()
        elif op == 5:
            out = b"\xef\xbb\xbf" + data  # a byte-order mark: still valid
        else:
            i = rng.randrange(len(lines))
            lines[i] = lines[i].replace(": ", ": [", 1)
            out = ("\n".join(lines) + "\n").encode()
        add("random_damage", base, out, "accept" if op == 5 else "either")
    for cls, content in [
        ("empty", b""), ("empty", b"\n\n"), ("not_mapping", b"- a\n- b\n"), ("not_mapping", b"just text\n"),
        ("two_documents", bases["minimal"].encode() + b"---\nid: x\n"), ("not_utf8", b"id: \xff\xfe\n"),
        ("not_utf16", "id: x\n".encode("utf-16")), ("nul", b"id: x\x00y\n"),
    ]:  # fmt: skip
        add(cls, "minimal", content, "refuse")
    for cls, make in ODD_FILES.items():
        cases.append(Case("rules", cls, f"{cls}-rules", "refuse", None, make))
    return cases


def _contacts_text(date: str) -> str:
    text = (RULES_DIR / "contacts" / "somerset.yaml").read_text(encoding="utf-8")
    return re.sub(r"last_verified: \S+", f"last_verified: {date}", text, count=1)


# ---------------------------------------------------------------- odd files (no content: made on disk)


def _fifo(d: Path) -> Path:
    p = d / "pipe.yaml"
    os.mkfifo(p)
    return p


def _folder(d: Path) -> Path:
    p = d / "folder.yaml"
    p.mkdir()
    return p


def _loop(d: Path) -> Path:
    p = d / "loop.yaml"
    p.symlink_to(d / "loop2.yaml")
    (d / "loop2.yaml").symlink_to(p)
    return p


def _zero(d: Path) -> Path:
    p = d / "zero.yaml"
    p.symlink_to("/dev/zero")
    return p


def _missing(d: Path) -> Path:
    return d / "missing.yaml"


ODD_FILES: dict[str, Callable[[Path], Path]] = {
    "fifo": _fifo,
    "directory": _folder,
    "symlink_loop": _loop,
    "device": _zero,
    "missing": _missing,
}


# ---------------------------------------------------------------- answer files


def answers_cases() -> list[Case]:
    rng = random.Random(SEED + 1)
    scenarios = sorted((RULES_DIR / "scenarios").glob("*.yaml"))
    bases: list[tuple[str, dict[str, Any]]] = []
    for path in scenarios:
        data = _plain_yaml(path)
        bases.append((data["rules"], dict(data["answers"])))
    cases: list[Case] = []

    def add(cls: str, rules: str, content: str | bytes, expect: str, suffix: str = ".yaml") -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        cases.append(Case("answers", cls, f"{cls}-{len(cases)}-{rules}", expect, data, suffix=suffix))

    bad_values_yaml = [".inf", "-.inf", ".nan", "1e400", "9" * 5000, "[[1]]", "[{a: 1}]", "{a: 1}", "-1",
                       "14.5", "'abc'", "1000001", "2026-01-01", "1:30", "!!python/name:os.system"]  # fmt: skip
    scored = {rid: [q.id for q in rs.questions if q.kind != "text"] for rid, rs in _rule_sets().items()}
    for n in range(300):  # values that are not answers (YAML)
        rules, answers = bases[n % len(bases)]
        qid = rng.choice([q for q in ("age", *answers) if q in scored[rules]])
        text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in answers.items() if k != qid)
        add("bad_value", rules, text + f"{qid}: {rng.choice(bad_values_yaml)}\n", "refuse")
    bad_values_json = ["NaN", "Infinity", "-Infinity", "1e400", "9" * 5000, "[[1]]", '[{"a": 1}]', '{"a": 1}',
                       '"abc"', "14.5", "true", "null", "-5", "1e3000"]  # fmt: skip
    for n in range(250):  # the same in JSON
        rules, answers = bases[n % len(bases)]
        qid = rng.choice([q for q in ("age", *answers) if q in scored[rules]])
        body = ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in answers.items() if k != qid)
        value = rng.choice(bad_values_json)
        expect = "either" if value in ("true", "null") else "refuse"
        add(
            "bad_value_json",
            rules,
            "{" + body + (", " if body else "") + f'"{qid}": {value}' + "}",
            expect,
            ".json",
        )
    for n in range(100):  # keys that are not question ids (YAML: 1, true, ~, a date, a list)
        rules, answers = bases[n % len(bases)]
        key = rng.choice(["1", "true", "~", "2026-01-01", "[a]", "? [a, b]", "x" * 500, "'age '", "AGE"])
        text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in answers.items())
        add("bad_key", rules, text + (f"{key}\n: 1\n" if key.startswith("?") else f"{key}: 1\n"), "refuse")
    for n in range(80):  # deep nesting
        rules, _ = bases[n % len(bases)]
        depth = rng.choice([33, 2000, 50_000])
        if n % 2:
            add("deep_nesting", rules, '{"age": ' + _deep(depth) + "}", "refuse", ".json")
        else:
            add("deep_nesting", rules, "age: " + _deep(depth) + "\n", "refuse")
    for n in range(60):  # alias expansion (a 549-byte billion laughs)
        rules, _ = bases[n % len(bases)]
        add("alias_expansion", rules, _laughs(rng.randint(6, 9), 9) + "age: *a9\n", "refuse")
    for n in range(60):  # duplicate keys
        rules, answers = bases[n % len(bases)]
        text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in answers.items())
        first = next(iter(answers))
        add("duplicate_key", rules, text + f"{first}: {json.dumps(answers[first])}\n", "refuse")
    for n in range(80):  # valid answers, text carrying markup and control characters: accepted
        rules, answers = bases[n % len(bases)]
        notes = rng.choice(INJECTED)
        text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in answers.items() if k != "notes")
        note_id = "notes" if rules in ("dsl", "cce") else None
        if note_id is None:
            add("injected_text", rules, text, "accept")
            continue
        add("injected_text", rules, text + f"notes: {json.dumps(notes)}\n", "accept")
    for n in range(120):  # random damage to a valid answers file
        rules, answers = bases[n % len(bases)]
        data = "".join(f"{k}: {json.dumps(v)}\n" for k, v in answers.items()).encode()
        i = rng.randrange(len(data))
        junk = rng.choice([b"\xff", b"\x00", b"\t", b":", b"- ", b"[", b"{", b"&a ", b"*b", b"\xef\xbb\xbf"])
        add("random_damage", rules, data[:i] + junk + data[i:], "either")
    for cls, content, suffix in [
        ("bom", b"\xef\xbb\xbf" + json.dumps({"age": 14}).encode(), ".json"),
        ("bom", b"\xef\xbb\xbfage: 14\n", ".yaml"), ("empty", b"", ".yaml"), ("empty", b"", ".json"),
        ("not_mapping", b"[1, 2]", ".json"), ("not_mapping", b"- age\n", ".yaml"), ("not_utf8", b"age: \xff\n", ".yaml"),
        ("size", b"notes: '" + b"x" * 1_100_000 + b"'\n", ".yaml"), ("long_text", b"notes: '" + b"x" * 5000 + b"'\n", ".yaml"),
    ]:  # fmt: skip
        expect = "accept" if cls == "bom" else "refuse"
        add(cls, "dsl", content, expect, suffix)
    for cls, make in ODD_FILES.items():
        cases.append(Case("answers", cls, f"{cls}-answers-dsl", "refuse", None, make))
    return cases


def _rule_sets() -> dict[str, Any]:
    return {p.stem: load_rules(p) for p in sorted(RULES_DIR.glob("*.yaml"))}


def _plain_yaml(path: Path) -> Any:
    from decision_tool.rules.loader import read_yaml

    return read_yaml(path)[0]


# ---------------------------------------------------------------- records


def record_cases(catalog: Catalog) -> list[Case]:
    rng = random.Random(SEED + 2)
    good = []
    for scenario in catalog.scenarios[:6]:
        rules = catalog.rule_sets[scenario.rules]
        answers = scenario_answers(scenario, rules)
        result = assess(rules, answers, contacts=catalog.directories.get(scenario.locality))
        good.append(json.loads(record_json(make_record(result, _NOW))))
    cases: list[Case] = []

    def add(cls: str, data: Any, expect: str) -> None:
        content = data if isinstance(data, bytes) else json.dumps(data, allow_nan=True).encode()
        cases.append(Case("record", cls, f"{cls}-{len(cases)}", expect, content, suffix=".json"))

    def edit(n: int, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        rec = json.loads(json.dumps(good[n % len(good)]))
        change(rec)
        return rec

    answer_values = [
        "abc",
        float("nan"),
        float("inf"),
        [[1]],
        [{"a": 1}],
        10**30,
        -1,
        {"a": 1},
        None,
        True,
        "x" * 3000,
    ]
    for n in range(60):  # answers that do not fit, under a matching content hash

        def bad_answer(rec: dict[str, Any], n: int = n) -> None:
            answers = rec["assessment"]["answers"]
            key = rng.choice(["age", "no_such_question", *answers])
            answers[key] = answer_values[n % len(answer_values)]

        add("answers", edit(n, bad_answer), "refuse")
    overrides = [
        {"level": "no_such_level", "reason": "A long enough reason."}, {"level": "high", "reason": "short"},
        {"level": "high", "reason": "x" * 5000}, {"level": 3, "reason": "A long enough reason."},
        {"level": "high"}, {"reason": "A long enough reason."}, "high", [1],
    ]  # fmt: skip
    for n in range(40):  # a change to the outcome that does not fit

        def bad_override(rec: dict[str, Any], n: int = n) -> None:
            rec["assessment"]["override"] = overrides[n % len(overrides)]

        add("override", edit(n, bad_override), "refuse")
    for n in range(30):  # an outcome that its answers do not give

        def bad_level(rec: dict[str, Any], n: int = n) -> None:
            a = rec["assessment"]
            a["tool_level"] = a["level"] = rng.choice(
                [lv for lv in ("low", "emerging", "high", "immediate") if lv != a["level"]]
            )

        add("outcome", edit(n, bad_level), "refuse")
    for n in range(30):  # changed rules (hash): offered a re-score, which must not crash either

        def rehash(rec: dict[str, Any], n: int = n) -> None:
            rec["assessment"]["rules_version"]["sha256"] = f"{n:064x}"
            rec["assessment"]["answers"][rng.choice(["age", "no_such", "notes"])] = answer_values[
                n % len(answer_values)
            ]

        add("rescore", edit(n, rehash), "refuse")
    shapes: list[Callable[[dict[str, Any]], None]] = [
        lambda r: r.update(kind="something.else"), lambda r: r.update(format=2), lambda r: r.update(extra=1),
        lambda r: r.update(created="2026-13-45T00:00:00"), lambda r: r.pop("assessment"),
        lambda r: r["assessment"].update(score="high"), lambda r: r["assessment"]["rules_version"].update(id="nope"),
        lambda r: r["assessment"].update(answers=[1, 2]), lambda r: r["assessment"].update(actions="x"),
        lambda r: r["assessment"]["answers"].update(deep=json.loads(_deep(40))),
    ]  # fmt: skip
    for n in range(40):  # damaged shape
        add("shape", edit(n, shapes[n % len(shapes)]), "refuse")
    for n in range(30):  # injected text in the reason and notes: valid, kept, never markup in the record

        def inject(rec: dict[str, Any], n: int = n) -> None:
            text = INJECTED[n % len(INJECTED)]
            rec["assessment"]["override"] = {"level": rec["assessment"]["level"], "reason": "Reason: " + text}

        add("injected_text", edit(n, inject), "either")
    for n in range(30):  # byte-level damage
        data = json.dumps(good[n % len(good)], indent=2).encode()
        op = n % 6
        if op == 0:
            out = b"\xef\xbb\xbf" + data
        elif op == 1:
            out = data[: rng.randrange(len(data))]
        elif op == 2:
            out = data.replace(b'"age": ', b'"age": NaN, "x": ', 1)
        elif op == 3:
            out = b"[" * 3000 + b"]" * 3000
        elif op == 4:
            out = data + b" " * 1_100_000
        else:
            i = rng.randrange(len(data))
            out = data[:i] + b"\xff" + data[i:]
        add("bytes", out, "accept" if op == 0 else "refuse")
    return cases


_NOW = __import__("datetime").datetime(2026, 11, 23, 10, 30)


# ---------------------------------------------------------------- running


@contextlib.contextmanager
def _timed() -> Iterator[list[float]]:
    box = [0.0]
    start = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - start


def materialise(case: Case, where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    if case.make is not None:
        return case.make(where)
    path = where / f"case{case.suffix}"
    path.write_bytes(case.content or b"")
    return path


def check_problems(problems: tuple[Problem, ...], path: Path) -> str:
    """'' if every problem names the file and a place in it (or is about the whole file)."""
    for p in problems:
        if not p.file:
            return f"no file named: {p}"
        if p.line is None and not p.path and not p.message.startswith(WHOLE_FILE):
            return f"no place named: {p}"
    return ""


def run_rules_case(case: Case, where: Path) -> Outcome:
    path = materialise(case, where)
    with _timed() as took:
        try:
            if "contacts" in case.name:
                from decision_tool.rules.loader import load_contacts

                loaded: Any = load_contacts(path)
            else:
                loaded = load_rules(path)
        except RulesError as exc:
            return Outcome(case, "refused", took[0], check_problems(exc.problems, path))
        except Exception as exc:  # noqa: BLE001 - any other error is what this suite looks for
            return Outcome(case, "crash", took[0], f"{type(exc).__name__}: {str(exc)[:200]}")
    detail = ""
    if case.literal is not None:
        key, text = case.literal
        if text not in _texts(loaded, key):
            detail = f"{key}: {text!r} not kept as written"
    return Outcome(case, "accepted" if not detail else "crash", took[0], detail)


def _texts(model: Any, key: str) -> set[str]:
    """Every value of field ``key`` anywhere in a loaded model."""
    found: set[str] = set()
    todo = [model.model_dump(by_alias=True)]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            if isinstance(item.get(key), str):
                found.add(item[key])
            todo.extend(item.values())
        elif isinstance(item, list | tuple):
            todo.extend(item)
    return found


def run_answers_case(case: Case, where: Path, catalog: Catalog) -> Outcome:
    """As ``decision-tool assess`` does: read the file, then score it (scenario files too)."""
    path = materialise(case, where)
    rules = catalog.rule_sets[case.name.rsplit("-", 1)[-1]]
    with _timed() as took:
        try:
            answers = read_answers(path)
            if isinstance(answers.get("answers"), dict):
                scenario: Scenario = validate_model(Scenario, answers, str(path), None)
                answers = scenario_answers(scenario, rules)
            result = assess(rules, answers, contacts=catalog.directories["england"])
            record_markdown(make_record(result, _NOW), rules)
        except UserError as exc:
            return Outcome(case, "refused", took[0], _answers_problem_check(exc))
        except Exception as exc:  # noqa: BLE001
            return Outcome(case, "crash", took[0], f"{type(exc).__name__}: {str(exc)[:200]}")
    return Outcome(case, "accepted", took[0])


def _answers_problem_check(exc: UserError) -> str:
    longest = max((len(str(p)) for p in exc.problems), default=0)
    return f"message of {longest} characters" if longest > 2000 else ""


def run_record_case(case: Case, catalog: Catalog) -> Outcome:
    """As the Start page does: read the record; open it (re-score it on the Result page); or, when the
    rules changed, re-score the answers that still fit. None of it may crash."""
    data = case.content or b""
    with _timed() as took:
        try:
            try:
                record = read_record(data, catalog.rule_sets)
            except RulesChangedError as exc:
                old = exc.record.assessment  # type: ignore[attr-defined]
                rules = catalog.rule_sets[old.rules_version.id]
                kept, _lost = answers_that_still_fit(rules, old.answers)
                assess(rules, kept, contacts=catalog.directories["england"])
                return Outcome(case, "refused", took[0], "")
            a = record.assessment
            rules = catalog.rule_sets[a.rules_version.id]
            result = assess(
                rules, dict(a.answers), contacts=catalog.directories["england"], override=a.override
            )
            record_markdown(make_record(result, _NOW), rules)
        except (RecordError, AnswersError) as exc:
            return Outcome(case, "refused", took[0], _answers_problem_check(exc))
        except Exception as exc:  # noqa: BLE001
            return Outcome(case, "crash", took[0], f"{type(exc).__name__}: {str(exc)[:200]}")
    return Outcome(case, "accepted", took[0])


def run_all(tmp: Path) -> list[Outcome]:
    catalog = load_catalog(RULES_DIR)
    out = [run_rules_case(c, tmp / "r" / str(i)) for i, c in enumerate(rules_cases())]
    out += [run_answers_case(c, tmp / "a" / str(i), catalog) for i, c in enumerate(answers_cases())]
    out += [run_record_case(c, catalog) for c in record_cases(catalog)]
    return out


def summary(outcomes: list[Outcome]) -> str:
    rows: dict[tuple[str, str], Counter[str]] = {}
    for o in outcomes:
        row = rows.setdefault((o.case.kind, o.case.cls), Counter())
        row["tried"] += 1
        row[o.result] += 1
        row["slow"] += o.seconds > TIME_LIMIT
        row["wrong"] += o.wrong
    lines = [
        f"{'input':<8} {'class':<24} {'tried':>6} {'refused':>8} {'accepted':>9} {'crash':>6} {'slow':>5} {'wrong':>6}"
    ]
    for (kind, cls), c in sorted(rows.items()):
        lines.append(
            f"{kind:<8} {cls:<24} {c['tried']:>6} {c['refused']:>8} {c['accepted']:>9} {c['crash']:>6} {c['slow']:>5} {c['wrong']:>6}"
        )
    total = Counter(o.case.kind for o in outcomes)
    slowest = max(outcomes, key=lambda o: o.seconds)
    lines.append(
        f"totals: {dict(total)}; crashes {sum(o.result == 'crash' for o in outcomes)}; "
        f"over {TIME_LIMIT:g}s {sum(o.seconds > TIME_LIMIT for o in outcomes)}; "
        f"wrong acceptances {sum(o.wrong for o in outcomes)}; slowest {slowest.seconds:.3f}s ({slowest.case.name})"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        started = time.perf_counter()
        results = run_all(Path(d))
        print(summary(results))
        print(f"ran in {time.perf_counter() - started:.1f}s")
        for o in results:
            if o.result == "crash" or o.wrong or o.seconds > TIME_LIMIT or o.detail:
                print("PROBLEM", o.case.name, o.case.expect, o.result, f"{o.seconds:.2f}s", o.detail)


# ---------------------------------------------------------------- whole folders that must load


SHOWN_TEXT = {"title", "label", "summary", "text", "help", "reason", "intro", "do", "name", "hours", "notes", "why", "description"}  # fmt: skip


def injected_rules_folder(dest: Path, texts: list[str] | None = None) -> Path:
    """A copy of the rules folder where every shown text (titles, options, questions, reasons, contacts,
    scenarios) starts with Markdown, HTML, a link, an image or control characters. It must load, and
    every page must show those texts as written, never as markup."""
    import shutil

    from decision_tool.rules.safe_yaml import load_yaml

    texts = texts or INJECTED
    shutil.copytree(RULES_DIR, dest)
    count = 0
    for path in sorted(dest.rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = _FIELD.match(line)
            if m is None or m["key"] not in SHOWN_TEXT:
                continue
            original = load_yaml(f"v: {m['value']}", "")[0]["v"]
            if not isinstance(original, str):
                continue
            lines[i] = f"{m['indent']}{m['key']}: {json.dumps(texts[count % len(texts)] + ' ' + original)}"
            count += 1
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def edge_settings_folder(dest: Path) -> Path:
    """Valid but extreme settings: the largest points, bands, review and number bounds, long texts,
    and a questionnaire with no scenarios."""
    import shutil

    shutil.copytree(RULES_DIR, dest)
    dsl = dest / "dsl.yaml"
    text = dsl.read_text(encoding="utf-8")
    text = re.sub(r"weight: \d+", "weight: 100", text)
    text = re.sub(r"review_days: \d+", "review_days: 3650", text)
    text = text.replace("band: {from: 16}", "band: {from: 1000}").replace("to: 15}", "to: 999}")
    text = re.sub(
        r"(\n    title: )(.*)", lambda m: m[1] + json.dumps(m[2] + " " + "long " * 400), text, count=1
    )
    dsl.write_text(text, encoding="utf-8")
    (dest / "mini.yaml").write_text((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for scenario in (dest / "scenarios").glob("*.yaml"):  # their expected outcomes assume the real weights
        if "\nrules: dsl" in scenario.read_text(encoding="utf-8"):
            scenario.unlink()
    for overlay in (dest / "overlays").glob("*-dsl.yaml"):  # local band edges assume the real bands
        overlay.unlink()
    return dest

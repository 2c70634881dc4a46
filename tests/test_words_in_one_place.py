"""Words apart from decisions: ``screening/`` returns codes and values and ``records/`` lays lines out;
every sentence a person reads comes from the wording catalogue (``wording/en.py``, through ``say``), so a
second language is one more file. This test reads the source of those layers and fails on a string that
looks like a sentence or a heading, so new English lands in the catalogue rather than beside the code.

Allowed: docstrings; in ``screening/`` the text of errors (a ``Problem``, a call to a ``problem``
helper, any ``…Error``: they move with the errors' own change; ``records/`` words its errors too);
``file=`` (where an error says it is); ``description=`` (the schema's notes for maintainers); names in
``__all__``; keys looked up; ids, file formats and format strings with no words in them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "decision_tool"
CHECKED = sorted((PACKAGE / "screening").glob("*.py")) + sorted((PACKAGE / "records").glob("*.py"))

# Three words in a row ("now falls in"), or a capitalised word and another ("Rules used", "Made {} at"),
# or a capitalised word alone ("Answers", "Why"). A placeholder of an f-string reads as "{}".
SENTENCE = re.compile(
    r"[A-Za-z][a-z']*(?: (?:[a-z'(][a-z')']*|\{\}\)?)){2,}|^[A-Z][a-z]+ [A-Za-z{]|^[A-Z][a-z]+[.:]?$"
)
# Known, and not English a person reads as such: a font's name.
NOT_WORDS = {"Helvetica"}
# Left for later changes. The engine's label for a multiple choice that scored with nothing ticked (which
# it never gives: points come only from ticked options). The sandbox's weight table's column names, which
# the Training page shows as its headings: they move with that page's wording. The consistency report's
# label for a random profile, which moves with that report's wording.
LATER = {
    ("screening/consistency.py", "random profile {}"),
    ("screening/plan.py", "None of these"),
    ("screening/reference.py", "None of these"),
    ("screening/sandbox.py", "Question"),
    ("screening/sandbox.py", "Answer"),
    ("screening/sandbox.py", "Points"),
}


def _skipped(tree: ast.AST, errors: bool) -> set[int]:
    """Docstrings, errors' text, schema descriptions, ``__all__`` and keys looked up (``row["Why"]``)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) or (
            isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets)
        ):
            out |= {
                id(sub) for sub in ast.walk(node.slice if isinstance(node, ast.Subscript) else node.value)
            }
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
        elif isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            is_error = name in ("Problem", "problem") or name.endswith("Error")
            inside = [node] if errors and is_error else []
            inside += [k.value for k in node.keywords if k.arg in ("description", "file")]
            out |= {id(sub) for part in inside for sub in ast.walk(part)}
    return out


def sentences(source: str, *, errors: bool = True) -> list[tuple[int, str]]:
    """The strings in ``source`` that read as English: (line, text), f-strings with "{}" for values.
    ``errors``: the text of errors is let through (not in ``records/``, whose errors are worded)."""
    tree = ast.parse(source)
    skipped = _skipped(tree, errors)
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr):
            skipped |= {id(v) for v in node.values}
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if text not in NOT_WORDS and SENTENCE.search(text):
            found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("path", CHECKED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_sentence_is_built_outside_the_wording_layer(path):
    where = f"{path.parent.name}/{path.name}"
    said = sentences(path.read_text(encoding="utf-8"), errors=path.parent.name == "screening")
    found = [(line, text) for line, text in said if (where, text) not in LATER]
    assert not found, f"{where}: say these through wording.messages.say (a key in wording/en.py): {found}"


def test_what_is_left_for_later_is_still_there():
    """An entry of ``LATER`` goes once its string has moved to the catalogue."""
    left = {
        (f"{p.parent.name}/{p.name}", text) for p in CHECKED for _, text in sentences(p.read_text("utf-8"))
    }
    assert left >= LATER


@pytest.mark.parametrize(
    "source",
    [
        'x = f"weight: {q!r} now scores {n} (was {m})"',
        'x = "Rules used"',
        'x = ("h2", "Answers")',
        'x = f"Total score {a.score}. Bands (local settings): "',
        "x = f'Made {d} at {t:%H:%M}.'",
        'def f():\n    """Doc."""\n    return "only the new rules can answer it: "',
    ],
)
def test_a_sentence_or_a_heading_is_found(source):
    assert sentences(source)


@pytest.mark.parametrize(
    "source",
    [
        'x = {"immediate_danger": 1, "band_from": 2, "overlay_sha256": "a"}',
        'x = f"{stamp:%Y%m%dT%H%M%SZ}"',
        'x = "PRODID:-//decision_tool//screening review//EN"',
        'x = f"{q.id}={o.id}"',
        'x = ("h1", "kv", "li", "p", "sub")',
        'def f():\n    """A docstring: written for the people who read the code."""',
        'raise RulesError(f"unknown level {x!r}: use one of {y}")',
        'x = Field(default="", description="The role of the person completing it.")',
        'x = problem("rules", "unknown questionnaire", "use one of them")',
        '__all__ = ["Record", "Timeline"]',
        'x = row["Why"]',
    ],
)
def test_an_id_a_format_a_docstring_or_an_error_is_not(source):
    assert not sentences(source)


def test_in_records_an_errors_text_is_a_sentence_too():
    assert sentences('raise RecordError("This file is not a record from this tool.")', errors=False)

"""Words apart from decisions: ``screening/`` returns codes and values and ``records/`` lays lines out;
every sentence a person reads comes from the wording catalogue (``wording/en.py``, through ``say``), so a
second language is one more file. This test reads the source of those layers and fails on a string that
looks like a sentence or a heading, so new English lands in the catalogue rather than beside the code.

The pages (``decision_tool/ui`` and ``pages/``) say their sentences through the same catalogue, under
``ui.<page>.…`` keys: the modules in ``PAGES_WORDED`` are read the same way, and a Streamlit call that
shows text (a heading, a caption, a message, a button, a field's label or help) may not be given English
in them. Every key said is in the catalogue, and every key in the catalogue is said somewhere, so a second
language is one file with the same keys.

The panel (``decision_tool/panel``) and the register's messages that reach a page or a file (its
refusals and errors, with their titles) say theirs under ``panel.…`` and ``register.…`` keys: those
modules are read the same way, letting through only a bug's message (a ``ValueError``, which no page
shows) and the audit trail's ``detail`` (kept as it was written).
The command line (``cli.py``, ``register/cli.py``) says its help and the lines it prints under ``cli.…``
keys.

Allowed: docstrings; in ``screening/`` the text of errors (a ``Problem``, a call to a ``problem``
helper, any ``…Error``: they move with the errors' own change; ``records/`` words its errors too);
``file=`` (where an error says it is); ``description=`` (the schema's notes for maintainers); names in
``__all__``; keys looked up; ids, file formats and format strings with no words in them.
"""

from __future__ import annotations

import ast
import functools
import re
import string
from pathlib import Path

import pytest

from decision_tool.wording.en import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "decision_tool"
CHECKED = sorted((PACKAGE / "screening").glob("*.py")) + sorted((PACKAGE / "records").glob("*.py"))
# The pages (``ui/``, ``pages/``, the entry script): every one says its sentences through the catalogue.
PAGES_WORDED = [
    *sorted((PACKAGE / "ui").glob("*.py")),
    *sorted((ROOT / "pages").glob("*.py")),
    ROOT / "streamlit_app.py",
]
# Not English a person reads: the style sheet of the outcome box (views.py); a value a provider sends
# (register_state.py).
PAGE_NOT_WORDS = {
    ".dt-outcome.dt-tone-{} { background: {}; color: {}; border-left: 10px solid {}; padding: 0.75rem "
    "1rem; border-radius: 4px }\n.dt-outcome.dt-tone-{} * { color: {} }",
    "False",
}
# Fixed markup, a tag or part of one ('<style>', '<span id="q-', '"></span>'), and a page's file.
MARKUP = re.compile(r"<[^>]*(?:>|$)|^[^<]*>|^[\w/.-]+\.py$")


# Three words in a row ("now falls in"), or a capitalised word and another ("Rules used", "Made {} at"),
# or a capitalised word alone ("Answers", "Why"). A placeholder of an f-string reads as "{}".
SENTENCE = re.compile(
    r"[A-Za-z][a-z']*(?: (?:[a-z'(][a-z')']*|\{\}\)?)){2,}|^[A-Z][a-z]+ [A-Za-z{]|^[A-Z][a-z]+[.:]?$"
)
# Known, and not English a person reads as such: a font's name.
NOT_WORDS = {"Helvetica"}
# Left for later changes. The engine's label for a multiple choice that scored with nothing ticked (which
# it never gives: points come only from ticked options). The consistency report's
# label for a random profile, which moves with that report's wording.
LATER = {
    ("screening/consistency.py", "random profile {}"),
    ("screening/plan.py", "None of these"),
    ("screening/reference.py", "None of these"),
}


LOGGERS = frozenset({"_log", "log", "logger", "_LOGGER"})


def _skipped(tree: ast.AST, errors: bool | frozenset[str], kept: frozenset[str] = frozenset()) -> set[int]:
    """Docstrings, errors' text, schema descriptions, ``__all__`` and keys looked up (``row["Why"]``).
    ``errors``: every error's text (True), none (False), or the errors with these names; ``kept``: the
    values given to a keyword, set to a name, or given to a call, of these names."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) or (
            isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets)
        ):
            out |= {
                id(sub) for sub in ast.walk(node.slice if isinstance(node, ast.Subscript) else node.value)
            }
        if isinstance(node, ast.Assert) and node.msg is not None:  # for the people who read the code
            out |= {id(sub) for sub in ast.walk(node.msg)}
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in kept for t in node.targets):
            out |= {id(sub) for sub in ast.walk(node.value)}
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
            if isinstance(errors, frozenset):
                is_error = name in errors
            else:
                is_error = errors and (name in ("Problem", "problem") or name.endswith("Error"))
            # The server's log, for the operator who runs it (never shown on a page): as written.
            logged = isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in LOGGERS
            inside = [node] if is_error or logged or name in kept else []
            inside += [k.value for k in node.keywords if k.arg in ("description", "file", *kept)]
            out |= {id(sub) for part in inside for sub in ast.walk(part)}
    return out


def sentences(
    source: str, *, errors: bool | frozenset[str] = True, kept: frozenset[str] = frozenset()
) -> list[tuple[int, str]]:
    """The strings in ``source`` that read as English: (line, text), f-strings with "{}" for values.
    ``errors``: the text of errors is let through (not in ``records/``, whose errors are worded; in the
    panel and the register only a bug's, see ``BUGS``); ``kept``: as in ``_skipped``."""
    tree = ast.parse(source)
    skipped = _skipped(tree, errors, kept)
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
        '_log.warning("the panel\'s facts could not be read ahead", exc_info=True)',
    ],
)
def test_an_id_a_format_a_docstring_or_an_error_is_not(source):
    assert not sentences(source)


def test_in_records_an_errors_text_is_a_sentence_too():
    assert sentences('raise RecordError("This file is not a record from this tool.")', errors=False)


# ---------------------------------------------------------------- the pages


def _where(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", PAGES_WORDED, ids=_where)
def test_a_worded_page_builds_no_sentence_of_its_own(path):
    said = [
        (line, text)
        for line, text in sentences(path.read_text("utf-8"))
        if text not in PAGE_NOT_WORDS and SENTENCE.search(MARKUP.sub("", text))
    ]
    assert not said, f"{_where(path)}: say these through say('ui.…') (a key in wording/en.py): {said}"


# Streamlit calls that show their text arguments to a person; and the keyword arguments that are shown.
SHOWN_CALLS = {
    "title", "header", "subheader", "caption", "markdown", "write", "text", "info", "warning", "error",
    "success", "toast", "button", "form_submit_button", "download_button", "link_button", "page_link",
    "text_input", "text_area", "number_input", "date_input", "selectbox", "multiselect", "radio",
    "checkbox", "toggle", "file_uploader", "expander", "tabs", "metric", "popover", "set_page_config", "Page",
}  # fmt: skip
SHOWN_KEYWORDS = {
    "label",
    "body",
    "help",
    "placeholder",
    "caption",
    "captions",
    "page_title",
    "title",
    "value",
}
LETTER = re.compile(r"[A-Za-z]")


def english_in_shown_calls(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string with a letter given, as it is written, to a call that shows it."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in SHOWN_CALLS:
            continue
        shown = [*node.args, *(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)]
        for arg in shown:
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            for part in parts:
                if (
                    isinstance(part, ast.Constant)
                    and isinstance(part.value, str)
                    and LETTER.search(MARKUP.sub("", part.value))
                ):
                    found.append((arg.lineno, part.value))
    return found


@pytest.mark.parametrize("path", PAGES_WORDED, ids=_where)
def test_a_worded_page_shows_no_english_of_its_own(path):
    found = english_in_shown_calls(path.read_text("utf-8"))
    assert not found, f"{_where(path)}: say these through say('ui.…') (a key in wording/en.py): {found}"


@pytest.mark.parametrize(
    "source",
    [
        'st.title("Check your answers")',
        'st.button("Continue", key="go")',
        'col.button(f"{label} now", type="primary")',
        'st.text_input(label="Your role", key="role")',
        'st.file_uploader(say("x"), help="They stay in this session only.")',
        'st.markdown(f"**Your judgement.** {md(tool)}")',
    ],
)
def test_english_given_to_a_call_that_shows_it_is_found(source):
    assert english_in_shown_calls(source)


@pytest.mark.parametrize(
    "source",
    [
        'st.title(say("ui.check.title"))',
        'st.button(say("ui.start.new"), key="start", type="primary", icon=":material/add:")',
        "st.markdown(f\"- {say('why.red_flag', reason=r)}\")",
        'st.markdown(f"**{md(x)}**\\n\\n" + "\\n".join(rows))',
        'st.file_uploader(say("ui.open.upload"), type=["json"], key="upload")',
    ],
)
def test_a_key_an_id_or_markup_is_not(source):
    assert not english_in_shown_calls(source)


# ---------------------------------------------------------------- the panel and the register

# The panel's words (its lists, level names, the list's cells, the trend tables) and the register's that
# reach a page or a file (its refusals and errors with their titles, the trends' CSV, the subject access
# PDF, the operator's commands' errors) are said through the catalogue under ``panel.…`` and
# ``register.…`` keys. The register's commands (``cli.py``) are read with the command line's, below.
PANEL_AND_REGISTER = [
    *sorted((PACKAGE / "panel").glob("*.py")),
    *(p for p in sorted((PACKAGE / "register").glob("*.py")) if p.name != "cli.py"),
]
# A bug's message, for the people who read the code (a page never shows it: it is not a ``UserError``).
BUGS = frozenset({"ValueError", "TypeError", "KeyError", "RuntimeError", "AssertionError"})
# The audit trail's ``detail`` (and what ``backup.py`` gives its ``_audit``): written once, as it happened,
# and read back as written (never translated).
AUDIT = frozenset({"detail", "_audit"})
# Not English a person reads: a password hashed only to take the time a real one takes (auth.py); a
# policy rule's value, compared and never shown (policy.py); Unicode's names of categories of
# characters (references.py); the demo organisations' names and contact role, stored as an
# administrator would type them (demo.py, panel_demo.py); what pg_restore's listing and SQLite's check
# print, matched or taken out (backup.py).
REGISTER_NOT_WORDS = {
    ("register/auth.py", "not a real password, only for timing"),
    ("register/policy.py", "own organisation's cases"),
    ("register/references.py", "Cc"),
    ("register/references.py", "Cf"),
    ("register/references.py", "Pd"),
    ("register/panel_demo.py", "Exploitation single point of contact"),
    *(("register/demo.py", f"Demo {kind}") for kind in ("School A", "School B", "Pharmacy C")),
    *(
        ("register/demo.py", f"Demo {kind}")
        for kind in ("Social Care D", "Health E", "Police F", "School {}")
    ),
    ("register/backup.py", " TABLE public {} "),
    ("register/backup.py", "*** in database main ***"),
}


def panel_or_register_sentences(path: Path) -> list[tuple[int, str]]:
    where = f"{path.parent.name}/{path.name}"
    said = sentences(path.read_text("utf-8"), errors=BUGS, kept=AUDIT)
    return [(line, text) for line, text in said if (where, text) not in REGISTER_NOT_WORDS]


@pytest.mark.parametrize("path", PANEL_AND_REGISTER, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_panel_and_the_register_say_their_sentences_through_the_catalogue(path):
    found = panel_or_register_sentences(path)
    where = f"{path.parent.name}/{path.name}"
    assert not found, f"{where}: say these through say('panel.…' or 'register.…') (wording/en.py): {found}"


def test_what_the_panel_and_the_register_may_keep_is_still_there():
    """An entry of ``REGISTER_NOT_WORDS`` goes once its string has gone."""
    left = {
        (f"{p.parent.name}/{p.name}", text)
        for p in PANEL_AND_REGISTER
        for _, text in sentences(p.read_text("utf-8"), errors=BUGS, kept=AUDIT)
    }
    assert left >= REGISTER_NOT_WORDS


@pytest.mark.parametrize(
    "source",
    [
        'raise AccessDenied(f"your role ({actor.role}) cannot do this")',
        'raise PanelInputError("that action is not one of this case\'s")',
        'class PasswordError(UserError):\n    title = "Choose another password"',
        'problems.append(f"action {i}: the due date is before the meeting")',
        'return Change("up", "▲", f"Up from {level_name(previous)}")',
        'x = Problem("KEY", "the reference key is too short", "make one")',
    ],
)
def test_a_refusal_or_a_panel_word_written_in_english_is_found(source):
    assert sentences(source, errors=BUGS, kept=AUDIT)


@pytest.mark.parametrize(
    "source",
    [
        'raise ValueError(f"unknown sort {by!r}; one of {keys}")',
        'self.event(s, actor, "find_case", detail="found by reference")',
        'detail = f"wrong password; locked for {minutes} minutes"',
        '_audit(url, actor, "restore", f"from {src.name} (version {version})", now)',
        'raise AccessDenied(say("register.error.role_cannot", role=actor.role))',
    ],
)
def test_a_bugs_message_or_the_audit_trails_detail_is_not(source):
    assert not sentences(source, errors=BUGS, kept=AUDIT)


# ---------------------------------------------------------------- the command line

# The commands' help and the lines they print are said under ``cli.…`` keys.
CLI_WORDED = [PACKAGE / "cli.py", PACKAGE / "register" / "cli.py"]
# What argparse shows a person (a command's help and description, an option's help).
CLI_SHOWN_KEYWORDS = {"help", "description", "epilog"}


def cli_english(source: str) -> list[tuple[int, str]]:
    """(line, text) of English written in a command's source: a sentence (as above, a bug's message let
    through), help given to argparse, or a line given to ``print`` with any word in it."""
    found = sentences(source, errors=BUGS)
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        shown = [k.value for k in node.keywords if k.arg in CLI_SHOWN_KEYWORDS]
        if name == "print":
            shown += node.args
        for arg in shown:
            parts = arg.values if isinstance(arg, ast.JoinedStr) else [arg]
            text = "".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
            if re.search(r"[A-Za-z]{2}", text):
                found.append((arg.lineno, text))
    return sorted(set(found))


@pytest.mark.parametrize("path", CLI_WORDED, ids=_where)
def test_the_command_line_says_its_lines_through_the_catalogue(path):
    found = cli_english(path.read_text("utf-8"))
    assert not found, f"{_where(path)}: say these through say('cli.…') (a key in wording/en.py): {found}"


@pytest.mark.parametrize(
    "source",
    [
        'print(f"wrote {target}")',
        'print(f"scenarios: {len(catalog.scenarios)}")',
        'p.add_argument("--check", action="store_true", help="exit 1 if the file differs")',
        'sub.add_parser("list", help=say("cli.list.help"), description="List what a rules folder holds.")',
        'raise UserError(f"{target}: not an overlay of {folder}")',
    ],
)
def test_a_printed_line_or_a_commands_help_in_english_is_found(source):
    assert cli_english(source)


@pytest.mark.parametrize(
    "source",
    [
        'print(say("cli.guidance.wrote", target=target))',
        'print(json.dumps(data, indent=2), end="")',
        'p.add_argument("--format", choices=["json", "text"], default="text")',
        'print(say("cli.error.title", title=exc.title), file=err)',
    ],
)
def test_a_key_or_a_value_printed_is_not(source):
    assert not cli_english(source)


# ---------------------------------------------------------------- the catalogue: said, and nothing more


SOURCES = [p for p in [*PACKAGE.rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "streamlit_app.py"]]
KEY = re.compile(r"^[a-z_]+(?:\.[a-z0-9_]+)+$")
PREFIX = re.compile(r"^[a-z_]+(?:\.[a-z0-9_]+)*\.$")


@functools.cache
def _keys_in_code() -> tuple[set[str], set[str], list[tuple[str, str]]]:
    """Every string in the code that is a catalogue key or names one (``ui.…``), the fixed beginnings of
    keys made from a value (``say(f"reason.{code}")``), and each ``say("…")`` of a key not in it."""
    named, prefixes, unknown = set(), set(), []
    for path in SOURCES:
        if path == PACKAGE / "wording" / "en.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.match(node.value):
                named.add(node.value)
            if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                start = str(node.values[0].value)
                if PREFIX.match(start):  # say(f"reason.{code}"), CATALOGUES[language].get(f"urgency.{id}")
                    prefixes.add(start)
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "say" and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.add(str(first.values[0].value))  # say(f"ui.result.chart.point{'s' if …}")
            elif isinstance(first, ast.Constant) and first.value not in MESSAGES:
                unknown.append((_where(path), str(first.value)))
    return named, prefixes, unknown


def test_every_key_said_is_in_the_catalogue():
    named, _, unknown = _keys_in_code()
    assert not unknown
    pages_keys = {k for k in named if k.startswith("ui.")}
    assert pages_keys <= set(MESSAGES), sorted(pages_keys - set(MESSAGES))


def test_every_sentence_in_the_catalogue_is_said_somewhere():
    """A key no code says is a sentence a translator would translate for nothing (or a typo'd key)."""
    named, prefixes, _ = _keys_in_code()
    unsaid = [k for k in MESSAGES if k not in named and not k.startswith(tuple(prefixes))]
    assert not unsaid


def test_a_catalogue_sentence_is_a_template_a_second_language_can_fill_in():
    """Each value is a ``str.format`` template whose names are words (``{score}``, never ``{0}`` or
    ``{}``): a translation may put them in another order."""
    for key, template in MESSAGES.items():
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", name) for name in fields), (key, fields)


def template_words(text: str) -> list[str]:
    """English written in a template itself: text between tags, or a label read aloud (``aria-label``,
    ``title``, ``alt``), once the template's comments and its ``{{ … }}`` / ``{% … %}`` are taken out; and a
    quoted default inside those that reads as words (``params.text or "Back"``), not a class or an id."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    code = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, flags=re.S))
    defaults = [q for q in re.findall(r'"([^"]*)"', code) if re.search(r"^[A-Z][a-z]|[a-z] [a-z]", q)]
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", text, flags=re.S)
    labels = re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', text)
    between = re.sub(r"<[^>]*>", " ", text)
    return [*defaults, *(w for w in [*labels, *between.split()] if LETTER.search(w))]


@pytest.mark.parametrize("path", sorted((PACKAGE / "ui" / "templates").glob("*.html")), ids=_where)
def test_the_components_templates_hold_no_words_of_their_own(path):
    """The GOV.UK components draw the words they are given ("There is a problem", "Back", "Menu")."""
    assert not template_words(path.read_text("utf-8"))


@pytest.mark.parametrize(
    "template",
    [
        "<h2>There is a problem</h2>",
        '<nav class="dt-nav" aria-label="Menu">{{ x }}</nav>',
        '{{ link({"href": params.href, "text": params.text or "Back", "classes": "dt-back-link"}) }}',
    ],
)
def test_a_templates_own_words_are_found(template):
    assert template_words(template)


def test_every_key_said_is_given_the_values_its_sentence_names():
    """``say("ui.case.heading", code=…)`` fills every name in braces, and no other: a value missing would
    stop the page, and one given for nothing is a value the sentence forgot."""
    wrong = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "say" and node.args):
                continue
            key = node.args[0]
            if not (isinstance(key, ast.Constant) and key.value in MESSAGES):
                continue  # a key made from a value, or one the test above refuses
            if any(k.arg is None for k in node.keywords):
                continue  # say(key, **values)
            names = {name for _, name, _, _ in string.Formatter().parse(MESSAGES[key.value]) if name}
            given = {k.arg for k in node.keywords}
            if names != given:
                wrong.append((_where(path), node.lineno, key.value, sorted(names), sorted(given)))
    assert not wrong

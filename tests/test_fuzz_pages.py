"""Every page runs, without an exception, on mutated rules folders that ``validate`` accepts; crafted records
uploaded on the Start page never crash a page nor replace the answers in progress."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from decision_tool.errors import RulesError
from decision_tool.screening.engine import complete_answers
from decision_tool.screening.scenarios import load_catalog

from . import fuzz
from .conftest import RULES_DIR
from .test_pages import new_app, texts

PAGES = ["pages/questions.py", "pages/check.py", "pages/result.py", "pages/training.py", "pages/rules.py"]


def _accepted_damage(tmp: Path) -> list[Path]:
    """The first few randomly damaged questionnaires that still validate, each in a rules folder."""
    out = []
    for i, case in enumerate(
        c for c in fuzz.rules_cases() if c.cls in ("random_damage", "implicit_typing_text")
    ):
        base = case.name.rsplit("-", 1)[-1]
        if base not in ("dsl", "pharmacy", "cce"):
            continue
        root = tmp / f"damage{i}"
        shutil.copytree(RULES_DIR, root)
        (root / f"{base}.yaml").write_bytes(case.content or b"")
        for overlay in (root / "overlays").glob(f"*-{base}.yaml"):  # local settings assume the real form
            overlay.unlink()
            for scenario in (root / "scenarios").glob("*.yaml"):  # and so do scenarios set there
                text = scenario.read_text(encoding="utf-8")
                if f"\nrules: {base}\n" in text and f"\nlocality: {overlay.stem.split('-')[0]}\n" in text:
                    scenario.unlink()
        try:
            load_catalog(root)
        except RulesError:
            shutil.rmtree(root)
            continue
        out.append(root)
        if len(out) == 3:
            break
    return out


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("mutated")
    made = {
        "injected text": fuzz.injected_rules_folder(tmp / "injected"),
        "literal typing": fuzz.injected_rules_folder(tmp / "literal", fuzz.LITERAL_TEXTS),
        "edge settings": fuzz.edge_settings_folder(tmp / "edge"),
    }
    for root in _accepted_damage(tmp):
        made[root.name] = root
    for root in made.values():
        load_catalog(root)  # validate accepts every one of them
    return made


def _walk(form: str, root: Path) -> None:
    """In a new session: start a screening on ``form``, answer everything 'no', and visit every page."""
    rules = load_catalog(root).rule_sets[form]
    at = new_app()
    at.radio(key="start_form").set_value(form)
    at.button(key="start").click().run()
    assert not at.exception, form
    at.session_state["draft"].answers.update(complete_answers(rules, {}))
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (form, page, at.exception)
        assert "Traceback" not in texts(at)


def _has_button(at: AppTest, key: str) -> bool:
    return any(b.key == key for b in at.button)


@pytest.mark.parametrize("name", ["injected text", "literal typing", "edge settings", "damage"])
def test_every_page_runs_on_a_mutated_rules_folder_validate_accepts(folders, name, monkeypatch):
    roots = [
        root for key, root in folders.items() if key == name or (name == "damage" and key.startswith(name))
    ]
    assert roots
    for root in roots:
        monkeypatch.setenv("DECISION_TOOL_RULES", str(root))
        for form in load_catalog(root).rule_sets:
            _walk(form, root)
        at = new_app()
        at.switch_page("pages/training.py").run()
        at.button(key="reveal_all").click().run()
        assert not at.exception
        at.switch_page("pages/start.py").run()
        assert not at.exception


def test_injected_rules_text_reaches_the_pages_as_text(folders, monkeypatch):
    monkeypatch.setenv("DECISION_TOOL_RULES", str(folders["injected text"]))
    at = new_app()
    options = [str(o) for r in at.radio for o in r.options]
    # radio options are Markdown: every one carrying rules text is escaped (what a user sees is the text)
    assert any(r"!\[i\]" in o for o in options), options
    assert not any("![i](" in o for o in options)


# ---------------------------------------------------------------- crafted records on the Start page


def test_crafted_records_are_refused_or_open_without_a_crash(catalog):
    cases = fuzz.record_cases(catalog)
    sample = [c for i, c in enumerate(cases) if i % 13 == 0]
    assert len(sample) >= 15
    for case in sample:
        at = new_app()
        at.radio(key="start_form").set_value("dsl")
        at.button(key="start").click().run()
        at.session_state["draft"].answers["age"] = 15
        at.switch_page("pages/start.py").run()
        at.switch_page("pages/open_record.py").run()
        at.file_uploader(key="upload").upload("record.json", case.content or b"", "application/json").run()
        assert not at.exception, case.name
        page = texts(at)
        if "Record loaded" in page:
            at.button(key="open_record").click().run()
        elif _has_button(at, "rescore"):
            at.button(key="rescore").click().run()
        else:
            assert "Your current answers have not been changed" in page, case.name
            assert at.session_state["draft"].answers == {"age": 15}, case.name
        assert not at.exception, case.name
        assert "Traceback" not in texts(at)

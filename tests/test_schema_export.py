"""The JSON Schemas and the rules-format reference are generated from the models and kept current."""

from __future__ import annotations

import json

import pytest

from decision_tool.rules.schema_export import SCHEMA_FILES, reference_markdown, schema_texts

from .conftest import ROOT, RULES_DIR


@pytest.mark.parametrize("name", list(SCHEMA_FILES.values()))
def test_checked_in_schema_is_current(name):
    current = (RULES_DIR / name).read_text(encoding="utf-8")
    assert current == schema_texts()[name], (
        f"run: python -m decision_tool.rules.schema_export ({name} is stale)"
    )
    assert json.loads(current)["$schema"].startswith("https://json-schema.org/")


def test_rules_format_reference_is_current():
    assert (ROOT / "docs" / "rules-format.md").read_text(encoding="utf-8") == reference_markdown()


@pytest.mark.parametrize(
    "path",
    sorted(RULES_DIR.glob("*.yaml")) + sorted(RULES_DIR.glob("*/*.yaml")),
    ids=lambda p: str(p.relative_to(RULES_DIR)),
)
def test_every_rules_file_has_the_editor_modeline(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target.is_file()

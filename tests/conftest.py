from __future__ import annotations

from pathlib import Path

import pytest

from decision_tool import load_catalog
from decision_tool.catalog import Catalog
from decision_tool.loader import load_rules
from decision_tool.schema import RuleSet

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = ROOT / "rules"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(RULES_DIR)


@pytest.fixture(scope="session")
def dsl(catalog: Catalog) -> RuleSet:
    return catalog.rule_sets["dsl"]


@pytest.fixture(scope="session")
def pharmacy(catalog: Catalog) -> RuleSet:
    return catalog.rule_sets["pharmacy"]


@pytest.fixture(scope="session")
def mini() -> RuleSet:
    return load_rules(FIXTURES / "minimal.yaml")

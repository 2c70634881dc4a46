from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from decision_tool import load_catalog
from decision_tool.rules.catalog import Catalog
from decision_tool.rules.loader import load_rules
from decision_tool.rules.schema import RuleSet

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


EditRules = Callable[..., Path]


@pytest.fixture()
def rules_copy(tmp_path: Path) -> EditRules:
    """A copy of the default rules folder; call it with (file, old, new) pairs to edit the copy."""
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)

    def edit(*changes: tuple[str, str, str]) -> Path:
        for name, old, new in changes:
            path = root / name
            text = path.read_text()
            assert old in text, f"{old!r} not in {name}"
            path.write_text(text.replace(old, new, 1))
        return root

    return edit


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    from .browser.server import CHROMIUM, CHROMIUM_FLAGS, WarmBrowser, chromium_available

    # Two shared cores under load: a rerun can take seconds, so assertions wait up to 15 s (not 5).
    expect.set_options(timeout=15_000)
    if not chromium_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}: CI must install Debian's chromium")
        pytest.skip(
            f"browser tests skipped: no Chromium at {CHROMIUM} (install Debian's chromium to run them)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield WarmBrowser(b)
        b.close()


@pytest.fixture(autouse=True)
def _contexts_given_back(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a browser test, the contexts it left open are emptied and kept for the next test."""
    warm = request.getfixturevalue("browser") if "browser" in request.fixturenames else None
    yield
    if warm is not None:
        warm.give_back_all()

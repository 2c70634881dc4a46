"""Imports point down the data's path (docs/architecture.md): import-linter's layers contract holds, it
covers every sub-package, and Streamlit is imported only by decision_tool/ui/."""

from __future__ import annotations

import ast
import subprocess
import tomllib

from .conftest import ROOT
from .test_lint import tool

PACKAGE = ROOT / "decision_tool"
# Low-level helpers every layer may use; they import nothing of the package.
BESIDE_LAYERS = {"__init__", "errors", "text"}


def contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return layers


def test_imports_point_down_the_layers():
    proc = subprocess.run([tool("lint-imports")], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_every_part_of_the_package_is_in_a_layer():
    # A new sub-package or top-level module outside the contract would be free to import anything.
    named = {part.strip() for layer in contract()["layers"] for part in layer.split("|")}
    parts = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    parts |= {p.stem for p in PACKAGE.glob("*.py")} - BESIDE_LAYERS
    assert {f"decision_tool.{p}" for p in parts} == named


def test_helpers_beside_the_layers_import_nothing_of_the_package():
    for name in BESIDE_LAYERS - {"__init__"}:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        relative = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level]
        absolute = [
            a.name
            for n in ast.walk(tree)
            if isinstance(n, ast.Import | ast.ImportFrom)
            for a in (n.names if isinstance(n, ast.Import) else [ast.alias(n.module or "")])
            if a.name.startswith("decision_tool")
        ]
        assert not relative and not absolute, name


def streamlit_imports(path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
            lines.append(node.lineno)
    return lines


def test_only_ui_imports_streamlit():
    found = {
        str(p.relative_to(ROOT)): lines
        for p in sorted(PACKAGE.rglob("*.py"))
        if "ui" not in p.relative_to(PACKAGE).parts[:1] and (lines := streamlit_imports(p))
    }
    assert found == {}
    # The check sees imports at all: the views do import Streamlit.
    assert streamlit_imports(PACKAGE / "ui" / "widgets.py")

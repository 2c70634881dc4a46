"""JSON Schemas and the rules-format reference, generated from the models.

``python -m decision_tool.rules.schema_export`` rewrites ``rules/*.schema.json`` and ``docs/rules-format.md``;
a test checks the checked-in copies are current.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .overlay import Overlay
from .scenarios import Scenario
from .schema import ContactsFile, RuleSet

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILES = {
    "rules": "schema.json",
    "contacts": "contacts.schema.json",
    "scenario": "scenario.schema.json",
    "overlay": "overlay.schema.json",
}
MODELS: dict[str, type[BaseModel]] = {
    "rules": RuleSet,
    "contacts": ContactsFile,
    "scenario": Scenario,
    "overlay": Overlay,
}


def schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for kind, model in MODELS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[kind] = schema
    return out


def schema_texts() -> dict[str, str]:
    return {SCHEMA_FILES[k]: json.dumps(v, indent=2, ensure_ascii=False) + "\n" for k, v in schemas().items()}


def _type_of(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in prop:
        return " or ".join(_type_of(p) for p in prop["anyOf"] if p.get("type") != "null")
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    if prop.get("type") == "array":
        return f"list of {_type_of(prop.get('items', {}))}"
    return str(prop.get("type", "any"))


def reference_markdown() -> str:
    """The maintainers' field reference, one table per model."""
    lines = [
        "# Rules format reference",
        "",
        "Generated from the models by `python -m decision_tool.rules.schema_export`; do not edit by hand.",
        "See `docs/maintainers.md` for how to make and check a change.",
        "",
    ]
    for kind, schema in schemas().items():
        defs = {schema["title"]: schema, **schema.get("$defs", {})}
        lines += [f"## {kind.capitalize()} files ({SCHEMA_FILES[kind]})", ""]
        for name, model in defs.items():
            props = model.get("properties")
            if not props:
                continue
            required = set(model.get("required", []))
            lines += [f"### {name}", ""]
            if model.get("description"):
                lines += [model["description"].strip().splitlines()[0], ""]
            lines += ["| field | type | required | meaning |", "|---|---|---|---|"]
            for field, prop in props.items():
                if field == "$schema":
                    continue
                desc = (prop.get("description") or "").replace("\n", " ").replace("|", "\\|")
                lines.append(
                    f"| `{field}` | {_type_of(prop)} | {'yes' if field in required else 'no'} | {desc} |"
                )
            lines.append("")
    return "\n".join(lines)


def write_all(root: Path = ROOT) -> list[Path]:
    written = []
    for name, text in schema_texts().items():
        path = root / "rules" / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    ref = root / "docs" / "rules-format.md"
    ref.write_text(reference_markdown(), encoding="utf-8")
    written.append(ref)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path}")

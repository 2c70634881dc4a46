"""The trainer's threshold sandbox: a changed copy of a rule set, for one session, never written back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Problem, RulesError
from ..rules.loader import parse_rules
from ..rules.schema import RuleSet


def sandbox_rules(
    rules: RuleSet,
    band_starts: Mapping[str, int] | None = None,
    weights: Mapping[tuple[str, str], int] | None = None,
) -> RuleSet:
    """A new rule set with the given band starts (level id -> lowest score) and weights
    ((question id, option id) -> points). The published rules are untouched; the copy is checked like
    any rules file (RulesError if, say, the bands now overlap)."""
    data: dict[str, Any] = rules.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["version"] = f"{rules.version}+sandbox"
    banded = [lv for lv in data["levels"] if "band" in lv]
    for lv in banded:
        if band_starts and lv["id"] in band_starts:
            lv["band"]["from"] = int(band_starts[lv["id"]])
    for lower, upper in zip(banded, banded[1:], strict=False):
        if upper["band"]["from"] <= lower["band"]["from"]:
            raise RulesError(
                [
                    Problem(
                        f"levels.{upper['id']}.band.from",
                        f"'{upper['title']}' starts at {upper['band']['from']}, which is not above "
                        f"'{lower['title']}' ({lower['band']['from']})",
                        "each band must start above the one before",
                    )
                ]
            )
        lower["band"]["to"] = upper["band"]["from"] - 1
    for (qid, option_id), points in (weights or {}).items():
        q = next(q for s in data["sections"] for q in s["questions"] if q["id"] == qid)
        if q["kind"] == "yes_no":
            if option_id == "yes":
                q["weight"] = int(points)
        else:
            option = next(o for o in q["options"] if o["id"] == option_id)
            if option["weight"] != int(points):
                option["weight"] = int(points)
                q["recency"] = False  # its own weights now, no longer the rules' recency setting
    return parse_rules(data, file=f"sandbox of {rules.id}")


def weight_rows(rules: RuleSet) -> list[dict[str, Any]]:
    """One row per scoreable answer: what the sandbox lets a trainer change (ids, the question's text,
    the answer's label and its points; the page names the columns)."""
    rows = []
    for q in rules.questions:
        if not q.scored or (q.category and rules.category(q.category).kind == "record"):
            continue
        options = (
            [o for o in q.choices if o.id not in ("no", "not_sure")]
            if q.kind == "yes_no"
            else list(q.options)
        )
        for o in options:
            rows.append(
                {"question": q.id, "option": o.id, "text": q.text, "answer": o.label, "points": o.weight}
            )
    return rows

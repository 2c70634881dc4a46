"""`docs/guidance.md`: every red flag and minimum of the rules in plain words, generated from the rules.

Run ``decision-tool guidance`` (or ``make guidance``) after changing the rules; a test fails while the
page is stale. Text from the rules is escaped for Markdown tables.
"""

from __future__ import annotations

from pathlib import Path

from ..rules.catalog import Catalog
from ..rules.schema import RuleSet
from .conditions import describe_plain
from .messages import band_range
from .results import recency_window, urgency_words

HEADER = """# Guidance: what the rules do, in plain words

Generated from `rules/` by `decision-tool guidance` (or `make guidance`); do not edit by hand. A test
fails when this page no longer matches the rules.

Red flags act outside the score. Each one, when it fires, sets a **minimum** outcome that no score and
no other answer can lower, and adds its actions. Only the practitioner can change the outcome, with a
written reason; the record keeps both, and a red flag's actions still stand. Why each significant sign
sets a minimum on its own is explained in [must-refer.md](must-refer.md).
"""


def _cell(text: str) -> str:
    """Text from a rules file, safe inside a Markdown table cell."""
    return (
        " ".join(text.split())
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def _action_words(rules: RuleSet, action_ids: tuple[str, ...]) -> str:
    return "; ".join(
        f"{rules.action(a).title} ({urgency_words(rules.action(a).urgency).lower()})" for a in action_ids
    )


def rule_set_section(rules: RuleSet) -> list[str]:
    out = [f"## {_cell(rules.title)}", ""]
    out.append(
        f"Questionnaire `{rules.id}`, rules version {_cell(rules.version)}. {_cell(rules.description)}"
    )
    out += ["", "### Score bands (local settings)", ""]
    out += ["| Level | Score | What it means | Actions |", "|---|---|---|---|"]
    for lv in rules.levels:
        band = band_range(lv.band.from_, lv.band.to) if lv.band else "only through a red flag"
        out.append(
            f"| {_cell(lv.title)} | {band} | {_cell(lv.summary)} | {_cell(_action_words(rules, lv.actions))} |"
        )
    out.append("")
    if rules.recency:
        r = rules.recency
        out += [
            "### When signs were seen (recency)",
            "",
            f"{_cell(recency_window(r.current_months, r.lookback_months))} A significant sign asked with its timing scores {r.current} if seen "
            f"only in the last {r.current_months} months, {r.earlier} if only {r.current_months} to "
            f"{r.lookback_months} months ago, and {r.both} if both. The window is printed on every record.",
            "",
            "Asked this way: "
            + ", ".join(f"`{q.id}`" for q in rules.questions if q.recency)
            + ". Red flags on these signs fire for any 'yes' unless the table says otherwise.",
            "",
        ]
    else:
        out += ["This questionnaire does not ask when signs were seen.", ""]
    out += ["### Red flags and minimums", ""]
    out += [
        "| Rule | When it fires | Sets at least | Actions it adds | Source |",
        "|---|---|---|---|---|",
    ]
    for f in rules.red_flags:
        actions = _action_words(rules, f.actions) or "(those of the level)"
        out.append(
            f"| `{f.id}`: {_cell(f.reason)} | {_cell(describe_plain(f.when, rules))} | "
            f"{_cell(rules.level(f.min_level).title)} | {_cell(actions)} | {_cell(rules.source(f.source).title)} |"
        )
    if rules.also_screen:
        out += [
            "",
            "### Signs of another form of exploitation",
            "",
            "The result says so and offers to screen with the other form too, copying the answers the two "
            "forms share (the same question id means the same question on both). It does not change this "
            "form's outcome.",
            "",
            "| Other form | When | Source |",
            "|---|---|---|",
        ]
        for o in rules.also_screen:
            out.append(
                f"| `{o.form}` ({_cell(o.about)}) | {_cell(describe_plain(o.when, rules))} | "
                f"{_cell(rules.source(o.source).title)} |"
            )
    ii = rules.insufficient_information
    out += [
        "",
        "### Too little known",
        "",
        f"When at least {ii.not_sure_fraction:.0%} of the scored questions shown are answered 'not sure' or "
        f"left blank, the result says the information is insufficient and adds: "
        f"{_cell(_action_words(rules, ii.actions)) or 'nothing'}. Never with an immediate-danger result: "
        "999 comes first.",
        "",
    ]
    return out


def guidance_markdown(catalog: Catalog) -> str:
    lines = HEADER.splitlines() + [""]
    for rules in catalog.rule_sets.values():
        lines += rule_set_section(rules)
    return "\n".join(lines).rstrip() + "\n"


def default_guidance_path() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "guidance.md"

"""`docs/guidance.md`: every red flag and minimum of the rules in plain words, generated from the rules.

Run ``decision-tool guidance`` (or ``make guidance``) after changing the rules; a test fails while the
page is stale. Text from the rules is escaped for Markdown tables.
"""

from __future__ import annotations

from pathlib import Path

from ..rules.catalog import Catalog
from ..rules.conditions import Condition
from ..rules.schema import NOT_SURE, RECENCY_YES, URGENCY_WORDS, Question, RuleSet

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


def _question_words(q: Question) -> str:
    return q.text.rstrip("?").strip()


def _answers(q: Question, values: list[object], rules: RuleSet) -> str:
    wanted = [str(v) for v in values]
    if q.recency and rules.recency and set(RECENCY_YES) <= set(wanted):
        rest = [f'"{_label(q, v)}"' for v in wanted if v not in RECENCY_YES]
        return " or ".join([f"yes, at any time in the last {rules.recency.lookback_months} months", *rest])
    return " or ".join(f'"{_label(q, v)}"' for v in wanted)


def _label(q: Question, option_id: str) -> str:
    option = q.option(option_id)
    if option is not None:
        return option.label
    return "Not sure" if option_id == NOT_SURE else option_id


_NUMBER_WORDS = {"lt": "under {0:g}", "lte": "{0:g} or under", "gt": "over {0:g}", "gte": "{0:g} or more"}


def plain(condition: Condition, rules: RuleSet) -> str:
    """A condition in words a practitioner reads: 'How old is the child: under 13, and ...'."""
    if condition.all_ is not None:
        return ", and ".join(_nested(c, rules) for c in condition.all_)
    if condition.any_ is not None:
        parts = _flatten_any(condition)
        if len(parts) == 1:
            return plain(parts[0], rules)
        return "any of: " + "; ".join(f"({plain(c, rules)})" if c.all_ else plain(c, rules) for c in parts)
    if condition.not_ is not None:
        return f"not ({plain(condition.not_, rules)})"
    assert condition.question is not None
    q = rules.question_index[condition.question]
    test = condition.test
    if test == "answered":
        return f"{_question_words(q)}: {'answered' if condition.answered else 'not answered'}"
    if test == "equals":
        return f"{_question_words(q)}: {_answers(q, [condition.equals], rules)}"
    if test == "in":
        return f"{_question_words(q)}: {_answers(q, list(condition.in_ or ()), rules)}"
    bound = condition.test_value(test)
    return f"{_question_words(q)}: {_NUMBER_WORDS[test].format(bound)}"


def _flatten_any(condition: Condition) -> list[Condition]:
    out: list[Condition] = []
    for c in condition.any_ or ():
        out += _flatten_any(c) if c.any_ is not None else [c]
    return out


def _nested(c: Condition, rules: RuleSet) -> str:
    text = plain(c, rules)
    return f"({text})" if (c.any_ is not None and len(_flatten_any(c)) > 1) or c.all_ is not None else text


def _action_words(rules: RuleSet, action_ids: tuple[str, ...]) -> str:
    return "; ".join(
        f"{rules.action(a).title} ({URGENCY_WORDS[rules.action(a).urgency].lower()})" for a in action_ids
    )


def rule_set_section(rules: RuleSet) -> list[str]:
    out = [f"## {_cell(rules.title)}", ""]
    out.append(
        f"Questionnaire `{rules.id}`, rules version {_cell(rules.version)}. {_cell(rules.description)}"
    )
    out += ["", "### Score bands (local settings)", ""]
    out += ["| Level | Score | What it means | Actions |", "|---|---|---|---|"]
    for lv in rules.levels:
        band = lv.band.describe() if lv.band else "only through a red flag"
        out.append(
            f"| {_cell(lv.title)} | {band} | {_cell(lv.summary)} | {_cell(_action_words(rules, lv.actions))} |"
        )
    out.append("")
    if rules.recency:
        r = rules.recency
        out += [
            "### When signs were seen (recency)",
            "",
            f"{_cell(r.describe())} A significant sign asked with its timing scores {r.current} if seen "
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
            f"| `{f.id}`: {_cell(f.reason)} | {_cell(plain(f.when, rules))} | "
            f"{_cell(rules.level(f.min_level).title)} | {_cell(actions)} | {_cell(rules.source(f.source).title)} |"
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

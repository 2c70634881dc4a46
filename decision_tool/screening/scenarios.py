"""Scenarios run through the engine: their answers, their assessment, and the checks that a scenario's
expected outcome is still what the rules give (run whenever a rules folder is loaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import AnswersError, Problem
from ..rules.catalog import Catalog, read_catalog
from ..rules.loader import did_you_mean
from ..rules.scenarios import Scenario
from ..rules.schema import RuleSet
from .engine import assess, complete_answers
from .result import Assessment


def load_catalog(root: Path | str | None = None, *, check_scenarios: bool = True) -> Catalog:
    """Load and cross-check a whole rules folder; every problem in every file is reported at once.

    With ``check_scenarios``, every scenario is also run and must still give its expected outcome."""
    return read_catalog(root, check=check_scenario if check_scenarios else None)


def run_scenario(scenario: Scenario, rules: RuleSet, catalog: Catalog | None = None) -> Assessment:
    directory = (
        catalog.directory(scenario.locality, rules.id)
        if catalog and scenario.locality in catalog.localities
        else None
    )
    return assess(rules, scenario_answers(scenario, rules), contacts=directory)


def scenario_answers(scenario: Scenario, rules: RuleSet) -> dict[str, Any]:
    """The scenario's answers, completed with 'no' where it says so."""
    if scenario.other_answers == "unanswered":
        return dict(scenario.answers)
    return complete_answers(rules, scenario.answers)


def check_scenario(scenario: Scenario, catalog: Catalog, rules: RuleSet | None = None) -> list[Problem]:
    """Problems with one scenario against ``rules`` (by default, the catalog's rule set it names)."""
    file = scenario.file

    def problem(path: str, message: str, fix: str) -> Problem:
        return Problem(path, f"scenario '{scenario.id}': {message}", fix, file=file)

    if rules is None:
        if scenario.rules not in catalog.rule_sets:
            return [
                problem(
                    "rules",
                    f"unknown questionnaire '{scenario.rules}'{did_you_mean(scenario.rules, catalog.rule_sets)}",
                    f"use one of: {', '.join(catalog.rule_sets)}",
                )
            ]
        rules = catalog.rules_for(scenario.rules, scenario.locality)
    if scenario.locality not in catalog.localities:
        return [
            problem(
                "locality",
                f"unknown locality '{scenario.locality}'",
                f"use one of: {', '.join(catalog.localities)}",
            )
        ]
    try:
        result = run_scenario(scenario, rules, catalog)
    except AnswersError as exc:
        return [problem(f"answers.{p.path}", p.message, p.fix) for p in exc.problems]
    out = []
    exp = scenario.expect
    if exp.level not in rules.level_rank:
        out.append(
            problem(
                "expect.level",
                f"unknown level '{exp.level}'{did_you_mean(exp.level, rules.level_rank)}",
                f"use one of: {', '.join(rules.level_rank)}",
            )
        )
    elif result.level != exp.level:
        out.append(
            problem(
                "expect.level",
                f"expects level '{exp.level}' but the rules give '{result.level}' (score {result.score}"
                + (f"; red flags: {', '.join(f.id for f in result.red_flags)}" if result.red_flags else "")
                + ")",
                "check the rules change, or update the scenario's expected outcome and why",
            )
        )
    given = [a.id for a in result.actions]
    for i, action_id in enumerate(exp.includes):
        if action_id not in given:
            out.append(
                problem(
                    f"expect.includes[{i}]",
                    f"expects the action '{action_id}' but the rules recommend only: {', '.join(given)}",
                    "check the rules change, or update the scenario",
                )
            )
    for i, action_id in enumerate(exp.excludes):
        if action_id in given:
            out.append(
                problem(
                    f"expect.excludes[{i}]",
                    f"expects no '{action_id}' but the rules recommend it",
                    "check the rules change, or update the scenario",
                )
            )
    first = given[0] if given else None
    if first != exp.first_action:
        out.append(
            problem(
                "expect.first_action",
                f"expects first action '{exp.first_action}' but the rules give '{first}'",
                "check the rules change, or update the scenario",
            )
        )
    return out

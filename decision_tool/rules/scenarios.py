"""Fictional scenarios: worked examples for tests and workshops, load-checked like rules.

A scenario names a questionnaire, tells a short story, gives the answers, and says the outcome guidance
expects and why. A scenario whose answers no longer fit, or whose expected outcome the rules no longer
give, fails validation with a message saying which.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, PrivateAttr

from ..errors import AnswersError, Problem
from .loader import did_you_mean, read_yaml, validate_model
from .schema import Id, Model, RuleSet, Text

if TYPE_CHECKING:
    from ..screening.result import Assessment
    from .catalog import Catalog


class Expectation(Model):
    level: Id = Field(description="The level guidance expects.")
    first_action: Id = Field(description="The most urgent recommended action.")
    includes: tuple[Id, ...] = Field(
        default=(), description="Actions that must be among those recommended (e.g. report_ceop)."
    )
    excludes: tuple[Id, ...] = Field(
        default=(), description="Actions that must not be recommended (e.g. gather_information with 999)."
    )
    why: Text = Field(description="Why guidance expects this outcome.")
    source: Text = Field(description="The public guidance behind the expectation.")


class Scenario(Model):
    schema_: str | None = Field(default=None, alias="$schema", exclude=True)
    id: Id
    title: Text
    rules: Id = Field(description="Id of the questionnaire the scenario is answered on.")
    locality: Id = "england"
    story: Text = Field(description="A short fictional story, as a trainer would read it out.")
    answers: dict[str, Any] = Field(description="Question id to answer, as in an answers file.")
    other_answers: Literal["no", "unanswered"] = Field(
        default="no",
        description="'no': every question shown but not listed is answered 'no' (or 'none').",
    )
    expect: Expectation
    _file: str = PrivateAttr(default="")

    @property
    def file(self) -> str:
        return self._file


def load_scenario(path: Path | str) -> Scenario:
    path = Path(path)
    data, text = read_yaml(path)
    scenario: Scenario = validate_model(Scenario, data, str(path), text)
    scenario._file = str(path)
    return scenario


def run_scenario(scenario: Scenario, rules: RuleSet, catalog: Catalog | None = None) -> Assessment:
    from ..screening.engine import assess

    directory = (
        catalog.directory(scenario.locality) if catalog and scenario.locality in catalog.localities else None
    )
    return assess(rules, scenario_answers(scenario, rules), contacts=directory)


def scenario_answers(scenario: Scenario, rules: RuleSet) -> dict[str, Any]:
    """The scenario's answers, completed with 'no' where it says so."""
    from ..screening.engine import complete_answers

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
        rules = catalog.rule_sets[scenario.rules]
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

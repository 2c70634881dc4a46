"""Fictional scenarios: worked examples for tests and workshops, load-checked like rules.

A scenario names a questionnaire, tells a short story, gives the answers, and says the outcome guidance
expects and why. This is the scenario as data; running it through the engine (and failing validation when
its answers no longer fit or the rules no longer give its outcome) is ``screening/scenarios.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, PrivateAttr

from .loader import read_yaml, validate_model
from .schema import Id, Model, Text


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

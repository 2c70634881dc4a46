"""Structured conditions used by ``show_if`` on questions and ``when`` on red flags.

A condition is plain data (never a string passed to ``eval``). Exactly one form per condition:

- ``all: [cond, ...]`` / ``any: [cond, ...]`` / ``not: cond``
- ``question: ID`` with exactly one test: ``equals``, ``in``, ``lt``, ``lte``, ``gt``, ``gte``, ``answered``
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

Scalar = str | int | float
# A number to compare with: written as a number (never true/false or text), finite and bounded.
Bound = Annotated[float, Strict(), Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)]
TESTS = ("equals", "in", "lt", "lte", "gt", "gte", "answered")
NUMERIC_TESTS = ("lt", "lte", "gt", "gte")


def _yaml_bool_to_option(value: Any) -> Any:
    # YAML 1.1 reads a bare `yes` / `no` as a boolean; in our rules they are option ids.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    all_: tuple[Condition, ...] | None = Field(default=None, alias="all")
    any_: tuple[Condition, ...] | None = Field(default=None, alias="any")
    not_: Condition | None = Field(default=None, alias="not")
    question: str | None = None
    equals: Scalar | None = None
    in_: tuple[Scalar, ...] | None = Field(default=None, alias="in")
    lt: Bound | None = None
    lte: Bound | None = None
    gt: Bound | None = None
    gte: Bound | None = None
    answered: bool | None = None

    @field_validator("equals", mode="before")
    @classmethod
    def _equals_option(cls, value: Any) -> Any:
        return _yaml_bool_to_option(value)

    @field_validator("in_", mode="before")
    @classmethod
    def _in_options(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [_yaml_bool_to_option(v) for v in value]
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        groups = [n for n in ("all_", "any_", "not_") if getattr(self, n) is not None]
        tests = [t for t in TESTS if self.test_value(t) is not None]
        if groups and (tests or self.question is not None):
            raise ValueError("a condition is either all/any/not or a question test, not both")
        if len(groups) > 1:
            raise ValueError("use one of all, any or not per condition; nest them to combine")
        if groups:
            return self
        if self.question is None:
            raise ValueError("a condition needs 'question' (with a test) or one of all/any/not")
        if len(tests) != 1:
            raise ValueError(
                f"give exactly one test for question '{self.question}' "
                f"(one of {', '.join(TESTS)}), got {len(tests)}"
            )
        return self

    def test_value(self, name: str) -> Any:
        return getattr(self, "in_" if name == "in" else name)

    @property
    def test(self) -> str:
        """The name of this condition's test, for a question test."""
        return next(t for t in TESTS if self.test_value(t) is not None)

    def questions(self) -> Iterator[tuple[str, Condition]]:
        """Every (question id, leaf condition) this condition refers to."""
        for group in (self.all_, self.any_):
            for child in group or ():
                yield from child.questions()
        if self.not_ is not None:
            yield from self.not_.questions()
        if self.question is not None:
            yield self.question, self


def evaluate(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """True when ``condition`` holds for ``answers`` (normalised, visible answers only)."""
    if condition.all_ is not None:
        return all(evaluate(c, answers) for c in condition.all_)
    if condition.any_ is not None:
        return any(evaluate(c, answers) for c in condition.any_)
    if condition.not_ is not None:
        return not evaluate(condition.not_, answers)
    assert condition.question is not None  # guaranteed by the validator
    value = answers.get(condition.question)
    test = condition.test
    if test == "answered":
        return (value is not None and value != []) == condition.answered
    if value is None:
        return False
    if test == "equals":
        return condition.equals in value if isinstance(value, list) else value == condition.equals
    if test == "in":
        allowed = condition.in_ or ()
        if isinstance(value, list):
            return any(v in allowed for v in value)
        return value in allowed
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    bound = condition.test_value(test)
    return {
        "lt": value < bound,
        "lte": value <= bound,
        "gt": value > bound,
        "gte": value >= bound,
    }[test]

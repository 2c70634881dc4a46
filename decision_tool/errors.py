"""Errors a user should see: pages and the CLI show these without a traceback.

Anything that is not a ``UserError`` is a bug and is allowed to surface in tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rules file, an answer set or a record."""

    path: str  # e.g. "sections[0].questions[3].weight"; "" for the whole document
    message: str  # what is wrong
    fix: str = ""  # how to fix it
    file: str = ""  # where it came from, if a file
    line: int | None = None  # 1-based line in that file, if known

    def __str__(self) -> str:
        where = self.file
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        head = "  ".join(part for part in (where, self.path) if part)
        text = f"{head}: {self.message}" if head else self.message
        return f"{text} — {self.fix}" if self.fix else text


class UserError(Exception):
    """Base class for every error a user can act on."""

    title = "There is a problem"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...] | str):
        if isinstance(problems, str):
            problems = [Problem(path="", message=problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RulesError(UserError):
    title = "The rules file has a problem"


class AnswersError(UserError):
    title = "Some answers do not fit the questionnaire"


class RecordError(UserError):
    title = "This file cannot be used as a record"


class RulesChangedError(RecordError):
    """A record was scored with rules that differ from the ones loaded now."""

    title = "The rules have changed since this record was made"

    def __init__(self, message: str, *, record: object):
        super().__init__(message)
        self.record = record

"""The panel's tests on the register's shared databases (SQLite file and PostgreSQL): a ``world`` with
the service, the fixed clock and signed-in actors under short names."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import update

from decision_tool import load_catalog
from decision_tool.records.record import make_record
from decision_tool.register.auth import Actor
from decision_tool.register.models import Organisation
from decision_tool.register.panel import Panel
from decision_tool.register.service import Register
from decision_tool.screening.engine import assess

from ..conftest import RULES_DIR
from .conftest import Clock

RULES = load_catalog(RULES_DIR).rule_sets
NAMES = {
    "chair": "panel.p",
    "teacher.a": "pat.a",
    "teacher.b": "pat.b",
    "trainer": "trainer.t",
    "admin": "admin.z",
    "coordinator": "coord.r",
}

# Answers for fictional children, after the public example scenarios.
ANSWERS: dict[str, dict[str, Any]] = {
    "low": {"immediate_danger": "no", "age": 13},
    "high": {
        "immediate_danger": "no",
        "age": 14,
        "disclosure": "yes",
        "missing_overnight": "yes",
        "unexplained_gifts": "yes",
    },
}


@dataclass
class World:
    register: Register
    panel: Panel
    clock: Clock
    actors: dict[str, Actor] = field(default_factory=dict)

    def screen(self, actor: Actor, reference: str, level: str, locality: str = "england") -> str:
        case = self.register.find_or_create_case(actor, reference, locality)
        record = make_record(assess(RULES["dsl"], ANSWERS[level]), self.clock())
        self.register.save_screening(actor, case.code, record)
        return case.code


@pytest.fixture(name="world")
def world_fixture(register: Register, actors: dict[str, Actor], clock: Clock) -> Iterator[World]:
    with register._sessions() as s:
        s.execute(
            update(Organisation)
            .where(Organisation.code == "SCH-A")
            .values(
                spoc_role="Designated Safeguarding Lead",
                spoc_phone="01632 960001",
                spoc_email="dsl@school-a.example",
            )
        )
        s.commit()
    yield World(register, Panel(register), clock, {short: actors[name] for short, name in NAMES.items()})

"""A real register for the panel's tests: organisations, users of every role, a fixed clock."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from decision_tool import load_catalog
from decision_tool.engine import assess
from decision_tool.record import make_record
from decision_tool.register.auth import Actor, terminal_actor
from decision_tool.register.db import make_engine, session_factory, upgrade
from decision_tool.register.panel import Panel
from decision_tool.register.service import Register
from decision_tool.register.settings import RegisterSettings

from ..conftest import RULES_DIR

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery staple"
RULES = load_catalog(RULES_DIR).rule_sets

# Answers for fictional children, from the public example scenarios.
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
class Clock:
    now: dt.datetime = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += dt.timedelta(**kwargs)


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


def build_world(url: str) -> World:
    upgrade(url)
    clock = Clock()
    settings = RegisterSettings(database_url=url, reference_key=b"k" * 32)
    register = Register(session_factory(make_engine(url)), settings, clock)
    admin = terminal_actor()
    register.add_organisation(
        admin,
        "DSA",
        "Demo School A",
        "school",
        spoc_role="Designated Safeguarding Lead",
        spoc_phone="01632 960001",
        spoc_email="dsl@school-a.example",
    )
    register.add_organisation(admin, "DSB", "Demo School B", "school")
    world = World(register, Panel(register), clock)
    for username, role, org in (
        ("chair", "panel", None),
        ("teacher.a", "practitioner", "DSA"),
        ("teacher.b", "practitioner", "DSB"),
        ("trainer", "trainer", "DSA"),
        ("admin", "admin", None),
    ):
        register.add_user(admin, username, PASSWORD, role, org)
        world.actors[username] = register.sign_in(username, PASSWORD)
    return world


def open_world(url: str, actors: dict[str, Actor]) -> World:
    """A register over an existing database (users and organisations already in it)."""
    clock = Clock()
    settings = RegisterSettings(database_url=url, reference_key=b"k" * 32)
    register = Register(session_factory(make_engine(url)), settings, clock)
    return World(register, Panel(register), clock, dict(actors))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Actor]]:
    # Hashing passwords is slow on purpose: build the users once, then copy the file for each test.
    path = tmp_path_factory.mktemp("panel-template") / "register.db"
    world = build_world(f"sqlite:///{path}")
    world.register._sessions.kw["bind"].dispose()
    return path, world.actors


@pytest.fixture(name="world", params=["sqlite"])
def world_fixture(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template) -> World:
    template, actors = sqlite_template
    copy = tmp_path / "register.db"
    shutil.copyfile(template, copy)
    return open_world(f"sqlite:///{copy}", actors)

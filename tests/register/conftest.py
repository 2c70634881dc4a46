"""Register tests run on a SQLite file and on a real PostgreSQL server.

The server is Debian's ``postgresql`` (initdb + pg_ctl), started once per test session in a temporary
directory on a free 127.0.0.1 port. Outside CI a missing server skips the PostgreSQL half with the reason;
under CI=true it fails. As root (CI), the server runs as the ``postgres`` (or ``nobody``) user, because
initdb refuses to run as root.

Fixtures for other register tests:
- ``register_url``: an empty register, migrated to head, one per test (sqlite / postgresql).
- ``people_url`` / ``register`` / ``actors``: the same with organisations and users already in place.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from decision_tool.register.auth import Actor, actor_of, terminal_actor
from decision_tool.register.db import make_engine, session_factory, upgrade
from decision_tool.register.models import User
from decision_tool.register.service import Register
from decision_tool.register.settings import RegisterSettings

from .pg_server import PostgresServer, postgres_bin, start_postgres, stop_postgres

KEY = b"k" * 16 + b"fictional test key, not secret"
PASSWORD = "correct horse battery staple"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
BACKENDS = ("sqlite", "postgresql")


@dataclass
class Clock:
    """A clock the test moves by hand (lock-out, idle, retention)."""

    now: dt.datetime = field(default=START)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def settings_for(url: str, **overrides: object) -> RegisterSettings:
    return RegisterSettings(database_url=url, reference_key=KEY, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def _quick_argon2() -> Iterator[object]:
    """Real argon2id, at the lowest costs: the default (64 MiB, 3 passes) takes a second a hash on a busy
    2-core machine. Production costs are checked in test_auth.py."""
    from argon2 import PasswordHasher

    from decision_tool.register import auth

    production = auth.HASHER
    auth.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield production
    auth.HASHER = production


# ---------------------------------------------------------------- PostgreSQL server


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        message = "PostgreSQL is not installed (apt-get install postgresql): no initdb/pg_ctl found"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        server = start_postgres(bin_dir)
    except (subprocess.CalledProcessError, OSError) as exc:
        stderr = getattr(exc, "stderr", b"") or b""
        message = f"PostgreSQL did not start: {exc} {stderr.decode(errors='replace')[-500:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield server
    finally:
        stop_postgres(server)


# ---------------------------------------------------------------- databases

_numbers = itertools.count()


def seed_people(url: str) -> None:
    """Two organisations, a demo one, and one user of each role (all with PASSWORD)."""
    engine = make_engine(url)
    register = Register(session_factory(engine), settings_for(url), Clock())
    t = terminal_actor()
    register.add_organisation(t, "SCH-A", "Riverside Academy (fictional)", "school")
    register.add_organisation(t, "PH-B", "High Street Pharmacy (fictional)", "pharmacy")
    register.add_organisation(t, "DEMO-A", "Demo School A", "school")
    register.add_user(t, "pat.a", PASSWORD, "practitioner", "SCH-A")
    register.add_user(t, "pat.b", PASSWORD, "practitioner", "PH-B")
    register.add_user(t, "panel.p", PASSWORD, "panel")
    register.add_user(t, "admin.z", PASSWORD, "admin")
    register.add_user(t, "trainer.t", PASSWORD, "trainer", "DEMO-A")
    register.add_user(t, "pat.demo", PASSWORD, "practitioner", "DEMO-A")
    register.add_user(t, "coord.r", PASSWORD, "regional_coordinator")
    engine.dispose()


@pytest.fixture(scope="session")
def _sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("register_templates")
    empty, people = root / "empty.db", root / "people.db"
    upgrade(f"sqlite:///{empty}")
    shutil.copy(empty, people)
    seed_people(f"sqlite:///{people}")
    return {"empty": empty, "people": people}


@pytest.fixture(scope="session")
def _postgres_templates(postgres: PostgresServer) -> dict[str, str]:
    postgres.execute("CREATE DATABASE register_empty")
    upgrade(postgres.url("register_empty"))
    postgres.execute("CREATE DATABASE register_people TEMPLATE register_empty")
    seed_people(postgres.url("register_people"))
    return {"empty": "register_empty", "people": "register_people"}


def _database(request: pytest.FixtureRequest, tmp_path: Path, template: str | None) -> Iterator[str]:
    if request.param == "sqlite":
        path = tmp_path / "register.db"
        if template:
            shutil.copy(request.getfixturevalue("_sqlite_templates")[template], path)
        yield f"sqlite:///{path}"
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    name = f"register_test_{next(_numbers)}"
    if template:
        source = request.getfixturevalue("_postgres_templates")[template]
        server.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
    else:
        server.execute(f"CREATE DATABASE {name}")
    try:
        yield server.url(name)
    finally:
        server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=BACKENDS)
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database with no tables at all (for migration tests)."""
    yield from _database(request, tmp_path, None)


@pytest.fixture(params=BACKENDS)
def register_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh register database migrated to head, with no rows: SQLite file, then PostgreSQL."""
    yield from _database(request, tmp_path, "empty")


@pytest.fixture(params=BACKENDS)
def people_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh register with organisations SCH-A, PH-B, DEMO-A and users (see ``seed_people``)."""
    yield from _database(request, tmp_path, "people")


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def register(people_url: str, clock: Clock) -> Iterator[Register]:
    engine = make_engine(people_url)
    yield Register(session_factory(engine), settings_for(people_url), clock)
    engine.dispose()


@pytest.fixture()
def actors(register: Register) -> dict[str, Actor]:
    """Signed-in actors by username (built from the users table, as sign_in would return them)."""
    with register._sessions() as s:
        users = s.scalars(select(User)).all()
        found = {u.username: actor_of(u) for u in users}
    found["terminal"] = terminal_actor()
    return found


@pytest.fixture(scope="session")
def make_record(catalog):  # type: ignore[no-untyped-def]
    """A screening record as the app's JSON download holds it, for fictional answers."""
    import json

    from decision_tool.records.record import make_record as record_of
    from decision_tool.records.record import record_json
    from decision_tool.screening.engine import assess, complete_answers

    dsl = catalog.rule_sets["dsl"]

    def make(answers: dict | None = None, override: dict | None = None, when: dt.datetime = START) -> dict:
        result = assess(
            dsl,
            complete_answers(dsl, answers or {"age": 14, "missing_overnight": "yes"}),
            contacts=catalog.directory("england"),
            override=override,
        )
        return json.loads(record_json(record_of(result, when.replace(tzinfo=None))))

    return make

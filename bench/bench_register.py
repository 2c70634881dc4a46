"""Register figures: with 10,000 cases and 50,000 screenings, the p95 time to save a screening and to list a
practitioner's cases, on a SQLite file and on a real PostgreSQL server.

Run alone: `python bench/bench_register.py [--cases 10000 --screenings-per-case 5]`; `make bench` runs it.
The data is the fictional demo set (`decision-tool register seed-demo`), 20 demo organisations, so a
practitioner's list holds about 500 cases (about 400 open). Goals: save p95 <= 100 ms, list p95 <= 250 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, select  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from decision_tool import load_catalog  # noqa: E402
from decision_tool.records.record import make_record  # noqa: E402
from decision_tool.register.auth import Actor, credential_of  # noqa: E402
from decision_tool.register.db import make_engine, session_factory, upgrade  # noqa: E402
from decision_tool.register.demo import DemoSummary, seed_demo  # noqa: E402
from decision_tool.register.models import Case, Organisation, User  # noqa: E402
from decision_tool.register.service import Register  # noqa: E402
from decision_tool.register.settings import RegisterSettings  # noqa: E402
from decision_tool.screening.engine import assess  # noqa: E402
from decision_tool.screening.scenarios import scenario_answers  # noqa: E402

T = TypeVar("T")
GOALS_MS = {"save a screening": 100.0, "list a practitioner's cases": 250.0}
KEY = b"fictional benchmark key, never used for real data"


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def practitioner(register: Register) -> Actor:
    """A practitioner of Demo School A (the demo accounts cannot sign in; the bench acts as one)."""
    with register._sessions() as s:
        org = s.scalars(select(Organisation).where(Organisation.code == "DEMO-A")).one()
        user = s.scalars(select(User).where(User.organisation_id == org.id)).first()
        assert user is not None
        user.active = True
        s.commit()
        return Actor(
            user.id, user.username, user.role, user.organisation_id, credential_of(user.password_hash)
        )


def seeded(url: str, cases: int, per_case: int) -> tuple[Engine, sessionmaker[Session], DemoSummary, float]:
    """A new register at ``url`` with the fictional demo data; and the seconds the seeding took."""
    upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    start = time.perf_counter()
    summary = seed_demo(
        sessions, cases=cases, screenings_per_case=per_case, organisations=20, reference_key=KEY
    )
    return engine, sessions, summary, time.perf_counter() - start


def run_backend(name: str, url: str, cases: int, per_case: int, runs: int) -> dict[str, list[float]]:
    engine, sessions, summary, took = seeded(url, cases, per_case)
    print(f"  {name}: seeded {summary.cases:,} cases and {summary.screenings:,} screenings in {took:.0f} s")
    register = Register(sessions, RegisterSettings(database_url=url, reference_key=KEY))
    actor = practitioner(register)
    with sessions() as s:
        codes = list(s.scalars(select(Case.code).where(Case.organisation_id == actor.organisation_id)))
    catalog = load_catalog()
    scenario = catalog.scenarios[0]
    rules = catalog.rule_sets[scenario.rules]
    record = json.loads(
        make_record(assess(rules, scenario_answers(scenario, rules)), dt.datetime.now()).model_dump_json()
    )
    rng = random.Random(7)
    listed = register.list_cases(actor)
    results = {
        "save a screening": timed(lambda: register.save_screening(actor, rng.choice(codes), record), runs),
        "list a practitioner's cases": timed(lambda: register.list_cases(actor), max(20, runs // 4)),
    }
    print(f"  {name}: the practitioner's list holds {len(listed)} open cases of {len(codes)}")
    engine.dispose()
    return results


def on_each_database(db_name: str, run: Callable[[str, str], T]) -> dict[str, T]:
    """``run(name, url)`` on a new SQLite file, then on a new database of a PostgreSQL server started for
    it in a temporary folder (skipped, with the reason, where PostgreSQL is not installed)."""
    work = Path(tempfile.mkdtemp(prefix="decision_tool_bench_"))
    figures: dict[str, T] = {}
    try:
        figures["SQLite"] = run("SQLite", f"sqlite:///{work}/register.db")
        sys.path.insert(0, str(ROOT / "tests" / "register"))
        from pg_server import postgres_bin, start_postgres, stop_postgres

        bin_dir = postgres_bin()
        if bin_dir is None:
            print("  PostgreSQL: skipped (apt-get install postgresql)")
        else:
            server = start_postgres(bin_dir)
            try:
                server.execute(f"CREATE DATABASE {db_name}")
                figures["PostgreSQL"] = run("PostgreSQL", server.url(db_name))
            finally:
                stop_postgres(server)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--screenings-per-case", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200, help="timed saves (lists: a quarter)")
    args = parser.parse_args(argv)
    print(
        f"Register: {args.cases:,} cases, {args.cases * args.screenings_per_case:,} screenings "
        "(fictional demo data)"
    )
    figures = on_each_database(
        "bench", lambda name, url: run_backend(name, url, args.cases, args.screenings_per_case, args.runs)
    )
    print()
    print(f"  {'':<30} {'database':<11} {'p50 ms':>8} {'p95 ms':>8} {'goal ms':>8} {'p95/goal':>9}")
    for backend, results in figures.items():
        for what, samples in results.items():
            p95 = percentile(samples, 95)
            goal = GOALS_MS[what]
            print(
                f"  {what:<30} {backend:<11} {statistics.median(samples):>8.1f} {p95:>8.1f} {goal:>8.0f} "
                f"{p95 / goal:>8.2f}x {'ok' if p95 <= goal else 'OVER'}"
            )


if __name__ == "__main__":
    main()

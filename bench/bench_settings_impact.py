"""What a settings change would do, over 100,000 saved screenings: the time from pressing "Count the
saved screenings that would change" to the counts (reading every saved screening's answers through the
register, then scoring each under its locality's settings now and under the proposal), on a SQLite file
and on a real PostgreSQL server. Goal: at most 10 s on each.

Run alone: `python bench/bench_settings_impact.py [--cases 20000 --screenings-per-case 5]`; `make bench`
runs it. The data is the fictional demo set, spread over the seven fictional localities of the Vale
region and marked as real cases (the count leaves demo cases out), on both forms; the proposal moves the
DSL form's 'high' band edge from 16 to 14, and the other form's screenings are scored again under its own
settings (the same work).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_register import on_each_database, seeded  # noqa: E402
from sqlalchemy import update  # noqa: E402

from decision_tool import load_catalog  # noqa: E402
from decision_tool.register.auth import terminal_actor  # noqa: E402
from decision_tool.register.models import Case  # noqa: E402
from decision_tool.register.service import Register  # noqa: E402
from decision_tool.register.settings import RegisterSettings  # noqa: E402
from decision_tool.screening.consistency import change_counts  # noqa: E402
from decision_tool.screening.sandbox import sandbox_rules  # noqa: E402

GOAL_S = 10.0
KEY = b"fictional benchmark key, never used for real data"
PASSWORD = "a fictional benchmark password"
REGION = ("northmoor", "eastbrook", "westhaven", "southfold", "highcombe", "riverton", "lowmarsh")


def run_backend(name: str, url: str, cases: int, per_case: int) -> float:
    engine, sessions, summary, took = seeded(url, cases, per_case)
    with sessions() as s:  # the count reads real cases only: these stand in for a region's register
        for i, locality in enumerate(REGION):
            s.execute(update(Case).where(Case.id % len(REGION) == i).values(locality_id=locality, demo=False))
        s.commit()
    print(f"  {name}: seeded {summary.screenings:,} screenings of {summary.cases:,} cases in {took:.0f} s")
    register = Register(sessions, RegisterSettings(database_url=url, reference_key=KEY))
    register.add_user(terminal_actor(), "admin.bench", PASSWORD, "admin")
    admin = register.sign_in("admin.bench", PASSWORD)
    catalog = load_catalog()
    proposals = {"dsl": sandbox_rules(catalog.rule_sets["dsl"], {"high": 14})}

    start = time.perf_counter()
    saved = register.saved_answers(admin)
    read = time.perf_counter() - start
    moved = 0
    for form_id in sorted({s.questionnaire_id for s in saved}):
        # Every saved screening is scored twice: the DSL form's under the proposed edge, the others under
        # their own settings again (the page counts one form at a time; here all of them, at once).
        proposal = proposals.get(form_id)
        counts = change_counts(
            lambda loc, f=form_id: catalog.rules_for(f, loc),
            lambda loc, f=form_id, p=proposal: p or catalog.rules_for(f, loc),
            [(s.locality_id, s.answers) for s in saved if s.questionnaire_id == form_id],
        )
        moved += sum(c.higher + c.lower for c in counts)
    took = time.perf_counter() - start
    print(
        f"  {name}: {len(saved):,} saved screenings read in {read:.1f} s and scored twice in "
        f"{took - read:.1f} s; {moved:,} would change level"
    )
    engine.dispose()
    return took


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--screenings-per-case", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"What a settings change would do: {args.cases * args.screenings_per_case:,} saved screenings")
    figures = on_each_database(
        "bench_impact", lambda name, url: run_backend(name, url, args.cases, args.screenings_per_case)
    )
    print()
    for backend, seconds in figures.items():
        verdict = "ok" if seconds <= GOAL_S else "OVER GOAL"
        print(
            f"  press -> counts, {backend:<11} {seconds:6.1f} s   goal {GOAL_S:.0f} s   "
            f"{seconds / GOAL_S:.2f}x {verdict}"
        )


if __name__ == "__main__":
    main()

"""Panel figures on SQLite and PostgreSQL: the list with about 2,000 open cases and the trends page over
100,000 screenings, as server time per rerun (the page script run by Streamlit's AppTest, median of
several reruns) and the service call alone.

Goals (issue 12): a list rerun under 1 s with 2,000 open cases; a trends rerun under 3 s over 100,000
screenings. PostgreSQL needs Debian's postgresql (initdb, pg_ctl); without it that half is skipped.
``BENCH_PANEL_SCALE=0.1`` runs a tenth of the data for a quick look.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from decision_tool.panel.trends import TrendFilter  # noqa: E402
from decision_tool.register.auth import Actor, terminal_actor  # noqa: E402
from decision_tool.register.db import make_engine, session_factory, upgrade  # noqa: E402
from decision_tool.register.demo import seed_demo  # noqa: E402
from decision_tool.register.models import Case, Screening  # noqa: E402
from decision_tool.register.panel import Panel  # noqa: E402
from decision_tool.register.service import Register  # noqa: E402
from decision_tool.register.settings import RegisterSettings  # noqa: E402

SCALE = float(os.environ.get("BENCH_PANEL_SCALE", "1"))
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
KEY = "fictional benchmark key, not a secret"
PASSWORD = "correct horse battery staple"
RERUNS = 5
LIST_GOAL_S, TRENDS_GOAL_S = 1.0, 3.0


def median_seconds(fn: Callable[[], object], n: int = RERUNS) -> float:
    fn()  # warm: caches (the facts are written at save, never read from records here)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def prepare(url: str, cases: int, screenings_per_case: int) -> tuple[Panel, Actor, dict[str, int]]:
    upgrade(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    register = Register(sessions, RegisterSettings(database_url=url, reference_key=KEY.encode()), lambda: NOW)
    register.add_user(terminal_actor(), "chair", PASSWORD, "panel")
    start = time.perf_counter()
    seed_demo(sessions, cases=cases, screenings_per_case=screenings_per_case, seed=12, now=NOW)
    seeded = time.perf_counter() - start
    with sessions() as s:
        counts = {
            "open cases": s.scalar(select(func.count()).select_from(Case).where(Case.status == "open")) or 0,
            "screenings": s.scalar(select(func.count()).select_from(Screening)) or 0,
            "seed seconds": round(seeded),
        }
    return Panel(register), register.sign_in("chair", PASSWORD), counts


def signed_in_app(url: str, actor: Actor) -> AppTest:
    """The app on the register at ``url`` (at the benchmark's fixed time), with ``actor`` signed in; not
    run yet."""
    os.environ.update(
        DECISION_TOOL_DATABASE_URL=url,
        DECISION_TOOL_REFERENCE_KEY=KEY,
        DECISION_TOOL_FIXED_CLOCK=NOW.isoformat(),
    )
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
    at.session_state["register_actor"] = actor
    at.session_state["register_last_active"] = dt.datetime.now(dt.UTC)
    return at


def page_rerun(url: str, actor: Actor, page: str, title: str) -> Callable[[], None]:
    at = signed_in_app(url, actor)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception

    def rerun() -> None:
        at.session_state["register_last_active"] = dt.datetime.now(dt.UTC)
        at.run()
        assert not at.exception, at.exception
        assert [t.value for t in at.title] == [title], "the rerun did not draw the page"

    return rerun


def measure(backend: str, make_url: Callable[[str], str]) -> None:
    list_url, trends_url = make_url("panel_list"), make_url("panel_trends")
    panel, chair, counts = prepare(list_url, int(2500 * SCALE), 3)
    service = median_seconds(lambda: panel.panel_list(chair))
    page = median_seconds(page_rerun(list_url, chair, "pages/panel_list.py", "Panel list"))
    print(
        f"  {backend:10s} list   ({counts['open cases']:>6} open cases, seeded in {counts['seed seconds']} s): "
        f"page rerun {page * 1000:7.0f} ms (goal <= {LIST_GOAL_S * 1000:.0f} ms, ratio {page / LIST_GOAL_S:.2f}), "
        f"service {service * 1000:6.0f} ms"
    )
    panel, chair, counts = prepare(trends_url, int(20_000 * SCALE), 5)
    year = TrendFilter(start=NOW.date() - dt.timedelta(days=365), end=NOW.date())
    service = median_seconds(lambda: panel.trends(chair, year), n=3)

    def cold() -> None:
        panel._trend_data.clear()  # as after the server starts: every fact read and counted afresh
        panel.trends(chair, year)

    fresh = median_seconds(cold, n=3)
    page = median_seconds(page_rerun(trends_url, chair, "pages/panel_trends.py", "Panel trends"), n=3)
    print(
        f"  {backend:10s} trends ({counts['screenings']:>6} screenings, seeded in {counts['seed seconds']} s): "
        f"page rerun {page * 1000:7.0f} ms (goal <= {TRENDS_GOAL_S * 1000:.0f} ms, ratio {page / TRENDS_GOAL_S:.2f}), "
        f"service {service * 1000:6.0f} ms, after new data {fresh * 1000:6.0f} ms"
    )


@contextmanager
def postgres() -> Iterator[Callable[[str], str] | None]:
    from tests.register.pg_server import postgres_bin, start_postgres, stop_postgres

    bin_dir = postgres_bin()
    if bin_dir is None:
        yield None
        return
    server = start_postgres(bin_dir)
    try:

        def make(name: str) -> str:
            server.execute(f"CREATE DATABASE {name}")
            return server.url(name)

        yield make
    finally:
        stop_postgres(server)


def main() -> None:
    print(f"Panel (server time per rerun, median; scale {SCALE:g})")
    saved = dict(os.environ)  # the page reruns turn the register on in this process: undo it after
    root = Path(tempfile.mkdtemp(prefix="decision_tool_panel_bench_"))
    try:
        measure("SQLite", lambda name: f"sqlite:///{root / name}.db")
        with postgres() as make:
            if make is None:
                print("  PostgreSQL skipped: no initdb/pg_ctl (apt-get install postgresql)")
            else:
                measure("PostgreSQL", make)
    finally:
        shutil.rmtree(root, ignore_errors=True)
        os.environ.clear()
        os.environ.update(saved)  # later benchmarks start the app with the register off, as `make run`


if __name__ == "__main__":
    main()

"""The app with the register on (SQLite file, demo users), in headless Chromium on localhost.

- Server memory per signed-in session: each extra browser session signs in and opens the Cases page, so
  it holds what a practitioner's session holds: the signed-in actor, the last-activity time and the page's
  state. Goal: <= 1 MiB per session, like a session with the register off (bench_app.py).
- Reload -> signed in with the screening back, on a questionnaire step: the sign-in comes back from its
  cookie and the register's sign-in sessions, the screening from the register's sealed drafts. Against
  the same reload of the app with the register off (the draft in server memory), turn about. Goal: <= 1.5x.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_app import N_LOADS, idle, interleaved, reload_to, rss  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from decision_tool.register.auth import terminal_actor  # noqa: E402
from decision_tool.register.db import make_engine, session_factory, upgrade  # noqa: E402
from decision_tool.register.service import Register  # noqa: E402
from decision_tool.register.settings import RegisterSettings  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_FLAGS, streamlit_server  # noqa: E402

N_SESSIONS = 12
KEY = "bench-only fictional reference key, not a secret"
PASSWORD = "bench password for fictional users"


def make_register(folder: Path) -> str:
    url = f"sqlite:///{folder / 'register.db'}"
    upgrade(url)
    engine = make_engine(url)
    register = Register(
        session_factory(engine), RegisterSettings(database_url=url, reference_key=KEY.encode())
    )
    t = terminal_actor()
    register.add_organisation(t, "DEMO-A", "Demo School A", "school")
    register.add_user(t, "demo.practitioner", PASSWORD, "practitioner", "DEMO-A")
    engine.dispose()
    return url


def signed_in(page: Page, url: str) -> None:
    page.goto(url + "/cases")
    page.get_by_role("textbox", name="Username").fill("demo.practitioner")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Open cases").wait_for()
    idle(page)


ANSWERED = '[data-testid="stRadioGroup"] input[type="radio"]:checked'
DANGER = "Is the child in immediate danger right now?"


def on_first_step(page: Page) -> None:
    """From Start: a new screening, one answer given (the draft the reload must bring back)."""
    page.get_by_role("button", name="Start a new screening").click()
    page.get_by_text("Step 1 of").wait_for()
    page.get_by_role("radiogroup", name=DANGER).get_by_text("No", exact=True).click()
    page.wait_for_selector(ANSWERED)
    idle(page)


def reload_figures(browser: Browser, env: dict[str, str]) -> dict[str, float]:
    """Median ms of a reload on a questionnaire step until its answer is back: register on (signed in,
    the screening from the register) and register off (the screening from server memory), turn about."""
    with streamlit_server(env=env) as (on_url, _on), streamlit_server() as (off_url, _off):
        on = browser.new_context().new_page()
        on.set_default_timeout(60_000)
        on.goto(on_url)
        on.get_by_role("textbox", name="Username").fill("demo.practitioner")
        on.get_by_role("textbox", name="Password").fill(PASSWORD)
        on.get_by_role("button", name="Sign in").click()
        on.get_by_text("Signed in as").wait_for()
        on_first_step(on)
        off = browser.new_context().new_page()
        off.set_default_timeout(60_000)
        off.goto(off_url)
        on_first_step(off)

        def register_on() -> float:
            ms = reload_to(on, ANSWERED)()
            # Signed in, and the answer is the one given (not a form shown to someone signed out).
            assert on.get_by_text("Signed in as").count() == 1
            assert on.get_by_role("radiogroup", name=DANGER).get_by_role("radio", name="No").is_checked()
            return ms

        on_ms, off_ms = interleaved(N_LOADS, register_on, reload_to(off, ANSWERED))
        on.context.close()
        off.context.close()
    return {"register_reload_ms": on_ms, "plain_reload_ms": off_ms}


def reload_line(figures: dict[str, float]) -> float:
    on_ms, off_ms = figures["register_reload_ms"], figures["plain_reload_ms"]
    ratio = on_ms / off_ms
    print(
        f"  reload -> signed in with the screening back: register on {on_ms:.0f} ms vs register off "
        f"{off_ms:.0f} ms = {ratio:.2f}x (goal <= 1.5x)  {'OK' if ratio <= 1.5 else 'OVER GOAL'}"
    )
    return ratio


def reload_only() -> dict[str, float]:
    """The reload figure alone (without the memory figure's 13 sign-ins)."""
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        url = make_register(Path(tmp))
        env = {"DECISION_TOOL_DATABASE_URL": url, "DECISION_TOOL_REFERENCE_KEY": KEY}
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        figures = reload_figures(browser, env)
        browser.close()
    print("Register on (SQLite):")
    return {**figures, "reload_ratio": reload_line(figures)}


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        url = make_register(Path(tmp))
        env = {"DECISION_TOOL_DATABASE_URL": url, "DECISION_TOOL_REFERENCE_KEY": KEY}
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        with streamlit_server(env=env) as (app_url, proc):
            for _ in range(2):  # a just-started server can miss the deep link of its first sessions
                first = browser.new_context().new_page()
                first.goto(app_url)
                first.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
                first.context.close()
            warm = browser.new_context().new_page()
            warm.set_default_timeout(60_000)
            signed_in(warm, app_url)
            before = rss(proc.pid)
            pages = []
            for _ in range(N_SESSIONS):
                page = browser.new_context().new_page()
                page.set_default_timeout(60_000)
                signed_in(page, app_url)
                pages.append(page)
            after = rss(proc.pid)
            for page in pages:
                page.context.close()
        figures = reload_figures(browser, env)
        browser.close()
    mib = (after - before) / N_SESSIONS / 2**20
    print("Register on (SQLite):")
    print(
        f"  server memory per signed-in session: {mib:.2f} MiB over {N_SESSIONS} sessions (goal <= 1 MiB)  "
        f"{'OK' if mib <= 1 else 'OVER GOAL'}"
    )
    return {"mib_per_signed_in_session": mib, **figures, "reload_ratio": reload_line(figures)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", choices=["all", "reload"], default="all", help="reload: only the reload figure"
    )
    if parser.parse_args().only == "reload":
        reload_only()
    else:
        main()

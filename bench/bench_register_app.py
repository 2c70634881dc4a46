"""Server memory per signed-in session with the register on (SQLite file, demo users).

Each extra browser session signs in and opens the Cases page, so it holds what a practitioner's session
holds: the signed-in actor, the last-activity time and the page's state. Goal: <= 1 MiB per session,
like a session with the register off (bench_app.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_app import idle, rss  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

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
        browser.close()
    mib = (after - before) / N_SESSIONS / 2**20
    print("Register on (SQLite):")
    print(
        f"  server memory per signed-in session: {mib:.2f} MiB over {N_SESSIONS} sessions (goal <= 1 MiB)  "
        f"{'OK' if mib <= 1 else 'OVER GOAL'}"
    )
    return {"mib_per_signed_in_session": mib}


if __name__ == "__main__":
    main()

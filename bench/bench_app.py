"""App figures against reference apps, in a real headless Chromium (Playwright) on localhost.

- click -> rerun done on a questionnaire step, versus a one-radio app (goal <= 1.3x)
- navigation -> first widget on the start page, versus the one-radio app (goal <= 1.1x)
- result page first paint (click -> chart drawn), versus an app that shows only the same chart (goal <= 1.2x)
- server memory per extra session (goal <= 1 MiB)
- reload -> answers back on a questionnaire step, versus reloading the one-radio app (goal <= 1.5x)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import psutil
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.server import CHROMIUM, CHROMIUM_FLAGS, streamlit_server  # noqa: E402
from tests.browser.test_walkthrough import pharmacy_form_to_check  # noqa: E402

REF = ROOT / "bench" / "reference"
N_CLICKS = 20
N_LOADS = 15
N_RESULTS = 5
N_SESSIONS = 10


class RunWatcher:
    """Times reruns from the server's own messages: a rerun is done when 'script_finished' arrives."""

    def __init__(self, page: Page) -> None:
        self.finished: list[float] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            msg = ForwardMsg.FromString(payload)
            if msg.WhichOneof("type") == "script_finished":
                self.finished.append(time.perf_counter())


def idle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(300)


def click_to_rerun_ms(page: Page, watcher: RunWatcher, group_name: str, options: tuple[str, str]) -> float:
    """Median ms from a radio click to the end of the rerun it starts."""
    idle(page)
    times = []
    group = page.get_by_role("radiogroup", name=group_name)
    for i in range(N_CLICKS):
        label = group.get_by_text(options[i % 2], exact=True)
        seen = len(watcher.finished)
        start = time.perf_counter()
        label.click()
        deadline = start + 20
        while len(watcher.finished) == seen and time.perf_counter() < deadline:
            page.wait_for_timeout(1)
        times.append((watcher.finished[seen] - start) * 1000)
        page.wait_for_timeout(100)
    return statistics.median(times)


def load_to_widget_ms(pages: list[tuple[Page, str]]) -> list[float]:
    """Median ms from navigation to the first radio visible, for each (page, url), interleaved so that
    machine noise falls on all of them alike."""
    times: list[list[float]] = [[] for _ in pages]
    for _ in range(N_LOADS):
        for (page, url), out in zip(pages, times, strict=True):
            page.goto("about:blank")
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_selector('[data-testid="stRadio"]')
            out.append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def chart_paint_ms(page: Page, button: str) -> float:
    start = page.evaluate("() => performance.now()")
    page.get_by_role("button", name=button).click()
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
    return page.evaluate("() => performance.now()") - start


def reload_ms(page: Page, ready: str) -> float:
    """Median ms from a reload to ``ready`` (a CSS selector) on screen."""
    times = []
    for _ in range(N_LOADS):
        idle(page)
        start = time.perf_counter()
        page.reload()
        page.wait_for_selector(ready)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def warm_up(page: Page, url: str) -> None:
    """First load of a just-started server. Its first session can stall (Streamlit's "Page not found"
    notice over an empty page); a reload then draws the page. Warm-up is not measured."""
    page.goto(url)
    try:
        page.wait_for_selector('[data-testid="stRadio"]', timeout=15_000)
    except PlaywrightTimeout:
        page.reload()
        page.wait_for_selector('[data-testid="stRadio"]')


def rss(proc_pid: int) -> int:
    proc = psutil.Process(proc_pid)
    return proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))


def main() -> dict[str, float]:
    expect.set_options(timeout=30_000)  # a loaded machine: the walk-through waits, it does not fail
    figures: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        with streamlit_server(REF / "one_radio.py") as (ref_url, _):
            page = browser.new_page()
            watcher = RunWatcher(page)
            page.goto(ref_url)
            figures["ref_click_ms"] = click_to_rerun_ms(page, watcher, "Pick one", ("Yes", "No"))
            page.get_by_text("Yes", exact=True).click()
            figures["ref_reload_ms"] = reload_ms(page, '[data-testid="stRadio"]')
            page.close()
            with streamlit_server() as (app_url, _):
                pair = [(browser.new_page(), app_url), (browser.new_page(), ref_url)]
                for p, u in pair:  # warm both: first loads fetch and cache the front-end bundle
                    warm_up(p, u)
                figures["app_load_ms"], figures["ref_load_ms"] = load_to_widget_ms(pair)
                for p, _u in pair:
                    p.close()
        with streamlit_server(REF / "chart_only.py") as (chart_url, _):
            runs = []
            for _ in range(N_RESULTS):
                page = browser.new_page()
                page.goto(chart_url)
                idle(page)
                runs.append(chart_paint_ms(page, "Get the result"))
                page.close()
            figures["ref_chart_ms"] = statistics.median(runs)
        with streamlit_server() as (url, proc):
            page = browser.new_page(viewport={"width": 768, "height": 1024})
            page.set_default_timeout(30_000)
            watcher = RunWatcher(page)
            page.goto(url)
            page.get_by_role("button", name="Start a new screening").click()
            page.get_by_text("Step 1 of").wait_for()
            figures["app_click_ms"] = click_to_rerun_ms(
                page,
                watcher,
                "Has the child said something, then taken it back or played it down?",
                ("Yes", "No"),
            )
            # Reload -> answers back: the draft is in server memory under the id in the address.
            page.get_by_role("radiogroup", name="Is the child in immediate danger right now?").get_by_text(
                "No", exact=True
            ).click()
            figures["app_reload_ms"] = reload_ms(
                page, '[data-testid="stRadioGroup"] input[type="radio"]:checked'
            )
            page.close()
            runs = []
            for _ in range(N_RESULTS):
                page = browser.new_page(viewport={"width": 768, "height": 1024})
                page.set_default_timeout(30_000)
                page.goto(url)
                page.get_by_role("button", name="Start a new screening").wait_for()
                pharmacy_form_to_check(page)
                idle(page)
                runs.append(chart_paint_ms(page, "Get the result"))
                page.close()
            figures["app_chart_ms"] = statistics.median(runs)

            # Memory: one warm session, then N more, each with a screening in progress.
            warm = browser.new_page()
            warm.goto(url)
            warm.get_by_role("button", name="Start a new screening").click()
            warm.get_by_text("Step 1 of").wait_for()
            idle(warm)
            before = rss(proc.pid)
            pages = []
            for _ in range(N_SESSIONS):
                p = browser.new_context().new_page()
                p.goto(url)
                p.get_by_role("button", name="Start a new screening").click()
                p.get_by_text("Step 1 of").wait_for()
                idle(p)
                pages.append(p)
            after = rss(proc.pid)
            figures["mib_per_session"] = (after - before) / N_SESSIONS / 2**20
        browser.close()

    def line(name: str, app: float, ref: float, goal: float) -> None:
        ratio = app / ref
        print(
            f"  {name}: app {app:.0f} ms vs reference {ref:.0f} ms = {ratio:.2f}x (goal <= {goal}x)  {'OK' if ratio <= goal else 'OVER GOAL'}"
        )
        figures[name.split(" ")[0] + "_ratio"] = ratio

    print("app (headless Chromium, localhost)")
    line(
        "click -> rerun done (questionnaire step vs one-radio app)",
        figures["app_click_ms"],
        figures["ref_click_ms"],
        1.3,
    )
    line(
        "navigation -> first widget (start page vs one-radio app)",
        figures["app_load_ms"],
        figures["ref_load_ms"],
        1.1,
    )
    line(
        "result first paint (click -> chart drawn vs chart-only app)",
        figures["app_chart_ms"],
        figures["ref_chart_ms"],
        1.2,
    )
    line(
        "reload -> answers back (questionnaire step vs one-radio app)",
        figures["app_reload_ms"],
        figures["ref_reload_ms"],
        1.5,
    )
    mib = figures["mib_per_session"]
    print(
        f"  server memory per extra session: {mib:.2f} MiB over {N_SESSIONS} sessions (goal <= 1 MiB)  {'OK' if mib <= 1 else 'OVER GOAL'}"
    )
    return figures


if __name__ == "__main__":
    main()

"""App figures against reference apps, in a real headless Chromium (Playwright) on localhost.

- click -> rerun done on a questionnaire step, versus a one-radio app (goal <= 1.3x)
- navigation -> first widget on the start page, versus the one-radio app (goal <= 1.1x)
- result page first paint (click -> chart drawn), versus an app that shows only the same chart (goal <= 1.2x)
- server memory per extra session (goal <= 1 MiB)
- reload -> answers back on a questionnaire step, versus reloading the one-radio app (goal <= 1.5x)
- Training: "Jump to the result" (click -> what-if chart drawn) and a what-if change (click -> rerun
  done), each under 1 s on a quiet machine (``--only training`` runs these alone)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from playwright.sync_api import Page, expect, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision_tool import load_catalog  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_FLAGS, streamlit_server  # noqa: E402
from tests.browser.test_walkthrough import pharmacy_form_to_check  # noqa: E402

REF = ROOT / "bench" / "reference"
N_CLICKS = 20
N_LOADS = 15
N_RESULTS = 7
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


class Clicker:
    """Clicks alternate answers of one radio group; each click is timed to the end of its rerun."""

    def __init__(self, page: Page, watcher: RunWatcher, group_name: str, options: tuple[str, str]) -> None:
        self.page, self.watcher, self.options, self.n = page, watcher, options, 0
        self.group = page.get_by_role("radiogroup", name=group_name)

    def __call__(self) -> float:
        label = self.group.get_by_text(self.options[self.n % 2], exact=True)
        self.n += 1
        seen = len(self.watcher.finished)
        start = time.perf_counter()
        label.click()
        deadline = start + 20
        while len(self.watcher.finished) == seen and time.perf_counter() < deadline:
            self.page.wait_for_timeout(1)
        elapsed = (self.watcher.finished[seen] - start) * 1000
        self.page.wait_for_timeout(100)
        return elapsed


def interleaved(rounds: int, app: Callable[[], float], ref: Callable[[], float]) -> tuple[float, float]:
    """Median ms of ``app`` and of ``ref``, measured turn about, so that changes in machine load fall on
    both alike."""
    app_times, ref_times = [], []
    for _ in range(rounds):
        app_times.append(app())
        ref_times.append(ref())
    return statistics.median(app_times), statistics.median(ref_times)


def load_to_widget(page: Page, url: str) -> Callable[[], float]:
    def run() -> float:
        page.goto("about:blank")
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector('[data-testid="stRadio"]')
        return (time.perf_counter() - start) * 1000

    return run


def reload_to(page: Page, ready: str) -> Callable[[], float]:
    """ms from a reload to ``ready`` (a CSS selector) on screen."""

    def run() -> float:
        idle(page)
        start = time.perf_counter()
        page.reload()
        page.wait_for_selector(ready)
        return (time.perf_counter() - start) * 1000

    return run


def chart_paint_ms(page: Page, button: str) -> float:
    start = page.evaluate("() => performance.now()")
    page.get_by_role("button", name=button).click()
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
    return page.evaluate("() => performance.now()") - start


def warm_up(page: Page, url: str) -> None:
    """First load of a just-started server (not measured): it fetches and caches the front-end bundle."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stRadio"]')


def rss(proc_pid: int) -> int:
    proc = psutil.Process(proc_pid)
    return proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))


def training_figures(browser: Any, url: str) -> dict[str, float]:
    """Training: "Jump to the result" (click -> the what-if chart drawn), then a what-if change (click ->
    rerun done), on the first scenarios, each round on the next one."""
    train = browser.new_page(viewport={"width": 1280, "height": 900})
    train.set_default_timeout(30_000)
    train_watcher = RunWatcher(train)
    train.goto(url + "/workshop")
    train.get_by_role("button", name="Jump to the result").wait_for()
    jumps, changes = [], []
    for _ in range(3):  # the first three scenarios: the DSL form, below immediate danger (a chart)
        idle(train)
        start = time.perf_counter()
        train.get_by_role("button", name="Jump to the result").click()
        train.wait_for_selector('.st-key-whatif_summary [data-testid="stPlotlyChart"] .main-svg')
        idle(train)
        jumps.append((time.perf_counter() - start) * 1000 - 300)  # less idle()'s settling wait
        train.get_by_role("radiogroup", name="Change the answers in").get_by_text(
            "Missing and whereabouts", exact=True
        ).click()
        idle(train)
        change = Clicker(
            train, train_watcher, "Is the child staying out late with no explanation?", ("Yes", "No")
        )
        changes += [change(), change()]
        train.get_by_role("button", name="Next scenario").click()
        train.get_by_role("button", name="Jump to the result").wait_for()
    train.close()
    return {"training_jump_ms": statistics.median(jumps), "training_whatif_ms": statistics.median(changes)}


def training_only() -> dict[str, float]:
    """The Training figures alone (a few minutes less than every app figure)."""
    expect.set_options(timeout=30_000)
    with sync_playwright() as pw, streamlit_server() as (url, _):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        warm_up(browser.new_page(), url)
        figures = training_figures(browser, url)
        browser.close()
    print("app (headless Chromium, localhost)")
    _training_lines(figures)
    return figures


def _training_lines(figures: dict[str, float]) -> None:
    for name, key in (
        ("training: Jump to the result -> what-if chart drawn", "training_jump_ms"),
        ("training: a what-if change -> rerun done", "training_whatif_ms"),
    ):
        ms = figures[key]
        print(
            f"  {name}: {ms:.0f} ms (goal <= 1000 ms on a quiet machine)  {'OK' if ms <= 1000 else 'OVER GOAL'}"
        )


def main() -> dict[str, float]:
    expect.set_options(timeout=30_000)  # a loaded machine: the walk-through waits, it does not fail
    figures: dict[str, float] = {}
    with (
        sync_playwright() as pw,
        streamlit_server(REF / "one_radio.py") as (ref_url, _),
        streamlit_server(REF / "chart_only.py") as (chart_url, _),
        streamlit_server() as (url, proc),
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)

        # Click -> rerun: a questionnaire step against the one-radio app, turn about.
        ref_page = browser.new_page()
        ref_watcher = RunWatcher(ref_page)  # before the page opens its connection
        warm_up(ref_page, ref_url)
        ref_click = Clicker(ref_page, ref_watcher, "Pick one", ("Yes", "No"))
        app_page = browser.new_page(viewport={"width": 768, "height": 1024})
        app_page.set_default_timeout(30_000)
        app_watcher = RunWatcher(app_page)
        warm_up(app_page, url)
        app_page.get_by_role("button", name="Start a new screening").click()
        app_page.get_by_text("Step 1 of").wait_for()
        # A question on the first step that changes nothing else: its text as the rules say it now.
        withdrawn = load_catalog(ROOT / "rules").rule_sets["dsl"].question_index["disclosure_withdrawn"].text
        app_click = Clicker(app_page, app_watcher, withdrawn, ("Yes", "No"))
        idle(ref_page)
        idle(app_page)
        figures["app_click_ms"], figures["ref_click_ms"] = interleaved(N_CLICKS, app_click, ref_click)

        # Reload -> answers back: the draft is in server memory under the id in the address.
        app_page.get_by_role("radiogroup", name="Is the child in immediate danger right now?").get_by_text(
            "No", exact=True
        ).click()
        ref_page.get_by_text("Yes", exact=True).click()
        figures["app_reload_ms"], figures["ref_reload_ms"] = interleaved(
            N_LOADS,
            reload_to(app_page, '[data-testid="stRadioGroup"] input[type="radio"]:checked'),
            reload_to(ref_page, '[data-testid="stRadio"]'),
        )

        app_page.close()
        ref_page.close()

        # Navigation -> first widget: the Start page against the one-radio app, each in a tab of its own
        # that has no screening (as a first visit), the front-end bundle already cached.
        app_tab, ref_tab = browser.new_page(), browser.new_page()
        warm_up(app_tab, url)
        warm_up(ref_tab, ref_url)
        figures["app_load_ms"], figures["ref_load_ms"] = interleaved(
            N_LOADS, load_to_widget(app_tab, url), load_to_widget(ref_tab, ref_url)
        )
        app_tab.close()
        ref_tab.close()

        # Result first paint: each run in a new page, as a practitioner opening the tool.
        def app_chart() -> float:
            page = browser.new_page(viewport={"width": 768, "height": 1024})
            page.set_default_timeout(30_000)
            page.goto(url)
            page.get_by_role("button", name="Start a new screening").wait_for()
            pharmacy_form_to_check(page)
            idle(page)
            ms = chart_paint_ms(page, "Get the result")
            page.close()
            return ms

        def ref_chart() -> float:
            page = browser.new_page()
            page.goto(chart_url)
            idle(page)
            ms = chart_paint_ms(page, "Get the result")
            page.close()
            return ms

        figures["app_chart_ms"], figures["ref_chart_ms"] = interleaved(N_RESULTS, app_chart, ref_chart)

        figures.update(training_figures(browser, url))

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
    _training_lines(figures)
    mib = figures["mib_per_session"]
    print(
        f"  server memory per extra session: {mib:.2f} MiB over {N_SESSIONS} sessions (goal <= 1 MiB)  {'OK' if mib <= 1 else 'OVER GOAL'}"
    )
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only",
        choices=["all", "training"],
        default="all",
        help="training: only the Training page's Jump to the result and what-if change",
    )
    if parser.parse_args().only == "training":
        training_only()
    else:
        main()

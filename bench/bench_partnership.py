"""Figure: 25 practitioners at once, across two app servers behind HAProxy on one PostgreSQL register, each
screening a (fictional) child and saving it to a case. Goal: p95 press -> update <= 2x one practitioner
alone; and every save and its audit row in the register exactly once (none twice, none missing).

Run alone: `python bench/bench_partnership.py [--users 25 --think 3 --client scripted|browser]`; `make
bench` runs it. It needs Debian's `haproxy` and `postgresql`, and for `--client browser` `chromium` (it
says which is missing and stops, without failing).

What runs: a PostgreSQL server in a temporary folder, two app servers (`python -m decision_tool.ui.serve`)
on it, HAProxy on the shipped `docs/haproxy.cfg` in front of them (TLS with a throwaway certificate), and
one client per practitioner, driven concurrently. Each practitioner signs in (not timed), opens a case
under their own reference, screens with the pharmacy form (age 16, no concerns) and saves. Between presses
a practitioner reads for `--think` seconds (0.5x to 1.5x, at random), alone as together.

`--client scripted` (the default): each practitioner is a scripted client (`bench/streamlit_client.py`)
speaking Streamlit's own websocket protocol through the proxy, without a browser. A press is timed from
sending the rerun (the widget's new state) to the server's report that the run it started is over
(`script_finished`, not "finished early for a rerun"); the words the next state must show are checked in
the elements the run sent. This measures the servers, the proxy and the network; it leaves out the
browser's work (building and painting the page), which in real use is done on each practitioner's own
computer.

`--client browser`: one headless Chromium with one browser context per practitioner (Playwright's async
API). Every press is timed in the page: from the press (`pointerdown`) to the first animation frame at
which the server has reported the run it started finished (`script_finished`, read from the app's
websocket), Streamlit's `stApp` shows `data-test-script-state` `notRunning`, and, where the press moves on,
the next step's heading is on screen. On a 2-core machine the 25 browsers run on the same cores as the
servers, and take most of them.

"Alone": practitioners one after another, half before and half after the 25 (so that a change in the
machine's load falls on both). The CPU each part used during the 25 at once (Chromium, app servers,
PostgreSQL, HAProxy, this driver, and everything else on the machine) is printed beside the figure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

T = TypeVar("T")  # a practitioner as driven: a scripted client or a browser page

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psutil  # noqa: E402
import pytest  # noqa: E402
from bench_register import percentile  # noqa: E402
from sqlalchemy import text  # noqa: E402
from streamlit_client import StreamlitClient  # noqa: E402

from decision_tool.register.auth import terminal_actor  # noqa: E402
from decision_tool.register.db import make_engine, session_factory, upgrade  # noqa: E402
from decision_tool.register.service import Register  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_FLAGS, chromium_available, streamlit_server  # noqa: E402
from tests.register.conftest import KEY, PASSWORD, seed_people, settings_for  # noqa: E402
from tests.register.pg_server import PostgresServer, postgres_bin, start_postgres, stop_postgres  # noqa: E402
from tests.register.proxy import haproxy, haproxy_or_skip  # noqa: E402

if TYPE_CHECKING:
    from playwright.async_api import Browser, Locator, Page

GOAL_RATIO = 2.0
DRIVER = "this driver (Python + Playwright)"
SCRIPTED_DRIVER = "this driver (Python, the scripted clients)"
ORGANISATION = "SCH-A"  # seed_people's school: every benchmark practitioner works there
AGE_QUESTION = "How old is the young person?"
# The pharmacy form at 16 with no concerns (tests/browser/test_walkthrough.py's answers; Fraser
# competence is not asked at 16).
STEP_1 = [
    ("Is the young person in immediate danger right now?", "No"),
    ("Were they forced or pressured into sex, or have they been sexually abused?", "No"),
    ("How old is their sexual partner compared with them?", "About the same age"),
    ("Did someone else come with them and speak for them, or try to stay in the consultation?", "No"),
    ("Were alcohol or drugs involved?", "No"),
    ("Have they been given money, gifts, phones or lifts by the partner or other adults?", "No"),
    ("Have they been missing from home or care, or staying out overnight?", "No"),
    ("Have they needed emergency contraception before?", "No"),
]
STEP_2 = ("What did you decide about supply?", "Supplied with advice")

# In every page, before its own scripts: the time of the last press, and of the first run the server
# reported finished after it (a ForwardMsg whose field 6, script_finished, is not 2,
# FINISHED_EARLY_FOR_RERUN), read from the app's websocket. (The stApp element's script state alone
# misses runs: the page can draw "running" and "notRunning" in one go.)
TIMING_SCRIPT = """
(() => {
  const w = window;
  w.__dtPress = null;
  w.__dtFinished = null;
  document.addEventListener('pointerdown', () => { w.__dtPress = performance.now(); w.__dtFinished = null; }, true);
  const varint = (b, i) => {
    let v = 0, m = 1;
    for (;;) { const x = b[i++]; v += (x & 127) * m; m *= 128; if (x < 128) return [v, i]; }
  };
  const finished = (data) => {
    if (!(data instanceof ArrayBuffer)) return null;
    const b = new Uint8Array(data);
    let i = 0;
    while (i < b.length) {
      let tag, v;
      [tag, i] = varint(b, i);
      const field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { [v, i] = varint(b, i); if (field === 6) return v; }
      else if (wire === 2) { [v, i] = varint(b, i); i += v; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return null;
    }
    return null;
  };
  const Native = w.WebSocket;
  w.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', (e) => {
      const status = finished(e.data);
      if (status !== null && status !== 2 && w.__dtPress !== null && w.__dtFinished === null) {
        w.__dtFinished = performance.now();
      }
    });
    return ws;
  };
  w.WebSocket.prototype = Native.prototype;
  Object.assign(w.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""
# Polled at every animation frame: once the run the press started is over and the next state is on
# screen, the ms since the press.
UPDATED = """
([selector, words]) => {
  const w = window;
  if (w.__dtPress === null || w.__dtFinished === null) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (selector && ![...document.querySelectorAll(selector)].some(e => e.textContent.includes(words || ''))) {
    return false;
  }
  if (!selector && words && !document.body.textContent.includes(words)) return false;
  return performance.now() - w.__dtPress;
}
"""
SETTLED = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@dataclass
class Flow:
    """One practitioner's screening: the case it went to and the ms of each timed press."""

    username: str
    reference: str
    case_code: str = ""
    server: str = ""
    presses: list[tuple[str, float]] = field(default_factory=list)


def missing_tools(browser: bool = True) -> str | None:
    """Why this benchmark cannot run here, or None (``browser``: with Playwright and Chromium)."""
    if browser:
        try:
            import playwright.async_api  # noqa: F401 - a test dependency; make install installs it
        except ImportError as exc:
            return f"{exc} (make install)"
        if not chromium_available():
            return "no Chromium at /usr/bin/chromium (apt-get install chromium)"
    if postgres_bin() is None:
        return "PostgreSQL is not installed (apt-get install postgresql)"
    try:
        haproxy_or_skip()
    except (
        pytest.skip.Exception,
        pytest.fail.Exception,
    ) as exc:  # the tests' check and message (CI=true fails)
        return str(exc.msg)
    return None


def add_practitioners(url: str, count: int) -> list[str]:
    """``count`` practitioners of one school (with seed_people's organisations and PASSWORD)."""
    seed_people(url)
    engine = make_engine(url)
    register = Register(session_factory(engine), settings_for(url))
    names = [f"bench.p{n:02d}" for n in range(1, count + 1)]
    for name in names:
        register.add_user(terminal_actor(), name, PASSWORD, "practitioner", ORGANISATION)
    engine.dispose()
    return names


@contextlib.contextmanager
def site(users: int, folder: Path) -> Iterator[tuple[str, str, dict[str, int], PostgresServer]]:
    """PostgreSQL, two app servers on it and HAProxy in front: (proxy address, database address, app
    server pids by the proxy's cookie value, the PostgreSQL server)."""
    bin_dir = postgres_bin()
    assert bin_dir is not None
    server = start_postgres(bin_dir)
    try:
        server.execute("CREATE DATABASE partnership")
        url = server.url("partnership")
        upgrade(url)
        add_practitioners(url, users)
        env = {"DECISION_TOOL_DATABASE_URL": url, "DECISION_TOOL_REFERENCE_KEY": KEY.decode()}
        with (
            streamlit_server(env=env) as (one, proc_one),
            streamlit_server(env=env) as (two, proc_two),
            haproxy(folder, [u.removeprefix("http://") for u in (one, two)]) as proxy,
        ):
            yield proxy.url, url, {"app1": proc_one.pid, "app2": proc_two.pid}, server
    finally:
        stop_postgres(server)


async def timed(page: Page, press: Locator, selector: str | None = None, words: str | None = None) -> float:
    """ms from pressing ``press`` (a locator) to the page's next state (see UPDATED)."""
    await page.wait_for_selector(SETTLED)
    await press.click()
    try:
        handle = await page.wait_for_function(UPDATED, arg=[selector, words], polling="raf", timeout=180_000)
    except Exception:
        state = await page.evaluate(
            "() => [location.href, performance.now(), window.__dtPress, window.__dtFinished, document.querySelector("
            "'[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state'), document.querySelector('h1')?.textContent]"
        )
        raise RuntimeError(
            f"no update after pressing {press} (waiting for {selector} {words}): {state}"
        ) from None
    return float(await handle.json_value())


async def think(rng: random.Random, seconds: float) -> None:
    await asyncio.sleep(seconds * rng.uniform(0.5, 1.5))


async def sign_in_and_open_case(browser: Browser, proxy_url: str, flow: Flow) -> Page:
    """A new browser context, signed in through the proxy, on the case page of ``flow.reference``."""
    context = await browser.new_context(ignore_https_errors=True, viewport={"width": 1024, "height": 900})
    await context.add_init_script(TIMING_SCRIPT)
    page = await context.new_page()
    page.set_default_timeout(180_000)
    await page.goto(proxy_url + "/")
    await page.get_by_role("heading", name="Sign in").wait_for()
    await page.get_by_role("textbox", name="Username").fill(flow.username)
    await page.get_by_role("textbox", name="Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_text("Signed in as").wait_for()
    await page.wait_for_selector(SETTLED)
    await page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    await page.get_by_role("heading", name="Cases", exact=True).wait_for()
    await page.get_by_label("Your local reference for this child").fill(flow.reference)
    await page.get_by_role("button", name="Find or start the case").click()
    heading = page.get_by_role("heading", name=re.compile(r"^Case C-[0-9A-Z]{6}"))
    await heading.wait_for()
    flow.case_code = (await heading.inner_text()).split()[1]
    flow.server = next(c["value"] for c in await context.cookies() if c["name"] == "SRV")
    await page.wait_for_selector(SETTLED)
    await page.get_by_role("combobox").click()
    await page.get_by_role("option", name="Pharmacy EHC consultation (under-18)").click()
    await page.wait_for_selector(SETTLED)
    return page


async def screen_and_save(page: Page, flow: Flow, rng: random.Random, seconds: float) -> None:
    """The timed part: start the screening, answer, continue, get the result, save."""

    async def press(
        what: str, locator: Locator, selector: str | None = None, words: str | None = None
    ) -> None:
        await think(rng, seconds)
        flow.presses.append((what, await timed(page, locator, selector, words)))

    await press(
        "start", page.get_by_role("button", name="Start a screening for this case"), None, "Step 1 of 2"
    )
    await think(rng, seconds)
    age = page.get_by_role("spinbutton", name=AGE_QUESTION)
    await age.fill("16")
    await age.press("Enter")
    for question, answer in STEP_1:
        group = page.get_by_role("radiogroup", name=question)
        await press("answer", group.get_by_text(answer, exact=True))
    await press("continue", page.get_by_role("button", name="Continue"), None, "Step 2 of 2")
    group = page.get_by_role("radiogroup", name=STEP_2[0])
    await press("answer", group.get_by_text(STEP_2[1], exact=True))
    await press("continue", page.get_by_role("button", name="Continue"), "h1", "Check your answers")
    await press("result", page.get_by_role("button", name="Get the result"), '[role="status"] h1')
    await press(
        "save", page.get_by_role("button", name=re.compile(r"^Save to case C-")), None, "Screening saved"
    )


async def scripted_sign_in_and_open_case(proxy_url: str, flow: Flow) -> StreamlitClient:
    """A scripted client (no browser), signed in through the proxy, on the case page of
    ``flow.reference`` with the pharmacy form chosen."""
    client = StreamlitClient(proxy_url)
    await client.connect()
    client.expect("Sign in")
    client.fill("Username", flow.username)
    client.fill("Password", PASSWORD)
    await client.press("Sign in")
    client.expect("Signed in as")
    await client.follow("cases")
    client.fill("Your local reference for this child", flow.reference)
    await client.press("Find or start the case")
    heading = next((t for t in client.texts if re.match(r"^Case C-[0-9A-Z]{6}$", t)), None)
    if heading is None:
        raise RuntimeError(f"no case opened for {flow.reference}: {client.texts}")
    flow.case_code = heading.split()[1]
    flow.server = client.cookies["SRV"]
    await client.choose("Questionnaire", "Pharmacy EHC consultation (under-18)")
    return client


async def scripted_screen_and_save(
    client: StreamlitClient, flow: Flow, rng: random.Random, seconds: float
) -> None:
    """The timed part, as screen_and_save, by the scripted client: each press from sending it to the
    server's report that the run it started is over; the words the next state must show are checked."""

    async def press(what: str, action: Awaitable[float], words: str) -> None:
        flow.presses.append((what, await action))
        client.expect(words)

    await think(rng, seconds)
    await press("start", client.press("Start a screening for this case"), "Step 1 of 2")
    await think(rng, seconds)
    client.fill(AGE_QUESTION, 16)
    await client.rerun()  # the number box sends its value when left, before the first answer
    for question, answer in STEP_1:
        await think(rng, seconds)
        await press("answer", client.choose(question, answer), "Step 1 of 2")
    await think(rng, seconds)
    await press("continue", client.press("Continue"), "Step 2 of 2")
    await think(rng, seconds)
    await press("answer", client.choose(*STEP_2), "Step 2 of 2")
    await think(rng, seconds)
    await press("continue", client.press("Continue"), "Check your answers")
    await think(rng, seconds)
    await press("result", client.press("Get the result"), 'role="status"')
    await think(rng, seconds)
    await press("save", client.press("Save to case C-", starting=True), "Screening saved")


async def _all_at_once(
    flows: list[Flow],
    ready: Callable[[Flow], Awaitable[T]],
    screen: Callable[[T, Flow, random.Random], Awaitable[None]],
    close: Callable[[T], Awaitable[None]],
    meter: Meter | None,
) -> float:
    """Sign every flow in (three at a time: not timed), then run their screenings all at once; the
    seconds the screenings took (``meter`` reads the CPU used over them)."""
    gate = asyncio.Semaphore(3)

    async def gated(flow: Flow) -> T:
        async with gate:
            return await ready(flow)

    actors = await asyncio.gather(*(gated(f) for f in flows))
    if meter:
        meter.start()
    start = time.perf_counter()
    await asyncio.gather(
        *(screen(a, flow, random.Random(flow.username)) for a, flow in zip(actors, flows, strict=True))
    )
    took = time.perf_counter() - start
    if meter:
        meter.stop()
    for a in actors:
        await close(a)
    return took


async def run_scripted_flows(
    proxy_url: str, flows: list[Flow], seconds: float, meter: Meter | None = None
) -> float:
    """The flows as scripted clients (``_all_at_once``)."""

    async def close(client: StreamlitClient) -> None:
        await client.close()

    return await _all_at_once(
        flows,
        lambda flow: scripted_sign_in_and_open_case(proxy_url, flow),
        lambda client, flow, rng: scripted_screen_and_save(client, flow, rng, seconds),
        close,
        meter,
    )


async def run_flows(
    browser: Browser, proxy_url: str, flows: list[Flow], seconds: float, meter: Meter | None = None
) -> float:
    """The flows as browser pages, one context each (``_all_at_once``)."""

    async def close(page: Page) -> None:
        await page.context.close()

    return await _all_at_once(
        flows,
        lambda flow: sign_in_and_open_case(browser, proxy_url, flow),
        lambda page, flow, rng: screen_and_save(page, flow, rng, seconds),
        close,
        meter,
    )


class Meter:
    """CPU seconds (user + system) each part of the set-up used between ``start`` and ``stop``, and the
    whole machine's."""

    def __init__(
        self, users: int, app_pids: dict[str, int], postgres: PostgresServer, browser: bool = True
    ) -> None:
        self.users, self.app_pids, self.browser = users, app_pids, browser
        self.postmaster = int((postgres.root / "data" / "postmaster.pid").read_text().split()[0])
        self.used: dict[str, float] = {}
        self.machine = 0.0

    def _groups(self) -> dict[str, list[psutil.Process]]:
        me = psutil.Process()
        mine = me.children(recursive=True)

        def tree(pid: int) -> list[psutil.Process]:
            proc = psutil.Process(pid)
            return [proc, *proc.children(recursive=True)]

        groups = {
            f"Chromium ({self.users} pages)": [p for p in mine if "chrom" in p.name()],
            "app servers": [p for pid in self.app_pids.values() for p in tree(pid)],
            "PostgreSQL": tree(self.postmaster),
            "HAProxy": [p for p in mine if "haproxy" in p.name()],
            DRIVER: [me, *(p for p in mine if p.name() == "node")],
        }
        if not self.browser:
            del groups[f"Chromium ({self.users} pages)"]
            groups[SCRIPTED_DRIVER] = groups.pop(DRIVER)
        return groups

    @staticmethod
    def _seconds(procs: list[psutil.Process]) -> dict[int, float]:
        out = {}
        for p in procs:
            with contextlib.suppress(psutil.Error):
                t = p.cpu_times()
                out[p.pid] = t.user + t.system
        return out

    def start(self) -> None:
        self._before = {name: self._seconds(procs) for name, procs in self._groups().items()}
        self._machine_before = machine_busy()

    def stop(self) -> None:
        """Add what was used since ``start`` (a meter can be started and stopped again)."""
        after = {name: self._seconds(procs) for name, procs in self._groups().items()}
        self.machine += machine_busy() - self._machine_before
        for name, by_pid in after.items():
            used = sum(secs - self._before[name].get(pid, 0.0) for pid, secs in by_pid.items())
            self.used[name] = self.used.get(name, 0.0) + used


def machine_busy() -> float:
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + t.irq + t.softirq + getattr(t, "steal", 0.0)


def check_saved(database: str, flows: list[Flow]) -> list[str]:
    """What is wrong in the register: a case whose screening or save audit row is not there exactly
    once, or a screening in progress still kept."""
    problems = []
    engine = make_engine(database)
    try:
        with engine.connect() as conn:
            for flow in flows:
                screenings = conn.execute(
                    text(
                        "SELECT count(*) FROM screenings s JOIN cases c ON c.id = s.case_id WHERE c.code = :c"
                    ),
                    {"c": flow.case_code},
                ).scalar_one()
                audit = conn.execute(
                    text(
                        "SELECT count(*) FROM audit_events WHERE action = 'save_screening' AND case_code = :c"
                    ),
                    {"c": flow.case_code},
                ).scalar_one()
                if (screenings, audit) != (1, 1):
                    problems.append(f"{flow.case_code}: {screenings} screenings, {audit} save audit rows")
            total = conn.execute(text("SELECT count(*) FROM screenings")).scalar_one()
            audits = conn.execute(
                text("SELECT count(*) FROM audit_events WHERE action = 'save_screening'")
            ).scalar_one()
            drafts = conn.execute(text("SELECT count(*) FROM drafts")).scalar_one()
    finally:
        engine.dispose()
    if (total, audits) != (len(flows), len(flows)):
        problems.append(f"{total} screenings and {audits} save audit rows for {len(flows)} saves")
    if drafts:
        problems.append(f"{drafts} screenings in progress still kept after every save")
    return problems


def summary(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), percentile(samples, 95)


async def measure(
    users: int, alone_runs: int, seconds: float, scripted: bool = True
) -> dict[str, float] | None:
    load_before = os.getloadavg()
    with (
        tempfile.TemporaryDirectory(prefix="decision_tool_bench_partnership_") as tmp,
        site(users + alone_runs, Path(tmp)) as (proxy_url, database, app_pids, postgres),
    ):
        names = [f"bench.p{n:02d}" for n in range(1, users + alone_runs + 1)]
        alone = [Flow(n, f"BENCH-ALONE-{i}") for i, n in enumerate(names[:alone_runs], 1)]
        together = [Flow(n, f"BENCH-TOGETHER-{i}") for i, n in enumerate(names[alone_runs:], 1)]
        half = alone_runs // 2
        alone_meter = Meter(1, app_pids, postgres, browser=not scripted)
        meter = Meter(users, app_pids, postgres, browser=not scripted)
        if scripted:
            for _ in range(2):  # warm both app servers (first page of a just-started server, not timed)
                warm = StreamlitClient(proxy_url)
                await warm.connect()
                await warm.close()
            for flow in alone[:half]:
                await run_scripted_flows(proxy_url, [flow], seconds, alone_meter)
            took = await run_scripted_flows(proxy_url, together, seconds, meter)
            for flow in alone[half:]:
                await run_scripted_flows(proxy_url, [flow], seconds, alone_meter)
        else:
            from playwright.async_api import async_playwright

            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                # Warm both app servers (first page of a just-started server, not timed).
                for _ in range(2):
                    ctx = await browser.new_context(ignore_https_errors=True)
                    page = await ctx.new_page()
                    await page.goto(proxy_url + "/")
                    await page.get_by_role("heading", name="Sign in").wait_for(timeout=120_000)
                    await ctx.close()
                for flow in alone[:half]:
                    await run_flows(browser, proxy_url, [flow], seconds, alone_meter)
                took = await run_flows(browser, proxy_url, together, seconds, meter)
                for flow in alone[half:]:
                    await run_flows(browser, proxy_url, [flow], seconds, alone_meter)
                await browser.close()
        problems = check_saved(database, alone + together)
    alone_ms = [ms for f in alone for _, ms in f.presses]
    together_ms = [ms for f in together for _, ms in f.presses]
    a50, a95 = summary(alone_ms)
    t50, t95 = summary(together_ms)
    ratio = t95 / a95
    servers = {s: sum(1 for f in together if f.server == s) for s in ("app1", "app2")}
    how = (
        "scripted clients on Streamlit's websocket protocol, no browser: send -> run over, no paint"
        if scripted
        else f"headless Chromium, {users} browser contexts, async Playwright"
    )
    print(
        f"Partnership: {users} practitioners at once, two app servers behind HAProxy, one PostgreSQL "
        f"({how}; reading time {seconds:g} s a press, 0.5x-1.5x at random)"
    )
    print(f"  machine: {psutil.cpu_count()} cores, load average before the run {load_before[0]:.1f}")
    print(
        f"  the {users} practitioners went to app1: {servers['app1']}, app2: {servers['app2']}; "
        f"their {len(together)} screenings took {took:.0f} s"
    )
    column = "press -> run over" if scripted else "click -> update"
    print(f"  {column:<28} {'presses':>8} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"  {'one practitioner alone':<28} {len(alone_ms):>8} {a50:>8.0f} {a95:>8.0f}")
    print(f"  {f'{users} at once':<28} {len(together_ms):>8} {t50:>8.0f} {t95:>8.0f}")
    print(
        f"  p95 {users} at once / alone: {ratio:.2f}x (goal <= {GOAL_RATIO:g}x)  "
        f"{'OK' if ratio <= GOAL_RATIO else 'OVER GOAL'}"
    )
    for what in ("start", "answer", "continue", "result", "save"):
        a = [ms for f in alone for w, ms in f.presses if w == what]
        t = [ms for f in together for w, ms in f.presses if w == what]
        print(f"    {what:<10} p95 alone {percentile(a, 95):>6.0f} ms, at once {percentile(t, 95):>6.0f} ms")
    used, busy = meter.used, meter.machine
    capacity = took * (psutil.cpu_count() or 1)
    others = max(0.0, busy - sum(used.values()))
    print(f"  CPU during the {users} at once ({capacity:.0f} core-seconds available in {took:.0f} s):")
    for name, secs in [*used.items(), ("everything else on the machine", others)]:
        print(f"    {name:<44} {secs:>6.0f} s  {secs / capacity:>4.0%}")
    client = used[SCRIPTED_DRIVER] if scripted else used[f"Chromium ({users} pages)"] + used[DRIVER]
    per_press_alone = alone_meter.used["app servers"] / len(alone_ms) * 1000
    per_press = used["app servers"] / len(together_ms) * 1000
    print(
        f"  app servers' CPU per press (user + system): alone {per_press_alone:.0f} ms, "
        f"{users} at once {per_press:.0f} ms"
    )
    if busy / capacity > 0.85:
        clients = "the scripted clients" if scripted else "the browsers and this driver"
        print(
            f"  The machine was CPU-bound ({busy / capacity:.0%} busy); {clients}, which in real use run "
            f"on {users} other computers, used {client / capacity:.0%} of it, the app servers "
            f"{used['app servers'] / capacity:.0%}, everything else on the machine {others / capacity:.0%}."
        )
    if problems:
        print("  register check: FAILED")
        for p in problems:
            print(f"    {p}")
    else:
        n = len(alone) + len(together)
        print(
            f"  register check: OK - {n} screenings and {n} save audit rows, each case's exactly once; "
            "no screening in progress left"
        )
    return {"alone_p95_ms": a95, "together_p95_ms": t95, "ratio": ratio, "problems": float(len(problems))}


def main(argv: list[str] | None = None) -> dict[str, float] | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=25, help="practitioners at once")
    parser.add_argument("--alone", type=int, default=4, help="screenings by one practitioner alone")
    parser.add_argument("--think", type=float, default=3.0, help="seconds of reading before each press")
    parser.add_argument(
        "--client",
        choices=("scripted", "browser"),
        default="scripted",
        help="scripted: clients on Streamlit's websocket protocol (measures the servers); browser: one "
        "headless Chromium context per practitioner (adds the browsers' work, on the same cores)",
    )
    args = parser.parse_args(argv)
    scripted = args.client == "scripted"
    why = missing_tools(browser=not scripted)
    if why:
        print(f"Partnership benchmark skipped: {why}")
        return None
    return asyncio.run(measure(args.users, args.alone, args.think, scripted))


if __name__ == "__main__":
    main()

"""Start the app (`python -m decision_tool.ui.serve`, as `make run` does) on a free local port, and a headless Chromium to drive it (tests and benchmarks)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def streamlit_server(
    script: str | Path = ROOT / "streamlit_app.py",
    *,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    port: int | None = None,
    options: Sequence[str] = (),
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``port``: a port chosen beforehand (an identity provider must know the app's address first);
    ``options``: more Streamlit options (``--secrets.files PATH``)."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "decision_tool.ui.serve",  # `streamlit run`, routed by st.navigation from the first visitor on
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *options,
    ]
    proc = subprocess.Popen(
        cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    with serving(proc, f"{url}/_stcore/health", 60, "streamlit did not start"):
        yield url, proc


@contextlib.contextmanager
def serving(
    proc: subprocess.Popen[bytes], ready_url: str, seconds: float, failed: str | Callable[[], str]
) -> Iterator[None]:
    """Wait until ``ready_url`` answers 200 (``failed`` says why not, if ``proc`` ends or time runs
    out), then let the caller use the server; it is stopped on the way out."""
    try:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(failed if isinstance(failed, str) else failed()) from None
                time.sleep(0.1)
        yield
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Ask a server to stop; after 10 s, make it."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class WarmBrowser:
    """The test session's Chromium. Its ``new_context()`` hands out a context that is as new to the app as
    a fresh one (no cookies, nothing stored, no open tab) but reused from an earlier test when one is free,
    so its cache already holds the app's scripts: a first page load costs about a fifth less CPU (2.4 s of
    CPU on two cores in a brand-new context, 1.9 s in a reused one), and the browser tests need about 6%
    less CPU in all. A test gives its context back by closing it, or at its end.
    ``cold_context()`` gives a brand-new context, for a test that must see every request a first visit
    makes. Anything else is the Playwright ``Browser``'s own."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser
        self._idle: dict[tuple[object, ...], list[BrowserContext]] = {}
        self._out: dict[BrowserContext, tuple[object, ...]] = {}  # handed out: its options

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def cold_context(self, **options: Any) -> BrowserContext:
        return self._browser.new_context(**options)

    def new_context(
        self,
        *,
        viewport: dict[str, int] | None = None,
        accept_downloads: bool | None = None,
        ignore_https_errors: bool | None = None,
        **other: Any,
    ) -> BrowserContext:
        """A context with these options, its tabs opening at ``viewport``."""
        if other:  # an option a reused context could not take on: a brand-new context
            return self._browser.new_context(
                viewport=viewport,
                accept_downloads=accept_downloads,
                ignore_https_errors=ignore_https_errors,
                **other,
            )
        key = (accept_downloads, ignore_https_errors)
        idle = self._idle.setdefault(key, [])
        context = (
            idle.pop()
            if idle
            else self._browser.new_context(
                accept_downloads=accept_downloads, ignore_https_errors=ignore_https_errors
            )
        )
        size = viewport or {"width": 1280, "height": 720}
        plain_new_page = type(context).new_page.__get__(context)

        def sized_page() -> Page:
            page = plain_new_page()
            page.set_viewport_size(size)
            return page

        # The test's own `context.close()` (or `page.context.close()`) gives the context back.
        context.new_page = sized_page  # type: ignore[method-assign]
        context.close = lambda **_: self.give_back(context)  # type: ignore[method-assign]
        self._out[context] = key
        return context

    def give_back(self, context: BrowserContext) -> None:
        """Close the context's tabs (their session storage goes with them), clear its cookies and each
        tab's local storage, and keep it for the next test; a context that cannot be emptied (a crashed
        tab) is closed for good instead."""
        key = self._out.pop(context, None)
        if key is None:
            return
        try:
            for page in context.pages:
                if page.url.startswith("http"):
                    page.evaluate("() => localStorage.clear()")
                page.close()
            context.clear_cookies()
        except Exception:
            with contextlib.suppress(Exception):
                type(context).close(context)
            return
        self._idle[key].append(context)

    def give_back_all(self) -> None:
        """At a test's end: every context it has not closed."""
        for context in list(self._out):
            self.give_back(context)

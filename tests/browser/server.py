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

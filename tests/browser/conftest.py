from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .server import CHROMIUM, CHROMIUM_FLAGS, chromium_available, streamlit_server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    with streamlit_server() as (url, _proc):
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    # Two shared cores under load: a rerun can take seconds, so assertions wait up to 15 s (not 5).
    expect.set_options(timeout=15_000)
    if not chromium_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}: CI must install Debian's chromium")
        pytest.skip(
            f"browser tests skipped: no Chromium at {CHROMIUM} (install Debian's chromium to run them)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    pg.goto(server_url)
    pg.get_by_role("button", name="Start a new screening").wait_for()
    yield pg
    context.close()

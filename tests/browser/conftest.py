from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .server import streamlit_server

# `browser` (one headless Chromium per test session) is in tests/conftest.py: the register's browser
# tests (tests/register/) share it.


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    with streamlit_server() as (url, _proc):
        yield url


@pytest.fixture()
def tab(browser):
    """A new tab, in a browser of its own (no cookies, nothing stored), that has opened nothing yet: for a
    test whose first step is an address (each page load costs about two seconds of CPU)."""
    context = browser.new_context(viewport={"width": 768, "height": 1024}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


@pytest.fixture()
def page(tab, server_url):
    """A new tab on Start."""
    tab.goto(server_url)
    tab.get_by_role("button", name="Start a new screening").wait_for()
    return tab

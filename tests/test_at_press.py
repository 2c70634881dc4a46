"""A file made on a press waits for the page the press drew, never the page from before it."""

from __future__ import annotations

import threading
import time

import pytest

from decision_tool.ui.at_press import AtPress, PageChangedError


def test_a_press_gets_what_its_own_run_drew_not_the_page_before():
    latest: AtPress[str] = AtPress()
    seen = latest.drawn("before typing")  # the run that registered the download
    got: list[str] = []
    worker = threading.Thread(target=lambda: got.append(latest.after(seen, timeout=5)))
    worker.start()  # the file is made on the press, before the press's run has drawn anything
    time.sleep(0.05)
    assert not got
    latest.pressed()  # the press's run starts with the typed value applied
    latest.drawn("MASH-1234-FICT")
    worker.join(5)
    assert got == ["MASH-1234-FICT"]


def test_a_run_without_a_press_does_not_count():
    latest: AtPress[str] = AtPress()
    seen = latest.drawn("first")
    latest.drawn("a rerun from something else, before the press")
    with pytest.raises(PageChangedError):
        latest.after(seen, timeout=0.05)  # no file rather than one from before the press

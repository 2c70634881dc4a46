"""What the page shows at the moment a download is pressed, for files made outside the page's run.

Streamlit makes a download's file (``data=`` a callable) on a worker thread when the button is pressed,
with the callable the page registered on its *previous* run. A detail typed and the button pressed
straight away (no Enter, no click elsewhere first) reaches the server only as the rerun that the press
causes, so that callable would write the file from before the typing: a PDF without the reference the
screen shows. Instead the callable waits for the run the press started (``on_click`` counts the press
at the start of that run, with the typed values applied) to draw the page, and writes what it drew.

A press can also reach the server while the browser still shows an earlier drawing, whose file maker
Streamlit has already replaced: the press then gets an error instead of a file. The page script
(``static/app.js``) presses again for the person once the page has settled, so one press still
gives one file, made from the page as it is.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

T = TypeVar("T")

WAIT_SECONDS = 30.0  # two shared cores under load can take seconds to draw the result page


class PageChangedError(RuntimeError):
    """The press's run did not draw the value in time: no file rather than one from before the press."""


class AtPress(Generic[T]):
    """The last value a page drew, and how many presses it had seen when it drew it. Thread-safe."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._value: T | None = None
        self._presses = 0
        self._drawn_after = -1  # presses counted when the value was drawn

    def pressed(self) -> None:
        """``on_click``: runs on the page's thread at the start of the run the press caused."""
        with self._changed:
            self._presses += 1

    def drawn(self, value: T) -> int:
        """The page drew ``value``; returns the press count a callable registered now waits past."""
        with self._changed:
            self._value = value
            self._drawn_after = self._presses
            self._changed.notify_all()
            return self._presses

    def after(self, presses: int, timeout: float = WAIT_SECONDS) -> T:
        """The value drawn by a run that began after a press later than ``presses``."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._drawn_after > presses, timeout):
                raise PageChangedError("the page did not finish drawing: press the download again")
            assert self._value is not None
            return self._value

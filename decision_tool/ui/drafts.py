"""Drafts kept in this server's memory so a reload loses nothing, and never written to disk.

Each draft sits under an unguessable id (``secrets.token_urlsafe``) that the page carries in its URL
query string. A draft not touched for ``idle`` is dropped; so is every draft when the server stops.
No Streamlit import: the store is plain Python, shared by all sessions of one server.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

IDLE_MINUTES = 30


class DraftStore(Generic[T]):
    def __init__(self, idle_seconds: float = IDLE_MINUTES * 60, clock: Callable[[], float] = time.monotonic):
        self.idle_seconds = idle_seconds
        self.clock = clock  # tests move time on by replacing this
        self._lock = threading.Lock()
        self._items: dict[str, tuple[float, T]] = {}

    def add(self, item: T) -> str:
        """Keep ``item`` and return its new id (about 128 bits of randomness: not guessable)."""
        draft_id = secrets.token_urlsafe(16)
        with self._lock:
            self._drop_idle()
            self._items[draft_id] = (self.clock(), item)
        return draft_id

    def put(self, draft_id: str, item: T) -> None:
        """Keep ``item`` under an id it already has (a draft brought back from the register)."""
        with self._lock:
            self._drop_idle()
            self._items[draft_id] = (self.clock(), item)

    def get(self, draft_id: str) -> T | None:
        """The item under ``draft_id`` (and mark it as used now), or None if unknown or idle too long."""
        with self._lock:
            self._drop_idle()
            found = self._items.get(draft_id)
            if found is None:
                return None
            self._items[draft_id] = (self.clock(), found[1])
            return found[1]

    def touch(self, draft_id: str) -> None:
        self.get(draft_id)

    def discard(self, draft_id: str) -> None:
        with self._lock:
            self._items.pop(draft_id, None)

    def __len__(self) -> int:
        with self._lock:
            self._drop_idle()
            return len(self._items)

    def _drop_idle(self) -> None:
        cutoff = self.clock() - self.idle_seconds
        for key in [k for k, (seen, _) in self._items.items() if seen < cutoff]:
            del self._items[key]

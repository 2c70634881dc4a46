"""The one way to a sentence: a key, the language and the values (``say``).

The catalogues are one module per language (``en.py``); adding a language is one more file with the
same keys, and an entry here.
"""

from __future__ import annotations

from typing import Any

from . import en

CATALOGUES: dict[str, dict[str, str]] = {"en": en.MESSAGES}
DEFAULT_LANGUAGE = "en"


def say(key: str, language: str = DEFAULT_LANGUAGE, /, **values: Any) -> str:
    """The sentence ``key`` in ``language`` with ``values`` filled in."""
    return CATALOGUES[language][key].format(**values)


def band_range(
    low: int | None, high: int | None, language: str = DEFAULT_LANGUAGE, *, short: bool = False
) -> str:
    """A score band in words: '6 to 10', or '16 or more' for the top band; ``short``: '6-10', '16+'."""
    if high is None:
        key = "band.open_short" if short else "band.open"
    else:
        key = "band.closed_short" if short else "band.closed"
    return say(key, language, low=low, high=high)


def listed(items: list[str] | tuple[str, ...], language: str = DEFAULT_LANGUAGE) -> str:
    return say("list.separator", language).join(items)

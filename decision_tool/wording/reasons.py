"""Each reason of a result (a code with values, from the engine) as the sentence a person reads.

The page, the record and the CLI all call ``reason_text``, so the same reason reads the same everywhere.
"""

from __future__ import annotations

from ..screening.result import Reason
from .messages import DEFAULT_LANGUAGE, band_range, listed, say


def reason_text(reason: Reason, language: str = DEFAULT_LANGUAGE) -> str:
    values = dict(reason.values)
    if reason.code == "band":
        values["band"] = band_range(values["band_from"], values["band_to"], language)
    elif reason.code == "not_counted":
        values["questions"] = listed(values["questions"], language)
    return say(f"reason.{reason.code}", language, **values)


def reasons_text(reasons: tuple[Reason, ...], language: str = DEFAULT_LANGUAGE) -> list[str]:
    return [reason_text(r, language) for r in reasons]

"""The record and its formats under their former address: code that imports
``decision_tool.records.record`` keeps working. New code imports from ``decision_tool.records`` (or the
format's own module: ``model``, ``layout``, ``markdown``, ``pdf``, ``json_record``, ``ics``)."""

from __future__ import annotations

from . import *  # noqa: F403 - the package's public names, listed once in records/__init__.py
from . import __all__  # noqa: F401

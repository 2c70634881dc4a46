"""Keep every rerun quick: settle the server's long-lived objects once, so the garbage collector skips them.

Streamlit runs a full garbage collection after every script run (``runner.postScriptGC``), so that a
session's leftovers are freed at once. A full collection walks every object Python tracks, and most of
those are the libraries this tool imports (Streamlit, pydantic, SQLAlchemy, plotly, fpdf2) and the loaded
rules: about 120,000 objects, which cost 40-90 ms on each click on this project's 2-core benchmark
machine. Those objects live as long as the server, so after the first run we import what the pages will
need, collect once, and move everything left into the collector's permanent generation (``gc.freeze``).
Later collections walk only what the sessions create, and still free it.
"""

from __future__ import annotations

import gc
import importlib

import streamlit as st

# Imported by pages only when first needed; imported here so that they are settled with the rest.
_LATER_IMPORTS = ("plotly.graph_objects", "fpdf")


@st.cache_resource(show_spinner=False)
def settle_long_lived_objects() -> int:
    """Once per server. Returns how many objects were settled (for tests and benchmarks)."""
    for name in _LATER_IMPORTS:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()

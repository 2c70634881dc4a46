"""Start the app: ``python -m decision_tool.ui.serve [streamlit options]`` (what ``make run`` does).

It is ``streamlit run streamlit_app.py`` with one difference. Streamlit treats an entry script with a
``pages/`` folder beside it as a legacy multipage app until some session has called ``st.navigation``.
Until then, the first visitor after a start who opens a page's own address (a pharmacy tablet's
bookmark of ``/pharmacy``) is shown Streamlit's "Page not found" box over the page, and an address named
after a file in ``pages/`` would run that file without the entry script's sign-in gate. The app only
uses ``st.navigation``, so the legacy mode is switched off before the server takes its first visitor.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

ENTRY = Path(__file__).resolve().parents[2] / "streamlit_app.py"


def without_legacy_pages() -> None:
    """Routing by ``st.navigation`` alone, from the first session on."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def main(argv: Sequence[str] | None = None) -> None:
    """``[SCRIPT.py] [streamlit options]``: the app's entry script unless another is named first."""
    from streamlit.web import cli

    args = list(sys.argv[1:] if argv is None else argv)
    script = args.pop(0) if args and args[0].endswith(".py") else str(ENTRY)
    without_legacy_pages()
    sys.argv = ["streamlit", "run", script, *args]
    cli.main()


if __name__ == "__main__":
    main()

"""Start the app: ``python -m decision_tool.ui.serve [streamlit options]`` (what ``make run`` does).

It is ``streamlit run streamlit_app.py`` with one difference. Streamlit treats an entry script with a
``pages/`` folder beside it as a legacy multipage app until some session has called ``st.navigation``.
Until then, the first visitor after a start who opens a page's own address (a pharmacy tablet's
bookmark of ``/pharmacy``) is shown Streamlit's "Page not found" box over the page, and an address named
after a file in ``pages/`` would run that file without the entry script's sign-in gate. The app only
uses ``st.navigation``, so the legacy mode is switched off before the server takes its first visitor.

And one mend: the answer to a download press is never dropped by the next run (``download_answers_kept``).
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


_KEEPS_ANSWERS = "_dt_keeps_download_answers"


def download_answers_kept() -> None:
    """A download's answer (its file's address, or why there is none) always reaches the page.

    Streamlit answers a press of a download button whose file is made on demand with a message in the
    session's outgoing queue, and empties that queue whenever a run starts, keeping only the messages a
    run's start must not lose. The answer is not among them. A press starts a run of its own, so when
    the answer is queued first (a press on a drawing the server has just replaced is answered at once)
    and the run starts before the queue is sent, the answer is lost: the button's spinner turns for
    three minutes, no file and no error come, and the page script has nothing to press again. Seen on a
    busy machine. The answers are kept across a run's start here, as Streamlit keeps toasts.
    """
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    clear = ForwardMsgQueue.clear
    if getattr(clear, _KEEPS_ANSWERS, False):
        return

    def clear_keeping_answers(
        self: ForwardMsgQueue,
        retain_lifecycle_msgs: bool = False,
        fragment_ids_this_run: list[str] | None = None,
    ) -> None:
        # A run's start keeps lifecycle messages; a flush or a session's end keeps nothing.
        answers = (
            [m for m in self._queue if m.WhichOneof("type") == "backend_operation_response"]
            if retain_lifecycle_msgs
            else []
        )
        clear(self, retain_lifecycle_msgs, fragment_ids_this_run)
        self._queue.extend(answers)

    setattr(clear_keeping_answers, _KEEPS_ANSWERS, True)
    ForwardMsgQueue.clear = clear_keeping_answers  # type: ignore[method-assign]


def main(argv: Sequence[str] | None = None) -> None:
    """``[SCRIPT.py] [streamlit options]``: the app's entry script unless another is named first."""
    from streamlit.web import cli

    args = list(sys.argv[1:] if argv is None else argv)
    script = args.pop(0) if args and args[0].endswith(".py") else str(ENTRY)
    without_legacy_pages()
    download_answers_kept()
    sys.argv = ["streamlit", "run", script, *args]
    cli.main()


if __name__ == "__main__":
    main()

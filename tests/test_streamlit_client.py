"""The partnership benchmark's scripted client (bench/streamlit_client.py) reads Streamlit's messages as
the browser would: a press is over only when the run it started is (a page switch ends one run early and
starts the next), widgets are the last finished run's, and what the practitioner set on a widget no longer
drawn is not sent again."""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from streamlit_client import StreamlitClient  # noqa: E402

EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
DONE = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY


def run(
    page: str, widgets: list[tuple[str, str, list[str]]], words: list[str], status: int
) -> list[ForwardMsg]:
    """The messages of one script run: its page, widgets (kind, label, options), words, how it ended."""
    msgs = [ForwardMsg()]
    msgs[0].new_session.page_script_hash = page
    for kind, label, options in widgets:
        msg = ForwardMsg()
        proto = getattr(msg.delta.new_element, kind)
        proto.id, proto.label = f"id-{label}", label
        if options:
            proto.options.extend(options)
        msgs.append(msg)
    for text in words:
        msg = ForwardMsg()
        msg.delta.new_element.markdown.body = text
        msgs.append(msg)
    end = ForwardMsg()
    end.script_finished = status  # type: ignore[assignment]
    return [*msgs, end]


class FakeSocket:
    """Answers each rerun sent with the next list of messages (as the server would)."""

    def __init__(self, client: StreamlitClient, replies: list[list[ForwardMsg]]) -> None:
        self.client, self.replies, self.sent = client, replies, []

    async def send(self, data: bytes) -> None:
        msg = BackMsg()
        msg.ParseFromString(data)
        self.sent.append(msg.rerun_script)
        for reply in self.replies.pop(0):
            asyncio.get_running_loop().call_soon(self.client._take, reply)


def test_a_press_is_over_when_the_run_it_started_is_and_sends_what_the_browser_would() -> None:
    async def go() -> None:
        client = StreamlitClient("https://proxy.test")
        first_page = [("radio", "Alcohol?", ["Yes", "No"]), ("button", "Continue", [])]
        for msg in run("p1", first_page, ["Step 1"], DONE):  # the page as it opened
            client._take(msg)
        socket = FakeSocket(
            client,
            [
                run("p1", first_page, ["Step 1"], DONE),
                # Continue: the page switches (the first run ends early), then the next page's run.
                [
                    *run("p1", [], [], EARLY),
                    *run("p2", [("radio", "Supply?", ["Supplied", "Not supplied"])], ["Step 2"], DONE),
                ],
                run("p2", [("radio", "Supply?", ["Supplied", "Not supplied"])], ["Step 2"], DONE),
            ],
        )
        client.ws = socket  # type: ignore[assignment]
        await client.choose("Alcohol?", "No")
        await client.press("Continue")
        assert client.shows("Step 2") and not client.shows("Step 1")
        assert client.page_script_hash == "p2"
        assert list(client.widgets) == ["Supply?"]
        await client.choose("Supply?", "Supplied")
        first, second, third = socket.sent
        assert [(w.id, w.string_value) for w in first.widget_states.widgets] == [("id-Alcohol?", "No")]
        assert [(w.id, w.trigger_value) for w in second.widget_states.widgets][-1] == ("id-Continue", True)
        # The answer on the page left behind and the button's trigger are not sent again.
        assert [(w.id, w.string_value) for w in third.widget_states.widgets] == [("id-Supply?", "Supplied")]
        assert third.page_script_hash == "p2"

    # On a thread of its own: in a worker that ran the browser tests first, Playwright's loop is running here.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, go()).result()

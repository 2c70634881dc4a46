"""The server's start (decision_tool/ui/serve.py): the answer to a download press reaches the page even when
a run starts before it is sent (else the button's spinner turns for three minutes and no file comes)."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

from decision_tool.ui import serve


def answer(request_id: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.backend_operation_response.request_id = request_id
    msg.backend_operation_response.error_msg = "Failed to generate file for download"
    return msg


def drawing(text: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.new_element.markdown.body = text
    msg.metadata.delta_path[:] = [0, 0]
    return msg


def queued_then_run_started(queue: ForwardMsgQueue) -> list[ForwardMsg]:
    """An answer queued, then a run starts (Streamlit empties the queue, keeping lifecycle messages),
    then the queue is sent to the browser."""
    queue.enqueue(drawing("the page before the press"))
    queue.enqueue(answer("press-1"))
    queue.clear(retain_lifecycle_msgs=True)  # what a run's start does
    return queue.flush()


@pytest.fixture()
def streamlit_clear(monkeypatch: pytest.MonkeyPatch):
    """Streamlit's own queue clearing, restored after the test whatever the test applies."""
    monkeypatch.setattr(ForwardMsgQueue, "clear", ForwardMsgQueue.clear)


def answers(sent: list[ForwardMsg]) -> list[str]:
    return [m.backend_operation_response.request_id for m in sent if m.HasField("backend_operation_response")]


def test_without_the_mend_a_run_start_loses_the_answer(streamlit_clear):
    """Why the mend exists: if Streamlit keeps the answer itself one day, this fails and the mend can go."""
    assert answers(queued_then_run_started(ForwardMsgQueue())) == []


def test_with_the_mend_the_answer_is_sent_once_and_the_old_drawing_is_not(streamlit_clear):
    serve.download_answers_kept()
    serve.download_answers_kept()  # applied twice (a second start in one process): still one copy
    queue = ForwardMsgQueue()
    sent = queued_then_run_started(queue)
    assert answers(sent) == ["press-1"]
    assert not any(m.HasField("delta") for m in sent)  # the previous run's drawing still goes
    assert queue.flush() == []  # sent once, never again


def test_with_the_mend_a_session_end_or_a_flush_keeps_nothing(streamlit_clear):
    serve.download_answers_kept()
    queue = ForwardMsgQueue()
    queue.enqueue(answer("press-2"))
    queue.clear()  # not a run's start: a session ending
    assert queue.flush() == []

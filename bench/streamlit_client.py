"""A scripted Streamlit client: one practitioner driving the app over Streamlit's own websocket protocol,
without a browser, for the partnership benchmark (``bench_partnership.py --client scripted``).

It does what the page's JavaScript does on the wire: fetches ``/`` over HTTPS through the proxy (keeping the
cookies the proxy sets, among them the sticky-session one), opens ``wss://<proxy>/_stcore/stream`` with
them, and sends a ``BackMsg`` ``rerun_script`` whose ``ClientState`` carries the page, the query string and
the widget states. A press sets one widget (a radio's option, a text, a number, a button's trigger) and
sends a rerun; it is over at the first ``script_finished`` the server sends that is not "finished early for
a rerun" (``st.switch_page`` ends one run and starts the next page's). Widgets are found by their label in
the deltas of the last run; the states sent are those the browser would send: every value the
practitioner set on a widget still on the page (a trigger only once; a form's values only with its
submit button).

What it leaves out: the browser's work (building and painting the page from the deltas, and its
JavaScript); what it measures is the servers, the proxy and the network, from the press leaving the client
to the run it started being over.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from dataclasses import dataclass, field

import httpx
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
FRAGMENT_RUN = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
WIDGETS = {"button", "radio", "selectbox", "text_input", "number_input", "checkbox", "text_area"}
TEXTS = {"markdown", "heading", "html", "alert", "text", "caption"}


@dataclass
class Widget:
    kind: str
    id: str
    label: str
    form_id: str
    options: list[str] = field(default_factory=list)


class StreamlitClient:
    """One practitioner's connection to the app (one websocket, never reconnected)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.ws: ClientConnection | None = None
        self.page_script_hash = ""
        self.query_string = ""
        self.pages: dict[str, str] = {}  # url path name -> page script hash
        self.widgets: dict[str, Widget] = {}  # by label, as drawn by the last run
        self.texts: list[str] = []  # the words the last run drew
        self.states: dict[str, WidgetState] = {}  # what the practitioner set, by widget id
        self._run_widgets: dict[str, Widget] = {}
        self._run_texts: list[str] = []
        self._finished: asyncio.Queue[int] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        """Fetch ``/`` (cookies), open the websocket and run the first page (not timed)."""
        async with httpx.AsyncClient(verify=False, timeout=120) as http:
            response = await http.get(self.base_url + "/")
            response.raise_for_status()
            self.cookies.update(dict(response.cookies))
        scheme, rest = self.base_url.split("://", 1)
        no_check = None
        if scheme == "https":
            no_check = ssl.create_default_context()
            no_check.check_hostname = False
            no_check.verify_mode = ssl.CERT_NONE  # the benchmark's throwaway certificate
        self.ws = await connect(
            ("wss://" if no_check else "ws://") + rest + "/_stcore/stream",
            ssl=no_check,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers={"Origin": self.base_url, "Cookie": self.cookie_header()},
            max_size=None,
            open_timeout=120,
        )
        self._reader = asyncio.create_task(self._read())
        await self.rerun()

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        if self.ws:
            await self.ws.close()

    async def _read(self) -> None:
        assert self.ws is not None
        async for data in self.ws:
            if isinstance(data, str):
                continue
            msg = ForwardMsg()
            msg.ParseFromString(data)
            self._take(msg)

    def _take(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
            self._run_widgets, self._run_texts = {}, []
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)
        elif kind == "script_finished":
            if msg.script_finished not in (FINISHED_EARLY_FOR_RERUN, FRAGMENT_RUN):
                self.widgets, self.texts = self._run_widgets, self._run_texts
                live = {w.id for w in self.widgets.values()}
                self.states = {i: s for i, s in self.states.items() if i in live}
            self._finished.put_nowait(msg.script_finished)

    def _element(self, element: object) -> None:
        kind = element.WhichOneof("type")  # type: ignore[attr-defined]
        proto = getattr(element, kind) if kind else None
        if proto is None:
            return
        if kind in WIDGETS:
            options = list(getattr(proto, "options", []))
            widget = Widget(kind, proto.id, proto.label, proto.form_id, options)
            self._run_widgets[proto.label] = widget
            self._run_texts.append(proto.label)
        elif kind == "page_link":
            self._run_widgets[proto.label] = Widget(kind, proto.page_script_hash, proto.label, "")
        elif kind in TEXTS:
            self._run_texts.append(getattr(proto, "body", "") or getattr(proto, "text", ""))

    def widget(self, label: str) -> Widget:
        found = self.widgets.get(label)
        if found is None:
            raise LookupError(f"no widget labelled {label!r}; on the page: {sorted(self.widgets)}")
        return found

    def widget_starting(self, prefix: str) -> Widget:
        for label, widget in self.widgets.items():
            if label.startswith(prefix):
                return widget
        raise LookupError(f"no widget labelled {prefix!r}...; on the page: {sorted(self.widgets)}")

    def shows(self, words: str) -> bool:
        return any(words in t for t in self.texts)

    def expect(self, words: str) -> None:
        """Fail unless the last run drew ``words`` (the press reached the state it should)."""
        if not self.shows(words):
            raise RuntimeError(f"expected {words!r} on the page; it shows: {[t[:80] for t in self.texts]}")

    # What a practitioner does: set a widget (not sent until a rerun), or press (sent, timed).
    def fill(self, label: str, value: str | float) -> None:
        widget = self.widget(label)
        state = WidgetState(id=widget.id)
        if widget.kind == "number_input":
            state.double_value = float(value)
        else:
            state.string_value = str(value)
        self.states[widget.id] = state

    async def choose(self, label: str, option: str) -> float:
        """Choose ``option`` of a radio or select box (the browser reruns at once); ms until it is over."""
        widget = self.widget(label)
        if option not in widget.options:
            raise LookupError(f"{label!r} has no option {option!r}: {widget.options}")
        self.states[widget.id] = WidgetState(id=widget.id, string_value=option)
        return await self.rerun()

    async def press(self, label: str, *, starting: bool = False) -> float:
        """Press a button (a form's submit button sends the form's values) or follow a page link; ms until
        the run it starts is over."""
        widget = self.widget_starting(label) if starting else self.widget(label)
        if widget.kind == "page_link":
            self.page_script_hash, self.query_string = widget.id, ""
            return await self.rerun()
        return await self.rerun(trigger=WidgetState(id=widget.id, trigger_value=True))

    async def follow(self, href: str) -> float:
        """Follow one of the app's own links (``<a data-dt-nav href="cases">``: the page moves within the
        app, as Streamlit's navigation does); ms until the run is over."""
        path, _, query = href.partition("?")
        self.page_script_hash, self.query_string = self.pages[path.strip("/")], query
        return await self.rerun()

    async def rerun(self, trigger: WidgetState | None = None) -> float:
        """Send the page's widget states (and ``trigger``), wait for the run to be over: its ms."""
        assert self.ws is not None
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.context_info.timezone = "Europe/London"
        state.context_info.locale = "en-GB"
        state.context_info.url = self.base_url + "/"
        state.widget_states.SetInParent()
        state.widget_states.widgets.extend(self.states.values())
        if trigger is not None:
            state.widget_states.widgets.append(trigger)
        while not self._finished.empty():
            self._finished.get_nowait()
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            status = await asyncio.wait_for(self._finished.get(), timeout=180)
            if status not in (FINISHED_EARLY_FOR_RERUN, FRAGMENT_RUN):
                return (time.perf_counter() - start) * 1000

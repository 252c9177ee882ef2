"""A Streamlit client without a browser: one websocket, speaking the frontend's protobuf protocol.

It does what the browser's frontend does on the wire, and nothing it draws: ask for a script run
(a `BackMsg.rerun_script` with the URL's query string, the page, any changed widget values and
that widget's fragment, if any) and read the `ForwardMsg`s until `script_finished`. Fifty of
these fit on a 2-core machine next to the server; fifty Chromium pages drawing plotly charts do
not (see tests/e2e/load_harness.py).

What a run showed is kept as plain data (`RunResult`): the metrics' values in page order, each
slider by its widget key, the query string the server asked the address bar to show, exceptions.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
FINISHED_FOR_RERUN = 2  # ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN: not a finished run


@dataclass
class Slider:
    widget_id: str
    options: list[str]
    fragment_id: str = ""  # set when the slider sits in an st.fragment: its moves rerun only that


@dataclass
class RunResult:
    """What one script run sent to the page."""

    seconds: float
    bytes_received: int
    bytes_sent: int = 0
    metrics: list[str] = field(default_factory=list)
    sliders: dict[str, Slider] = field(default_factory=dict)
    query_string: str | None = None   # None: the run did not change the address bar
    exceptions: list[str] = field(default_factory=list)
    messages: list[tuple[int, ForwardMsg]] = field(default_factory=list)  # when recording


def _key(widget_id: str) -> str:
    """A keyed widget's id ends in its user key: ``$$ID-<hash>-w_target`` → ``w_target``."""
    return widget_id.split("-", 2)[-1]


class MessageCache:
    """The frontend's ForwardMsg cache (streamlit/static ForwardMessageCache): it keeps each
    message the server marks `cacheable`, names them all in the next rerun request, and the
    server then sends an unchanged element as a `ref_hash` to the kept copy. An entry not used
    for `max_age` runs of its fragment (or of the page) is dropped."""

    def __init__(self) -> None:
        self.max_age = 2
        self.runs = 0
        self._kept: dict[str, tuple[bytes, int, str]] = {}  # hash: (message, last run, fragment)

    def hashes(self) -> list[str]:
        return list(self._kept)

    def resolve(self, data: bytes) -> ForwardMsg:
        """The message `data` is, or the kept message a `ref_hash` points to."""
        message = ForwardMsg()
        message.ParseFromString(data)
        if message.WhichOneof("type") == "ref_hash":
            encoded, _, fragment = self._kept[message.ref_hash]
            self._kept[message.ref_hash] = (encoded, self.runs, fragment)
            kept = ForwardMsg()
            kept.ParseFromString(encoded)
            kept.metadata.CopyFrom(message.metadata)
            return kept
        if message.metadata.cacheable:
            self._kept[message.hash] = (data, self.runs, message.delta.fragment_id)
        return message

    def run_finished(self, fragment_ids: Any) -> None:
        self.runs += 1
        for key, (_, last_run, fragment) in list(self._kept.items()):
            if fragment_ids and fragment not in fragment_ids:
                continue
            if self.runs - last_run > self.max_age:
                del self._kept[key]


class StreamlitClient:
    """One session: connect, then `run()` the page, optionally with a widget value changed."""

    def __init__(self, base_url: str, page: str, query_string: str,
                 record: bool = False) -> None:
        self.ws_url = base_url.replace("http://", "ws://", 1) + STREAM_PATH
        self.page = page
        self.query_string = query_string
        self.page_script_hash = ""
        self.record = record  # keep each run's (size, ForwardMsg) in RunResult.messages
        self.cache = MessageCache()
        self._ws: Any = None

    async def __aenter__(self) -> StreamlitClient:
        import websockets
        self._ws = await websockets.connect(self.ws_url, subprotocols=[SUBPROTOCOL],
                                            max_size=None, open_timeout=120)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._ws.close()

    async def run(self, slider_key: str | None = None, option: str | float | None = None,
                  sliders: dict[str, Slider] | None = None) -> RunResult:
        """Ask for a run (moving `slider_key` to `option`, if given) and read it to the end."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = self.page
        if slider_key is not None and sliders is not None:
            slider = sliders[slider_key]
            state.fragment_id = slider.fragment_id  # as the frontend does
            widget = state.widget_states.widgets.add()
            widget.id = slider.widget_id
            if slider.options:  # a select_slider sends its option's text
                widget.string_array_value.data.append(str(option))
            else:  # a numeric slider sends its value
                widget.double_array_value.data.append(float(option))
        state.cached_message_hashes.extend(self.cache.hashes())
        request = back.SerializeToString()
        started = time.perf_counter()
        await self._ws.send(request)
        result = await self._read_run(started)
        result.bytes_sent = len(request)
        return result

    async def _read_run(self, started: float) -> RunResult:
        result = RunResult(seconds=0.0, bytes_received=0)
        while True:
            data = await self._ws.recv()
            result.bytes_received += len(data)
            message = self.cache.resolve(data)
            if self.record:
                result.messages.append((len(data), message))
            kind = message.WhichOneof("type")
            if kind == "delta":
                self._element(message, result)
            elif kind == "navigation":
                self._note_page_hash(message)
            elif kind == "page_info_changed":
                result.query_string = message.page_info_changed.query_string
                self.query_string = result.query_string
            elif kind == "new_session":
                self.cache.max_age = message.new_session.config.max_cached_message_age
            elif kind == "script_finished" and message.script_finished != FINISHED_FOR_RERUN:
                self.cache.run_finished(message.metadata.run.fragment_ids)
                result.seconds = time.perf_counter() - started
                return result

    def _note_page_hash(self, message: ForwardMsg) -> None:
        for page in message.navigation.app_pages:
            if page.url_pathname == self.page:
                self.page_script_hash = page.page_script_hash

    @staticmethod
    def _element(message: ForwardMsg, result: RunResult) -> None:
        if message.delta.WhichOneof("type") != "new_element":
            return
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "metric":
            result.metrics.append(element.metric.body)
        elif kind == "slider":
            result.sliders[_key(element.slider.id)] = Slider(
                element.slider.id, list(element.slider.options), message.delta.fragment_id)
        elif kind == "exception":
            result.exceptions.append(f"{element.exception.type}: {element.exception.message}")

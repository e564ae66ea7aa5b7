"""Deferred downloads against a real server, at the protocol level (issue 36, point 4): while visitors ask
for animations of distinct views, how long does another visitor's CSV take to arrive?

Each visitor opens the page at its URL as a browser does (``bench.protocol._rerun``: the first run, then
the map's report that it drew, which adds the downloads), takes the ``deferred_file_id`` of a download
button, and sends the ``backend_operation_request`` a click sends; the answer is the file's URL (or an
error), which is then fetched (``GET /media/...``) as the browser does. Loopback only; every wait is bounded.

    python -m bench.run downloads            # the app started here, 6 animations and a CSV, figures printed
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.request
import uuid

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.protocol import _rerun, _stream_url

TIMEOUT = 180.0
NO_ANSWER = f"no answer within {TIMEOUT:g} s"
ANIMATION = "Download animation (GIF)"
CSV = "Download CSV"
# Distinct animations: each shows the layers at every event date up to its own date (so none is cached).
ANIMATION_DATES = ["2013-10-31", "2013-10-30", "2013-10-29", "2012-05-21", "2012-05-20", "2011-11-23",
                   "2011-07-05", "2010-11-20"]


class Visitor:
    """One browser tab at ``query`` (use ``async with``): its session id and its download buttons."""

    def __init__(self, base_url: str, query: str):
        self.base_url, self.query = base_url, query
        self.session_id, self.downloads = None, {}  # label -> deferred file id
        self._answers: dict[str, asyncio.Future] = {}

    async def __aenter__(self):
        self.ws = await websockets.connect(_stream_url(self.base_url), subprotocols=["streamlit"], max_size=None,
                                           open_timeout=TIMEOUT, ping_interval=None)
        async with asyncio.timeout(TIMEOUT):
            map_id, cached = await self._run(_rerun(self.query))
            if map_id is not None:  # the map reports that it drew: the run that adds the controls and downloads
                await self._run(_rerun(self.query, map_id, cached))
        self._reader = asyncio.create_task(self._read_answers())
        return self

    async def __aexit__(self, *exc):
        self._reader.cancel()
        await self.ws.close()

    async def _run(self, request: bytes) -> tuple[str | None, set]:
        await self.ws.send(request)
        map_id, cached = None, set()
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.ws.recv())
            kind = message.WhichOneof("type")
            if message.metadata.cacheable:
                cached.add(message.hash)
            if kind == "new_session":
                self.session_id = message.new_session.initialize.session_id
            element = message.delta.new_element if kind == "delta" else None
            if element is not None and element.WhichOneof("type") == "component_instance":
                map_id = element.component_instance.id
            if element is not None and element.WhichOneof("type") == "download_button":
                button = element.download_button
                if button.deferred_file_id:
                    self.downloads[button.label] = button.deferred_file_id
            if element is not None and element.WhichOneof("type") == "exception":
                raise RuntimeError(f"the page raised: {element.exception.message[:200]}")
            if kind == "script_finished":
                return map_id, cached

    async def _read_answers(self) -> None:
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.ws.recv())
            if message.WhichOneof("type") == "backend_operation_response":
                answer = message.backend_operation_response
                future = self._answers.pop(answer.request_id, None)
                if future is not None and not future.done():
                    future.set_result(answer)

    async def download(self, label: str) -> dict:
        """Press the deferred download ``label``: seconds until its bytes arrived, their size, or the error."""
        start = time.monotonic()
        request = BackMsg()
        operation = request.backend_operation_request
        operation.request_id, operation.session_id = str(uuid.uuid4()), self.session_id
        operation.deferred_file.file_id = self.downloads[label]
        answer = self._answers[operation.request_id] = asyncio.get_running_loop().create_future()
        await self.ws.send(request.SerializeToString())
        try:
            async with asyncio.timeout(TIMEOUT):
                response = await answer
        except TimeoutError:
            return {"label": label, "seconds": time.monotonic() - start, "bytes": 0, "error": NO_ANSWER}
        if response.error_msg:
            return {"label": label, "seconds": time.monotonic() - start, "bytes": 0, "error": response.error_msg}
        url = response.deferred_file.url
        data = await asyncio.to_thread(_get, self.base_url + ("" if url.startswith("/") else "/") + url)
        return {"label": label, "seconds": time.monotonic() - start, "bytes": len(data), "error": None}


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.read()


async def animations_and_a_csv(base_url: str, animations: int = 6, head_start_s: float = 1.0) -> dict:
    """``animations`` visitors each ask for the animation of a distinct view; ``head_start_s`` later another
    visitor asks for the CSV of the default view. The CSV's seconds, and each animation's outcome."""
    if animations > len(ANIMATION_DATES):
        raise ValueError(f"at most {len(ANIMATION_DATES)} distinct animations")
    visitors = [Visitor(base_url, f"as_of={day}") for day in ANIMATION_DATES[:animations]]
    other = Visitor(base_url, "")
    async with contextlib.AsyncExitStack() as stack:
        for visitor in [*visitors, other]:  # one after the other: the pages are not what is measured
            await stack.enter_async_context(visitor)
        baseline = await other.download(CSV)
        begun = time.monotonic()
        pressed = [asyncio.create_task(v.download(ANIMATION)) for v in visitors]
        await asyncio.sleep(head_start_s)
        csv = await other.download(CSV)
        results = await asyncio.gather(*pressed)
    return {"csv_alone_s": baseline["seconds"], "csv_s": csv["seconds"], "csv_bytes": csv["bytes"],
            "csv_error": csv["error"], "animations": len(results),
            "animations_made": sum(r["error"] is None for r in results),
            "animations_refused": sum(r["error"] not in (None, NO_ANSWER) for r in results),
            "animations_unanswered": sum(r["error"] == NO_ANSWER for r in results),
            "refused_within_s": max([r["seconds"] for r in results if r["error"] not in (None, NO_ANSWER)] or [0.0]),
            "all_answered_s": time.monotonic() - begun}


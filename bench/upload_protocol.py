"""Uploads at the protocol level: a websocket session that uploads files as a browser does, and the
bytes each rerun costs. ``python -m bench.upload_protocol URL`` prints them for the wide-CSV case.

A session opens the page (``bench.protocol``'s requests: the first run, then the map's report that it
drew, which adds the sidebar and its file uploader), asks the server for an upload URL per file (a
``file_urls_request`` on the websocket, as the browser's uploader does), PUTs each file to the URL it
answered, ``/_stcore/upload_file/<session>/<file id>`` (multipart, with the XSRF cookie and header a
browser sends), then asks for a rerun with the uploader's state naming the files, and reads to
``script_finished``: the bytes of that run, and of one more rerun with the same state (what a toggle
or any later rerun costs while the upload is there). Loopback only; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import urllib.error
import urllib.request
import uuid

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.protocol import _stream_url
from shieldmap.ui.map_frame import DRAWN

TIMEOUT = 180.0


def wide_csv(columns: int = 499, rows: int = 1000) -> tuple[str, bytes]:
    """A 2.4 MB CSV of 499 columns (lat, lon and 497 text columns) and 1,000 rows: inside every limit."""
    names = ["lat", "lon"] + [f"column_{i}" for i in range(columns - 2)]
    lines = [",".join(names)] + [f"{50 + r / 1000:.3f},{10 + r / 1000:.3f}," +
                                 ",".join(f"va{r % 97:02d}" for _ in range(columns - 2)) for r in range(rows)]
    return "wide.csv", ("\n".join(lines) + "\n").encode()


def _xsrf(base_url: str, cookie: str | None) -> str:
    """The XSRF token Streamlit sets as a cookie on /_stcore/health (a browser's page gets it the same way)."""
    request = urllib.request.Request(base_url + "/_stcore/health", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=60) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "_streamlit_xsrf":
                return rest.split(";", 1)[0]
    return ""


def _put(base_url: str, session_id: str, file_id: str, name: str, data: bytes, token: str,
         cookie: str | None = None) -> int:
    """One upload as the browser sends it: the HTTP status (0 when the server closed the connection unanswered)."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    cookies = "; ".join(filter(None, [cookie, f"_streamlit_xsrf={token}"]))
    request = urllib.request.Request(f"{base_url}/_stcore/upload_file/{session_id}/{file_id}", data=body,
                                     method="PUT", headers={"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                            "X-Xsrftoken": token, "Cookie": cookies})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (ConnectionError, urllib.error.URLError):
        return 0


class Session:
    """One visitor's websocket session (use ``async with``)."""

    def __init__(self, base_url: str, cookie: str | None = None, query: str = ""):
        """``cookie`` (``name=value``) goes with the websocket and every upload (nginx's sticky session);
        ``query``: the page's URL query (``lang=ru``, ``path=...``)."""
        self.base_url, self.cookie, self.token, self.query = base_url, cookie, None, query
        self.session_id = self.map_id = self.uploader_id = None
        self.cached: set[str] = set()
        self.files: list[tuple[str, str, int]] = []  # (file id, name, size)
        self.checkboxes: dict[str, tuple[str, bool]] = {}  # label -> (widget id, value)
        self.requests = 0  # file_urls_request ids sent

    async def __aenter__(self):
        self.ws = await websockets.connect(_stream_url(self.base_url), subprotocols=["streamlit"], max_size=None,
                                           open_timeout=TIMEOUT, ping_interval=None,
                                           additional_headers={"Cookie": self.cookie} if self.cookie else None)
        await self.run()  # the map first
        await self.run()  # the map's report that it drew: the sidebar, with the file uploader
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    def _request(self) -> bytes:
        request = BackMsg()
        request.rerun_script.query_string = self.query
        request.rerun_script.page_script_hash = ""
        request.rerun_script.cached_message_hashes.extend(sorted(self.cached))
        if self.map_id:
            widget = request.rerun_script.widget_states.widgets.add()
            widget.id, widget.json_value = self.map_id, json.dumps({DRAWN: True})
        for widget_id, value in self.checkboxes.values():
            widget = request.rerun_script.widget_states.widgets.add()
            widget.id, widget.bool_value = widget_id, value
        if self.uploader_id and self.files:
            widget = request.rerun_script.widget_states.widgets.add()
            widget.id = self.uploader_id
            for file_id, name, size in self.files:
                info = widget.file_uploader_state_value.uploaded_file_info.add()
                info.file_id, info.name, info.size = file_id, name, size
        return request.SerializeToString()

    async def run(self) -> dict:
        """One rerun with the current state: bytes received, seconds, and the texts of alerts (``errors``; ``notes``
        for the informative ones, such as "waiting for the reader") and checkbox labels."""
        start, received, errors, labels, notes = time.monotonic(), 0, [], [], []
        await self.ws.send(self._request())
        async with asyncio.timeout(TIMEOUT):
            while True:
                data = await self.ws.recv()
                received += len(data)
                message = ForwardMsg()
                message.ParseFromString(data)
                kind = message.WhichOneof("type")
                if message.metadata.cacheable:
                    self.cached.add(message.hash)
                if kind == "new_session":
                    self.session_id = message.new_session.initialize.session_id
                element = message.delta.new_element if kind == "delta" else None
                if element is not None:
                    which = element.WhichOneof("type")
                    if which == "component_instance":
                        self.map_id = element.component_instance.id
                    elif which == "file_uploader":
                        self.uploader_id = element.file_uploader.id
                    elif which == "alert" and element.alert.format == Alert.INFO:
                        notes.append(element.alert.body)
                    elif which == "alert":
                        errors.append(element.alert.body)
                    elif which == "exception":
                        errors.append("exception: " + element.exception.message)
                    elif which == "checkbox":
                        labels.append(element.checkbox.label)
                        known = self.checkboxes.get(element.checkbox.label)
                        self.checkboxes[element.checkbox.label] = (element.checkbox.id, known[1] if known else
                                                                   element.checkbox.default)
                if kind == "script_finished":
                    return {"bytes": received, "seconds": time.monotonic() - start, "errors": errors, "labels": labels,
                            "notes": notes}

    async def upload_urls(self, names: list[str]) -> list[str]:
        """The file ids the server issues for ``names`` (a ``file_urls_request``, answered on the websocket
        by a ``file_urls_response``: what the browser's uploader asks before it PUTs a file)."""
        self.requests += 1
        request = BackMsg()
        request.file_urls_request.request_id = str(self.requests)
        request.file_urls_request.session_id = self.session_id
        request.file_urls_request.file_names.extend(names)
        await self.ws.send(request.SerializeToString())
        async with asyncio.timeout(TIMEOUT):
            while True:
                message = ForwardMsg()
                message.ParseFromString(await self.ws.recv())
                if (message.WhichOneof("type") == "file_urls_response"
                        and message.file_urls_response.response_id == str(self.requests)):
                    return [urls.file_id for urls in message.file_urls_response.file_urls]

    async def clear_cache(self) -> None:
        """Send ``clear_cache`` (Streamlit's "Clear cache"), then a heartbeat, and wait for its answer: the
        server handles a websocket's messages in order, so the first has been handled when it comes."""
        for field in ("clear_cache", "app_heartbeat"):
            request = BackMsg()
            setattr(request, field, True)
            await self.ws.send(request.SerializeToString())
        async with asyncio.timeout(TIMEOUT):
            while True:
                message = ForwardMsg()
                message.ParseFromString(await self.ws.recv())
                if message.WhichOneof("type") == "heartbeat_ack":
                    return

    async def put(self, file_id: str, name: str, data: bytes) -> int:
        """PUT one file under ``file_id`` in this session: the HTTP status."""
        if self.token is None:
            self.token = await asyncio.to_thread(_xsrf, self.base_url, self.cookie)
        return await asyncio.to_thread(_put, self.base_url, self.session_id, file_id, name, data, self.token,
                                       self.cookie)

    def toggle(self, text: str) -> None:
        """Switch the checkbox whose label contains ``text`` (sent with the next rerun)."""
        label = next(label for label in self.checkboxes if text in label)
        widget_id, value = self.checkboxes[label]
        self.checkboxes[label] = (widget_id, not value)

    async def upload(self, files: list[tuple[str, bytes]]) -> dict:
        """Ask for upload URLs and PUT the files (as the browser does), then the rerun that reads them."""
        await self.put_files(files)
        return await self.run()

    async def put_files(self, files: list[tuple[str, bytes]]) -> None:
        """Ask for upload URLs and PUT the files as the browser does (the next rerun's uploader state names them)."""
        for file_id, (name, data) in zip(await self.upload_urls([name for name, _ in files]), files, strict=True):
            status = await self.put(file_id, name, data)
            if status != 204:
                raise RuntimeError(f"upload of {name} answered HTTP {status}")
            self.files.append((file_id, name, len(data)))


async def rerun_bytes(base_url: str, files: list[tuple[str, bytes]]) -> dict:
    """The bytes of a rerun that switches a layer on, without uploads; of the rerun that reads ``files``;
    and of a rerun that switches the layer off again with them uploaded (the map changes, so it is sent)."""
    async with Session(base_url) as session:
        session.toggle("NATO members")
        plain = await session.run()
        first = await session.upload(files)
        session.toggle("NATO members")
        again = await session.run()
    return {"toggle_without_upload": plain["bytes"], "upload_run": first["bytes"], "toggle_with_upload": again["bytes"],
            "errors": first["errors"] + again["errors"], "labels": again["labels"]}


def tiny(session: int, n: int) -> tuple[str, bytes]:
    """Session ``session``'s ``n``-th tiny valid file (0: a CSV point, 1: a GeoJSON point, 2: a WKT polygon)."""
    if n == 0:
        return f"points_{session}.csv", f"name,lat,lon\ns{session},{50 + session / 100},10\n".encode()
    if n == 1:
        feature = {"type": "Feature", "properties": {"name": f"s{session}"},
                   "geometry": {"type": "Point", "coordinates": [11, 50 + session / 100]}}
        return f"sites_{session}.geojson", json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    return f"area_{session}.csv", f'name,wkt\na{session},"POLYGON((10 50,11 50,11 51,10 50))"\n'.encode()


async def bystander_waits(base_url: str, stop: asyncio.Event, waits: list[float]) -> None:
    """Another visitor toggling a layer, rerun after rerun, until ``stop`` (at least once): each rerun's seconds."""
    async with Session(base_url) as other:
        await other.run()
        while True:
            other.toggle("NATO members")
            waits.append((await other.run())["seconds"])
            if stop.is_set():
                return


async def quiet_waits(base_url: str, reruns: int = 9) -> list[float]:
    """The same visitor's reruns with nothing else going on: the reference for :func:`crowd_beside`."""
    stop, waits = asyncio.Event(), []
    watcher = asyncio.create_task(bystander_waits(base_url, stop, waits))
    while len(waits) < reruns and not watcher.done():
        await asyncio.sleep(0.05)
    stop.set()
    await watcher
    return waits


async def crowd_beside(base_url: str, sessions: int = 20) -> dict:
    """``sessions`` visitors uploading 3 tiny files each (:func:`tiny`) at once, while another visitor reruns:
    ``runs`` (each visitor's files and its run that read them), ``waits`` (the other visitor's reruns), ``wall_s``."""
    async def one(session: int):
        files = [tiny(session, n) for n in range(3)]
        async with Session(base_url) as visitor:
            return files, await visitor.upload(files)

    stop, waits, start = asyncio.Event(), [], time.monotonic()
    watcher = asyncio.create_task(bystander_waits(base_url, stop, waits))
    await asyncio.sleep(0)
    try:
        runs = await asyncio.gather(*(one(s) for s in range(sessions)))
    finally:
        stop.set()
        await watcher
    return {"runs": runs, "waits": waits, "wall_s": time.monotonic() - start}


async def upload_to_shown(base_url: str, files: int = 5) -> dict:
    """One visitor's reruns that read a new one-point GeoJSON file (the upload's PUT and the rerun that shows it)
    beside the same visitor's layer toggles: seconds each."""
    uploads, toggles = [], []
    async with Session(base_url) as visitor:
        for i in range(files):
            visitor.toggle("NATO members")
            toggles.append((await visitor.run())["seconds"])
            start = time.monotonic()
            await visitor.upload([tiny(100 + i, 1)])
            uploads.append(time.monotonic() - start)
    return {"upload_s": uploads, "toggle_s": toggles}


async def crowd(base_url: str, sessions: int, files: list[tuple[str, bytes]]) -> list[dict]:
    """``sessions`` visitors uploading ``files`` at once; each one's run with them."""
    async def one():
        async with Session(base_url) as session:
            return await session.upload(files)
    return await asyncio.gather(*(one() for _ in range(sessions)))


if __name__ == "__main__":
    result = asyncio.run(rerun_bytes(sys.argv[1], [wide_csv()]))
    print(json.dumps({k: v for k, v in result.items() if k != "labels"}, indent=1))

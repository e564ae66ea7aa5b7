"""Serving cost at the protocol level: no browser, a websocket client speaking Streamlit's protocol.

Each visitor opens ``ws://HOST/_stcore/stream`` (subprotocol ``streamlit``), sends
a ``BackMsg`` whose ``rerun_script.query_string`` carries the URL state, and reads
``ForwardMsg``s until ``script_finished`` (then, for the app, the map's report that it
drew, and the second run it starts, to its end). With ``files`` (a browser's first
visit, issue 25) it also fetches, between the two runs and as a browser does, every
file the page asks the app for: the map component's page and the scripts it loads,
then each ``/app/static/...`` file named in the map's arguments (Leaflet, the basemap,
the layer files), over keep-alive HTTP/1.1 connections with ``Accept-Encoding: gzip,
deflate, br``. Streamlit's own bundle (``/static/...``, the same for every app) is left
out on both sides. Every loop is bounded (a timeout per visitor, a fixed number of
visitors); loopback only.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from shieldmap.ui.map_frame import DRAWN

TIMEOUT = 240  # seconds one visitor may wait, 100 at once included
CONNECTIONS = 4  # parallel keep-alive connections for the map's files (a browser opens up to 6)
MAP_FILE = re.compile(r"/app/static/[A-Za-z0-9_./-]+")
PAGE_ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="\.?/?([^":]+)"')


def process_usage(pid: int) -> dict:
    """CPU seconds so far (utime + stime from /proc/PID/stat) and VmRSS in bytes of one process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    rss = next(int(line.split()[1]) * 1024 for line in Path(f"/proc/{pid}/status").read_text().splitlines()
               if line.startswith("VmRSS:"))
    return {"cpu_s": (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), "rss_bytes": rss}


def _stream_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise ValueError(f"the load test talks to loopback servers only, not {base_url!r}")
    return f"ws://{parts.netloc}/_stcore/stream"


def _rerun(query: str, map_id: str | None = None, cached: set[str] = frozenset()) -> bytes:
    """A ``rerun_script`` request for the page at ``query``. With ``map_id``: the rerun a browser asks
    for when the map reports that it drew (the component's new value), with (as Streamlit's front end
    does) the hashes of the cacheable messages it holds, which the server sends as references."""
    request = BackMsg()
    request.rerun_script.query_string = query.lstrip("?")
    request.rerun_script.page_script_hash = ""
    request.rerun_script.cached_message_hashes.extend(sorted(cached))
    if map_id is not None:
        widget = request.rerun_script.widget_states.widgets.add()
        widget.id, widget.json_value = map_id, json.dumps({DRAWN: True})
    return request.SerializeToString()


async def _http_get(reader, writer, host: str, path: str) -> tuple[int, int]:
    """One GET on a keep-alive connection: (status, body bytes as sent)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip, deflate, br\r\n"
                 "Connection: keep-alive\r\n\r\n".encode())
    await writer.drain()
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
    if "content-length" in headers:
        return int(head[0].split()[1]), len(await reader.readexactly(int(headers["content-length"])))
    if headers.get("transfer-encoding") == "chunked":
        size = 0
        while (chunk := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)):
            size += len(await reader.readexactly(chunk + 2)) - 2
        await reader.readuntil(b"\r\n")
        return int(head[0].split()[1]), size
    raise ValueError(f"{path}: no Content-Length, not chunked")


async def _fetch(base_url: str, paths: list[str], connections: int = CONNECTIONS) -> dict:
    """GET each path over up to ``connections`` keep-alive connections; files, bytes, failures."""
    parts = urlsplit(base_url)
    queue = list(paths)
    result = {"files": 0, "bytes": 0, "failed": []}

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            while queue:
                path = queue.pop(0)
                status, size = await _http_get(reader, writer, parts.netloc, path)
                result["files"] += 1
                result["bytes"] += size
                if status != 200:
                    result["failed"].append(f"{status} {path}")
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(min(connections, len(paths)))))
    return result


async def page_files(base_url: str, component: str, args: str) -> dict:
    """What a browser fetches from the app for a map component: the component's page, the scripts and
    styles it names, then every ``/app/static/...`` file in the map's arguments."""
    parts = urlsplit(base_url)
    page = f"/component/{component}/index.html?streamlitUrl={parts.scheme}%3A%2F%2F{parts.netloc}%2F"
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:  # the page, read in full, for the files it names
        writer.write(f"GET {page} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        text = (await reader.read()).decode("utf-8", "replace")
    finally:
        writer.close()
    named = [f"/component/{component}/{asset}" for asset in PAGE_ASSET.findall(text.partition("\r\n\r\n")[2])]
    fetched = await _fetch(base_url, [*named, *dict.fromkeys(MAP_FILE.findall(args))])
    fetched["files"] += 1
    fetched["bytes"] += len(text.encode()) - len(text.partition("\r\n\r\n")[0]) - 4
    if not text.startswith("HTTP/1.1 200"):
        fetched["failed"].append(f"{text[:12]!r} {page}")
    return fetched


async def visit(base_url: str, query: str = "", timeout: float = TIMEOUT, files: bool = False) -> dict:
    """One new visitor: connect, ask for the page at ``query``, read until the script has finished.

    As a browser does: when the page has a map (the app), the map's report that it drew follows the
    first run, and the run it starts (which adds the controls) is read to its end too. With ``files``,
    the files the page fetches from the app (:func:`page_files`) are fetched after the first run.

    Returns ``wait_s`` (connect to ``script_finished``), ``bytes`` and ``frames`` received, ``files`` and
    ``file_bytes`` fetched, and ``failure`` (None, or why: a timeout, an exception element, a closed
    socket, a file not answered 200).
    """
    start = time.monotonic()
    received = frames = 0
    failure = None
    fetched = {"files": 0, "bytes": 0, "failed": []}
    component = None
    try:
        async with asyncio.timeout(timeout):
            async with websockets.connect(_stream_url(base_url), subprotocols=["streamlit"], max_size=None,
                                          open_timeout=timeout, ping_interval=None) as ws:
                await ws.send(_rerun(query))
                map_id, runs, cached = None, 0, set()
                while True:
                    data = await ws.recv()
                    received += len(data)
                    frames += 1
                    message = ForwardMsg()
                    message.ParseFromString(data)
                    kind = message.WhichOneof("type")
                    if message.metadata.cacheable:
                        cached.add(message.hash)
                    element = message.delta.new_element if kind == "delta" else None
                    if element is not None and element.WhichOneof("type") == "exception":
                        failure = failure or f"exception: {element.exception.message[:200]}"
                    if element is not None and element.WhichOneof("type") == "component_instance":
                        map_id = element.component_instance.id
                        component = (element.component_instance.component_name, element.component_instance.json_args)
                    if kind == "script_finished":
                        runs += 1
                        if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                            failure = failure or f"script finished with status {message.script_finished}"
                        if runs == 1 and files and component:  # the map's files, then it draws
                            fetched = await page_files(base_url, *component)
                            if fetched["failed"]:
                                failure = failure or f"files: {fetched['failed'][:3]}"
                        if runs == 1 and map_id:  # what the map sends once it has drawn (app.py)
                            await ws.send(_rerun(query, map_id, cached))
                            continue
                        break
    except TimeoutError:
        failure = f"no script_finished within {timeout:g} s"
    except (OSError, ValueError, asyncio.IncompleteReadError, websockets.WebSocketException) as exc:
        failure = f"{type(exc).__name__}: {exc}"
    return {"wait_s": time.monotonic() - start, "bytes": received, "frames": frames, "failure": failure,
            "files": fetched["files"], "file_bytes": fetched["bytes"]}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _per_visitor(visits: list[dict]) -> dict:
    return {"bytes_per_visitor": statistics.median(v["bytes"] for v in visits),
            "files_per_visitor": statistics.median(v["files"] for v in visits),
            "file_bytes_per_visitor": statistics.median(v["file_bytes"] for v in visits)}


async def crowd(base_url: str, pid: int, count: int, query: str = "", timeout: float = TIMEOUT,
                files: bool = True) -> dict:
    """``count`` new visitors arriving at once; the server's CPU and RSS before and after."""
    before = process_usage(pid)
    start = time.monotonic()
    visits = await asyncio.gather(*(visit(base_url, query, timeout, files) for _ in range(count)))
    wall = time.monotonic() - start
    after = process_usage(pid)
    waits = [v["wait_s"] for v in visits]
    failures = [v["failure"] for v in visits if v["failure"]]
    return {"visitors": count, "files": files, "failed": len(failures), "failures": failures[:5], "wall_s": wall,
            "visitors_per_s": count / wall, "p50_s": statistics.median(waits), "p95_s": _percentile(waits, 0.95),
            "max_s": max(waits), "cpu_per_visitor_s": (after["cpu_s"] - before["cpu_s"]) / count,
            **_per_visitor(visits), "rss_before_bytes": before["rss_bytes"], "rss_after_bytes": after["rss_bytes"]}


async def one_by_one(servers: dict[str, tuple[str, int]], count: int, query: str = "", timeout: float = TIMEOUT,
                     files: bool = False) -> dict:
    """``count`` new visitors per server, one after the other, the servers taking turns visitor by visitor
    (so the machine's noise hits them alike): each server's CPU per visitor without queueing."""
    visits: dict[str, list] = {name: [] for name in servers}
    cpu = dict.fromkeys(servers, 0.0)
    for _ in range(count):
        for name, (url, pid) in servers.items():
            before = process_usage(pid)["cpu_s"]
            visits[name].append(await visit(url, query, timeout, files))
            cpu[name] += process_usage(pid)["cpu_s"] - before
    return {name: {"visitors": count, "files": files, "failed": sum(bool(v["failure"]) for v in done),
                   "failures": [v["failure"] for v in done if v["failure"]][:5],
                   "wait_median_s": statistics.median(v["wait_s"] for v in done),
                   "cpu_per_visitor_s": cpu[name] / count, **_per_visitor(done),
                   "frames_per_visitor": statistics.median(v["frames"] for v in done)} for name, done in visits.items()}


async def compare(servers: dict[str, tuple[str, int]], sequential: int = 20, crowds: tuple[int, ...] = (40, 100),
                  query: str = "") -> dict:
    """Each server (name -> (base URL, pid)) under the same steps, interleaved step by step so
    that the machine's noise hits them alike: warm-up (with the files), ``sequential`` visitors one
    by one on the websocket only (``one_by_one``) and with the page's files (``one_by_one_files``), then
    the first crowd with the files (``at_once_40``), 40 at once on the websocket only
    (``at_once_40_socket``), then the other crowds with the files (``at_once_N``). Sessions are held for
    ``server.disconnectedSessionTTL`` after they close, and the collection after every script run scans
    each held session's objects, so a step's cost depends on the steps before it: the budget's crowd
    comes first. RSS growth is from after the warm-up to after the last crowd."""
    result: dict = {name: {} for name in servers}
    warm: dict[str, dict] = {}
    for name, (url, pid) in servers.items():
        for _ in range(3):
            await visit(url, query, files=True)
        warm[name] = process_usage(pid)
    for files, key in ((False, "one_by_one"), (True, "one_by_one_files")):
        for name, figures in (await one_by_one(servers, sequential, query, files=files)).items():
            result[name][key] = figures
    steps = [(crowds[0], True, f"at_once_{crowds[0]}"), (40, False, "at_once_40_socket"),
             *((n, True, f"at_once_{n}") for n in crowds[1:])]
    for count, files, key in steps:
        for name, (url, pid) in servers.items():
            result[name][key] = await crowd(url, pid, count, query, files=files)
    for name, (_, pid) in servers.items():
        result[name]["rss_warm_bytes"] = warm[name]["rss_bytes"]
        result[name]["rss_growth_bytes"] = process_usage(pid)["rss_bytes"] - warm[name]["rss_bytes"]
    return result

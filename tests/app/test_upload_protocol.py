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
from deploy.harness import running_app


@pytest.fixture(scope="module")
def app_server():
    with running_app() as url:
        yield url


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


def test_twenty_sessions_uploading_three_files_at_once(app_server):
    sessions = 20
    start = time.monotonic()

    async def crowd():
        async def one(session: int):
            files = [_tiny(session, n) for n in range(3)]
            async with upload_protocol.Session(app_server) as visitor:
                return files, await visitor.upload(files)
        return await asyncio.gather(*(one(s) for s in range(sessions)))

    runs = asyncio.run(crowd())
    wall = time.monotonic() - start
    read = 0
    for files, run in runs:
        assert run["errors"] == [], run["errors"]
        for name, _ in files:
            shown = name.replace(".", "\\.").replace("_", "\\_")
            assert any(shown + " (1)" in label for label in run["labels"]), (name, run["labels"])
            read += 1
    print(f"{sessions} sessions x 3 files at once: {read} read in {wall:.1f} s")
    assert read == sessions * 3
    with urllib.request.urlopen(app_server + "/_stcore/health", timeout=30) as response:
        assert response.status == 200

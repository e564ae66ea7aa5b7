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


def _rss(pid: int) -> int:
    return process_usage(pid)["rss_bytes"]


def test_twenty_sessions_uploading_three_files_at_once(app_server, app_process):
    """The red team's load (issue 26): 20 sessions x 3 files at once. Every tiny valid file is read, the
    server stays up, another visitor is served meanwhile, and the memory the crowd took returns within 120 s of
    its sessions closing. How long the other visitor waits depends on the machine's load: ``make bench``
    measures it against the same visitor's reruns alone (bench/uploads.py)."""
    sessions, pid = 20, app_process.process.pid
    asyncio.run(_warm(app_server))
    before = _rss(pid)
    crowd = asyncio.run(upload_protocol.crowd_beside(app_server, sessions))
    read = 0
    for files, run in crowd["runs"]:
        assert run["errors"] == [], run["errors"]
        for name, _ in files:
            shown = name.replace(".", "\\.").replace("_", "\\_")
            assert any(shown + " (1)" in label for label in run["labels"]), (name, run["labels"])
            read += 1
    peak, waits = _rss(pid), crowd["waits"]
    print(f"{sessions} sessions x 3 files at once: {read} read in {crowd['wall_s']:.1f} s; the other visitor's reruns: "
          f"{len(waits)}, max {max(waits):.2f} s; RSS {before / 2**20:.0f} -> {peak / 2**20:.0f} MiB")
    assert read == sessions * 3
    assert waits  # the other visitor's reruns were answered, during the crowd or right after it
    with urllib.request.urlopen(app_server + "/_stcore/health", timeout=30) as response:
        assert response.status == 200
    deadline, after = time.monotonic() + 120, _rss(pid)
    while after > before + 50 * 2**20 and time.monotonic() < deadline:  # sessions closed: their memory goes
        time.sleep(2)  # polling the server's RSS until it is back, or the deadline fails the test
        after = _rss(pid)
    print(f"RSS {after / 2**20:.0f} MiB {120 - max(0.0, deadline - time.monotonic()):.0f} s after the sessions closed")
    assert after <= before + 50 * 2**20, (before, peak, after)


async def _warm(base_url: str) -> None:
    """One visitor first, so the RSS baseline has the app's caches (the layers of the default view)."""
    async with upload_protocol.Session(base_url) as visitor:
        await visitor.run()

"""A visitor whose file waits for the upload readers (issue 36.3) sees that it waits, and where, not a page
stalled without words; the file is read in its turn and drawn."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bench.upload_load import readers
from bench.upload_protocol import Session
from deploy import harness
from hostile_files import gpkg_view
from pages import ARTIFACTS, MISSION, drawn, open_app, require_chromium, wait_for_counts

SESSIONS, FILES = 6, 3  # 18 GeoPackage views of ~370 MB a read: the pool (2 here) is full for seconds


@pytest.fixture(scope="module")
def app():
    require_chromium()
    with harness.apps(1, ARTIFACTS) as (started,):
        yield started


def _load(url: str) -> None:
    async def one(s: int):
        async with Session(url) as session:
            await session.upload([gpkg_view(tag=700 + 10 * s + i) for i in range(FILES)])

    async def every():
        await asyncio.gather(*(one(s) for s in range(SESSIONS)))

    asyncio.run(every())


def test_a_queued_file_says_it_waits_then_is_drawn(page, app, tmp_path):
    frame = open_app(page, app.url)
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    load = threading.Thread(target=_load, args=(app.url,), daemon=True)
    load.start()
    deadline = time.monotonic() + 60
    while readers(app.process.pid) < 2:  # every reader busy: the next file waits
        assert time.monotonic() < deadline, "the other visitors' files never filled the readers"
        time.sleep(0.02)
    mine = tmp_path / "queued.csv"
    mine.write_text("name,lat,lon\nqueued,50.5,10.5\n")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files([str(mine)])
    note = page.locator("[data-testid=stAlertContentInfo]", has_text="Waiting for the reader")
    note.first.wait_for(timeout=30_000)
    text = note.first.inner_text()
    assert "your file is number" in text and "in the queue" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "upload-queue.png"))
    counts = wait_for_counts(frame, lambda c: drawn(c).get("user_queued") == 1, timeout=120)
    assert drawn(counts)["user_queued"] == 1
    note.first.wait_for(state="detached", timeout=10_000)  # the note goes once the file is read
    load.join(timeout=180)
    assert not load.is_alive()

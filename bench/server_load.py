"""The red team's loads of issue 36 (points 1 and 5) at the protocol level: ``python -m bench.run server_load``
prints the figures and writes bench/results/server_load.json.

The app is started as in production (``deploy.harness``) and warmed by one visitor; its RSS then is the
idle figure. Each load runs while the server's RSS is sampled every 0.1 s (the peak) and ends with the
RSS 10 s after it (``after``):

- ``uploads_made_up_ids``: one visitor PUTs 200 files of 5 MiB under ids it made up (the red team's load);
- ``uploads_issued_ids``: one visitor asks for an upload URL before each of 200 PUTs of 5 MiB, as a
  browser's uploader does (so every id is one the server issued);
- ``uploads_ten_sessions``: ten visitors at once, each asking for an id before each of 20 PUTs of 5 MiB
  (what no single session's bound stops: the bound on all sessions does);
- ``clear_cache``: one visitor sends ``clear_cache`` 5 times a second while another, 3 engagement paths
  drawn, switches a layer on and off, rerun after rerun, for 30 s: the other's rerun times.

Each figure is printed with the budget of issue 36: within 300 MB of the idle RSS, the other's reruns under
2 s. Loopback only; every wait bounded (``bench.upload_protocol.TIMEOUT``).
"""

from __future__ import annotations

import asyncio
import collections
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

from bench import upload_protocol
from bench.protocol import process_usage

MB = 1_000_000
PUTS = 200
FILE_BYTES = 5 * 2**20
CLEARS_PER_S = 5
CLEAR_SECONDS = 30.0
THREE_PATHS = "path=tehran>washington;semnan>berlin;kozelsk>london"
SETTLE_S = 10.0
RSS_BUDGET = 300 * MB
RERUN_BUDGET_S = 2.0


async def _sampled(pid: int, load) -> dict:
    """Run ``load()`` while sampling the server's RSS: idle (before), peak, after (``SETTLE_S`` later)."""
    idle, peak, done = process_usage(pid)["rss_bytes"], [0], asyncio.Event()

    async def sample():
        while not done.is_set():
            peak[0] = max(peak[0], process_usage(pid)["rss_bytes"])
            await asyncio.sleep(0.1)

    sampler = asyncio.create_task(sample())
    start = time.monotonic()
    try:
        figures = await load()
    finally:
        done.set()
        await sampler
    wall = time.monotonic() - start
    await asyncio.sleep(SETTLE_S)  # what stays after the load (a measurement, not a synchronisation)
    after = process_usage(pid)["rss_bytes"]
    return {**figures, "wall_s": round(wall, 2), "rss_idle_mb": round(idle / MB), "rss_peak_mb": round(peak[0] / MB),
            "rss_after_mb": round(after / MB), "peak_over_idle_mb": round((peak[0] - idle) / MB),
            "within_budget": peak[0] - idle <= RSS_BUDGET}


async def uploads(base_url: str, issued: bool, sessions: int = 1, puts: int = PUTS) -> dict:
    """``sessions`` visitors at once, each with ``puts`` uploads of ``FILE_BYTES``: how many each status answered."""
    data, statuses = b"x" * FILE_BYTES, collections.Counter()

    async def one():
        async with upload_protocol.Session(base_url) as visitor:
            for n in range(puts):
                name = f"f{n}.csv"
                file_id = (await visitor.upload_urls([name]))[0] if issued else str(uuid.uuid4())
                statuses[str(await visitor.put(file_id, name, data))] += 1
            await visitor.run()  # the session still open: what it holds is still held

    await asyncio.gather(*(one() for _ in range(sessions)))
    return {"sessions": sessions, "puts": sessions * puts, "file_bytes": FILE_BYTES, "statuses": dict(statuses)}


async def clear_cache(base_url: str) -> dict:
    """A visitor sending ``clear_cache`` ``CLEARS_PER_S`` a second while another, three paths drawn, reruns."""
    async with upload_protocol.Session(base_url, query=THREE_PATHS) as other:
        await other.run()
        async with upload_protocol.Session(base_url) as visitor:
            stop, sent = asyncio.Event(), [0]

            async def clear():
                while not stop.is_set():
                    await visitor.clear_cache()
                    sent[0] += 1
                    await asyncio.sleep(1 / CLEARS_PER_S)

            clearing = asyncio.create_task(clear())
            waits, errors, end = [], [], time.monotonic() + CLEAR_SECONDS
            try:
                while time.monotonic() < end:
                    other.toggle("NATO members")
                    run = await other.run()
                    waits.append(run["seconds"])
                    errors += run["errors"]
            finally:
                stop.set()
                await clearing
    return {"clears_sent": sent[0], "reruns": len(waits), "rerun_median_s": round(statistics.median(waits), 3),
            "rerun_max_s": round(max(waits), 3), "errors": errors[:3],
            "reruns_within_budget": max(waits) < RERUN_BUDGET_S}


async def measure(base_url: str, pid: int) -> dict:
    async with upload_protocol.Session(base_url, query=THREE_PATHS) as warm:  # the caches of the views used
        await warm.run()
    result = {}
    for name, load in (("uploads_made_up_ids", lambda: uploads(base_url, False)),
                       ("uploads_issued_ids", lambda: uploads(base_url, True)),
                       ("uploads_ten_sessions", lambda: uploads(base_url, True, sessions=10, puts=20)),
                       ("clear_cache", lambda: clear_cache(base_url))):
        print(f"bench: {name} ...", flush=True)
        result[name] = await _sampled(pid, load)
        print(json.dumps(result[name]), flush=True)
    return result


def main(argv: list[str]) -> int:
    """``python -m bench.run server_load``: the loads against the app served from this checkout."""
    from bench.run import RESULTS
    from deploy import harness

    if argv:
        print(f"python -m bench.run server_load: takes no arguments, not {' '.join(argv)}", file=sys.stderr)
        return 2
    RESULTS.mkdir(exist_ok=True)
    with harness.apps(1, RESULTS) as (app,):
        figures = asyncio.run(measure(app.url, app.process.pid))
    path = Path(RESULTS) / "server_load.json"
    path.write_text(json.dumps(figures, indent=1) + "\n")
    print(f"bench: wrote {path.relative_to(Path(RESULTS).parent.parent)}")
    return 0

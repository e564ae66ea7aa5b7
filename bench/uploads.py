"""The upload path's timings, as ratios to a reference measured in the same run (``python -m bench.run uploads``,
and a step of ``make bench``). The tests check what uploads do (every file read, the server up, the memory
returned, the point drawn); how long they take depends on the machine's load, so it is measured here, each figure
against one the same load slows alike:

- a one-point file read in the worker (the fork server's child, which lowers its CPU priority by
  ``forkserver.NICENESS``) against the same read in a process of that priority with the readers imported: what
  the isolation costs (before the fork server, a new interpreter per file made it seconds);
- another visitor's reruns while 20 sessions upload 3 files each, against the same visitor's reruns alone;
- the rerun that reads and shows a new one-point file against a layer toggle's rerun of the same session (the
  server's part of "drawn within a second of choosing it": a toggle's rerun took about 50 ms, hence 20x).

The limits of the last two are the tests' former budgets over the reference as it was measured then (another
visitor's reruns 0.1-0.3 s: median 0.6 s, second longest 2 s; a toggle about 50 ms: 1 s).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
from pathlib import Path

from bench import upload_protocol
from bench.python_side import median_time
from deploy import harness

ONE_POINT = ("one.geojson", json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [10, 50]}}]}).encode())
SESSIONS = 20

#: Budget -> its limit, as ratios (see :func:`budgets`).
LIMITS = {"worker_vs_read_here": 3.0, "crowd_median": 3.0, "crowd_second_longest": 10.0, "upload_vs_toggle": 20.0}


#: A one-point read's median seconds in a process at the worker's CPU priority, its readers imported first.
_NICED_READ = """import os, statistics, sys, time
from geo.uploads import read_upload
from geo.uploads.forkserver import NICENESS
os.nice(NICENESS)
name, data, times = sys.argv[1], sys.argv[2].encode(), []
read_upload(name, data)
for _ in range(int(sys.argv[3])):
    start = time.perf_counter()
    read_upload(name, data)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def worker_reads(repeats: int = 7) -> dict:
    """Median seconds of a one-point GeoJSON read: in the worker, in a process at the worker's CPU priority, and
    in this process."""
    from geo.uploads import read_upload, read_uploads, worker

    niced = subprocess.run([sys.executable, "-c", _NICED_READ, ONE_POINT[0], ONE_POINT[1].decode(), str(repeats)],
                           check=True, capture_output=True, text=True, timeout=600)
    worker.prestart()
    read_uploads([("warm.csv", b"lat,lon\n50,10\n")])  # the fork server has imported the readers

    def isolated():
        results, errors = read_uploads([ONE_POINT])
        assert not errors and len(results[0].frame) == 1, errors

    return {"worker_s": median_time(isolated, repeats), "niced_s": float(niced.stdout.split()[-1]),
            "in_process_s": median_time(lambda: read_upload(*ONE_POINT), repeats)}


async def _server(url: str) -> dict:
    async with upload_protocol.Session(url) as visitor:  # the app's caches warm (the default view's layers)
        await visitor.run()
    quiet = await upload_protocol.quiet_waits(url)
    crowd = await upload_protocol.crowd_beside(url, SESSIONS)
    shown = await upload_protocol.upload_to_shown(url)
    read = sum(1 for files, run in crowd["runs"] for name, _ in files if not run["errors"]
               and any(name.replace(".", "\\.").replace("_", "\\_") + " (1)" in label for label in run["labels"]))
    return {"quiet_s": quiet, "crowd_waits_s": crowd["waits"], "crowd_wall_s": crowd["wall_s"],
            "crowd_files": SESSIONS * 3, "crowd_read": read, **shown}


def server_uploads(folder: Path) -> dict:
    """The app served (logs in ``folder``): quiet reruns, the crowd beside them, uploads beside toggles."""
    with harness.apps(1, folder) as (app,):
        return asyncio.run(_server(app.url))


def figures(folder: Path) -> dict:
    return {"worker": worker_reads(), "server": server_uploads(folder)}


def budgets(u: dict) -> list[tuple[str, str, str, bool]]:
    """(budget, limit, measured, met) of the upload figures ``u`` (:func:`figures`)."""
    w, s = u["worker"], u["server"]
    worker = w["worker_s"] / w["niced_s"]
    quiet = statistics.median(s["quiet_s"])
    waits = sorted(s["crowd_waits_s"])
    median, second = statistics.median(waits) / quiet, (waits[-2] if len(waits) > 1 else waits[-1]) / quiet
    upload = statistics.median(s["upload_s"]) / statistics.median(s["toggle_s"])
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    return [
        ("One-point file read in the upload worker vs the same read in a process of its priority",
         f"<= {LIMITS['worker_vs_read_here']:g}x", f"{worker:.2f}x ({ms(w['worker_s'])} vs {ms(w['niced_s'])}; "
         f"at full priority {ms(w['in_process_s'])})", worker <= LIMITS["worker_vs_read_here"]),
        (f"Another visitor's rerun while {SESSIONS} sessions upload 3 files each vs alone: median, second longest; "
         "files read", f"<= {LIMITS['crowd_median']:g}x, <= {LIMITS['crowd_second_longest']:g}x; all",
         f"{median:.2f}x, {second:.2f}x ({len(waits)} reruns, alone {ms(quiet)}); {s['crowd_read']} of "
         f"{s['crowd_files']}", median <= LIMITS["crowd_median"] and second <= LIMITS["crowd_second_longest"]
         and s["crowd_read"] == s["crowd_files"]),
        ("The rerun that reads and shows a new one-point file vs a layer toggle's rerun (median of 5)",
         f"<= {LIMITS['upload_vs_toggle']:g}x", f"{upload:.2f}x ({ms(statistics.median(s['upload_s']))} vs "
         f"{ms(statistics.median(s['toggle_s']))})", upload <= LIMITS["upload_vs_toggle"]),
    ]

"""The upload path's timings, as ratios to a reference measured in the same run (``python -m bench.run uploads``,
and a step of ``make bench``). The tests check what uploads do (every file read, the server up, the memory
returned, the point drawn); how long they take depends on the machine's load, so it is measured here, each figure
against one the same load slows alike:

- a one-point file read in the worker (the fork server's child) against starting a Python interpreter
  (``python -c pass``): the worker exists so that a read costs less than a new process;
- another visitor's reruns while 20 sessions upload 3 files each, against the same visitor's reruns alone;
- the rerun that reads and shows a new one-point file against a layer toggle's rerun of the same session (the
  server's part of "drawn within a second of choosing it").
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import upload_protocol
from deploy import harness

ONE_POINT = ("one.geojson", json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [10, 50]}}]}).encode())
SESSIONS = 20

#: Budget -> its limit, as ratios (see :func:`budgets`).
LIMITS = {"worker_vs_python_start": 1.0, "crowd_median": 3.0, "crowd_second_longest": 10.0, "upload_vs_toggle": 3.0}


def _median_s(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def worker_reads(repeats: int = 7) -> dict:
    """Median seconds of a one-point GeoJSON read: in the worker, in this process, and of ``python -c pass``."""
    from geo.uploads import read_upload, read_uploads, worker

    worker.prestart()
    read_uploads([("warm.csv", b"lat,lon\n50,10\n")])  # the fork server has imported the readers

    def isolated():
        results, errors = read_uploads([ONE_POINT])
        assert not errors and len(results[0].frame) == 1, errors

    return {"worker_s": _median_s(isolated, repeats), "in_process_s": _median_s(lambda: read_upload(*ONE_POINT), repeats),
            "python_start_s": _median_s(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeats)}


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
    worker = w["worker_s"] / w["python_start_s"]
    quiet = statistics.median(s["quiet_s"])
    waits = sorted(s["crowd_waits_s"])
    median, second = statistics.median(waits) / quiet, (waits[-2] if len(waits) > 1 else waits[-1]) / quiet
    upload = statistics.median(s["upload_s"]) / statistics.median(s["toggle_s"])
    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    return [
        ("One-point file read in the upload worker vs starting Python (python -c pass)",
         f"<= {LIMITS['worker_vs_python_start']:g}x", f"{worker:.2f}x ({ms(w['worker_s'])} vs {ms(w['python_start_s'])}; "
         f"in this process {ms(w['in_process_s'])})", worker <= LIMITS["worker_vs_python_start"]),
        (f"Another visitor's rerun while {SESSIONS} sessions upload 3 files each vs alone: median, second longest; "
         "files read", f"<= {LIMITS['crowd_median']:g}x, <= {LIMITS['crowd_second_longest']:g}x; all",
         f"{median:.2f}x, {second:.2f}x ({len(waits)} reruns, alone {ms(quiet)}); {s['crowd_read']} of "
         f"{s['crowd_files']}", median <= LIMITS["crowd_median"] and second <= LIMITS["crowd_second_longest"]
         and s["crowd_read"] == s["crowd_files"]),
        ("The rerun that reads and shows a new one-point file vs a layer toggle's rerun (median of 5)",
         f"<= {LIMITS['upload_vs_toggle']:g}x", f"{upload:.2f}x ({ms(statistics.median(s['upload_s']))} vs "
         f"{ms(statistics.median(s['toggle_s']))})", upload <= LIMITS["upload_vs_toggle"]),
    ]

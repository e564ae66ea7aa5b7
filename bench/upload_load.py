"""The red team's upload loads of issue 36 (points 2 and 3) against a running app, at the protocol level
(``bench.upload_protocol``'s sessions): ``python -m bench.run upload_load [--app-dir DIR]``.

- ``big_dbf``: 20 zips of 0.6 MB, each a 52 MB .dbf (5,000 points × 41 text fields of 254 characters),
  from 20 sessions one after another;
- ``near_limit``: 20 distinct zips just inside the limits (1,500 such records: 21 MiB each once read, 5.2 MB
  of map files), the same way: what the byte-bounded caches keep;
- ``gpkg_views``: 30 GeoPackages of 98 KB whose view returns a 350 MB blob, 3 from each of 10 sessions at once;
- ``left``: the same from 10 other sessions that close their tab as soon as the read is asked for: how long
  readers still run after they have gone.

For each: the memory of the app and every process under it (the readers' fork server and its workers:
VmRSS summed, sampled every 50 ms for the peak), idle before and settled after; ``static/layers/``'s
bytes against its cap; and another visitor's reruns (a layer switched on and off) during and after.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import threading
import time
from pathlib import Path

from bench.upload_protocol import Session

MB = 1_000_000
EARLY_S, SETTLE_S = 15.0, 200.0
"""Seconds after a load before its "early" and "after" figures: Streamlit keeps a closed session (its state, its
deferred downloads) 120 s for a reconnect, then frees it (cyclic garbage at the collector's next whole-heap pass,
at most 60 s later: shieldmap/ui/heap.py)."""


def tree(pid: int) -> set[int]:
    """``pid`` and every process under it."""
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def tree_rss(pid: int) -> int:
    """VmRSS of ``pid`` and every process under it, in bytes."""
    total = 0
    for each in tree(pid):
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def readers(pid: int) -> int:
    """Upload readers running now: the processes under the app's children (its fork server's workers)."""
    return sum(1 for each in tree(pid) if each != pid and _parent(each) not in (pid, None))


class Sampler:
    """Peak tree RSS and most readers at once, sampled every 50 ms in a thread while in the ``with`` block."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.most, self._stop = pid, 0, 0, threading.Event()

    def __enter__(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, tree_rss(self.pid))
            self.most = max(self.most, readers(self.pid))

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def folder_bytes(static: Path) -> int:
    folder = static / "layers"
    return sum(e.stat().st_size for e in os.scandir(folder) if not e.name.startswith(".")) if folder.is_dir() else 0


async def _rerun_times(other: Session, stop: asyncio.Event) -> list[float]:
    """The other visitor switching a layer on and off, one rerun after another, until ``stop``."""
    times = []
    while not stop.is_set():
        other.toggle("NATO members")
        times.append((await other.run())["seconds"])
        await asyncio.sleep(0.2)
    return times


async def _visitor(url: str, files: list[tuple[str, bytes]], leave: bool = False) -> list[str]:
    """One session uploading ``files`` (one rerun reads them all); its alerts (errors and notes). With ``leave``
    it closes the tab once the read is asked for."""
    async with Session(url) as session:
        if not leave:
            run = await session.upload(files)
            return run["errors"] + run["notes"]
        await session.put_files(files)
        await session.ws.send(session._request())
    return []


async def _load(url: str, pid: int, static: Path, batches: list[list[list[tuple[str, bytes]]]],
                leave: bool = False) -> dict:
    """``batches`` of sessions (each a list of its files), a batch at a time, with another visitor rerunning."""
    async with Session(url) as other:
        idle_runs = [(await other.run())["seconds"] for _ in range(3)]
        before, folder_before = tree_rss(pid), folder_bytes(static)
        stop, alerts = asyncio.Event(), []
        started = time.monotonic()
        with Sampler(pid) as sampler:
            reruns = asyncio.create_task(_rerun_times(other, stop))
            for batch in batches:
                for found in await asyncio.gather(*(_visitor(url, files, leave) for files in batch)):
                    alerts.extend(found)
            loaded_s = time.monotonic() - started
            while leave and readers(pid) and time.monotonic() - started < 120:  # the readers still running
                await asyncio.sleep(0.05)
            drained_s = time.monotonic() - started
            stop.set()
            during = await reruns
        await asyncio.sleep(EARLY_S)
        early = tree_rss(pid)
        await asyncio.sleep(SETTLE_S - EARLY_S)
        after_runs = []
        for _ in range(3):
            other.toggle("NATO members")
            after_runs.append((await other.run())["seconds"])
        after = tree_rss(pid)
    return {"idle_mb": before / MB, "peak_mb": sampler.peak / MB, f"after_{EARLY_S:g}s_mb": early / MB,
            "after_mb": after / MB,
            "after_minus_idle_mb": (after - before) / MB, "most_readers_at_once": sampler.most,
            "folder_before_mb": folder_before / MB, "folder_after_mb": folder_bytes(static) / MB,
            "load_s": loaded_s, "readers_ran_on_s": drained_s - loaded_s if leave else None,
            "rerun_idle_s": statistics.median(idle_runs), "rerun_during_max_s": max(during, default=None),
            "rerun_during_median_s": statistics.median(during) if during else None,
            "rerun_after_max_s": max(after_runs), "alerts": sorted({a[:110] for a in alerts})}


def loads() -> dict:
    """Each load's sessions and files (the hostile files of tests/hostile_files.py)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from hostile_files import big_dbf, gpkg_view

    def one_by_one(files):  # a session each, one after another (in parallel they time out, and are not kept)
        return [[[f]] for f in files]

    return {
        "big_dbf": lambda: one_by_one([big_dbf(tag=t) for t in range(20)]),
        "near_limit": lambda: one_by_one([big_dbf(1500, 41, 254, tag=100 + t) for t in range(20)]),
        "gpkg_views": lambda: [[[gpkg_view(tag=10 * s + i) for i in range(3)] for s in range(10)]],
        "left": lambda: [[[gpkg_view(tag=500 + 10 * s + i) for i in range(3)] for s in range(10)]],
    }


def measure(url: str, pid: int, static: Path, names: list[str] | None = None) -> dict:
    made = loads()
    results = {"layer_files_cap_mb": _cap() / MB}
    for name in names or list(made):
        batches = made[name]()
        print(f"bench: uploads {name} ...", flush=True)
        results[name] = asyncio.run(_load(url, pid, static, batches, leave=name == "left"))
    return results


def _cap() -> int:
    from shieldmap.web import layer_files

    return layer_files.limits().bytes

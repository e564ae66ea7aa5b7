"""``make bench`` (``python -m bench.run``): shieldmap's performance in one run -> bench/report.md and .json.

Python side (no browser): layer builds, app reruns (AppTest), exports, the layer folder's
bound (1,000 distinct payloads through ``layer_files.publish``). Protocol side (a websocket
client speaking Streamlit's protocol, bench/protocol.py): server CPU, bytes and waits per
new visitor, websocket only and with the files the page fetches from the app, one by one
and 40 and 100 at once, against a hello-world app and the bare st_folium floor app under
the same settings. Browser side (headless Chromium, offline,
for correctness and the first drawn feature): websocket payload per view, time to
the first drawn feature against a floor app, concurrent sessions on one process
and through nginx in front of two. Server logs go to bench/results/ (not committed).
With bench/report-before.json (a run kept from before a change), the report shows
both.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"

from bench import browser_side, first_visit, protocol, python_side, report, uploads  # noqa: E402  (after the constants above)
from bench.browser_side import View  # noqa: E402
from deploy import harness, serve  # noqa: E402

# The concurrent sessions' views: (layers or None for the default URL, date).
VIEWS = [
    (None, "2013-10-31"),
    ("nato,epaa", "2012-05-21"),
    ("events,engagement_ranges,romania_interceptor", "2013-10-29"),
    ("csto,s300_belarus,european_sectors", "2011-07-05"),
    ("nato,csto,events", "2010-11-20"),
]
SESSIONS = 5  # browsers at once, for correctness: the load test is bench/protocol.py
TIMEOUT = 90


def views() -> list[View]:
    from layers.registry import DEFAULT_LAYERS

    made = []
    for layers, day in VIEWS:
        query = "" if layers is None else f"?layers={layers}&as_of={day}"
        ids = DEFAULT_LAYERS if layers is None else layers.split(",")
        made.append(View(query, python_side.expected_counts(ids, dt.date.fromisoformat(day))))
    return made


def rss(*pids: int) -> dict:
    """VmRSS and VmHWM (peak) in bytes and CPU seconds used so far, summed over ``pids``."""
    total = {"VmRSS": 0, "VmHWM": 0, "cpu_s": 0.0}
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in total:
                total[key] += int(value.split()[0]) * 1024
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total["cpu_s"] += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return total


@contextlib.contextmanager
def servers(*scripts: str):
    """``streamlit run`` of each script (repo-relative), started side by side. Streamlit serves ``static/``
    next to the main script and resolves that folder once at start, so bench/static links to the app's
    static/ (for bench/floor_app.py's Leaflet) only until every server answers."""
    link = BENCH / "static"
    linked = not link.exists()
    if linked:
        link.symlink_to("../static", target_is_directory=True)
    started = []
    try:
        started = [harness.start_app(RESULTS, script) for script in scripts]
        for app in started:
            harness.wait_healthy(f"{app.url}/_stcore/health", app.process, 120, f"server (see {app.log})")
        if linked:
            link.unlink()
            linked = False
        yield started
    finally:
        if linked:
            link.unlink()
        for app in started:
            harness.stop(app.process)


def app_and_floor():
    """The app and bench/floor_app.py, started side by side."""
    return servers("app.py", "bench/floor_app.py")


async def payloads(browser, url: str, default: View) -> dict:
    from layers.registry import LAYER_IDS

    result = {"default": await browser_side.payload(browser, url + "/", default.expected)}
    for layer_id in LAYER_IDS:
        expected = python_side.expected_counts([layer_id], python_side.AS_OF)
        result[layer_id] = await browser_side.payload(browser, f"{url}/?layers={layer_id}", expected)
    return result


def _session_figures(warm: dict, loaded: dict, before: dict) -> dict:
    after = loaded.pop("measured")
    return {**loaded, "warmup_failed": warm["failed"], "rss_warm_bytes": before["VmRSS"],
            "rss_after_bytes": after["VmRSS"], "rss_peak_bytes": after["VmHWM"],
            "rss_growth_bytes": after["VmRSS"] - before["VmRSS"], "server_cpu_s": after["cpu_s"] - before["cpu_s"]}


async def direct_sessions(browser, shown: list[View]) -> dict:
    with harness.apps(1, RESULTS) as (app,):
        pid = app.process.pid
        warm = await browser_side.sessions(browser, app.url, shown, count=1, timeout=TIMEOUT)
        before = rss(pid)
        loaded = await browser_side.sessions(browser, app.url, shown, SESSIONS, TIMEOUT, measure=lambda: rss(pid))
    return _session_figures(warm, loaded, before)


async def nginx_sessions(browser, shown: list[View]) -> dict:
    with serve.serving(2, folder=RESULTS) as deployment:
        backends = [a.address for a in deployment.apps]
        pids = [a.process.pid for a in deployment.apps]
        keys = serve.sticky_keys(deployment.url, backends)

        def cookie_for(backend):  # a warm-up session bound to ``backend``
            return lambda _: [{"name": serve.STICKY_COOKIE, "value": keys[backend], "url": deployment.url}]

        warm = await asyncio.gather(*(browser_side.sessions(browser, deployment.url, shown, count=1, timeout=TIMEOUT,
                                                            cookies=cookie_for(b)) for b in backends))
        already = len(await _wait_for_streams(deployment.proxy, sum(w["loads"] for w in warm)))
        before = rss(*pids)
        loaded = await browser_side.sessions(browser, deployment.url, shown, SESSIONS, TIMEOUT,
                                             measure=lambda: rss(*pids))
        streams = (await _wait_for_streams(deployment.proxy, already + loaded["loads"]))[already:]
    figures = _session_figures({"failed": sum(w["failed"] for w in warm)}, loaded, before)
    figures["websockets_per_backend"] = {b: streams.count(b) for b in backends}
    return figures


def _streams(proxy) -> list[str]:
    return [e["upstream"] for e in proxy.log_entries() if e["request"].startswith("GET /_stcore/stream")]


async def _wait_for_streams(proxy, count: int, timeout: float = 15) -> list[str]:
    """nginx logs a websocket when it closes: wait (bounded) until ``count`` are logged."""
    deadline = time.monotonic() + timeout
    while len(streams := _streams(proxy)) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    return streams


async def browser_figures(shown: list[View]) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await browser_side.launch(playwright)
        try:
            result = {"chromium": browser.version}
            with app_and_floor() as (app, floor):
                result["payload"] = await payloads(browser, app.url, shown[0])
                result["first_feature"] = await browser_side.floor_ratio(browser, app.url + "/", floor.url + "/")
            result["sessions_direct"] = await direct_sessions(browser, shown)
            result["sessions_nginx"] = await nginx_sessions(browser, shown)
            return result
        finally:
            await browser.close()


def protocol_figures(app_dir: Path | None = None) -> dict:
    """The app, the hello-world app and the bare st_folium map (bench/floor_app.py) side by side, the same
    visitors for all (bench/protocol.py): the websocket alone, and with the files the page fetches. With
    ``app_dir``, the app is another checkout's app.py (run from there, e.g. main's, for a before/after)."""
    other = None
    if app_dir is not None:
        port = harness.free_port()
        log = RESULTS / f"app-{Path(app_dir).name}-{port}.log"
        with open(log, "w") as out:
            process = subprocess.Popen(harness.streamlit_command("app.py", port), cwd=app_dir, stdout=out,
                                       stderr=subprocess.STDOUT)
        other = harness.App(f"http://127.0.0.1:{port}", process, log)
    try:
        with servers(*(["app.py"] if other is None else []), "bench/hello_app.py", "bench/floor_app.py") as started:
            if other is not None:
                harness.wait_healthy(f"{other.url}/_stcore/health", other.process, 120, f"app (see {other.log})")
                started = [other, *started]
            named = dict(zip(("app", "hello", "floor"), started))
            return asyncio.run(protocol.compare({name: (a.url, a.process.pid) for name, a in named.items()}))
    finally:
        if other is not None:
            harness.stop(other.process)


def protocol_only(argv: list[str]) -> int:
    """``python -m bench.run protocol [--app-dir DIR]``: only the protocol step, its two budgets printed and
    its figures in bench/results/protocol.json (or protocol-DIRNAME.json)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.run protocol")
    parser.add_argument("--app-dir", type=Path, help="run DIR/app.py (another checkout, its static/ prepared)")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    figures = protocol_figures(args.app_dir)
    name = f"protocol-{args.app_dir.resolve().name}.json" if args.app_dir else "protocol.json"
    (RESULTS / name).write_text(json.dumps(figures, indent=1) + "\n")
    for b in report.budgets({"protocol": figures}, protocol_only=True):
        print(f"{'met    ' if b['met'] else 'NOT MET'}  {b['budget']}: {b['measured']} (budget {b['limit']})")
    print(f"bench: wrote bench/results/{name}")
    return 0


FOLDER_VIEWS = 1000
FOLDER_CAP = (200, 6)  # files, MB: small, so that 1,000 payloads fill it several times


def layer_folder(views: int = FOLDER_VIEWS, cap: tuple[int, float] = FOLDER_CAP) -> dict:
    """``views`` distinct layer-sized payloads through the app's publishing path into an empty folder under a
    small cap, 24 of their URLs held as the layer cache holds them: the folder's most files and bytes."""
    import statistics
    import tempfile

    from shieldmap.web import layer_files

    sizes = [1_500, 3_500, 4_700, 8_700, 25_000, 90_000, 125_000]  # the default view's files, roughly
    saved = {name: os.environ.get(name) for name in (layer_files.MAX_FILES_ENV, layer_files.MAX_MB_ENV)}
    os.environ[layer_files.MAX_FILES_ENV], os.environ[layer_files.MAX_MB_ENV] = str(cap[0]), str(cap[1])
    try:
        with tempfile.TemporaryDirectory() as tmp:
            static, held, times = Path(tmp), [], []
            most_files = most_bytes = 0
            for n in range(views):
                pad = "".join(f"{n}:{i * 7919 % 104729};" for i in range(sizes[n % len(sizes)] // 12))
                text = json.dumps({"type": "FeatureCollection", "features": [], "view": n, "coordinates": pad})
                begin = time.perf_counter()
                url = layer_files.publish(static, text)
                times.append(time.perf_counter() - begin)
                if n % 40 == 7 and len(held) < 24:
                    held.append(url)
                entries = [e for e in os.scandir(static / "layers") if not e.name.startswith(".")]
                most_files = max(most_files, sum(e.name.endswith(".geojson") for e in entries))
                most_bytes = max(most_bytes, sum(e.stat().st_size for e in entries))
            kept = sum(layer_files.local_path(static, u).is_file() for u in held)
            after = sum(1 for _ in (static / "layers").glob("*.geojson"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return {"views": views, "cap_files": cap[0], "cap_bytes": int(cap[1] * 1_000_000), "max_files": most_files,
            "max_bytes": most_bytes, "files_after": after, "held": len(held), "held_kept": kept,
            "publish_median_ms": statistics.median(times) * 1000, "publish_max_ms": max(times) * 1000}


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except OSError:
        return "missing"
    return (done.stdout + done.stderr).strip().rsplit("/", 1)[-1]


def play_figures() -> dict:
    """Play's step times in Chromium against the app as served (bench/play_steps.py)."""
    from bench import play_steps

    with harness.running_app(folder=RESULTS) as url:
        return play_steps.measure(url)


def footprint_figures() -> dict:
    from bench import footprint

    return footprint.measure()


def play_only() -> int:
    """``python -m bench.run play``: only Play's step times, printed and in bench/results/play.json."""
    from bench import play_steps

    RESULTS.mkdir(exist_ok=True)
    figures = play_figures()
    (RESULTS / "play.json").write_text(json.dumps(figures, indent=1) + "\n")
    for name, value in play_steps.rows(figures):
        print(f"{name}: {value}")
    print("bench: wrote bench/results/play.json")
    return 0


def downloads_only(argv: list[str]) -> int:
    """``python -m bench.run downloads [--animations N] [--app-dir DIR]``: N visitors ask for animations of
    distinct views while another downloads the CSV (bench/downloads.py), against a fresh app (or DIR's app.py,
    e.g. main's, for a before/after); printed and in bench/results/downloads.json."""
    import argparse

    from bench import downloads

    parser = argparse.ArgumentParser(prog="python -m bench.run downloads")
    parser.add_argument("--animations", type=int, default=6)
    parser.add_argument("--app-dir", type=Path, help="run DIR/app.py (another checkout, its static/ prepared)")
    args = parser.parse_args(argv)
    RESULTS.mkdir(exist_ok=True)
    with harness.apps(1, RESULTS, command=_in_dir(args.app_dir) or harness.streamlit_command) as (app,):
        before = rss(app.process.pid)
        figures = asyncio.run(downloads.animations_and_a_csv(app.url, args.animations))
        after = rss(app.process.pid)
    figures.update(rss_before_bytes=before["VmRSS"], rss_after_bytes=after["VmRSS"], rss_peak_bytes=after["VmHWM"],
                   server_cpu_s=after["cpu_s"] - before["cpu_s"], app_dir=str(args.app_dir or ROOT))
    name = f"downloads-{args.app_dir.resolve().name}.json" if args.app_dir else "downloads.json"
    (RESULTS / name).write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1))
    return 0


def _in_dir(app_dir: Path | None):
    """A harness command that runs ``app_dir``'s app.py (with its own code first on the path), or None."""
    if app_dir is None:
        return None
    return lambda script, port: ["env", f"PYTHONPATH={app_dir}", *harness.streamlit_command(str(app_dir / script), port)]


def uploads_only() -> int:
    """``python -m bench.run uploads``: only the upload path's ratios (bench/uploads.py), printed and in
    bench/results/uploads.json."""
    RESULTS.mkdir(exist_ok=True)
    figures = uploads.figures(RESULTS)
    (RESULTS / "uploads.json").write_text(json.dumps(figures, indent=1) + "\n")
    for name, limit, measured, met in uploads.budgets(figures):
        print(f"{'met    ' if met else 'NOT MET'}  {name}: {measured} (budget {limit})")
    print("bench: wrote bench/results/uploads.json")
    return 0


def upload_load_only(argv: list[str]) -> int:
    """``python -m bench.run upload_load [--app-dir DIR] [LOAD ...]``: the red team's upload loads (issue 36.2-3,
    bench/upload_load.py) against one app (this checkout's, or DIR's), figures in bench/results/upload_load.json
    (or upload_load-DIRNAME.json)."""
    import argparse

    from bench import upload_load

    parser = argparse.ArgumentParser(prog="python -m bench.run upload_load")
    parser.add_argument("--app-dir", type=Path, help="run DIR/app.py (another checkout, its static/ prepared)")
    parser.add_argument("loads", nargs="*", help=f"of {', '.join(upload_load.loads())} (default: all)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.loads) - set(upload_load.loads()))
    if unknown:
        parser.error(f"unknown load {unknown[0]!r}; one of {', '.join(upload_load.loads())}")
    RESULTS.mkdir(exist_ok=True)
    folder = (args.app_dir or ROOT).resolve()
    port = harness.free_port()
    log = RESULTS / f"upload_load-{folder.name}-{port}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(harness.streamlit_command("app.py", port), cwd=folder, stdout=out,
                                   stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(folder)})
    try:
        url = f"http://127.0.0.1:{port}"
        harness.wait_healthy(f"{url}/_stcore/health", process, 120, f"app (see {log})")
        figures = upload_load.measure(url, process.pid, folder / "static", args.loads or None)
    finally:
        harness.stop(process)
    name = f"upload_load-{folder.name}.json" if args.app_dir else "upload_load.json"
    (RESULTS / name).write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1))
    print(f"bench: wrote bench/results/{name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["protocol"]:
        return protocol_only(argv[1:])
    if argv[:1] == ["downloads"]:
        return downloads_only(argv[1:])
    if argv[:1] == ["uploads"]:
        return uploads_only()
    if argv[:1] == ["upload_load"]:
        return upload_load_only(argv[1:])
    if argv[:1] == ["play"]:
        return play_only()
    if argv[:1] == ["server_load"]:  # issue 36's loads: uploads and clear_cache (bench/server_load.py)
        from bench import server_load

        return server_load.main(argv[1:])
    if argv[:1] == ["footprint"]:
        from bench import footprint

        return footprint.report()
    import logging

    import streamlit

    from shieldmap.web.assets import prepare_static

    logging.disable(logging.WARNING)  # AppTest and app functions outside `streamlit run` warn a lot
    started = time.monotonic()
    RESULTS.mkdir(exist_ok=True)
    for old in RESULTS.glob("*.log"):  # the servers' logs of the previous run
        old.unlink()
    prepare_static(ROOT / "static")  # the floor app uses the app's Leaflet files
    results = {"environment": {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(),
        "load_before": f"{os.getloadavg()[0]:.1f}", "python": sys.version.split()[0],
        "streamlit": streamlit.__version__, "nginx": _version([serve.nginx_path() or "nginx", "-v"]),
    }}
    steps = [("layer_builds", python_side.layer_builds), ("reruns", python_side.reruns),
             ("exports", python_side.exports), ("layer_folder", layer_folder), ("protocol", protocol_figures),
             ("browser", lambda: asyncio.run(browser_figures(views()))), ("play", play_figures),
             ("uploads", lambda: uploads.figures(RESULTS)), ("first_visit", first_visit.measure),
             ("footprint", footprint_figures)]
    step_s = {}
    for key, step in steps:
        print(f"bench: {key} ...", flush=True)
        begin = time.monotonic()
        results[key] = step()
        step_s[key] = time.monotonic() - begin
    results["environment"].update(step_s=step_s, chromium=results["browser"].pop("chromium"),
                                  wall_s=time.monotonic() - started, load_after=f"{os.getloadavg()[0]:.1f}")
    results["budgets"] = report.budgets(results)
    (BENCH / "report.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    before = BENCH / "report-before.json"
    (BENCH / "report.md").write_text(report.markdown(results, json.loads(before.read_text()) if before.exists() else None))
    for b in results["budgets"]:
        print(f"{'met    ' if b['met'] else 'NOT MET'}  {b['budget']}: {b['measured']} (budget {b['limit']})")
    print(f"bench: wrote bench/report.md and bench/report.json in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The budgets, and bench/report.md from the figures of one run."""

from __future__ import annotations

KIB = 1024
MB = 1_000_000


def _sessions_ok(sessions: dict) -> tuple[str, bool]:
    growth = sessions["rss_growth_bytes"]
    return (f"{sessions['failed']} failed of {sessions['loads']}, RSS +{growth / MB:.1f} MB",
            sessions["failed"] == 0 and growth <= 100 * MB)


def _whole(p: dict) -> tuple[float, float, float, float]:
    """CPU per new visitor (s) of the app and hello-world: websocket and the page's files; websocket only."""
    app, hello = p["app"], p["hello"]
    return (app["one_by_one_files"]["cpu_per_visitor_s"], hello["one_by_one_files"]["cpu_per_visitor_s"],
            app["one_by_one"]["cpu_per_visitor_s"], hello["one_by_one"]["cpu_per_visitor_s"])


def budgets(r: dict, protocol_only: bool = False) -> list[dict]:
    """Each budget: what, the limit, the measured value, and whether it is met (``protocol_only``: the
    first two, from ``r["protocol"]`` alone)."""
    p = r["protocol"]
    app, hello = p["app"], p["hello"]
    whole, whole_hello, socket, socket_hello = _whole(p)
    cpu = whole / whole_hello
    forty, forty_hello = app["at_once_40"], hello["at_once_40"]
    rate = forty["visitors_per_s"] / forty_hello["visitors_per_s"]
    p95 = forty["p95_s"] / forty_hello["p95_s"]
    rows = [
        ("Server CPU per new visitor (websocket + the map's files) vs hello-world", "<= 1.5x",
         f"{cpu:.2f}x ({whole * 1000:.0f} ms vs {whole_hello * 1000:.0f} ms; websocket only "
         f"{socket / socket_hello:.2f}x, {socket * 1000:.0f} vs {socket_hello * 1000:.0f} ms)", cpu <= 1.5),
        ("40 new visitors at once (websocket + files): visitors/s, p95 wait vs hello-world; failed",
         ">= 0.6x, <= 2x; 0 failed",
         f"{rate:.2f}x ({forty['visitors_per_s']:.1f}/s vs {forty_hello['visitors_per_s']:.1f}/s), p95 {p95:.2f}x "
         f"({forty['p95_s']:.1f} s vs {forty_hello['p95_s']:.1f} s); {forty['failed']} failed",
         rate >= 0.6 and p95 <= 2 and forty["failed"] == 0),
    ]
    if protocol_only:
        return [{"budget": name, "limit": limit, "measured": value, "met": bool(met)} for name, limit, value, met in rows]
    b = r["browser"]
    first = r.get("first_visit")
    if first:  # issue 34.10: the first visitor after a start pays for no cold cache
        rows.append(("First visit after a start vs a warm visit (websocket + files)", "<= 1.5x",
                     f"{first['ratio']:.2f}x ({first['first_s']:.2f} s vs {first['warm_median_s']:.2f} s; healthy "
                     f"{first['start_to_healthy_s']:.0f} s after the start)", first["ratio"] <= 1.5 and not first["failures"]))
    sent = app["one_by_one"]["bytes_per_visitor"]
    growth = app["rss_growth_bytes"]
    rerun = max(r["reruns"]["toggle_s"], r["reruns"]["date_visited_s"])  # server time, see markdown()
    ratio = b["first_feature"]["ratio"]
    export = r["exports"]["geojson"]["s"]
    direct, direct_ok = _sessions_ok(b["sessions_direct"])
    proxied = b["sessions_nginx"]
    folder = r["layer_folder"]
    rows += [
        ("Websocket bytes per new visitor, default view", "<= 64 KiB", f"{sent / KIB:.1f} KiB", sent <= 64 * KIB),
        ("RSS growth under the protocol load (40 + 100 at once)", "<= 100 MB", f"+{growth / MB:.1f} MB",
         growth <= 100 * MB),
        ("First drawn feature vs floor app", "<= 1.2x", f"{ratio:.2f}x", ratio <= 1.2),
        ("Warm rerun, server time (toggle; date already visited)", "<= 100 ms", f"{rerun * 1000:.0f} ms",
         rerun <= 0.1),
        (f"{b['sessions_direct']['sessions']} browsers x 5 views, one process", "0 failed, <= 100 MB RSS growth",
         direct, direct_ok),
        (f"{proxied['sessions']} browsers x 5 views, nginx + 2 processes", "0 failed",
         f"{proxied['failed']} failed of {proxied['loads']}",
         proxied["failed"] == 0),
        ("All-layers GeoJSON export", "<= 0.5 s", f"{export:.2f} s", export <= 0.5),
        (f"static/layers/ under {folder['views']:,} distinct payloads (cap {folder['cap_files']} files, "
         f"{folder['cap_bytes'] / MB:.0f} MB)", "<= cap; files in use kept",
         f"at most {folder['max_files']} files, {folder['max_bytes'] / MB:.1f} MB; {folder['held_kept']} of "
         f"{folder['held']} in use kept",
         folder["max_files"] <= folder["cap_files"] and folder["max_bytes"] <= folder["cap_bytes"]
         and folder["held_kept"] == folder["held"]),
    ]
    if "uploads" in r:  # the upload path's timings, as ratios (bench/uploads.py)
        from bench import uploads

        rows += uploads.budgets(r["uploads"])
    if "footprint" in r:
        from bench import footprint

        rows += footprint.rows(r["footprint"])
    return [{"budget": name, "limit": limit, "measured": value, "met": bool(met)} for name, limit, value, met in rows]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _protocol_rows(r: dict) -> list[tuple[str, str]]:
    rows = []
    for name, label in (("app", "app"), ("hello", "hello-world"), ("floor", "floor (bare st_folium map)")):
        server = r["protocol"].get(name)
        if server is None:
            continue
        for key, what in (("one_by_one", "websocket only"), ("one_by_one_files", "websocket + files")):
            if key in server:
                one = server[key]
                files = (f"; {one['files_per_visitor']:.0f} files, {one['file_bytes_per_visitor'] / KIB:.0f} KiB sent"
                         if one.get("files") else "")
                rows.append((f"Protocol, {label}: one by one, {what}: CPU per visitor; wait median; websocket KiB",
                             f"{_ms(one['cpu_per_visitor_s'])}; {_ms(one['wait_median_s'])}; "
                             f"{one['bytes_per_visitor'] / KIB:.1f}{files}"))
        for key in ("at_once_40_socket", "at_once_40", "at_once_100"):
            if key in server:
                c = server[key]
                what = "websocket only" if key.endswith("socket") or not c.get("files") else "websocket + files"
                rows.append((f"Protocol, {label}: {c['visitors']} at once, {what}: visitors/s; p50 / p95 wait; "
                             "CPU per visitor; failed",
                             f"{c['visitors_per_s']:.1f}/s; {c['p50_s']:.1f} s / {c['p95_s']:.1f} s; "
                             f"{_ms(c['cpu_per_visitor_s'])}; {c['failed']}"))
        rows.append((f"Protocol, {label}: RSS after warm-up -> growth under the load",
                     f"{server['rss_warm_bytes'] / MB:.0f} MB -> +{server['rss_growth_bytes'] / MB:.1f} MB"))
    return rows


def figures(r: dict) -> list[tuple[str, str]]:
    builds, reruns, exports, b = r["layer_builds"], r["reruns"], r["exports"], r["browser"]
    rows = _protocol_rows(r)
    folder = r.get("layer_folder")
    if folder:
        rows.append((f"static/layers/: {folder['views']:,} distinct payloads published, cap {folder['cap_files']} "
                     f"files / {folder['cap_bytes'] / MB:.0f} MB: most files, MB; after; publish median (max)",
                     f"{folder['max_files']}, {folder['max_bytes'] / MB:.1f} MB; {folder['files_after']} files; "
                     f"{folder['publish_median_ms']:.2f} ms ({folder['publish_max_ms']:.0f} ms, a prune)"))
    rows += [
        ("Python + imports only (new process)", _ms(builds["process_imports_s"])),
        ("Layer build, cold (new process, minus the line above)", _ms(builds["cold_build_s"])),
        ("Layer build, cold, timed inside that process", _ms(builds["cold_build_in_process_s"])),
        ("Layer build, warm (same process, second build)", _ms(builds["warm_build_same_process_s"])),
        ("App cache `cache.layers`: miss (build + display GeoJSON)", _ms(builds["app_cache_miss_s"])),
        ("App cache `cache.layers`: hit", f"{builds['app_cache_hit_s'] * 1e6:.0f} µs"),
        ("Rerun: a fresh AppTest session, both runs (map, then controls; cold caches)", _ms(reruns["first_run_s"])),
    ]
    for kind, label in (("unchanged", "nothing changed"), ("toggle", "after a layer toggle"),
                        ("date_visited", "after a date change, date already visited"),
                        ("date_new", "after a date change, new date")):
        rows.append((f"Rerun {label}: server time (AppTest `.run()` wall)",
                     f"{_ms(reruns[kind + '_s'])} ({_ms(reruns[kind + '_apptest_s'])})"))
    if "play_step_s" in reruns:
        rows.append((f"Play, {reruns['play_dates']} dates: first pass, all steps (server time)",
                     _ms(reruns["play_first_pass_s"])))
        rows.append(("Play, second pass: a step, median (max)",
                     f"{_ms(reruns['play_step_s'])} ({_ms(reruns['play_step_max_s'])})"))
    if r.get("play"):  # Play in the browser (bench/play_steps.py)
        from bench.play_steps import rows as play_rows

        rows += play_rows(r["play"])
    rows.append(("AppTest's own compile of app.py per `.run()` (a server does it once; left out above)",
                 _ms(reruns["apptest_compile_s"])))
    for name, p in b["payload"].items():
        label = "default view" if name == "default" else f"`?layers={name}`"
        rows.append((f"Websocket payload, {label}", f"{p['received_bytes'] / KIB:.1f} KiB in {p['frames']} frames"
                     + (f" (FAILED: {p['failure']})" if p["failure"] else "")))
    ff = b["first_feature"]
    rows += [
        ("First drawn feature, app (median)", f"{ff['app_ms']:.0f} ms"),
        ("First drawn feature, floor app (median)", f"{ff['floor_ms']:.0f} ms"),
        ("First drawn feature, ratio app / floor", f"{ff['ratio']:.2f}"),
    ]
    for fmt, e in exports.items():
        rows.append((f"Export, all layers, {fmt}", f"{_ms(e['s'])}, {e['bytes'] / KIB:.0f} KiB"))
    for key, label in (("sessions_direct", "one process"), ("sessions_nginx", "nginx + 2 processes")):
        s = b[key]
        rows += [
            (f"{s['sessions']}x5 sessions, {label}: failed loads", f"{s['failed']} of {s['loads']}"),
            (f"{s['sessions']}x5 sessions, {label}: load time median / max; wall; server CPU",
             f"{s['load_median_s']:.1f} s / {s['load_max_s']:.1f} s; {s['wall_s']:.0f} s; {s['server_cpu_s']:.0f} s"),
            (f"{s['sessions']}x5 sessions, {label}: server RSS warm -> after (peak)",
             f"{s['rss_warm_bytes'] / MB:.0f} MB -> {s['rss_after_bytes'] / MB:.0f} MB "
             f"(+{s['rss_growth_bytes'] / MB:.1f} MB; peak {s['rss_peak_bytes'] / MB:.0f} MB)"),
        ]
    spread = b["sessions_nginx"].get("websockets_per_backend")
    if spread:
        rows.append((f"{b['sessions_nginx']['sessions']}x5 sessions through nginx: websockets per backend",
                     ", ".join(map(str, spread.values()))))
    return rows


def _budget_rows(r: dict, before: dict | None) -> list[str]:
    if before is None:
        return ["| budget | limit | measured | met |", "| --- | --- | --- | --- |",
                *(f"| {b['budget']} | {b['limit']} | {b['measured']} | {'yes' if b['met'] else '**no**'} |"
                  for b in r["budgets"])]
    old = {b["budget"]: b for b in before["budgets"]}
    cell = lambda b: f"{b['measured']} ({'met' if b['met'] else '**not met**'})" if b else "(not measured)"  # noqa: E731
    return [f"| budget | limit | before ({before['environment']['date']}) | after |", "| --- | --- | --- | --- |",
            *(f"| {b['budget']} | {b['limit']} | {cell(old.get(b['budget']))} | {cell(b)} |" for b in r["budgets"])]


def _figure_rows(r: dict, before: dict | None) -> list[str]:
    if before is None:
        return ["| what | value |", "| --- | --- |", *(f"| {name} | {value} |" for name, value in figures(r))]
    old = dict(figures(before))
    return ["| what | before | after |", "| --- | --- | --- |",
            *(f"| {name} | {old.get(name, '')} | {value} |" for name, value in figures(r))]


def markdown(r: dict, before: dict | None = None) -> str:
    """The report; with ``before`` (the figures of an earlier run), both side by side."""
    env = r["environment"]
    lines = [
        "# shieldmap benchmark",
        "",
        f"`make bench` on {env['date']}: {env['cpus']} CPUs (load average {env['load_before']} before, "
        f"{env['load_after']} after), Python {env['python']}, Streamlit {env['streamlit']}, "
        f"Chromium {env['chromium']}, nginx {env['nginx']}. Bench wall time {env['wall_s']:.0f} s "
        f"({', '.join(f'{k} {v:.0f} s' for k, v in env['step_s'].items())}).",
        "The machine is shared and noisy: read ratios within this run, not absolute times across runs.",
        "",
        "## Budgets",
        "",
        *_budget_rows(r, before),
        "",
        "## Figures",
        "",
        *_figure_rows(r, before),
        "",
        "## How each figure is taken",
        "",
        "- **Layer build**: `python -c` that imports and builds every layer at 2013-10-31 (seeds read + "
        "`build_layers`), minus `python -c` with the imports only (medians of "
        f"{r['layer_builds']['repeats']}, interleaved); warm = the second build in that process; the app cache "
        "is the app's own `shieldmap.ui.cache.layers`, cleared, then called (miss) and called again (hit).",
        f"- **Reruns**: `streamlit.testing.v1.AppTest` of app.py, one run to warm, then the median of "
        f"{r['reruns']['repeats']} (toggles: twice that) `.run()` after `checkbox(key='layer_csto')`, "
        "`slider(key='as_of')` to a date already visited, and to a new date. Server time is the script "
        "thread's time (`ScriptRunner._run_script`), with one bytecode cache shared by the runs as in a server "
        "(AppTest otherwise recompiles app.py on every `.run()`); the `.run()` wall time is in brackets.",
        "- **Payload**: websocket frames received by Chromium (Playwright `framereceived`), summed, from "
        "navigation until the map holds the expected features and the script has finished; one fresh context "
        "per load. Static files (Leaflet, the basemap) are HTTP and not counted.",
        f"- **First drawn feature**: in every frame, a 5 ms poll notes when `window.map` first holds a layer "
        f"feature; reported from the top page's navigation start. App and `bench/floor_app.py` run side by side; "
        f"{r['browser']['first_feature']['loads']} alternating loads each, fresh context each, after one warm-up.",
        "- **Protocol** (bench/protocol.py): a websocket client speaking Streamlit's protocol, no browser: each "
        "visitor connects to `/_stcore/stream` (subprotocol `streamlit`), sends a `BackMsg` `rerun_script` with the "
        "default view's query string and reads `ForwardMsg`s until `script_finished`; for the app, like a browser, it "
        "then sends the map's \"drawn\" value and reads the second run. *Websocket + files* is a browser's first "
        "visit: between the two runs it also fetches, over keep-alive HTTP/1.1 with `Accept-Encoding: gzip, deflate, "
        "br`, every file the page asks the app for: the map component's page and the script it names, then each "
        "`/app/static/...` file in the map's arguments (Leaflet, the basemap, the layer files); Streamlit's own bundle "
        "(`/static/...`, the same for every app) is left out of every side. The app, `bench/hello_app.py` (a "
        "hello-world page, no files) and `bench/floor_app.py` (a bare `st_folium` map: the component and Leaflet) run "
        "side by side under the same settings: 3 warm-up visitors each, then 20 visitors each one by one, the servers "
        "taking turns visitor by visitor, websocket only and then with the files (server CPU per visitor = utime + "
        "stime from /proc/PID/stat before and after each visit, summed, divided by 20), then 40 at once with the files, "
        "40 at once websocket only and 100 at once with the files (visitors/s = visitors / wall time of the crowd; "
        "waits from connect to the last run's `script_finished`). RSS growth: VmRSS after the last crowd minus after "
        "the warm-up (sessions are still held for `server.disconnectedSessionTTL`, and the collection after every "
        "script run scans their objects, so later steps cost the app more).",
        "- **static/layers/**: `layer_files.publish` (the app's publishing path) called with 1,000 distinct payloads "
        "(layer-sized: 1.5-125 KB) into an empty folder under a small cap (`SHIELDMAP_LAYER_FILES_MAX`, "
        "`SHIELDMAP_LAYER_FILES_MAX_MB`), the URLs of 24 of them held (as the app's layer cache holds its URLs); the "
        "folder's files and bytes (with the `.gz` files) counted after every call.",
        "- **Play** (bench/play_steps.py, also alone: `python -m bench.run play`): the app as served, one Chromium "
        "page opened at 2010-01-01 presses Play at each speed (after a warm-up pass); a poll every animation frame "
        "notes when the map's date (`map.shieldmapAsOf`), the slider's value and the caption's \"As of\" date change. "
        "A step is the time between two new map dates (the first two after pressing Play left out; an event's date "
        "stays twice as long, so a monthly step's median is given too); out of step is the time the three disagree.",
        "- **Exports**: `geo.export.export_bytes` of every layer at 2013-10-31, median of 5 after one warm-up.",
        "- **Sessions** (correctness under concurrency, not the load test): a fresh server; one warm-up session loads "
        "the 5 views; then a few browser contexts in one "
        "Chromium load the 5 views each, concurrently (each view a new navigation, so a new server session). "
        "A load fails if the map does not draw exactly the expected per-layer feature counts within 90 s or an "
        "`stException` shows. RSS is VmRSS from /proc after the loads, before the contexts close. Through nginx: "
        "one warm-up session per backend (sticky cookie), then the contexts with no cookie (nginx gives each "
        "one); RSS summed over both processes.",
        "",
        "Raw figures: `bench/report.json`. Logs of the servers: `bench/results/` (not committed).",
        "",
    ]
    return "\n".join(lines)

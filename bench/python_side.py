"""Server-side figures, no browser: layer builds (cold and warm), app reruns, exports."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
AS_OF = dt.date(2013, 10, 31)

IMPORTS = "from geo.seeds import load_seeds; from layers.registry import LAYER_IDS, build_layers"
BUILD = f"""
import datetime as dt, json, time
{IMPORTS}
def build():  # what "building the layers" means here: read the seeds, build every layer
    return build_layers(load_seeds(), LAYER_IDS, dt.date(2013, 10, 31))
t0 = time.perf_counter(); build()
t1 = time.perf_counter(); build()
print(json.dumps({{"first": t1 - t0, "second": time.perf_counter() - t1}}))
"""


def median_time(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _python(code: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout


def layer_builds(repeats: int = 3) -> dict:
    """Cold: a new process that imports and builds every layer, minus a process that only imports.
    Warm: the second build in that process, and the app's own cache (``cache.layers``)."""
    baseline, cold, first, second = [], [], [], []
    for _ in range(repeats):  # interleaved, so machine noise hits both alike
        baseline.append(_python(IMPORTS)[0])
        wall, out = _python(BUILD)
        cold.append(wall)
        inner = json.loads(out)
        first.append(inner["first"])
        second.append(inner["second"])
    return {
        "process_imports_s": statistics.median(baseline),
        "process_imports_and_build_s": statistics.median(cold),
        "cold_build_s": statistics.median(cold) - statistics.median(baseline),
        "cold_build_in_process_s": statistics.median(first),
        "warm_build_same_process_s": statistics.median(second),
        **app_cache(repeats=20),
        "repeats": repeats,
    }


def app_cache(repeats: int) -> dict:
    """The app's own caches (shieldmap/ui/cache.py): a miss builds the layers and their display files."""
    from geo.seeds import seeds_digest
    from shieldmap.ui import cache
    from shieldmap.view import LayerOptions

    static = ROOT / "static"
    digest = seeds_digest()
    cache.seeds(digest)
    cache.layers.clear()
    start = time.perf_counter()
    options = LayerOptions()
    cache.layers(static, digest, AS_OF, options)
    miss = time.perf_counter() - start
    return {"app_cache_miss_s": miss,
            "app_cache_hit_s": median_time(lambda: cache.layers(static, digest, AS_OF, options), repeats)}


@contextlib.contextmanager
def server_like_apptest():
    """Make AppTest run scripts as a server does, and time the script thread.

    AppTest builds a new script runner with an empty bytecode cache for every
    ``.run()``, so it parses and compiles app.py each time; a server compiles it
    once. Here every run shares one cache; yields the list of script-thread times.
    """
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import local_script_runner

    shared, times = ScriptCache(), []
    original_cache, original_run = local_script_runner.ScriptCache, script_runner.ScriptRunner._run_script

    def run_script(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original_run(self, *args, **kwargs)
        finally:
            times.append(time.perf_counter() - start)

    local_script_runner.ScriptCache = lambda: shared
    script_runner.ScriptRunner._run_script = run_script
    try:
        yield times
    finally:
        local_script_runner.ScriptCache, script_runner.ScriptRunner._run_script = original_cache, original_run


def reruns(repeats: int = 7) -> dict:
    """One rerun: AppTest ``.run()`` and the server time in it (script thread), medians of ``repeats``."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest

    compile_s = median_time(lambda: ScriptCache().get_bytecode(str(APP)), repeats)
    with server_like_apptest() as script_times:
        at = AppTest.from_file(str(APP), default_timeout=120)
        start = time.perf_counter()
        at.run()
        at.button(key="show_controls").click().run()  # the run a browser's map starts once it has drawn
        first = time.perf_counter() - start
        assert not at.exception, at.exception

        def timed(change) -> tuple[float, float]:
            change()
            del script_times[:]
            begin = time.perf_counter()
            at.run()
            elapsed = time.perf_counter() - begin
            assert not at.exception, at.exception
            return elapsed, sum(script_times)

        visited = (AS_OF, dt.date(2013, 10, 29))
        timed(lambda: at.slider(key="as_of").set_value(visited[1]))  # visit both dates once
        timed(lambda: at.slider(key="as_of").set_value(visited[0]))
        kinds = {
            "unchanged": [timed(lambda: None) for _ in range(repeats)],
            "toggle": [timed(lambda n=n: at.checkbox(key="layer_csto").set_value(n % 2 == 1))
                       for n in range(repeats * 2)],
            "date_visited": [timed(lambda n=n: at.slider(key="as_of").set_value(visited[(n + 1) % 2]))
                             for n in range(repeats)],
            "date_new": [timed(lambda d=AS_OF - dt.timedelta(days=40 + 17 * n): at.slider(key="as_of").set_value(d))
                         for n in range(repeats)],
        }
        # Play: every date it steps through, twice. The second pass is what a session that keeps playing costs
        # (layers are cached per change day, so the ~70 play dates fit the cache).
        from geo.seeds import load_seeds
        from shieldmap.ui.time_state import play_dates

        dates = play_dates(load_seeds().events["date"])
        passes = [[timed(lambda d=d: at.slider(key="as_of").set_value(d))[1] for d in dates] for _ in range(2)]
    result = {"first_run_s": first, "apptest_compile_s": compile_s, "repeats": repeats,
              "play_dates": len(dates), "play_first_pass_s": sum(passes[0]), "play_step_s": statistics.median(passes[1]),
              "play_step_max_s": max(passes[1])}
    for kind, pairs in kinds.items():
        result[f"{kind}_s"] = statistics.median(server for _, server in pairs)
        result[f"{kind}_apptest_s"] = statistics.median(wall for wall, _ in pairs)
    return result


def exports(repeats: int = 5) -> dict:
    """``export_bytes`` of every layer at 2013-10-31: median time and size per format."""
    from geo import export
    from geo.seeds import load_seeds
    from layers.registry import LAYER_IDS, build_layers

    built = build_layers(load_seeds(), LAYER_IDS, AS_OF)
    result = {}
    for fmt in ("geojson", "gpkg"):
        size = len(export.export_bytes(built, fmt))  # also the warm-up
        result[fmt] = {"s": median_time(lambda f=fmt: export.export_bytes(built, f), repeats), "bytes": size}
    return result


def expected_counts(layer_ids, as_of: dt.date) -> dict[str, int]:
    """What the map should draw: features per layer (empty layers draw nothing)."""
    from geo.seeds import load_seeds
    from layers.registry import build_layers

    built = build_layers(load_seeds(), layer_ids, as_of)
    return {layer_id: len(frame) for layer_id, frame in built.items() if len(frame)}

"""Shared helpers for the browser tests (pytest-aware; the app server and offline pages: deploy/harness.py)."""

from __future__ import annotations

import json
import os
import time

import pytest

from deploy.harness import COUNT_JS, MAP_IFRAME, ROOT, chromium_path
ARTIFACTS = ROOT / "test-artifacts"
#: JS: the name of the Leaflet map in a page folium wrote (the HTML export: ``window[<that name>]``).
FIND_MAP = "Object.keys(window).find(k => k.startsWith('map_') && window[k] instanceof L.Map)"


CONTROLS = "[data-testid=stSidebar] [data-testid=stSlider]"  # the date slider: the controls are there


def require_chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "Chromium not found (apt-get install chromium)"
        if os.environ.get("SHIELDMAP_REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def wait_for_app(page) -> None:
    """Until the page has its controls and the script is idle: a new session's first run stops after
    the map, and the map's report that it drew starts the run that adds the controls (app.py)."""
    page.wait_for_selector(CONTROLS, state="attached", timeout=60000)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)


def map_frame(page):
    page.wait_for_selector(MAP_IFRAME, timeout=60000)
    return page.frame_locator(MAP_IFRAME)


def leaflet_frame(page):
    """The Frame (not locator) of the map iframe, for evaluate()."""
    handle = page.wait_for_selector(MAP_IFRAME, timeout=60000)
    return handle.content_frame()


#: JS: every map in the page has drawn its names and hidden the crowded ones (map.js marks its container).
LABELS_SETTLED = ("() => { const maps = [...document.querySelectorAll('.leaflet-container')];"
                  " return maps.length > 0 && maps.every(c => c.dataset.shieldmapLabels === 'settled'); }")


def wait_labels_settled(frame, timeout: float = 30) -> None:
    """Until the map's declutter pass has run after the last label change (a page or a map frame)."""
    frame.wait_for_function(LABELS_SETTLED, timeout=timeout * 1000)


def layer_counts(frame) -> dict:
    return frame.evaluate(COUNT_JS) or {}


def wait_for_counts(frame, predicate, timeout: float = 30) -> dict:
    """The map's feature counts once ``predicate`` holds; fails the test, with the last counts, on timeout.
    Between checks it waits for the counts to change (in the page), not for a fixed time."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout
    counts_js = f"() => JSON.stringify(({COUNT_JS})() || {{}})"
    while True:
        last = frame.evaluate(counts_js)
        counts = json.loads(last)
        if predicate(counts):
            return counts
        left = deadline - time.monotonic()
        try:
            if left <= 0:
                raise PlaywrightTimeout("no time left")
            frame.wait_for_function(f"(last) => ({counts_js})() !== last", arg=last, timeout=left * 1000)
        except PlaywrightTimeout:
            pytest.fail(f"the map's feature counts did not settle as expected within {timeout:g} s; last: {counts}")


SETTLED_JS = """quiet => new Promise(resolve => {
  const app = document.querySelector('[data-testid=stApp]');
  let last = performance.now();
  new MutationObserver(() => { last = performance.now(); })
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  const check = () => (app.getAttribute('data-test-script-state') === 'notRunning' && performance.now() - last >= quiet)
    ? resolve(true) : setTimeout(check, 50);
  check();
})"""


NEXT_FRAME_JS = "() => new Promise(resolve => requestAnimationFrame(() => resolve(true)))"


def next_frame(page) -> None:
    """Until the page has drawn its next frame (input events before it handled): pacing, not a fixed time."""
    page.evaluate(NEXT_FRAME_JS)


def wait_still(page, value_js: str, frames: int = 10, timeout: float = 30) -> object:
    """``value_js``'s value once it is the same over ``frames`` animation frames in a row (a scroll or a map's
    move that has come to rest); fails the test on timeout."""
    return page.wait_for_function(f"""() => new Promise(resolve => {{
      let last = JSON.stringify(({value_js})()), same = 0;
      const step = () => {{ const now = JSON.stringify(({value_js})());
        same = now === last ? same + 1 : 0; last = now;
        same >= {frames} ? resolve({{value: JSON.parse(now)}}) : requestAnimationFrame(step); }};
      requestAnimationFrame(step); }})""", timeout=timeout * 1000).json_value()["value"]


def wait_settled(page, quiet_ms: int = 1000) -> None:
    """Wait until the script has been idle for ``quiet_ms`` (e.g. after uploads, which rerun per file)."""
    page.evaluate(SETTLED_JS, quiet_ms)


#: The default view's features per layer: the sectors' 12 are the four sectors, the undescribed land and the seven bands
#: along the edges no source gives (issue 33, 2.4).
MISSION = {"s300_belarus": 3, "romania_interceptor": 1, "csto": 6, "european_sectors": 12}


def feature_count(layer: str, as_of: str) -> int:
    """How many features ``layer`` has at ``as_of`` (ISO), from the seeds: what the map must draw (the sectors'
    count grows with the bands of the edges no source gives)."""
    import datetime as dt

    from geo.seeds import load_seeds
    from layers.registry import build_layers
    return len(build_layers(load_seeds(), [layer], dt.date.fromisoformat(as_of))[layer])


def open_app(page, url, query=""):
    page.goto(url + "/" + query)
    wait_for_app(page)
    return leaflet_frame(page)


def drawn(counts):
    return {k: v for k, v in counts.items() if ":" not in k}

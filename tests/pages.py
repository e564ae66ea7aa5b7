"""Shared helpers for the browser tests (pytest-aware; the app server and offline pages: deploy/harness.py)."""

from __future__ import annotations

import os
import time

import pytest

from deploy.harness import COUNT_JS, ROOT, chromium_path
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
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60000)
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def leaflet_frame(page):
    """The Frame (not locator) of the map iframe, for evaluate()."""
    handle = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60000)
    return handle.content_frame()


def layer_counts(frame) -> dict:
    return frame.evaluate(COUNT_JS) or {}


def wait_for_counts(frame, predicate, timeout: float = 30) -> dict:
    """The map's feature counts once ``predicate`` holds; fails the test, with the last counts, on timeout."""
    deadline = time.monotonic() + timeout
    counts = {}
    while time.monotonic() < deadline:
        counts = layer_counts(frame)
        if predicate(counts):
            return counts
        frame.page.wait_for_timeout(200)
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


def wait_settled(page, quiet_ms: int = 1000) -> None:
    """Wait until the script has been idle for ``quiet_ms`` (e.g. after uploads, which rerun per file)."""
    page.evaluate(SETTLED_JS, quiet_ms)


# At the default date: the sectors layer has the four sectors and the land no sector holds (undescribed under the default model).
MISSION = {"s300_belarus": 3, "romania_interceptor": 1, "csto": 6, "european_sectors": 5}


def open_app(page, url, query=""):
    page.goto(url + "/" + query)
    wait_for_app(page)
    return leaflet_frame(page)


def drawn(counts):
    return {k: v for k, v in counts.items() if ":" not in k}

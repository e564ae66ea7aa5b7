"""Shared helpers for the browser tests: a running app and an offline Chromium page."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.serve import free_port, stop, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def require_chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "Chromium not found (apt-get install chromium)"
        if os.environ.get("SHIELDMAP_REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextlib.contextmanager
def running_app(script: str = "app.py", env: dict | None = None, timeout: float = 90):
    """``streamlit run`` on a free port; yields the base URL once /_stcore/health answers."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"streamlit-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(f"{url}/_stcore/health", process, timeout, f"streamlit (see {log.name})")
        yield url
    finally:
        stop(process)
        log.close()


def block_outside(page, blocked: list[str]) -> None:
    """Abort every request that would leave the machine; record what was tried."""
    def handle(route):
        host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()
    page.context.route("**/*", handle)


def wait_for_app(page) -> None:
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)


def map_frame(page):
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60000)
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def leaflet_frame(page):
    """The Frame (not locator) of the map iframe, for evaluate()."""
    handle = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60000)
    return handle.content_frame()


COUNT_JS = """() => {
  const counts = {};
  if (!window.map) return null;
  window.map.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.layer) {
      const k = l.feature.properties.layer + (String(l.feature.properties.id).endsWith('-uncertainty') ? ':uncertainty' : '');
      counts[k] = (counts[k] || 0) + 1;
    }
  });
  return counts;
}"""


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


# At the default date: the sectors layer has the four sectors and the land no sector covers (borders model).
MISSION = {"s300_belarus": 3, "romania_interceptor": 1, "csto": 6, "european_sectors": 5}


def open_app(page, url, query=""):
    page.goto(url + "/" + query)
    wait_for_app(page)
    return leaflet_frame(page)


def drawn(counts):
    return {k: v for k, v in counts.items() if ":" not in k}

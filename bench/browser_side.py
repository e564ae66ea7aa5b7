"""Browser-side figures in headless Chromium (Playwright, async): websocket bytes,
time to the first drawn feature, and many sessions at once. Every request that
would leave the machine is aborted (and counted)."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from dataclasses import dataclass

from playwright.async_api import Error as PlaywrightError

from deploy.harness import CHROMIUM_ARGS, COUNT_JS, block_outside_async, chromium_path

VIEWPORT = {"width": 1280, "height": 800}
MAP_IFRAME = "iframe[data-testid=stCustomComponentV1]"  # the map's (deploy/harness.py MAP_IFRAME)
SCRIPT_DONE = "[data-testid=stApp][data-test-script-state=notRunning]"
CONTROLS = "[data-testid=stSidebar] [data-testid=stSlider]"  # the controls, added once the map has drawn
# In every frame: note (on the top page) when the map first holds a feature of a layer.
FIRST_FEATURE_JS = """(() => {
  if (window === window.top) return;
  const timer = setInterval(() => {
    const map = window.map;
    if (!map || !map.eachLayer) return;
    let found = false;
    map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.layer) found = true; });
    if (found) {
      clearInterval(timer);
      try { window.top.__firstFeature = window.top.__firstFeature || Date.now(); } catch (e) {}
    }
  }, 5);
})();"""


# In the map frame: does it draw exactly ``expected`` (layer -> features, uncertainty circles aside)?
DRAWN_JS = f"""expected => {{
  const counts = ({COUNT_JS})();
  if (!counts) return false;
  const drawn = Object.entries(counts).filter(([k]) => !k.includes(':'));
  return drawn.length === Object.keys(expected).length && drawn.every(([k, v]) => expected[k] === v);
}}"""


@dataclass(frozen=True)
class View:
    query: str  # "" or "?layers=...&as_of=..."
    expected: dict  # layer id -> features drawn


async def launch(playwright):
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium not found (apt-get install chromium)")
    return await playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


async def offline_page(browser, cookies: list[dict] | None = None, init_script: str | None = None):
    """A fresh context and page; requests off the machine are aborted and listed in ``blocked``."""
    context = await browser.new_context(viewport=VIEWPORT)
    blocked: list[str] = []
    await block_outside_async(context, blocked)
    if cookies:
        await context.add_cookies(cookies)
    if init_script:
        await context.add_init_script(init_script)
    page = await context.new_page()
    return context, page, blocked


def drawn(counts: dict | None) -> dict:
    return {k: v for k, v in (counts or {}).items() if ":" not in k}  # leave out the uncertainty circles


async def load_view(page, url: str, expected: dict, timeout: float) -> tuple[str | None, float]:
    """Open ``url``; (None, seconds) once the map draws ``expected``, the controls are there and the
    script is done without an exception, else (why not, seconds)."""
    start = time.monotonic()
    left = lambda: max(start + timeout - time.monotonic(), 0.001) * 1000  # noqa: E731  (ms, for Playwright)
    frame = None
    try:
        await page.goto(url, timeout=left())
        frame = await (await page.wait_for_selector(MAP_IFRAME, timeout=left())).content_frame()
        await frame.wait_for_function(DRAWN_JS, arg=expected, polling=250, timeout=left())
        await page.wait_for_selector(CONTROLS, state="attached", timeout=left())  # the run the map starts
        await page.wait_for_selector(SCRIPT_DONE, timeout=left())
        if await page.locator("[data-testid=stException]").count():
            return "stException on the page", time.monotonic() - start
        return None, time.monotonic() - start
    except PlaywrightError as exc:
        why = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        with contextlib.suppress(PlaywrightError, AttributeError):
            why += f"; drew {drawn(await frame.evaluate(COUNT_JS))}, expected {expected}"
        return why, time.monotonic() - start


async def payload(browser, url: str, expected: dict, timeout: float = 90) -> dict:
    """Websocket bytes the server sends for one load, until the map has drawn and the script is done."""
    context, page, blocked = await offline_page(browser)
    sizes = {"received_bytes": 0, "frames": 0}

    def count(data):
        sizes["received_bytes"] += len(data.encode() if isinstance(data, str) else data)
        sizes["frames"] += 1

    page.on("websocket", lambda ws: ws.on("framereceived", count) if "/_stcore/stream" in ws.url else None)
    failure, seconds = await load_view(page, url, expected, timeout)
    result = {**sizes, "load_s": seconds, "failure": failure, "blocked": len(blocked)}
    await context.close()
    return result


async def first_feature_ms(browser, url: str, timeout: float = 90) -> float:
    """Milliseconds from navigation start to the first drawn feature, in a fresh context."""
    context, page, _ = await offline_page(browser, init_script=FIRST_FEATURE_JS)
    try:
        await page.goto(url, timeout=timeout * 1000)
        await page.wait_for_function("() => window.__firstFeature", timeout=timeout * 1000, polling=50)
        return await page.evaluate("() => window.__firstFeature - performance.timeOrigin")
    finally:
        await context.close()


async def floor_ratio(browser, app_url: str, floor_url: str, loads: int = 7) -> dict:
    """First drawn feature, app against floor: loads alternate; medians and their ratio."""
    await first_feature_ms(browser, app_url)  # warm-up: server caches, browser start
    await first_feature_ms(browser, floor_url)
    app, floor = [], []
    for _ in range(loads):
        app.append(await first_feature_ms(browser, app_url))
        floor.append(await first_feature_ms(browser, floor_url))
    return {"app_ms": statistics.median(app), "floor_ms": statistics.median(floor),
            "ratio": statistics.median(app) / statistics.median(floor), "loads": loads,
            "app_all_ms": [round(v) for v in app], "floor_all_ms": [round(v) for v in floor]}


async def session(browser, base_url: str, views: list[View], first: int, timeout: float,
                  cookies: list[dict] | None = None):
    """One browser context loading every view in turn (starting at ``views[first]``)."""
    context, page, blocked = await offline_page(browser, cookies)
    failures, seconds = [], []
    for k in range(len(views)):
        view = views[(first + k) % len(views)]
        why, took = await load_view(page, f"{base_url}/{view.query}", view.expected, timeout)
        seconds.append(took)
        if why:
            failures.append(f"session {first}, view {view.query or '(default)'}: {why}")
    return context, failures, seconds, blocked


async def sessions(browser, base_url: str, views: list[View], count: int = 10, timeout: float = 90,
                   cookies=lambda index: None, measure=lambda: None) -> dict:
    """``count`` concurrent contexts, each loading every view; ``measure()`` runs once all are
    done, before the contexts close (so their server sessions are still open)."""
    start = time.monotonic()
    done = await asyncio.gather(*(session(browser, base_url, views, i, timeout, cookies(i)) for i in range(count)))
    wall = time.monotonic() - start
    measured = measure()
    for context, *_ in done:
        await context.close()
    failures = [line for _, lines, _, _ in done for line in lines]
    loads = [took for _, _, seconds, _ in done for took in seconds]
    return {"sessions": count, "loads": len(loads), "failed": len(failures), "failures": failures[:10],
            "blocked": sum(len(blocked) for *_, blocked in done), "wall_s": wall,
            "load_median_s": statistics.median(loads), "load_max_s": max(loads), "measured": measured}

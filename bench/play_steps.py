"""Play's step times in Chromium (``python -m bench.run play``; also part of ``make bench``).

The app runs as in production (``deploy.harness.running_app``); one headless Chromium page opens it at
``START`` and presses Play at each speed in turn. A poll in the page, every animation frame, notes when
the map (``window.map.shieldmapAsOf``, stamped by ``shieldmap.web.time_layers.date_stamp``), the date
slider's value and the caption's "As of" date change. A step is the time between two changes of the map's
date; "out of step" is the time the three disagree (the heading and the slider ahead of, or behind, the map).
Each speed's first steps after pressing Play are left out (the first one waits for Play's own run).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

START = "2010-01-01"  # monthly steps and the 2010-2011 events: every step a cached change day after a warm-up
STEPS = 14  # steps timed at each speed
SKIP = 2  # steps left out after pressing Play
SPEEDS = ("Fast", "Normal", "Slow")

POLL_JS = """() => {
  window.shieldmapPlayLog = [];
  let last = null;
  const tick = () => {
    const frame = document.querySelector('iframe[data-testid=stCustomComponentV1]');  // the map's (deploy/harness.py)
    const map = frame && frame.contentWindow && frame.contentWindow.map;
    const slider = document.querySelector('[data-testid=stSidebar] [data-testid=stSliderThumbValue]');
    const caption = document.querySelector('[data-testid=stMain] [data-testid=stCaptionContainer]');
    const said = caption ? (caption.innerText.match(/As of ([^.]*)\\./) || [])[1] : null;
    const row = [map ? map.shieldmapAsOf : null, slider ? slider.innerText.trim() : null, said || null];
    const key = row.join('|');
    if (key !== last) { window.shieldmapPlayLog.push([performance.now(), ...row]); last = key; }
    requestAnimationFrame(tick);
  };
  tick();
}"""


def _iso(text: str | None) -> str | None:
    try:
        return dt.datetime.strptime(text, "%d %B %Y").date().isoformat() if text else None
    except ValueError:
        return None


def figures_of(log: list, events: set[str]) -> dict:
    """Step times and time out of step from the page's log rows ``[ms, map date, slider, caption date]``."""
    changes = [(row[0], row[1]) for i, row in enumerate(log) if row[1] and (i == 0 or row[1] != log[i - 1][1])]
    steps = [(b - a) / 1000 for (a, _), (b, _) in zip(changes, changes[1:])]
    plain = [s for s, (_, day) in zip(steps, changes) if day not in events]  # an event's date stays twice as long
    out = 0.0
    for (t, day, slider, said), following in zip(log, log[1:] + [[log[-1][0]]]):
        if day and (slider != day or _iso(said) != day):
            out += (following[0] - t) / 1000
    total = (log[-1][0] - log[0][0]) / 1000 if log else 0.0
    return {"steps": len(steps), "step_median_s": statistics.median(steps) if steps else None,
            "step_max_s": max(steps) if steps else None,
            "plain_step_median_s": statistics.median(plain) if plain else None,
            "out_of_step_s": round(out, 3), "timed_s": round(total, 3), "dates": [d for _, d in changes]}


def measure(url: str, speeds=SPEEDS, steps: int = STEPS) -> dict:
    """Play at each speed from ``START``: step times, out-of-step time (see the module's docstring)."""
    from playwright.sync_api import sync_playwright

    from deploy.harness import CHROMIUM_ARGS, block_outside, chromium_path
    from geo.seeds import load_seeds

    events = {d.isoformat() for d in load_seeds().events["date"]}
    result = {"start": START, "skipped": SKIP}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        block_outside(page, [])
        for index, speed in enumerate(("Fast (warm-up)", *speeds)):
            page.goto(f"{url}/?as_of={START}")
            page.wait_for_selector("[data-testid=stSidebar] [data-testid=stSlider]", state="attached", timeout=90000)
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=90000)
            name = speed.split()[0]
            page.locator(".st-key-play_speed button", has_text=name).click()
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=30000)
            page.evaluate(POLL_JS)
            page.locator(".st-key-play button:visible").click()
            wanted = SKIP + steps + 1
            deadline = time.monotonic() + wanted * 6 * (2.0 if name == "Slow" else 1.0) + 60
            while time.monotonic() < deadline:
                log = page.evaluate("() => window.shieldmapPlayLog")
                if len({row[1] for row in log}) >= wanted + 1:
                    break
                page.wait_for_timeout(250)
            page.locator(".st-key-play button:visible", has_text="Pause").click()
            log = page.evaluate("() => window.shieldmapPlayLog")
            changes = [i for i in range(1, len(log)) if log[i][1] != log[i - 1][1]]  # the map's new dates
            timed = log[changes[SKIP]:] if len(changes) > SKIP else log
            result[speed if index else "warm_up"] = figures_of(timed, events)
        browser.close()
    return result


def rows(play: dict) -> list[tuple[str, str]]:
    """The report's rows: per speed, the median step (a month's step, an event's) and the time out of step."""
    out = []
    for speed in SPEEDS:
        figures = play.get(speed)
        if figures and figures["steps"]:
            out.append((f"Play, {speed} (set {_set(speed)}): a step in the browser, median (max) over "
                        f"{figures['steps']} steps; a monthly step's median",
                        f"{figures['step_median_s']:.2f} s ({figures['step_max_s']:.2f} s); "
                        f"{figures['plain_step_median_s']:.2f} s"))
            out.append((f"Play, {speed}: heading, slider and map out of step", f"{figures['out_of_step_s']:.2f} s "
                        f"of {figures['timed_s']:.1f} s"))
    return out


def _set(speed: str) -> str:
    from shieldmap.ui.time_state import SPEEDS as SET

    return f"{SET[speed]:g} s"

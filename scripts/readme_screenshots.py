"""The README's pictures, taken offline in headless Chromium by ``make screenshots`` (never by the tests):
``docs/screenshot.png``, the default view on a 1400×1000 screen, ``docs/phone.png``, on a
390×844 phone, and ``docs/ru.png``, the default view in Russian (``?lang=ru``) on a 1400×1000 screen
(``python -m scripts.readme_screenshots ru.png`` takes only that one), and ``docs/gbi-dispute.png``, the
engagement's needed-speed chart of the GBI dispute (Kozelsk to New York, 2009, the planned Redzikowo site).
Each is taken once the controls
are drawn, the script is idle, the mission layers are on the map and its names have been decluttered
(``map.js`` marks the map's container ``data-shieldmap-labels="settled"``)."""

from __future__ import annotations

import datetime as dt
import re
import sys
import time

from playwright.sync_api import sync_playwright

from shieldmap import i18n
from deploy.harness import CHROMIUM_ARGS, COUNT_JS, ROOT, block_outside, chromium_path, running_app

MAP_IFRAME = "iframe[data-testid=stCustomComponentV1]"  # the map's (deploy/harness.py MAP_IFRAME)
MISSION = ["s300_belarus", "romania_interceptor", "csto", "european_sectors"]
VIEWS = {"screenshot.png": {"viewport": {"width": 1400, "height": 1000}},
         "phone.png": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
         "ru.png": {"viewport": {"width": 1400, "height": 1000}}}
QUERIES = {"ru.png": "?lang=ru"}
CHARTS = {"gbi-dispute.png": "?layers=nato_sites&as_of=2009-01-01&planned=1&path=kozelsk%3Enew-york&delay=180"}
"""Pictures of one chart of the page (the engagement's needed-speed chart), each with its view's query."""
CHART = "[data-testid=stVegaLiteChart]"


#: JS: what the sidebar shows (the date slider's value, the layer boxes ticked).
SIDEBAR_JS = """() => {
  const side = document.querySelector('[data-testid=stSidebar]');
  const value = side.querySelector('[data-testid=stSliderThumbValue]');
  const ticked = [...side.querySelectorAll('[data-testid=stCheckbox]')].filter(c => c.querySelector('input').checked)
    .map(c => c.innerText.trim());
  return {slider: value ? value.innerText.trim() : null, ticked: ticked}; }"""
TITLES = {"s300_belarus": "S-300 in Belarus", "romania_interceptor": "Deveselu interceptor site",
          "csto": "CSTO members", "european_sectors": "Proposed sectors (interpretation)"}


def sidebar_as_shown(page, frame, as_of: str = "2013-10-31", timeout_s: float = 30, lang: str = "en") -> dict:
    """Waits until the sidebar shows the view the map draws (the slider at ``as_of``, exactly the drawn
    layers' boxes ticked: a sidebar caught before its widgets took the view's values showed 2003-10-01 and
    no box ticked); fails after ``timeout_s``. Returns what it shows."""
    with i18n.language(lang):  # the boxes' titles and the slider's date in the page's language
        want = sorted(i18n._(TITLES[i]) for i in MISSION)
        as_of = i18n.widget_date_text(dt.date.fromisoformat(as_of))
    deadline = time.monotonic() + timeout_s
    while True:
        state = page.evaluate(SIDEBAR_JS)
        ticked = sorted(re.sub(r" \(\d+\)$", "", t) for t in state["ticked"])
        if state["slider"] == as_of and ticked == want:
            return {"slider": state["slider"], "ticked": ticked}
        if time.monotonic() > deadline:
            raise SystemExit(f"the sidebar does not show the map's view: {state}, want {as_of} and {want}")
        page.wait_for_timeout(200)


def shoot(browser, url: str, out, query: str = "", **context_args) -> dict:
    """One picture of the default view; returns what its sidebar shows (:func:`sidebar_as_shown`)."""
    context = browser.new_context(**context_args)
    try:
        page = context.new_page()
        blocked: list[str] = []
        block_outside(page, blocked)
        page.goto(url + "/" + query)
        page.wait_for_selector("[data-testid=stSidebar] [data-testid=stSlider]", state="attached", timeout=60000)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)
        frame = page.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame()
        frame.wait_for_function(f"(want) => {{ const c = ({COUNT_JS})() || {{}}; return want.every(k => c[k] > 0); }}",
                                arg=MISSION, timeout=60000)
        frame.wait_for_function("() => document.querySelector('.leaflet-container').dataset.shieldmapLabels === 'settled'",
                                timeout=30000)
        state = sidebar_as_shown(page, frame, lang="ru" if "lang=ru" in query else "en")
        page.screenshot(path=str(out))
        if blocked:
            raise SystemExit(f"requests left the machine: {blocked}")
        print(f"wrote {out}")
        return state
    finally:
        context.close()


def shoot_chart(browser, url: str, out, query: str) -> None:
    """The last chart of the page at ``query`` (the engagement's needed-speed chart), once the script is idle and
    the chart's marks are drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        blocked: list[str] = []
        block_outside(page, blocked)
        page.goto(url + "/" + query)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=90000)
        chart = page.locator(CHART).last
        chart.wait_for(timeout=90000)
        chart.scroll_into_view_if_needed()
        chart.locator("svg [aria-label*='claim: ']").first.wait_for(timeout=30000)
        chart.screenshot(path=str(out))
        if blocked:
            raise SystemExit(f"requests left the machine: {blocked}")
        print(f"wrote {out}")
    finally:
        context.close()


def main(names=None) -> None:
    unknown = sorted(set(names or ()) - set(VIEWS) - set(CHARTS))
    if unknown:
        raise SystemExit(f"unknown picture(s) {', '.join(unknown)} (known: {', '.join([*VIEWS, *CHARTS])})")
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, context_args in VIEWS.items():
            if not names or name in names:
                shoot(browser, url, ROOT / "docs" / name, QUERIES.get(name, ""), **context_args)
        for name, query in CHARTS.items():
            if not names or name in names:
                shoot_chart(browser, url, ROOT / "docs" / name, query)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])

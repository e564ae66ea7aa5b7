"""A Russian picture of every panel of the app (issue 34.3), taken offline in headless Chromium into ``docs/ru/``
(never by the tests; the English README pictures are ``scripts/readme_screenshots.py``'s):
``python -m scripts.russian_screenshots`` takes them all, ``python -m scripts.russian_screenshots story.png`` one.

Each is a 1280×800 screen (the main view also on a 390×844 phone) at ``?lang=ru``, taken once the script is idle
and the map has drawn and settled its names, with the panel scrolled to the top of the screen."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

from deploy.harness import CHROMIUM_ARGS, MAP_IFRAME, ROOT, block_outside, chromium_path, running_app
from shieldmap import i18n

OUT = ROOT / "docs" / "ru"
SCREEN = {"width": 1280, "height": 800}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
SETTLED = "() => { const c = document.querySelector('.leaflet-container'); return c && c.dataset.shieldmapLabels === 'settled'; }"
POPUP_JS = """(id) => { let found = null; window.map.eachLayer(l => {
    if (!found && l.feature && l.feature.properties.id === id && l.getPopup && l.getPopup()) found = l; });
  found.openPopup(found.getLatLng ? found.getLatLng() : found.getBounds().getCenter()); }"""


@dataclass(frozen=True)
class Shot:
    query: str = ""  # after ?lang=ru
    tab: int | None = None  # a tab below the map opened (its index)
    scroll_to: str | None = None  # a selector brought to the top of the screen
    map_js: str | None = None  # run in the map's frame first (open the Key's list, a popup)
    phone: bool = False


with i18n.language("ru"):
    CHANGES = i18n._("Changes between the two dates")  # the compare table's heading, as the page writes it

SHOTS = {
    "main.png": Shot(),
    "phone.png": Shot(phone=True),
    "sidebar-layers.png": Shot(scroll_to="[data-testid=stSidebar] h3"),
    "uploads.png": Shot(scroll_to="[data-testid=stSidebar] [data-testid=stFileUploader]"),
    "features-list.png": Shot(map_js="() => document.querySelectorAll('.leaflet-container details:not([open]) > summary')"
                                     ".forEach(s => s.click())"),
    "popup.png": Shot(map_js=f"() => ({POPUP_JS})('deveselu')"),
    "about.png": Shot(tab=0),
    "features-table.png": Shot(tab=1),
    "analysis.png": Shot(tab=2),
    "compare.png": Shot(query="&compare=2011-01-01", scroll_to=f"h3:has-text('{CHANGES}')"),
    "story.png": Shot(query="&story=7"),
    "what-if.png": Shot(query="&what_if=" + quote("Тест@54.5,19.5,500"), tab=2),
    "engagement.png": Shot(query="&layers=nato_sites&as_of=2009-01-01&planned=1&path=kozelsk%3Enew-york",
                           scroll_to="[data-testid=stVegaLiteChart]"),
}


def _ready(page) -> None:
    """The controls drawn (the first run stops after the map; the map's report starts the run that adds them), the
    script idle, the map's names settled."""
    page.wait_for_selector("[data-testid=stSidebar] [data-testid=stSlider]", state="attached", timeout=90000)
    page.wait_for_selector(IDLE, timeout=90000)
    frame = page.wait_for_selector(MAP_IFRAME, timeout=90000).content_frame()
    frame.wait_for_function(SETTLED, timeout=60000)


STILL_JS = """(tab) => document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')
  && !document.querySelector('[data-testid=stSkeleton]')
  && (!tab || [...document.querySelectorAll('[role=tabpanel]')]
    .some(p => p.checkVisibility() && p.getBoundingClientRect().height > 150))"""


def _still(page, tab: bool) -> None:
    """The script idle, no placeholder left where a widget is coming, the open tab's content drawn."""
    page.wait_for_function(STILL_JS, arg=tab, timeout=90000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def take(browser, url: str, name: str, shot: Shot) -> None:
    context = browser.new_context(**(PHONE if shot.phone else {"viewport": SCREEN}))
    try:
        page = context.new_page()
        blocked: list[str] = []
        block_outside(page, blocked)
        page.goto(f"{url}/?lang=ru{shot.query}")
        _ready(page)
        if shot.map_js:
            frame = page.wait_for_selector(MAP_IFRAME).content_frame()
            frame.evaluate(shot.map_js)
            frame.wait_for_function("() => !window.map._panAnim || !window.map._panAnim._inProgress")
            page.locator(MAP_IFRAME).scroll_into_view_if_needed()
        if shot.tab is not None:
            tab = page.locator("[role=tab]").nth(shot.tab)
            tab.click()
            page.wait_for_function("(i) => document.querySelectorAll('[role=tab]')[i].getAttribute('aria-selected') "
                                   "=== 'true'", arg=shot.tab)
            page.wait_for_selector(IDLE, timeout=90000)
            tab.evaluate("e => e.scrollIntoView({block: 'start'})")
        if shot.scroll_to:
            target = page.locator(shot.scroll_to).first
            target.wait_for(timeout=90000)
            target.evaluate("e => e.scrollIntoView({block: 'start'})")
        _still(page, shot.tab is not None)
        page.screenshot(path=str(OUT / name))
        if blocked:
            raise SystemExit(f"requests left the machine: {blocked}")
        print(f"wrote {Path(OUT / name).relative_to(ROOT)}")
    finally:
        context.close()


def main(names=None) -> None:
    unknown = sorted(set(names or ()) - set(SHOTS))
    if unknown:
        raise SystemExit(f"unknown picture(s) {', '.join(unknown)} (known: {', '.join(SHOTS)})")
    OUT.mkdir(parents=True, exist_ok=True)
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, shot in SHOTS.items():
            if not names or name in names:
                take(browser, url, name, shot)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])

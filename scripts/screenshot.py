"""Screenshot the app in headless Chromium, offline, from the repo root:
``python -m scripts.screenshot '?layers=csto' out.png [--full]``."""

import sys
import time

from playwright.sync_api import sync_playwright

from deploy.harness import CHROMIUM_ARGS, COUNT_JS, block_outside, chromium_path, running_app

MAP_IFRAME = "iframe[data-testid=stCustomComponentV1]"  # the map's (deploy/harness.py MAP_IFRAME)


def _drawn_counts(page, timeout: float = 60) -> dict:
    """The map's feature counts once it draws something (bounded wait)."""
    frame = page.wait_for_selector(MAP_IFRAME, timeout=timeout * 1000).content_frame()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = frame.evaluate(COUNT_JS)
        if counts:
            return counts
        page.wait_for_timeout(200)
    raise RuntimeError(f"the map drew nothing within {timeout:g} s")


def main(query: str = "", out: str = "screenshot.png", full: bool = False) -> None:
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        blocked: list[str] = []
        block_outside(page, blocked)
        page.goto(url + "/" + query)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)
        print(_drawn_counts(page))
        page.wait_for_timeout(1000)  # let the basemap and the widgets settle
        if full:  # the app scrolls inside its main container: scroll it and take one picture per screen
            for index in range(6):
                page.screenshot(path=out.replace(".png", f"-{index}.png"))
                page.evaluate("""() => { for (const el of document.querySelectorAll('*')) {
                    const style = getComputedStyle(el);
                    if (el.scrollHeight > el.clientHeight + 50 && /(auto|scroll)/.test(style.overflowY)
                        && el.closest('[data-testid=stMain]')) { el.scrollBy(0, 850); break; } } }""")
                page.wait_for_timeout(300)
        else:
            page.screenshot(path=out)
        print("blocked requests:", blocked)
        browser.close()


if __name__ == "__main__":
    main(*(a for a in sys.argv[1:3]), full="--full" in sys.argv)

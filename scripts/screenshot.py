"""Screenshot the app in headless Chromium, offline: ``python scripts/screenshot.py '?layers=csto' out.png [--full]``."""

import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent / "tests"), str(Path(__file__).resolve().parent.parent)]

from browser import (CHROMIUM_ARGS, block_outside, chromium_path, leaflet_frame, running_app,  # noqa: E402
                     wait_for_app, wait_for_counts, wait_settled)
from playwright.sync_api import sync_playwright  # noqa: E402


def main(query: str = "", out: str = "screenshot.png", full: bool = False) -> None:
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        blocked: list[str] = []
        block_outside(page, blocked)
        page.goto(url + "/" + query)
        wait_for_app(page)
        print(wait_for_counts(leaflet_frame(page), lambda c: len(c) > 0))
        wait_settled(page)
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

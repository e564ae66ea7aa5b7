"""The README's pictures, taken offline in headless Chromium by ``make screenshots`` (never by the tests):
``docs/screenshot.png``, the default view on a 1400×1000 screen, and ``docs/phone.png``, on a
390×844 phone. Each is taken once the controls are drawn, the script is idle, the mission layers
are on the map and its names have been decluttered (``map.js`` marks the map's container
``data-shieldmap-labels="settled"``)."""

from __future__ import annotations

from playwright.sync_api import sync_playwright

from deploy.harness import CHROMIUM_ARGS, COUNT_JS, ROOT, block_outside, chromium_path, running_app

MAP_IFRAME = "iframe[data-testid=stCustomComponentV1]"  # the map's (deploy/harness.py MAP_IFRAME)
MISSION = ["s300_belarus", "romania_interceptor", "csto", "european_sectors"]
VIEWS = {"screenshot.png": {"viewport": {"width": 1400, "height": 1000}},
         "phone.png": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}}


def shoot(browser, url: str, out, **context_args) -> None:
    context = browser.new_context(**context_args)
    try:
        page = context.new_page()
        blocked: list[str] = []
        block_outside(page, blocked)
        page.goto(url + "/")
        page.wait_for_selector("[data-testid=stSidebar] [data-testid=stSlider]", state="attached", timeout=60000)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)
        frame = page.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame()
        frame.wait_for_function(f"(want) => {{ const c = ({COUNT_JS})() || {{}}; return want.every(k => c[k] > 0); }}",
                                arg=MISSION, timeout=60000)
        frame.wait_for_function("() => document.querySelector('.leaflet-container').dataset.shieldmapLabels === 'settled'",
                                timeout=30000)
        page.screenshot(path=str(out))
        if blocked:
            raise SystemExit(f"requests left the machine: {blocked}")
        print(f"wrote {out.relative_to(ROOT)}")
    finally:
        context.close()


def main() -> None:
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, context_args in VIEWS.items():
            shoot(browser, url, ROOT / "docs" / name, **context_args)
        browser.close()


if __name__ == "__main__":
    main()

"""The README's pictures of the embedded view and of the keyboard (issue 24), taken offline in headless
Chromium by ``make screenshots`` (never by the tests), each at 1280×800 and on a 390×844 phone:

- ``docs/embed.png``, ``docs/embed-phone.png``: a page of another site holding the "Embed this view"
  snippet (``shieldmap.embed.snippet``, the default view);
- ``docs/keyboard.png``, ``docs/keyboard-phone.png``: the app after Tab and Enter alone have opened the
  map's Features list and a feature's popup (the focus ring on its button).
"""

from __future__ import annotations

import functools
import http.server
import threading

from playwright.sync_api import sync_playwright

from deploy.harness import CHROMIUM_ARGS, COUNT_JS, MAP_IFRAME, ROOT, block_outside, chromium_path, running_app
from shieldmap import embed
from shieldmap.view import View

SIZES = {"": {"viewport": {"width": 1280, "height": 800}},
         "-phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}}
MISSION = ["s300_belarus", "romania_interceptor", "csto", "european_sectors"]
ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ margin: 0 auto; max-width: 760px; padding: 12px; font: 17px/1.5 Georgia, serif; color: #222; }}</style>
</head><body><h1 style="font-size:1.5em">Missile defence: the sectors Russia proposed</h1>
<p>In November 2010 at Lisbon, Russia proposed a "sectoral" missile defence for Europe. The map below is
embedded from shieldmap with the snippet of its "Embed this view" box.</p>
{snippet}
<p>NATO said no in June 2011.</p></body></html>"""


def _drawn(frame) -> None:
    frame.wait_for_function(f"(want) => {{ const c = ({COUNT_JS})() || {{}}; return want.every(k => c[k] > 0); }}",
                            arg=MISSION, timeout=60000)
    frame.wait_for_function("() => document.querySelector('.leaflet-container').dataset.shieldmapLabels === 'settled'",
                            timeout=30000)


def _article(folder, url: str):
    (folder / "index.html").write_text(ARTICLE.format(snippet=embed.snippet(View(), url + "/")), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def embedded(browser, article: str, out, **context_args) -> None:
    context = browser.new_context(**context_args)
    try:
        page = context.new_page()
        block_outside(page, [])
        page.goto(article)
        app = page.wait_for_selector("iframe", timeout=30000).content_frame()
        _drawn(app.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame())
        page.screenshot(path=str(out))
        print(f"wrote {out.relative_to(ROOT)}")
    finally:
        context.close()


def keyboard(browser, url: str, out, **context_args) -> None:
    """Tab to the map's Features list, Enter, Tab to its fourth feature, Enter: its popup opens."""
    context = browser.new_context(**context_args)
    try:
        page = context.new_page()
        block_outside(page, [])
        page.goto(url + "/")
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)
        frame = page.wait_for_selector(MAP_IFRAME, timeout=60000).content_frame()
        _drawn(frame)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        for _ in range(400):
            page.keyboard.press("Tab")
            if frame.evaluate("() => document.activeElement.tagName === 'SUMMARY' && "
                              "!!document.activeElement.closest('.shieldmap-features')"):
                break
        page.keyboard.press("Enter")
        for _ in range(4):
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        frame.wait_for_selector(".leaflet-popup", timeout=10000)
        page.wait_for_timeout(600)  # the popup's fade and pan
        page.screenshot(path=str(out))
        print(f"wrote {out.relative_to(ROOT)}")
    finally:
        context.close()


def main() -> None:
    import tempfile
    from pathlib import Path

    with running_app() as url, sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        server = _article(Path(folder), url)
        article = f"http://localhost:{server.server_address[1]}/index.html"  # another site than the app's
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for suffix, context_args in SIZES.items():
            embedded(browser, article, ROOT / "docs" / f"embed{suffix}.png", **context_args)
            keyboard(browser, url, ROOT / "docs" / f"keyboard{suffix}.png", **context_args)
        browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()

"""Issue 23, point 1: a popup fits the map and the view stays where it was, on a wide screen and on a
phone; no control (the Key, the zoom buttons) covers the popup; the popup reads top-down: its title, its status,
then the rest, the sources last (issue 34.9), each source with the words of it that support the feature (issue 33.1)."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from deploy.harness import block_outside
from pages import ARTIFACTS, MISSION, drawn, leaflet_frame, wait_for_app, wait_for_counts

# (what is clicked, its point): a sector's land (Russia's, in the default view), Deveselu's marker and the
# 2013 S-300 announcement's marker (their seed points).
TARGETS = [("sector", 55.0, 31.0, "european_sectors"), ("deveselu", 44.08, 24.39, "romania_interceptor"),
           ("s300-2013", 53.60, 25.10, "s300_belarus")]
BOXES_JS = """() => { const box = e => { const r = e.getBoundingClientRect();
        return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
    const popup = document.querySelector('.leaflet-popup');
    const controls = [...document.querySelectorAll('.leaflet-control')].filter(e =>
        getComputedStyle(e).visibility !== 'hidden' && getComputedStyle(e).display !== 'none').map(box);
    const link = popup && popup.querySelector('.shieldmap-popup-sources li');
    const content = popup && popup.querySelector('.leaflet-popup-content');
    return {map: box(window.map.getContainer()), popup: popup && box(popup.querySelector('.leaflet-popup-content-wrapper')),
            tip: popup && box(popup.querySelector('.leaflet-popup-tip-container')),
            content: content && box(content), link: link && box(link), controls: controls,
            text: content ? content.innerText : '', center: window.map.getCenter()}; }"""
# The popup is open and the map has stopped moving (Leaflet's pan animation done; the popup faded in).
OPEN_AND_STILL_JS = """() => { const p = document.querySelector('.leaflet-popup');
    return p && getComputedStyle(p).opacity === '1' && !(window.map._panAnim && window.map._panAnim._inProgress)
        && !window.map._animatingZoom; }"""

STATE_JS = """() => { const p = document.querySelector('.leaflet-popup');
    return {popup: !!p, opacity: p && getComputedStyle(p).opacity,
            panning: !!(window.map._panAnim && window.map._panAnim._inProgress),
            center: window.map.getCenter(), zoom: window.map.getZoom()}; }"""


def _inside(inner, outer, slack=1.0):
    return (inner["left"] >= outer["left"] - slack and inner["right"] <= outer["right"] + slack
            and inner["top"] >= outer["top"] - slack and inner["bottom"] <= outer["bottom"] + slack)


def _overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _click_each(page, name):
    wait_for_app(page)
    frame = leaflet_frame(page)
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    for what, lat, lon, layer in TARGETS:
        frame.evaluate("() => { window.map.closePopup(); window.map.setView([52.0, 24.0], 4, {animate: false}); }")
        frame.wait_for_function("() => !document.querySelector('.leaflet-popup')")  # the last one faded out
        before = frame.evaluate("() => window.map.getCenter()")
        x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
        frame.locator(".leaflet-container").click(position={"x": x, "y": y})
        try:
            frame.wait_for_function(OPEN_AND_STILL_JS, timeout=10000)
        except PlaywrightTimeout:
            page.screenshot(path=str(ARTIFACTS / f"popup-{name}-{what}-missing.png"))
            pytest.fail(f"{what}: no popup open and still after the click at {x:.0f}, {y:.0f}: "
                        f"{frame.evaluate(STATE_JS)}")
        frame.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        boxes = frame.evaluate(BOXES_JS)
        shown = frame.evaluate("() => window.map._popup._source.feature.properties.layer")
        page.screenshot(path=str(ARTIFACTS / f"popup-{name}-{what}.png"))
        assert shown == layer, (what, shown)
        assert _inside(boxes["popup"], boxes["map"]) and _inside(boxes["tip"], boxes["map"]), (what, boxes)
        assert abs(boxes["center"]["lat"] - before["lat"]) < 3, (what, before, boxes["center"])  # no jump north
        assert abs(boxes["center"]["lng"] - before["lng"]) < 12, (what, before, boxes["center"])
        assert not any(_overlap(c, boxes["popup"]) for c in boxes["controls"]), (what, boxes)  # key, zoom: not over it
        assert boxes["text"].splitlines()[1].startswith("Status"), boxes["text"][:200]  # title, status (issue 34.9)
        assert boxes["link"] is not None and "Sources:" in boxes["text"]  # the sources close the popup
        assert "The source says: \u201c" in boxes["text"], (what, boxes["text"][:400])  # issue 33.1: the words, shown
        assert boxes["popup"]["width"] <= boxes["map"]["width"] - 16  # margins either side


def test_popups_fit_a_wide_map(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        block_outside(page, [])
        page.goto(app_url + "/")
        _click_each(page, "wide")
    finally:
        context.close()


@pytest.mark.parametrize("size", [(390, 844)])
def test_popups_fit_a_phone(browser, app_url, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        block_outside(page, [])
        page.goto(app_url + "/")
        _click_each(page, "phone")
    finally:
        context.close()

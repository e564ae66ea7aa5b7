"""Issue 23, points 5, 6, 9 and 10 in Chromium: what the page says and draws at a date, a phone's gestures.

- The title, the caption's hint and the key follow the date and say what the map covers (thin after 2016).
- The 2007-2009 plan's cancelled sites are drawn crossed at the story's step after the cancellation.
- Two features at one point (the 2006 and 2014 S-300 records at Grodno) are both seen and both clicked,
  the first with the page's first click on the map (which scrolled the page and opened nothing).
- On a 390x844 touch phone: one finger over the map scrolls the page and leaves the map; two fingers move
  the map; the attribution does not cover the scale bar; "Tell the story" folds the sidebar.
- The README's screenshot routine checks that the sidebar shows the map's view before it shoots.
"""

import sys

import pytest

from deploy.harness import MAP_IFRAME, ROOT, block_outside
from pages import ARTIFACTS, leaflet_frame, next_frame, wait_for_app, wait_labels_settled, wait_settled, wait_still

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
WIDE = {"viewport": {"width": 1280, "height": 800}}
SCROLL_JS = "() => document.querySelector('[data-testid=stMain]').scrollTop"
CENTRE_JS = "() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }"
BOX_JS = """(selector) => { const e = document.querySelector(selector); if (!e) return null;
    const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }"""
KEY_PERIOD_JS = """() => [...document.querySelectorAll('.shieldmap-key-body > div')].slice(0, 3).map(e => e.innerText.trim())"""
ICONS_JS = """(ids) => { const out = {}; window.map.eachLayer(l => {
    if (l instanceof L.Marker && l.feature && ids.includes(l.feature.properties.id)) {
        const r = l._icon.getBoundingClientRect();
        out[l.feature.properties.id] = {x: r.left + r.width / 2, y: r.top + r.height / 2, html: l._icon.innerHTML}; } });
    return out; }"""
CROSS = "M3 3 L13 13"  # the cross a rejected or cancelled marker carries (shieldmap.web.mapkey.marker_svg)


@pytest.fixture
def context(browser):
    made = []

    def make(**options):
        made.append(browser.new_context(**options))
        page = made[-1].new_page()
        block_outside(page, [])
        return page

    yield make
    for each in made:
        each.close()


def _open(page, app_url, query=""):
    page.goto(app_url + "/" + query)
    wait_for_app(page)
    frame = leaflet_frame(page)
    wait_labels_settled(frame)
    return frame


def test_title_hint_and_key_follow_the_date(context, app_url):
    page = context(**WIDE)
    frame = _open(page, app_url, "?as_of=2023-11-23")
    assert page.locator("h1").first.inner_text() == "Missile defence in Europe in 2023"
    hint = page.locator("[data-testid=stAlertContentInfo] [data-testid=stMarkdownContainer]").first.inner_text()
    assert hint.startswith("Thin coverage at this date: S-300 in Belarus was researched to 2016") and "2019" in hint
    frame.wait_for_function("() => document.querySelector('.shieldmap-key-date') !== null")
    key = frame.evaluate(KEY_PERIOD_JS)
    assert key[0] == "As of 23 Nov 2023" and key[1].startswith("10 years after the 2010–2013 dispute")
    assert key[2].startswith("Thin coverage at this date")
    page.screenshot(path=str(ARTIFACTS / "truths-title-2023.png"))
    frame = _open(page, app_url, "?as_of=2012-05-20")
    assert page.locator("h1").first.inner_text() == "Missile defence in Europe, 2010–2013"
    assert page.locator("[data-testid=stAlertContentInfo]").count() == 0
    frame.wait_for_function("() => (document.querySelector('.shieldmap-key-date') || {}).innerText === 'As of 20 May 2012'")
    assert frame.evaluate(KEY_PERIOD_JS)[1].startswith("During the 2010–2013 dispute")
    page.screenshot(path=str(ARTIFACTS / "truths-title-2012.png"))


def test_cancelled_plan_drawn_crossed_after_its_end(context, app_url):
    """Story step 6 (25 Sep 2009: "with the US plan cancelled"): both of the plan's sites, crossed."""
    page = context(**WIDE)
    frame = _open(page, app_url, "?story=6")
    frame.wait_for_function(f"(ids) => Object.keys(({ICONS_JS})(ids)).length === 2",
                            arg=["redzikowo-gbi", "brdy-radar"], timeout=30000)
    icons = frame.evaluate(ICONS_JS, ["redzikowo-gbi", "brdy-radar"])
    assert all(CROSS in icon["html"] for icon in icons.values()), icons
    box = frame.evaluate(BOX_JS, ".leaflet-container")
    assert all(box["left"] < i["x"] < box["right"] and box["top"] < i["y"] < box["bottom"] for i in icons.values())
    page.locator(MAP_IFRAME).screenshot(path=str(ARTIFACTS / "truths-story-6-cancelled.png"))


def test_two_records_at_one_point_are_both_seen_and_clicked(context, app_url):
    page = context(**WIDE)
    frame = _open(page, app_url, "?as_of=2016-06-01&layers=s300_belarus")
    frame.evaluate("() => { window.map.setView([53.7, 23.8], 7, {animate: false}); }")
    wait_settled(page, 1500)
    wait_labels_settled(frame)
    ids = ["s300-2006-grodno", "s300-grodno"]  # the same coordinates in sites.csv
    icons = frame.evaluate(ICONS_JS, ids)
    (a, b) = (icons[i] for i in ids)
    assert abs(a["x"] - b["x"]) >= 16 or abs(a["y"] - b["y"]) >= 16, icons  # 18 px icons: side by side
    container = frame.locator(".leaflet-container")
    for feature in ids:  # the first click of the page on the map too: Leaflet's focus no longer scrolls the page
        frame.evaluate("() => { window.map.closePopup(); }")
        scroll = page.evaluate(SCROLL_JS)
        container.click(position={"x": icons[feature]["x"], "y": icons[feature]["y"]})
        assert page.evaluate(SCROLL_JS) == scroll
        frame.wait_for_function("() => !!(window.map._popup && window.map._popup.isOpen())", timeout=10000)
        assert frame.evaluate("() => window.map._popup._source.feature.properties.id") == feature
        page.locator(MAP_IFRAME).screenshot(
            path=str(ARTIFACTS / f"truths-pair-{feature}.png"))


def _touch(cdp, kind, points):
    cdp.send("Input.dispatchTouchEvent",
             {"type": kind, "touchPoints": [{"x": x, "y": y, "id": i} for i, (x, y) in enumerate(points)]})


def test_phone_one_finger_scrolls_the_page_two_fingers_move_the_map(context, app_url):
    page = context(**PHONE)
    frame = _open(page, app_url)
    box = page.locator(MAP_IFRAME).bounding_box()
    x, y = box["x"] + box["width"] / 2, min(box["y"] + box["height"] - 60, 800)
    assert y - 300 > box["y"]  # the swipe starts and ends over the map
    cdp = page.context.new_cdp_session(page)
    scroll, centre = page.evaluate(SCROLL_JS), frame.evaluate(CENTRE_JS)
    _touch(cdp, "touchStart", [(x, y)])
    for step in range(1, 16):
        _touch(cdp, "touchMove", [(x, y - 20 * step)])
        next_frame(page)
    hint = frame.evaluate("() => { const h = document.querySelector('.shieldmap-gesture-hint');"
                          " return [h.innerText, getComputedStyle(h).opacity]; }")
    _touch(cdp, "touchEnd", [])
    assert wait_still(page, SCROLL_JS) - scroll >= 150  # the page moved up under the finger, and came to rest
    assert frame.evaluate(CENTRE_JS) == pytest.approx(centre, abs=1e-9)  # the map did not
    assert hint[0] == "Use two fingers to move the map" and float(hint[1]) > 0
    page.screenshot(path=str(ARTIFACTS / "truths-phone-swiped.png"))
    scroll = page.evaluate(SCROLL_JS)
    box = page.locator(MAP_IFRAME).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"], 844 - box["y"]) / 2
    _touch(cdp, "touchStart", [(x - 50, y), (x + 50, y)])
    for step in range(1, 11):
        _touch(cdp, "touchMove", [(x - 50 + 10 * step, y + 8 * step), (x + 50 + 10 * step, y + 8 * step)])
        next_frame(page)
    _touch(cdp, "touchEnd", [])
    moved = wait_still(frame, CENTRE_JS)  # the map's move (and its inertia) at rest
    assert abs(moved[0] - centre[0]) > 0.5 and abs(moved[1] - centre[1]) > 0.5, (centre, moved)  # both coordinates
    assert abs(page.evaluate(SCROLL_JS) - scroll) <= 2  # and the page stayed


def test_phone_attribution_clear_of_the_scale_bar(context, app_url):
    page = context(**PHONE)
    frame = _open(page, app_url)
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    attribution = frame.evaluate(BOX_JS, ".leaflet-control-attribution")
    scale = frame.evaluate(BOX_JS, ".leaflet-control-scale")
    the_map = frame.evaluate(BOX_JS, ".leaflet-container")
    assert attribution and scale
    overlap = (attribution["left"] < scale["right"] and scale["left"] < attribution["right"]
               and attribution["top"] < scale["bottom"] and scale["top"] < attribution["bottom"])
    assert not overlap, (attribution, scale)
    assert attribution["left"] >= the_map["left"] and attribution["right"] <= the_map["right"] + 1
    page.locator(MAP_IFRAME).screenshot(path=str(ARTIFACTS / "truths-phone-map.png"))


@pytest.mark.parametrize("where,options,folded", [("phone", PHONE, True), ("wide", WIDE, False)])
def test_tell_the_story_folds_the_sidebar_on_a_phone(context, app_url, where, options, folded):
    page = context(**options)
    _open(page, app_url)
    side = page.locator("[data-testid=stSidebar]")
    if where == "phone":
        page.locator("[data-testid=stExpandSidebarButton]").click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right > 200")
    page.get_by_role("button", name="Tell the story").click()
    page.wait_for_selector(".st-key-story_panel", timeout=30000)
    wait_settled(page)
    if folded:
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 1",
                               timeout=10000)
        panel = page.locator(".st-key-story_panel").bounding_box()
        assert panel["x"] >= 0 and panel["y"] < 844 and panel["x"] + panel["width"] <= 390  # in sight, uncovered
    else:
        assert side.bounding_box()["width"] > 200  # a wide screen keeps its sidebar
    page.screenshot(path=str(ARTIFACTS / f"truths-story-{where}.png"))


def test_readme_screenshot_shows_the_sidebar_as_it_is(browser, app_url):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import readme_screenshots
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    state = readme_screenshots.shoot(browser, app_url, ARTIFACTS / "readme-screenshot.png",
                                     **readme_screenshots.VIEWS["screenshot.png"])
    assert state == {"slider": "2013-10-31", "ticked": sorted(readme_screenshots.TITLES.values())}

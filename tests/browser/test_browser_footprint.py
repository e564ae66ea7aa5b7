"""Issue 32 in Chromium, every outside request blocked: a footprint shared by URL (``?footprint=tehran``) is
drawn as each site's filled polygons in its colour with the window's levels, its key names the launch point,
the sites and the grid; Clear takes it off the map and the URL, the panel's "Footprint" draws it again."""

from pages import ARTIFACTS, open_app, wait_for_counts, wait_settled

PANEL = "[data-testid=stSidebar] [data-testid=stExpander]:has-text('Engagement: paths, reach, radar horizons')"
QUERY = "?layers=romania_interceptor,epaa&planned=1&burnout=5.5&sites=North%20Sea%4056.5%2C3&footprint=tehran"
FILLS_JS = """() => { const out = {}; window.map.eachLayer(l => { const p = l.feature && l.feature.properties;
  if (p && p.layer === 'footprint') out[p.id] = {fill: l.options.fillColor, opacity: l.options.fillOpacity}; });
  return out; }"""
KEY_JS = """() => { const key = document.querySelector('.shieldmap-key'); key.open = true; return key.innerText; }"""


def test_a_shared_footprint_is_drawn_keyed_and_toggled(page, app_url):
    frame = open_app(page, app_url, QUERY)
    counts = wait_for_counts(frame, lambda c: c.get("footprint", 0) >= 9, timeout=90)  # 3 sites x 3 levels
    fills = frame.evaluate(FILLS_JS)
    assert fills["footprint-deveselu-0"]["fill"] == "#0072B2" and fills["footprint-redzikowo-0"]["fill"] == "#009E73"
    levels = [fills[f"footprint-North Sea-{level}"]["opacity"] for level in (0, 60, 120)]
    assert levels == sorted(levels) and levels[0] < levels[-1]  # darker where the window is longer
    key = frame.evaluate(KEY_JS)
    assert "Footprint: where each site could defend against launches from Tehran (2° grid)" in key, key
    assert "North Sea: a hypothetical interceptor, 5.5 km/s" in key and "window ≥ 120 s" in key
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "footprint.png"))

    page.locator(PANEL).get_by_text("Engagement: paths, reach, radar horizons").click()
    page.locator("[data-testid=stSidebar] .st-key-engage_clear button").click()
    page.wait_for_function("() => !location.search.includes('footprint=')", timeout=60000)
    wait_for_counts(frame, lambda c: c.get("footprint", 0) == 0, timeout=60)
    wait_settled(page)
    page.locator("[data-testid=stSidebar] .st-key-engage_footprint button").first.click()  # the launch point: Tehran
    page.wait_for_function("() => location.search.includes('footprint=tehran')", timeout=60000)
    assert wait_for_counts(frame, lambda c: c.get("footprint", 0) >= 9, timeout=90)["footprint"] == counts["footprint"]
    wait_settled(page)
    assert page.blocked == []
    assert page.locator("[data-testid=stException]").count() == 0

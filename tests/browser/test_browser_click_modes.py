"""Issue 23, point 2: while measuring or placing a site, a click anywhere, on any feature, is the point (no
popup), with the default layers; a click made while clicks were off is never used later."""

from pyproj import Geod

from pages import ARTIFACTS, MISSION, drawn, open_app, wait_for_counts, wait_settled

MINSK, WARSAW, KALININGRAD = (53.901, 27.559), (52.230, 21.012), (54.71, 20.51)
TIPS_JS = """() => { const t = []; window.map.eachLayer(l => { if (l.feature && l.feature.properties.layer === 'measure'
    && l.feature.properties.id !== 'measure-line') t.push(l.feature.properties.tip); }); return t.sort(); }"""


def _mode(page, label):
    page.get_by_text("What if and measure (0)").click()
    page.get_by_text(label, exact=True).click()
    wait_settled(page)


def _click(page, frame, lat, lon):
    """Click the map at (lat, lon); the point the map puts under that pixel (what a click there means)."""
    x, y = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]);"
                          " return [Math.round(p.x), Math.round(p.y)]; }")
    frame.locator(".leaflet-container").click(position={"x": x, "y": y})
    point = frame.evaluate(f"() => window.map.containerPointToLatLng([{x}, {y}])")
    return point["lat"], point["lng"]


def _points(frame, count):
    frame.wait_for_function(f"() => ({TIPS_JS})().length === {count}", timeout=30000)
    return [tuple(map(float, tip.split(": ")[1].split(", "))) for tip in frame.evaluate(TIPS_JS)]


def test_measure_minsk_warsaw_on_the_default_layers(page, app_url):
    frame = open_app(page, app_url)
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    frame.evaluate("() => window.map.setView([53.0, 24.3], 6, {animate: false}) && 1")  # 1 px is about 0.02 degrees
    _mode(page, "Measure")
    center = frame.evaluate("() => window.map.getCenter()")
    clicked = [_click(page, frame, *MINSK)]
    first = _points(frame, 1)
    clicked.append(_click(page, frame, *WARSAW))
    ends = _points(frame, 2)
    assert frame.locator(".leaflet-popup").count() == 0  # no popup opened on the sectors or the S-300 circles
    after = frame.evaluate("() => window.map.getCenter()")
    assert abs(after["lat"] - center["lat"]) < 0.01 and abs(after["lng"] - center["lng"]) < 0.01  # no jump
    point1 = next(p for p in ends if p[0] > 53)
    point2 = next(p for p in ends if p[0] < 53)
    assert first == [point1]
    for (lat, lon), place, (clat, clon) in zip((point1, point2), (MINSK, WARSAW), clicked):
        assert abs(lat - place[0]) < 0.05 and abs(lon - place[1]) < 0.05, (lat, lon, place)
        assert abs(lat - clat) < 0.02 and abs(lon - clon) < 0.02  # the clicked pixel's point (1 px: 0.013 deg)
    _, _, metres = Geod(ellps="WGS84").inv(point1[1], point1[0], point2[1], point2[0])
    assert abs(metres / 1000 - 476) < 5
    text = page.get_by_text("initial azimuth").inner_text()
    assert f"{metres / 1000:,.1f} km" in text
    page.screenshot(path=str(ARTIFACTS / "click-measure-minsk-warsaw.png"))
    assert page.blocked == []


def test_place_a_site_at_kaliningrad(page, app_url):
    frame = open_app(page, app_url)
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    frame.evaluate("() => window.map.setView([54.7, 20.5], 6, {animate: false}) && 1")
    _mode(page, "Place a site")
    latitude, longitude = page.get_by_label("Latitude"), page.get_by_label("Longitude")
    for field in (latitude, longitude):  # away from the fields' default (Kaliningrad itself)
        field.fill("10")
        field.press("Enter")
        wait_settled(page)
    lat, lon = _click(page, frame, *KALININGRAD)
    page.wait_for_function("() => [...document.querySelectorAll('input[aria-label=Latitude]')]"
                           ".some(e => e.value !== '10.0000')", timeout=30000)
    wait_settled(page)
    assert abs(float(latitude.input_value()) - lat) < 0.02 and abs(float(longitude.input_value()) - lon) < 0.02
    assert abs(lat - KALININGRAD[0]) < 0.05 and abs(lon - KALININGRAD[1]) < 0.05
    assert frame.locator(".leaflet-popup").count() == 0
    page.screenshot(path=str(ARTIFACTS / "click-place-kaliningrad.png"))


def test_a_click_made_while_off_is_never_used(page, app_url):
    frame = open_app(page, app_url, "?layers=csto")
    wait_for_counts(frame, lambda c: drawn(c) == {"csto": 6})
    _mode(page, "Measure")
    _click(page, frame, 48.0, 2.0)  # a first point, then clicks off
    _points(frame, 1)
    page.get_by_text("Off", exact=True).click()
    wait_settled(page)
    _click(page, frame, 45.0, 5.0)  # clicks off: a click on the map (France, no layer there)
    page.get_by_text("Measure", exact=True).click()
    wait_settled(page)
    frame.evaluate("() => window.map.panBy([40, 0], {animate: false}) && 1")  # the map reports its view again
    lat, lon = _click(page, frame, 50.0, 10.0)  # the first point: this one, not one from before or while off
    page.get_by_text("click the second point.").wait_for(timeout=30000)
    (first,) = _points(frame, 1)
    assert abs(first[0] - lat) < 0.1 and abs(first[1] - lon) < 0.1, (first, lat, lon)  # 1 px at zoom 4: 0.06 deg
    page.screenshot(path=str(ARTIFACTS / "click-off-then-measure.png"))

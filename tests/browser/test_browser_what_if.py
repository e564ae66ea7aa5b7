"""What if, in headless Chromium with every outside request blocked: a URL draws the ring, the
Analysis tab lists it, a download carries it, and two clicks measure a geodesic."""

import json
import re

from pyproj import Geod

from pages import ARTIFACTS, MAP_IFRAME, open_app, wait_for_counts, wait_settled

KALININGRAD = "Kaliningrad@54.71,20.51,400"


def test_url_what_if_ring_analysis_and_download(page, app_url, tmp_path):
    frame = open_app(page, app_url, f"?layers=csto&what_if={KALININGRAD}")
    counts = wait_for_counts(frame, lambda c: c.get("what_if") == 2 and c.get("csto") == 6)
    assert counts["what_if"] == 2  # the ring and its centre marker
    tips = frame.evaluate("""() => { const t = []; window.map.eachLayer(l => { if (l.feature &&
        l.feature.properties.layer === 'what_if' && l.getTooltip()) t.push(l.getTooltip().getContent()); }); return t; }""")
    assert tips and all(t.startswith("HYPOTHETICAL: Kaliningrad") for t in tips)
    dash = frame.evaluate("""() => { let d = null; window.map.eachLayer(l => { if (l.feature &&
        l.feature.properties.id === 'what-if-1') d = l.options.dashArray; }); return d; }""")
    assert dash == "14 5 2 5"
    page.get_by_text("What if and measure (1)").wait_for()
    remove = page.get_by_role("button", name="Remove").first  # the site's button, whole (it was cut to "R")
    remove.wait_for()
    box = remove.bounding_box()
    assert remove.inner_text().strip().endswith("Remove") and box["width"] >= 80 and box["height"] >= 24
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "what-if-map.png"))

    with page.expect_download() as info:
        page.get_by_role("button", name="Download GeoJSON").click()
    target = tmp_path / "download.geojson"
    info.value.save_as(target)
    mine = [f["properties"] for f in json.loads(target.read_text())["features"] if f["properties"]["layer"] == "what_if"]
    assert len(mine) == 1 and mine[0]["inputs"] == KALININGRAD and mine[0]["radius_km"] == 400

    page.get_by_role("tab", name="Analysis").click()
    page.get_by_text("HYPOTHETICAL sites (what if)").wait_for(timeout=120000)
    wait_settled(page)
    summary = page.locator("[data-testid=stDataFrame]").first
    summary.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "what-if-analysis.png"), full_page=True)
    assert page.blocked == []
    assert page.locator("[data-testid=stException]").count() == 0


def test_measure_two_clicks(page, app_url):
    frame = open_app(page, app_url, "?layers=csto")
    wait_for_counts(frame, lambda c: c.get("csto") == 6)
    container = page.locator(MAP_IFRAME)
    container.click(position={"x": 300, "y": 300})  # the map takes focus (Chromium may scroll it once)
    wait_settled(page)  # a rerun the click started, if any, has finished
    assert "what_if" not in page.url  # in "off" mode a click changes nothing
    page.get_by_text("What if and measure (0)").click()
    page.get_by_text("Measure", exact=True).click()
    wait_settled(page)
    for lat, lon, then in ((53.901, 27.559, "click the second point."), (52.230, 21.012, "initial azimuth")):  # Minsk, Warsaw
        point = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
        container.click(position={"x": point[0], "y": point[1]})
        page.get_by_text(then).wait_for(timeout=30000)  # the click reached the app (st_folium debounces it)
        wait_settled(page)
    page.screenshot(path=str(ARTIFACTS / "what-if-measure.png"))
    page.get_by_text("initial azimuth").wait_for()
    text = page.get_by_text("initial azimuth").inner_text()
    wait_for_counts(frame, lambda c: c.get("measure") == 3)  # the line and its two ends
    tips = frame.evaluate("""() => { const t = []; window.map.eachLayer(l => { if (l.feature &&
        l.feature.properties.layer === 'measure') t.push(l.feature.properties.tip); }); return t; }""")
    ends = sorted(tip for tip in tips if tip.startswith("Point"))
    (lat1, lon1), (lat2, lon2) = [map(float, tip.split(": ")[1].split(", ")) for tip in ends]
    assert abs(lat1 - 53.9) < 4 and abs(lon2 - 21.0) < 4  # about where clicked (pixels, not degrees)
    forward, _, metres = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    shown = float(re.match(r"([\d,.]+) km", text).group(1).replace(",", ""))
    assert abs(shown - metres / 1000) <= 0.05 + metres / 1e6 * 1e-3  # the shown figure is pyproj's (0.1 km)
    assert f"initial azimuth {forward % 360:.1f}" in text
    page.screenshot(path=str(ARTIFACTS / "what-if-measure.png"))
    assert page.blocked == []

"""Issue 22 in Chromium, every outside request blocked: the Engagement panel opened, a launch, a target and
an interceptor chosen, "Draw the path" draws the ground track where the path lies on the screen with a tick
for every minute of flight, and the table under the map shows Deveselu's verdict and closest approach."""

import datetime as dt
import json

import numpy as np
import pandas as pd

from geo.engagement_seeds import load_engagement
from geo.seeds import load_seeds
from pages import ARTIFACTS, FIND_MAP, open_app, wait_for_counts, wait_settled
from shieldmap import engagement, i18n
from shieldmap.view import LayerOptions, View
from shieldmap.cli.main import main

PANEL = "[data-testid=stSidebar] [data-testid=stExpander]:has-text('Engagement: paths, reach, radar horizons')"
TRACK_JS = """() => { let found = null; window.map.eachLayer(l => { if (l.feature && l.feature.properties.id === 'engage-path')
  found = {color: l.options.color, weight: l.options.weight, points: l.getLatLngs().flat().length}; }); return found; }"""
BLACK_PIXELS_JS = """() => {
  // The map draws its vector layers on canvas (prefer_canvas): the box, in the map's pixels, of what is drawn in
  // pure black, which only the threat's ground track is (borders are grey, markers are HTML icons).
  const map = window.map.getContainer().getBoundingClientRect();
  let box = null;
  for (const canvas of window.map.getContainer().querySelectorAll('canvas')) {
    const r = canvas.getBoundingClientRect(), sx = r.width / canvas.width, sy = r.height / canvas.height;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let y = 0; y < canvas.height; y++) for (let x = 0; x < canvas.width; x++) {
      const i = (y * canvas.width + x) * 4;
      if (data[i + 3] > 250 && data[i] < 10 && data[i + 1] < 10 && data[i + 2] < 10) {
        const px = r.left - map.left + (x + 0.5) * sx, py = r.top - map.top + (y + 0.5) * sy;
        box = box ? {left: Math.min(box.left, px), right: Math.max(box.right, px), top: Math.min(box.top, py),
                     bottom: Math.max(box.bottom, py), count: box.count + 1}
                  : {left: px, right: px, top: py, bottom: py, count: 1};
      }
    }
  }
  return box;
}"""
TICKS_JS = """() => { const out = []; window.map.eachLayer(l => { if (l.feature && l.feature.properties.id === 'engage-tick')
  { const p = window.map.latLngToContainerPoint(l.getLatLng()); out.push([p.x, p.y]); } }); return out; }"""


KEY_JS = """() => { const key = document.querySelector('.shieldmap-key'); key.open = true;
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  return {text: key.innerText, fills: [...key.querySelectorAll('.shieldmap-key-row rect')].map(r => r.getAttribute('fill')),
          box: box(key), map: box(window.map.getContainer())}; }"""


def _choose(page, key: str, option: str) -> None:
    box = page.locator(f"[data-testid=stSidebar] .st-key-{key}")
    box.scroll_into_view_if_needed()
    box.click()
    try:
        page.get_by_role("option", name=option, exact=True).click()
    finally:
        page.screenshot(path=str(ARTIFACTS / f"engage-choose-{key}.png"))
    wait_settled(page)


def _expected():
    seeds = load_engagement(seeds=load_seeds())
    path, table = engagement.engagement(seeds, View(path="tehran>washington",
                                                      interceptor="SM-3 Block IIA"))
    return path, table.set_index("site")


def test_the_panel_draws_the_track_its_ticks_and_the_table(page, app_url, tmp_path):
    frame = open_app(page, app_url, "?layers=romania_interceptor,epaa")
    wait_for_counts(frame, lambda c: c.get("romania_interceptor") == 1)
    page.locator(PANEL).get_by_text("Engagement: paths, reach, radar horizons").click()
    page.locator("[data-testid=stSidebar] .st-key-engage_from").wait_for()
    _choose(page, "engage_from", "Tehran")
    _choose(page, "engage_to", "Washington, D.C.")
    _choose(page, "engage_interceptor", "SM-3 Block IIA")
    page.get_by_role("button", name="Draw the path").click()
    page.wait_for_function("() => location.search.includes('path=tehran%3Ewashington')", timeout=60000)
    path, table = _expected()
    ticks = path.ticks()
    counts = wait_for_counts(frame, lambda c: c.get("engagement", 0) >= len(ticks) + 1, timeout=60)
    assert counts["engagement"] > len(ticks)  # the track, its ticks, the reach and horizon rings

    # The whole path in view, then its drawn line spans where Tehran and Washington are on the screen.
    frame.evaluate("() => { window.map.fitBounds([[35.689, 51.389], [38.907, -77.037]], {animate: false}); }")
    track = frame.evaluate(TRACK_JS)
    assert track["color"] == "#000000" and track["weight"] == 3 and track["points"] > 100
    (line,) = path.ground_track().geoms
    lons, lats = np.asarray(line.coords).T
    points = np.asarray(frame.evaluate("lls => lls.map(ll => { const p = window.map.latLngToContainerPoint(ll); "
                                       "return [p.x, p.y]; })", [[float(a), float(o)] for o, a in zip(lons, lats)]))
    stroke = 3  # the line's weight spills over the vertices' extent
    left, right = points[:, 0].min(), points[:, 0].max()
    # the canvas redraws on a later animation frame: until the drawn line spans the path's new extent
    box = frame.wait_for_function(f"""() => {{ const b = ({BLACK_PIXELS_JS})();
        return b && b.count > 500 && Math.abs(b.left - {left}) <= {stroke} && Math.abs(b.right - {right}) <= {stroke} && b; }}""",
                                  polling=100, timeout=30000).json_value()
    assert box is not None and box["count"] > 500  # a line drawn, not a dot
    assert abs(box["left"] - points[:, 0].min()) <= stroke and abs(box["right"] - points[:, 0].max()) <= stroke
    assert abs(box["top"] - points[:, 1].min()) <= stroke and abs(box["bottom"] - points[:, 1].max()) <= stroke
    washington, tehran = points[-1], points[0]
    assert box["left"] <= washington[0] + stroke and box["right"] >= tehran[0] - stroke
    assert box["right"] - box["left"] > 300  # across most of the map, not a dot

    key = frame.evaluate(KEY_JS)  # the map's key explains the colours while the path is on the map
    assert "Engagement (a gravity-correct flyout)" in key["text"], key["text"]
    assert all(f"interceptor's reach: {v}" in key["text"] for v in ("yes", "no")) and "radar horizon" in key["text"]
    assert {"#009E73", "#D55E00", "#0072B2"} <= set(key["fills"]), key["fills"]
    inside = key["box"]["left"] >= key["map"]["left"] and key["box"]["right"] <= key["map"]["right"]
    assert inside and key["box"]["top"] >= key["map"]["top"] and key["box"]["bottom"] <= key["map"]["bottom"], key

    shown = np.asarray(frame.evaluate(TICKS_JS))
    assert len(shown) == len(ticks) == 34  # a tick a minute, 0 to 32 min, and the impact at 32.6 min
    expected = np.asarray(frame.evaluate("lls => lls.map(ll => { const p = window.map.latLngToContainerPoint(ll); "
                                         "return [p.x, p.y]; })", [[t["lat"], t["lon"]] for t in ticks]))
    assert np.abs(np.sort(shown, axis=0) - np.sort(expected, axis=0)).max() <= 1.0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "engage-panel.png"))

    deveselu = table.loc["deveselu"]
    assert pd.isna(deveselu["verdict"]) and round(deveselu["closest_km"]) == 911  # 2013: not built, not screened
    page.get_by_text("Tehran to Washington").first.wait_for()  # the path's line above the table, as text
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    # The grid draws on canvas; its cells are also in the DOM as text (an accessible table, visually hidden).
    row = grid.locator("tr[role=row]").filter(has_text="Aegis Ashore Romania (Deveselu)")
    row.first.wait_for(state="attached", timeout=30000)
    cells = [c.strip() for c in row.first.locator("td[role=gridcell]").all_text_contents()]
    # 2013: Deveselu is not built: its status says so and its window is blank, never "None"
    assert cells[:6] == ["Aegis Ashore Romania (Deveselu)", "SM-3 Block IIA", "under construction", "", "", ""], cells
    page.screenshot(path=str(ARTIFACTS / "engage-table.png"), full_page=True)

    with page.expect_download() as info:  # the downloads carry the drawn path (the layer "engagement")
        page.get_by_role("button", name="Download GeoJSON").click()
    target = tmp_path / "download.geojson"
    info.value.save_as(target)
    mine = [f["properties"] for f in json.loads(target.read_text())["features"] if f["properties"]["layer"] == "engagement"]
    kinds = [p["kind"] for p in mine]
    assert kinds.count("path") == 1 and kinds.count("tick") == len(ticks)
    (site,) = [p for p in mine if p["kind"] == "site" and p["site"] == "deveselu"]
    assert site["verdict"] is None and abs(site["closest_km"] - deveselu["closest_km"]) < 1e-6
    assert page.blocked == []
    assert page.locator("[data-testid=stException]").count() == 0


def test_the_html_export_draws_the_path_offline(tmp_path, file_page):
    out = tmp_path / "map.html"
    assert main(["export", "--layers", "romania_interceptor", "--path", "tehran>washington", "--out", str(out)]) == 0
    page = file_page(out.as_uri())
    page.wait_for_function(f"() => {FIND_MAP} !== undefined", timeout=30000)
    kinds = page.evaluate("""() => { const map = window[%s], out = {}; map.eachLayer(l => { const p = l.feature &&
      l.feature.properties; if (p && p.layer === 'engagement') out[p.id] = (out[p.id] || 0) + 1; }); return out; }"""
                          % FIND_MAP)
    path, table = engagement.engagement(load_engagement(seeds=load_seeds()), View(path="tehran>washington"))
    assert kinds["engage-path"] == 1 and kinds["engage-tick"] == len(path.ticks()) == 34
    assert kinds["engage-reach"] == int(table["verdict"].notna().sum())
    assert kinds["engage-horizon"] == int(table["horizon_km"].notna().sum())
    page.get_by_text("Engagement", exact=True).first.wait_for()  # its entry in the layer control
    assert "vermillion: it does not" in page.locator(".legend-hint").last.inner_text()  # the key names the colours
    page.screenshot(path=str(ARTIFACTS / "engage-html-export.png"))
    assert page.aborted == [] and page.errors == []


CHART = "[data-testid=stVegaLiteChart]"
GBI = "Planned US ground-based interceptor site (Redzikowo)"


def test_the_needed_speed_chart_and_the_window_in_the_table(page, app_url):
    """The GBI dispute (Kozelsk to New York, 2009, the planned site at Redzikowo, earliest launch 6 min after the
    threat's): the table's window and the chart's bar and claims are the numbers of shieldmap engage."""
    seeds = load_engagement(seeds=load_seeds())
    request = View(as_of=dt.date(2009, 1, 1), path="kozelsk>new-york", delay_s=180, options=LayerOptions(planned=True))
    row = engagement.engagement(seeds, request)[1].set_index("site").loc["redzikowo-gbi"]
    open_app(page, app_url, "?layers=nato_sites&as_of=2009-01-01&planned=1&path=kozelsk%3Enew-york&delay=180")
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    cells = grid.locator("tr[role=row]").filter(has_text=GBI)
    cells.first.wait_for(state="attached", timeout=60000)
    shown = [c.strip() for c in cells.first.locator("td[role=gridcell]").all_text_contents()]
    window, latest = (i18n.number(row[key]) for key in ("window_s", "latest_launch_s"))
    assert shown[:6] == [GBI, "GBI", "planned: agreement signed", "no", window, latest]  # the grid's first columns
    chart = page.locator(CHART).last
    chart.scroll_into_view_if_needed()
    bar = chart.locator(f"svg [aria-label*='speed needed: {row['needed_kms']:.2f} km/s']")
    bar.first.wait_for(timeout=30000)
    labels = chart.locator("svg [aria-label*='claim: ']").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    claims = {label.split("claim: ")[1] for label in labels}
    assert claims == {
        "Missile Defense Agency slides, as described by Postol: 5.4 km/s, too slow",
        "Missile Defense Agency, as quoted by Postol: 6.3 km/s, too slow",
        "Theodore Postol (MIT): 7.7 km/s, opens the window", "Theodore Postol (MIT): 9 km/s, opens the window"}, claims
    assert 6.3 < row["needed_kms"] < 7.7  # the dispute: MDA's speeds fall short, Postol's clear it
    chart.screenshot(path=str(ARTIFACTS / "engage-needed-chart.png"))
    assert page.blocked == []
    assert page.locator("[data-testid=stException]").count() == 0

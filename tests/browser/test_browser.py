"""The app in headless Chromium, with every request that leaves the machine blocked."""

import json
import urllib.parse


from pages import ARTIFACTS, MISSION, drawn, open_app, wait_for_counts
from geo import export
from layers.registry import build_layers, parse_date
from checks import check_rfc7946



def query_of(page) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))


def test_default_view_offline(page, app_url):
    frame = open_app(page, app_url)
    counts = wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    assert drawn(counts) == MISSION
    assert counts["s300_belarus:uncertainty"] == 3  # precision circles drawn
    # the offline Natural Earth basemap, fetched from the app itself (asynchronously: wait for it)
    countries = """() => { let n = 0; window.map.eachLayer(l => { if (l.feature && l.feature.properties
        && !l.feature.properties.layer) n++; }); return n; }"""
    frame.wait_for_function(f"() => ({countries})() > 150", timeout=30000)
    assert frame.evaluate(countries) > 150
    assert page.blocked == []
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stAlertContentError]").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "app-default.png"))


def test_url_selects_only_csto(page, app_url):
    frame = open_app(page, app_url, "?layers=csto")
    counts = wait_for_counts(frame, lambda c: drawn(c) == {"csto": 6})
    assert drawn(counts) == {"csto": 6}


def test_untick_removes_features_and_url_without_remount(page, app_url):
    frame = open_app(page, app_url)
    wait_for_counts(frame, lambda c: drawn(c) == MISSION)
    frame.evaluate("() => { window.__sameMap = true; }")
    page.get_by_text("CSTO members (6)").click()
    counts = wait_for_counts(frame, lambda c: "csto" not in c)
    assert drawn(counts) == {k: v for k, v in MISSION.items() if k != "csto"}
    page.wait_for_function("() => !location.search.includes('csto')")
    assert query_of(page)["layers"] == "s300_belarus,romania_interceptor,european_sectors"
    assert frame.evaluate("() => window.__sameMap === true")  # swapped in place, not remounted


def test_date_slider_changes_what_is_drawn(page, app_url):
    frame = open_app(page, app_url, "?as_of=2013-10-29&layers=s300_belarus")
    counts = wait_for_counts(frame, lambda c: c.get("s300_belarus") == 3)
    assert counts["s300_belarus"] == 3  # the 29 Oct 2013 announcement is there
    page.get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('as_of=2013-10-28')")
    counts = wait_for_counts(frame, lambda c: c.get("s300_belarus") == 2)
    assert counts["s300_belarus"] == 2  # before 29 Oct 2013: no announcement


def test_download_geojson_is_the_shown_layers(page, app_url, tmp_path, seeds):
    frame = open_app(page, app_url, "?layers=csto,romania_interceptor&as_of=2012-06-01")
    wait_for_counts(frame, lambda c: drawn(c) == {"csto": 7, "romania_interceptor": 1})  # Uzbekistan until 28 Jun 2012
    with page.expect_download() as info:
        page.get_by_role("button", name="Download GeoJSON").click()
    target = tmp_path / "download.geojson"
    info.value.save_as(target)
    document = json.loads(target.read_text())
    check_rfc7946(document)
    assert {f["properties"]["layer"] for f in document["features"]} == {"csto", "romania_interceptor"}
    expected = export.export_bytes(build_layers(seeds, ["romania_interceptor", "csto"], parse_date("2012-06-01")), "geojson")
    assert target.read_bytes() == expected


def test_popup_lists_sources_as_links(page, app_url):
    frame = open_app(page, app_url, "?layers=romania_interceptor")
    wait_for_counts(frame, lambda c: c.get("romania_interceptor") == 1)
    frame.locator(".shieldmap-marker").first.click()  # the Deveselu marker, as a user clicks it
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "under construction" in popup.inner_text()
    assert "Russia 977 km; Belarus 829 km" in popup.inner_text()  # geodesic, from geo.analysis
    assert popup.locator("a[href='https://www.nato.int/cps/en/natohq/news_126152.htm']").count() == 1

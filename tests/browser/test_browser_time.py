"""Play, the story and Compare in headless Chromium, every outside request blocked."""

import datetime as dt
import urllib.parse

from pages import ARTIFACTS, drawn, feature_count, open_app, wait_for_counts, wait_for_app

from geo.seeds import DEFAULT_DIR, load_seeds


def query_of(page) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query))


def test_play_visits_every_event_in_order_in_one_map(page, app_url):
    # From the 2018 event to the last (2024): the whole span, 2007-2024, is over 200 monthly steps (minutes).
    dates = load_seeds(DEFAULT_DIR).events["date"]
    events = sorted({d.isoformat() for d in dates})[-4:]
    before = int((dates <= dt.date.fromisoformat(events[0])).sum())
    frame = open_app(page, app_url, f"?as_of={events[0]}&layers=events,csto")
    wait_for_counts(frame, lambda c: c.get("events") == before)
    frame.wait_for_function(f"() => window.map.shieldmapAsOf === '{events[0]}'")
    frame.evaluate("() => { window.map.__sameMap = 'first load'; window.map.shieldmapVisits = []; }")
    play = page.locator(".st-key-play button:visible")
    assert "Play" in play.inner_text()
    play.focus()
    page.keyboard.press("Enter")  # keyboard operable
    page.locator(".st-key-play button:visible", has_text="Pause").wait_for(timeout=30000)
    frame.wait_for_function("() => (window.map.shieldmapVisits || []).length >= 10", timeout=120000)
    page.screenshot(path=str(ARTIFACTS / "app-play-midway.png"))
    frame.wait_for_function(f"() => window.map.shieldmapAsOf === '{events[-1]}'", timeout=400000)
    visits = frame.evaluate("() => window.map.shieldmapVisits")
    assert visits == sorted(visits) and len(visits) == len(set(visits))  # forward, one step at a time
    assert [d for d in visits if d in events] == events[1:]  # every event date after the first, in order
    assert frame.evaluate("() => window.map.__sameMap") == "first load"  # the same Leaflet map all along
    page.locator(".st-key-play button:visible", has_text="Play").wait_for(timeout=30000)  # stopped at the end
    wait_for_app(page)
    assert query_of(page)["as_of"] == events[-1]
    total = len(load_seeds(DEFAULT_DIR).events)
    assert drawn(wait_for_counts(frame, lambda c: c.get("events") == total))["events"] == total
    page.screenshot(path=str(ARTIFACTS / "app-play-end.png"))
    assert page.blocked == []


def test_story_step_7_next_previous(page, app_url):
    frame = open_app(page, app_url, "?story=7")
    page.wait_for_function("() => location.search.includes('as_of=2010-02-04')")
    assert query_of(page)["story"] == "7"
    assert query_of(page)["layers"] == "romania_interceptor,nato,events"
    panel = page.locator(".st-key-story_panel")
    steps = len(load_seeds().story)  # the story's length from its seeds
    assert f"step 7 of {steps}" in panel.inner_text() and "Supreme Defence Council" in panel.inner_text()
    assert page.locator("[data-testid=stSliderThumbValue]").first.inner_text() == "2010-02-04"
    counts = wait_for_counts(frame, lambda c: c.get("events") == 7 and c.get("nato", 0) > 20)
    assert set(drawn(counts)) == {"events", "nato"}  # no interceptor site yet in Feb 2010
    frame.wait_for_function("() => window.map.getZoom() === 5")
    center = frame.evaluate("() => window.map.getCenter()")
    assert abs(center["lat"] - 45.5) < 0.5 and abs(center["lng"] - 25.0) < 0.5
    frame.evaluate("() => { window.map.__sameMap = true; }")
    page.screenshot(path=str(ARTIFACTS / "app-story-6.png"))
    page.get_by_role("button", name="Next").click()
    page.wait_for_function("() => location.search.includes('story=8')")
    page.wait_for_function("() => location.search.includes('as_of=2010-11-20')")
    sectors = feature_count("european_sectors", "2010-11-20")  # the four sectors, the undescribed land, the bands
    wait_for_counts(frame, lambda c: c.get("european_sectors") == sectors and c.get("events") == 8)
    assert "Lisbon" in page.locator(".st-key-story_panel").inner_text()
    page.get_by_role("button", name="Previous").click()
    page.wait_for_function("() => location.search.includes('story=7')")
    wait_for_counts(frame, lambda c: c.get("events") == 7 and "european_sectors" not in c)
    assert frame.evaluate("() => window.map.__sameMap === true")
    assert page.blocked == []


def test_compare_shows_changes_on_map_and_table(page, app_url):
    frame = open_app(page, app_url, "?compare=2013-10-01&layers=s300_belarus,romania_interceptor")
    counts = wait_for_counts(frame, lambda c: c.get("changes") == 2)
    assert drawn(counts) == {"s300_belarus": 3, "romania_interceptor": 1, "changes": 2}
    page.get_by_text("Changes between the two dates").scroll_into_view_if_needed()
    assert page.get_by_text("shieldmap diff --from 2013-10-01 --to 2013-10-31").count() == 1
    page.screenshot(path=str(ARTIFACTS / "app-compare.png"), full_page=True)
    assert page.blocked == []

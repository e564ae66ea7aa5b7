"""The Analysis tab's charts in Chromium: three charts drawn, and a click on the timeline sets the map's date.

The Chicago summit (20 May 2012) is clicked: no other event is drawn close enough to cover its symbol.
"""

from pages import open_app, wait_settled

CHART = "[data-testid='stVegaLiteChart']"


def open_analysis(page, app_url, query=""):
    open_app(page, app_url, query)
    page.get_by_role("tab", name="Analysis").click()
    page.locator(CHART).nth(2).wait_for(timeout=60_000)
    wait_settled(page)


def test_analysis_charts_drawn(page, app_url):
    open_analysis(page, app_url)
    assert page.locator(CHART).count() == 3
    for index in range(3):
        assert page.locator(CHART).nth(index).locator("svg .mark-rect path, svg .mark-rect, svg path").count() > 0
    assert not page.blocked


def test_timeline_click_sets_the_date(page, app_url):
    open_analysis(page, app_url)
    chicago = page.locator(f"{CHART} svg [aria-label*='Chicago summit']").first
    chicago.wait_for(timeout=30_000)
    chicago.click(force=True)
    page.wait_for_function("() => new URLSearchParams(window.location.search).get('as_of') === '2012-05-20'",
                           timeout=60_000)
    wait_settled(page)
    assert page.get_by_text("As of 20 May 2012").count() >= 1

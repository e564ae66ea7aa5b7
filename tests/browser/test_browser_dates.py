"""Issue 23, point 3: an exact date can be typed (the date input and the slider are one date), and "Jump to an
event" shows an event only while the date is that event's."""

import urllib.parse

from pages import ARTIFACTS, open_app, wait_settled

DATE = "[data-testid=stSidebar] [data-testid=stDateInput]"
DATE_INPUT = DATE + " input[type=date]"  # the field's value (its segments are spin buttons)
JUMP = "[data-testid=stSidebar] .st-key-jump"


def _as_of(page) -> str:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(page.url).query)).get("as_of")


def _jump_shows(page) -> str:
    """What the jump list shows: its text and its field's value."""
    return page.locator(JUMP).evaluate("e => e.textContent + ' ' + [...e.querySelectorAll('input')].map(i => i.value).join(' ')")


def _type_date(page, text):
    """Type a date into the field, year, month and day, as a keyboard user does."""
    page.locator(DATE + " [data-type=year]").click()
    for part in text.split("-"):
        page.keyboard.type(part)
    page.locator("[data-testid=stSidebar] h2").first.click()  # leave the field: the date is taken
    page.wait_for_function(f"() => location.search.includes('as_of={text}')", timeout=30000)
    wait_settled(page)


def test_type_a_date_and_jump_follows_the_date(page, app_url):
    open_app(page, app_url)
    assert page.locator(DATE_INPUT).input_value() == "2013-10-31"
    _type_date(page, "2011-06-08")  # a day the slider's steps make hard to hit
    assert _as_of(page) == "2011-06-08"
    slider = page.locator("[data-testid=stSidebar] [data-testid=stSlider]").first
    assert "2011-06-08" in slider.inner_text()  # the slider shows the typed date
    page.get_by_text("2011-06-08").first.wait_for()
    page.locator(JUMP).click()
    page.keyboard.type("2011-07-04")  # the list filters to that event (a long list is drawn in part)
    page.get_by_role("option", name="2011-07-04").first.click()  # an event: the date follows it
    try:
        page.wait_for_function("() => location.search.includes('as_of=2011-07-04')", timeout=30000)
    finally:
        page.screenshot(path=str(ARTIFACTS / "dates-jumped.png"))
    wait_settled(page)
    assert page.locator(DATE_INPUT).input_value() == "2011-07-04"  # the date input follows the jump
    assert "2011-07-04" in _jump_shows(page)
    page.screenshot(path=str(ARTIFACTS / "dates-jumped.png"))
    _type_date(page, "2012-01-15")  # the date leaves the event: the jump list no longer shows it
    page.wait_for_function(f"() => !document.querySelector('{JUMP}').textContent.includes('2011-07-04')", timeout=30000)
    assert "2011-07-04" not in _jump_shows(page)  # back to no event
    page.screenshot(path=str(ARTIFACTS / "dates-typed.png"))
    assert page.blocked == []

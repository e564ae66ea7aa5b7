"""The time controls' pure parts: Play's dates and the story/compare URL parameters."""

import datetime as dt

from shieldmap.ui.time_state import next_play_date, play_dates, play_start
from shieldmap.view import View, from_query

D = dt.date
SPAN = (D(2006, 1, 1), D(2024, 7, 10))


def test_play_dates_events_and_months_between():
    dates = play_dates([D(2010, 11, 20), D(2010, 2, 4), D(2011, 2, 18), D(2011, 2, 18)])
    assert dates[:3] == [D(2010, 2, 4), D(2010, 3, 1), D(2010, 4, 1)]
    assert D(2010, 11, 20) in dates and D(2010, 12, 1) in dates and D(2011, 2, 1) in dates
    assert dates[-1] == D(2011, 2, 18) and dates == sorted(set(dates))
    assert play_dates([D(2012, 12, 5), D(2013, 1, 30)]) == [D(2012, 12, 5), D(2013, 1, 1), D(2013, 1, 30)]


def test_next_and_start():
    dates = [D(2010, 1, 1), D(2010, 2, 1), D(2010, 3, 1)]
    assert next_play_date(dates, D(2010, 1, 15)) == D(2010, 2, 1)
    assert next_play_date(dates, D(2010, 3, 1)) is None
    assert play_start(dates, D(2010, 3, 1)) == D(2010, 1, 1)  # at the end: from the start
    assert play_start(dates, D(2010, 2, 10)) == D(2010, 2, 10)


def test_query_round_trip_and_warnings():
    view, warnings = from_query({"story": "3", "compare": "2013-10-01"}, SPAN, 16)
    assert (view.story, view.compare, warnings) == (3, D(2013, 10, 1), ())
    assert {k: view.to_query()[k] for k in ("story", "compare")} == {"story": "3", "compare": "2013-10-01"}
    bad, warnings = from_query({"story": "17", "compare": "2013-02-30"}, SPAN, 16)
    assert bad == View() and len(warnings) == 2
    assert not {"story", "compare"} & set(View().to_query())


def test_hostile_story_and_compare_values_are_refused_in_one_short_line():
    """Issue 26: ``?story=²`` and a 5,000-digit step raised ValueError (the page showed only the exception);
    a 100k-character value was quoted whole in the warning."""
    for value in ("²", "٣", "9" * 5000, "1" * 100_000, "-1", "1e3"):
        view, warnings = from_query({"story": value}, SPAN, 16)
        assert view.story is None and len(warnings) == 1
        assert len(warnings[0]) < 200, warnings[0]
    huge, warnings = from_query({"compare": "2013-10-01" + "x" * 100_000}, SPAN, 16)
    assert huge.compare is None and len(warnings) == 1 and len(warnings[0]) < 200
    bad, warnings = from_query({"compare": "y" * 3000}, SPAN, 16)
    assert bad.compare is None and len(warnings) == 1 and len(warnings[0]) < 200

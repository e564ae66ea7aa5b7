"""The time controls' pure parts: Play's dates and the story/compare URL parameters."""

import datetime as dt

from shieldmap.ui.time_state import TimeView, from_query, next_play_date, play_dates, play_start

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
    view = from_query({"story": "3", "compare": "2013-10-01"}, SPAN, 16)
    assert view == TimeView(story=3, compare=D(2013, 10, 1))
    assert view.to_query() == {"story": "3", "compare": "2013-10-01"}
    bad = from_query({"story": "17", "compare": "2013-02-30"}, SPAN, 16)
    assert bad == TimeView() and len(bad.warnings) == 2
    assert TimeView().to_query() == {}

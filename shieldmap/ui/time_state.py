"""Pure helpers (no Streamlit) for the app's time controls: the dates Play steps through and its speeds
(the ``story`` and ``compare`` URL values are :class:`shieldmap.view.View`'s)."""

from __future__ import annotations

import datetime as dt

from shieldmap.i18n import N_

#: Play speeds: label -> seconds between steps.
SPEEDS = {N_("Slow"): 2.0, N_("Normal"): 1.0, N_("Fast"): 0.5}  # names translated where shown
DEFAULT_SPEED = "Normal"


def play_dates(event_dates) -> list[dt.date]:
    """Every event date in order, and the first of each month strictly between two events."""
    events = sorted(set(event_dates))
    dates = []
    for date, following in zip(events, [*events[1:], None]):
        dates.append(date)
        if following is None:
            break
        month = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        while month < following:
            dates.append(month)
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return dates


def next_play_date(dates: list[dt.date], current: dt.date) -> dt.date | None:
    """The first date after ``current``; None at (or after) the end."""
    return next((d for d in dates if d > current), None)


def play_start(dates: list[dt.date], current: dt.date) -> dt.date:
    """Where Play starts: the current date, or the first event if the current date is at or past the last one
    (or before the first)."""
    if not dates or current >= dates[-1] or current < dates[0]:
        return dates[0] if dates else current
    return current

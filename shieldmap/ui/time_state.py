"""Pure helpers (no Streamlit) for the app's time controls: the dates Play steps through and the
URL parameters ``story=N`` and ``compare=YYYY-MM-DD`` (added to those of :mod:`shieldmap.ui.state`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from layers.registry import parse_date
from shieldmap.ui.state import bounded, shown

_STEP = re.compile(r"[0-9]{1,4}")  # ASCII digits only: "²".isdigit() is True, int("²") fails

#: Play speeds: label -> seconds between steps.
SPEEDS = {"Slow": 2.0, "Normal": 1.0, "Fast": 0.5}
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


@dataclass(frozen=True)
class TimeView:
    story: int | None = None
    compare: dt.date | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def to_query(self) -> dict[str, str]:
        query = {}
        if self.story is not None:
            query["story"] = str(self.story)
        if self.compare is not None:
            query["compare"] = self.compare.isoformat()
        return query


def from_query(params: dict[str, str], span: tuple[dt.date, dt.date], steps: int) -> TimeView:
    """``story`` (1..steps) and ``compare`` (a date in ``span``) from the URL; bad values warn and are ignored."""
    params, warnings = bounded(params, ("story", "compare"))
    story, compare = None, None
    if params.get("story"):
        text = params["story"].strip()
        if _STEP.fullmatch(text) and 1 <= int(text) <= steps:
            story = int(text)
        else:
            warnings.append(f"URL story step {shown(text)} ignored: the story has steps 1 to {steps}")
    if params.get("compare"):
        try:
            compare = parse_date(params["compare"])
        except ValueError:
            warnings.append(f"URL compare date {shown(params['compare'])} ignored: expected a date as YYYY-MM-DD")
        else:
            if not span[0] <= compare <= span[1]:
                clipped = min(max(compare, span[0]), span[1])
                warnings.append(f"URL compare date {compare} is outside the data ({span[0]} to {span[1]}); "
                                f"comparing with {clipped}")
                compare = clipped
    return TimeView(story=story, compare=compare, warnings=tuple(warnings))

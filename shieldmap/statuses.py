"""Statuses at a date grouped for symbols and charts: in place, planned, rejected.

Shared by the publication figure and the Analysis charts (no heavy imports).
"""

from __future__ import annotations

import datetime as dt
import html

from geo.seeds import IN_PLACE_STATUSES, NOT_IN_PLACE_STATUSES

IN_PLACE = IN_PLACE_STATUSES
PLANNED = NOT_IN_PLACE_STATUSES | {"proposed"}
REJECTED = frozenset({"rejected"})


def status_group(status) -> str | None:
    """``in place``, ``planned`` or ``rejected`` for a status (None: not applicable, e.g. ``member``)."""
    if not isinstance(status, str):
        return None
    if status in REJECTED:
        return "rejected"
    if status in IN_PLACE:
        return "in place"
    if status in PLANNED or "planned" in status:
        return "planned"
    return None


def date_text(day: str | None) -> str:
    """``2011-06-08`` -> ``8 Jun 2011`` (empty for no date)."""
    return f"{dt.date.fromisoformat(day):%-d %b %Y}" if day else ""


def sector_label(row: dict) -> tuple[str, str]:
    """A sector's label as (escaped HTML, plain text): ``Russia — east`` and its status since when."""
    title = f"{row['holder']} — {row['direction']}"
    status = row.get("status")
    when = date_text(row.get("status_from"))
    note = f"{status} {when}".strip() if status else ""
    text = f"{title}\n{note}" if note else title
    return (f'<b>{html.escape(title)}</b>' + (f'<br><small>{html.escape(note)}</small>' if note else ""), text)

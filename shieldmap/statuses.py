"""Statuses at a date grouped for symbols and charts (in place, planned, rejected: decided in
:mod:`layers.style`), dates and sector labels as text. No heavy imports.
"""

from __future__ import annotations

import datetime as dt
import html

from layers.style import IN_PLACE, PLANNED, REJECTED, status_group  # noqa: F401 (layers.style decides them)


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

"""Statuses at a date grouped for symbols and charts (in place, planned, rejected: decided in
:mod:`layers.style`), dates and sector labels as text. No heavy imports.
"""

from __future__ import annotations

import datetime as dt
import html

from layers.style import IN_PLACE, PLANNED, REJECTED, status_group  # noqa: F401 (layers.style decides them)
from shieldmap import i18n
from shieldmap.i18n import N_, _, translate

DIRECTIONS = {"east": N_("east"), "south": N_("south"), "north": N_("north"), "west": N_("west")}
"""A sector's direction (sectors.csv), for translation where shown."""
HOLDERS = {"Russia": N_("Russia"), "United States": N_("United States"), "Germany": N_("Germany"),
           "France": N_("France")}
"""The sectors' holders (sectors.csv), for translation where shown."""


def date_text(day: str | None) -> str:
    """``2011-06-08`` -> ``8 Jun 2011`` (``8 июн. 2011 г.``; empty for no date)."""
    return i18n.date_short(dt.date.fromisoformat(day)) if day else ""


def holder_text(row: dict) -> str:
    """``Russia — east`` (``Россия — восток``)."""
    return f"{translate(row['holder'])} — {translate(row['direction'])}"


def sector_label(row: dict) -> tuple[str, str]:
    """A sector's label as (escaped HTML, plain text): ``Russia — east`` and its status since when."""
    title = holder_text(row)
    status = row.get("status")
    when = date_text(row.get("status_from"))
    note = f"{_(status)} {when}".strip() if status else ""
    text = f"{title}\n{note}" if note else title
    return (f'<b>{html.escape(title)}</b>' + (f'<br><small>{html.escape(note)}</small>' if note else ""), text)

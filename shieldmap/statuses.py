"""Statuses at a date grouped for symbols and charts (in place, planned, rejected: decided in
:mod:`layers.style`), dates and sector labels as text. No heavy imports.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from layers.style import IN_PLACE, PLANNED, REJECTED, status_group  # noqa: F401 (layers.style decides them)
from shieldmap import i18n
from shieldmap.i18n import N_, _, translate

DIRECTIONS = {"east": N_("east"), "south": N_("south"), "north": N_("north"), "west": N_("west")}
"""A sector's direction (sectors.csv), for translation where shown."""
HOLDERS = {"Russia": N_("Russia"), "United States": N_("United States"), "Germany": N_("Germany"),
           "France": N_("France")}
"""The sectors' holders (sectors.csv), for translation where shown."""
SIDES = {"north": N_("{country} north of {line}"), "south": N_("{country} south of {line}"),
         "east": N_("{country} east of {line}"), "west": N_("{country} west of {line}")}
"""A state's part beyond a line (geo.sector_depiction's "Norway north of 61°N"), for translation where shown."""
LINES = {"N": N_("{degrees}°N"), "S": N_("{degrees}°S"), "E": N_("{degrees}°E"), "W": N_("{degrees}°W")}
"""A parallel or meridian (``61°N``), for translation where shown."""
_PART = re.compile(r"^(?P<country>.+) (?P<side>north|south|east|west) of (?P<degrees>[0-9.]+)°(?P<hemi>[NSEW])$")


def date_text(day: str | None) -> str:
    """``2011-06-08`` -> ``8 Jun 2011`` (``8 июн. 2011 г.``; empty for no date)."""
    return i18n.date_short(dt.date.fromisoformat(day)) if day else ""


def state_text(name: str) -> str:
    """A sector's state (``Poland``) or a state's part (``Poland east of 22°E``) in the current language: the
    country's CLDR name, the side and the line translated (``Польша восточнее 22° в. д.``)."""
    part = _PART.match(name)
    if part is None:
        return i18n.country(name)
    line = translate(LINES[part["hemi"]]).format(degrees=part["degrees"])
    return translate(SIDES[part["side"]]).format(country=i18n.country(part["country"]), line=line)


def states_text(states: str, sep: str = "; ") -> str:
    """A sector's ``states`` (``; ``-separated) in the current language, joined with ``sep``."""
    return sep.join(state_text(name) for name in str(states).split("; "))


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

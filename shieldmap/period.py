"""What the map covers at a date, in words: the title, the period note and the thin-coverage hint.

The map was made for the dispute of 2010-2013 (its span is ``seeds/periods.csv``, :func:`dispute`); its seeds
reach from 2003 to 2024, but each site layer was researched only up to a date (``seeds/coverage.csv``).
The app's title and caption, its key on the map, the publication figure and the HTML export say which period
the date is in and, past a shown layer's research date, that the layer may be incomplete (issue 23, point 5).
"""

from __future__ import annotations

import datetime as dt

from geo.coverage_seeds import period
from layers.registry import LAYERS, coverage_note
from shieldmap import i18n
from shieldmap.i18n import N_, _, ngettext

SUBJECT = "Missile defence in Europe"
DISPUTE_TITLE = N_("Missile defence in Europe, 2010\u20132013")


def dispute() -> tuple[dt.date, dt.date]:
    """The first and last day of the dispute the map was made for (``seeds/periods.csv``, period ``dispute``)."""
    return period("dispute")


def _years() -> str:
    """The dispute's years as the texts write them: ``2010–2013``."""
    start, end = dispute()
    return f"{start.year}\u2013{end.year}"


def title(as_of: dt.date) -> str:
    """``Missile defence in Europe, 2010–2013`` during the dispute; else the year the map shows."""
    start, end = dispute()
    return _(DISPUTE_TITLE) if start <= as_of <= end else _("Missile defence in Europe in {year}").format(
        year=as_of.year)


def period_note(as_of: dt.date) -> str:
    """Where ``as_of`` lies against the dispute the map was made for."""
    start, end = dispute()
    if as_of < start:
        return _("Before the {years} dispute this map was made for: its background.").format(years=_years())
    if as_of > end:
        years = as_of.year - end.year
        return ngettext("{n} year after the {years} dispute this map was made for.",
                        "{n} years after the {years} dispute this map was made for.", years).format(
            n=years, years=_years())
    return _("During the {years} dispute: the period this map was made for.").format(years=_years())


def short_note(ids, as_of: dt.date) -> str:
    """A figure's date line's few words: the period, and thin coverage (the notes say which layers)."""
    start, end = dispute()
    if as_of < start:
        words = _("before the {years} dispute").format(years=_years())
    elif as_of > end:
        years = as_of.year - end.year
        words = ngettext("{n} year after the {years} dispute", "{n} years after the {years} dispute",
                         years).format(n=years, years=_years())
    else:
        words = _("during the {years} dispute").format(years=_years())
    return words + (_("; thin coverage: see the coverage notes below") if thin_layers(ids, as_of) else "")


def thin_layers(ids, as_of: dt.date) -> list[str]:
    """The shown layers whose data were researched only to a date before ``as_of``."""
    return [i for i in ids if coverage_note(i, as_of)]


def coverage_hint(ids, as_of: dt.date) -> str | None:
    """One sentence when a shown layer is past its research date (None otherwise): which layers, up to
    when, and where the map is complete."""
    thin = thin_layers(ids, as_of)
    if not thin:
        return None
    researched = [(LAYERS[i].title, covered.year) for i in thin if (covered := LAYERS[i].covered_to) is not None]
    parts = [(_("{title} was researched to {year}") if n == 0 else _("{title} to {year}")).format(
        title=_(title), year=year) for n, (title, year) in enumerate(researched)]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _(" and ") + parts[-1]
    return _("Thin coverage at this date: {listed} only; later changes are not recorded. "
             "The map is complete for {years}.").format(listed=listed, years=_years())


def key_lines(ids, as_of: dt.date) -> tuple[str, str, str | None]:
    """The map key's first section: (the date, the period note, the thin-coverage hint or None)."""
    return _("As of {date}").format(date=i18n.date_short(as_of)), period_note(as_of), coverage_hint(ids, as_of)

"""What a chart says besides its marks, in the reader's language: the number and date notation Vega formats
tooltips and axes with (``config.locale``, from CLDR through Babel), and the accessible descriptions Vega would
otherwise write in its own English from the fields' names ("X-axis titled ...", "start: Jan 01, 2011; ...").

Every chart of the app goes through :func:`finish`: its title is read by the chart's own description (Vega's
"Title text '...'" is English), every axis and legend has a description (:func:`axis`, :func:`legend`), and every
mark takes its description from a text column of its data (:func:`marks`), written here in Python with
:mod:`shieldmap.i18n`'s numbers and dates.
"""

from __future__ import annotations

import altair as alt
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from shieldmap import i18n
from shieldmap.i18n import N_, _

DESCRIPTION = "description"
"""The data column that holds each mark's description (the ``description`` channel reads it)."""


def vega_locale(lang: str | None = None) -> dict:
    """Vega's ``config.locale`` for ``lang`` (default: the current language): its decimal sign and digit grouping,
    its month and day names, from CLDR."""
    lang = lang or i18n.current()
    cldr = Locale.parse(lang)
    names = {"months": ("format", "wide"), "shortMonths": ("format", "abbreviated"),
             "days": ("stand-alone", "wide"), "shortDays": ("stand-alone", "abbreviated")}
    time = {key: [dict(getattr(cldr, "days" if "ays" in key else "months")[context][width])[index]
                  for index in ((6, 0, 1, 2, 3, 4, 5) if "ays" in key else range(1, 13))]
            for key, (context, width) in names.items()}
    periods = [cldr.day_periods["format"]["abbreviated"][period] for period in ("am", "pm")]
    return {"number": {"decimal": get_decimal_symbol(lang), "thousands": get_group_symbol(lang), "grouping": [3],
                       "currency": ["", ""]},
            "time": {"dateTime": "%x, %X", "date": "%d.%m.%Y" if lang != i18n.DEFAULT else "%m/%d/%Y",
                     "time": "%H:%M:%S", "periods": periods, **time}}


AXES = {"x": N_("Horizontal axis: {what}"), "y": N_("Vertical axis: {what}")}


def axis(channel: str, what: str, **options) -> alt.Axis:
    """The ``x`` or ``y`` axis, heard by screen readers as what it shows (``Horizontal axis: years``)."""
    return alt.Axis(description=_(AXES[channel]).format(what=what), **options)


def legend(title: str, values, **options) -> alt.Legend:
    """A legend heard as ``Legend: TITLE: value, value, ...``."""
    return alt.Legend(description=_("Legend: {title}: {values}").format(title=title, values=", ".join(map(str, values))),
                      **options)


def marks() -> alt.Description:
    """The description channel: each mark heard by its row's :data:`DESCRIPTION`."""
    return alt.Description(f"{DESCRIPTION}:N")


def pairs(*items) -> str:
    """``name: value; name: value``: a mark's description from (title, shown value) pairs."""
    return "; ".join(f"{title}: {value}" for title, value in items)


def finish(chart, title: str, summary: str):
    """``chart`` titled ``title`` and described to screen readers as ``TITLE. SUMMARY`` (the title mark itself
    silent: Vega would call it "Title text"), with numbers and dates in the reader's notation."""
    return chart.properties(title=alt.TitleParams(title, aria=False), description=f"{title}. {summary}").configure(
        locale=vega_locale())

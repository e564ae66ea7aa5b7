"""The publication figure's arguments (:mod:`shieldmap.figure`): its extent (``--bbox``) and its resolution
(``--width-px`` or ``--dpi``), each checked with a one-line message before anything is drawn."""

from __future__ import annotations

import math

from geo import texts
from geo.texts import N_

MIN_SPAN_DEG = 0.5
"""The least width and height of a figure's extent (about 55 km north to south): the layers are drawn for countries."""
DEFAULT_WIDTH_PX = 2400
WIDTH_IN = 12.0
WIDTH_PX_RANGE = (600, 12000)
DPI_RANGE = (50, 1000)


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``"W,S,E,N"`` in degrees -> a tuple; ``ValueError`` with a readable message."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except (ValueError, AttributeError):
        raise texts.TextError(N_("bad bbox {value}: expected W,S,E,N in degrees, e.g. -25,30,60,72"), value=repr(text)) from None
    if not all(map(math.isfinite, (west, south, east, north))):
        raise texts.TextError(N_("bad bbox {value}: numbers must be finite"), value=repr(text))
    if not (-180 <= west < east <= 180 and -80 <= south < north <= 90):
        raise texts.TextError(N_("bad bbox {value}: need -180 <= W < E <= 180 and -80 <= S < N <= 90"), value=repr(text))
    if east - west < MIN_SPAN_DEG or north - south < MIN_SPAN_DEG:
        raise texts.TextError(N_("bad bbox {value}: it must span at least {least} degrees from W to E and from S to N"),
                              value=repr(text), least=f"{MIN_SPAN_DEG:g}")
    return west, south, east, north


def _bounded_int(text, name: str, low: int, high: int) -> int:
    try:
        value = int(str(text))
    except ValueError:
        raise texts.TextError(N_("bad {option} {value}: expected a whole number"), option=name, value=repr(text)) from None
    if not low <= value <= high:
        raise texts.TextError(N_("bad {option} {value}: expected {low} to {high}"), option=name, value=value, low=low, high=high)
    return value


def resolution(width_px=None, dpi=None) -> float:
    """Dots per inch for ``--width-px`` or ``--dpi`` (not both); the default gives 2400 px."""
    if width_px is not None and dpi is not None:
        raise texts.TextError(N_("give --width-px or --dpi, not both"))
    if dpi is not None:
        return float(_bounded_int(dpi, "--dpi", *DPI_RANGE))
    width = DEFAULT_WIDTH_PX if width_px is None else _bounded_int(width_px, "--width-px", *WIDTH_PX_RANGE)
    return (width + 0.5) / WIDTH_IN  # the canvas truncates: exactly `width` pixels

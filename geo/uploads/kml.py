"""A streaming pass over a KML's text before GDAL reads it: coordinates must be numbers.

GDAL reads ``nan`` or ``abc`` in ``<coordinates>`` as 0, so a typo would become a point at 0°, 0°.
"""

from __future__ import annotations

import bisect
import math
import re

from geo.texts import N_, Text
from geo.uploads.errors import UploadError

_COORDINATES = re.compile(r"<(?:[\w.-]+:)?(?:coordinates|coord)\b[^>]*>([^<]*)<", re.I)
_PLACEMARK = re.compile(r"<(?:[\w.-]+:)?Placemark\b", re.I)
_SEPARATORS = re.compile(r"[\s,]+")


def check_coordinates(name: str, text: str) -> None:
    """Refuse the first ``<coordinates>`` value that is not a finite number, naming its placemark."""
    placemarks = None
    for match in _COORDINATES.finditer(text):
        for token in _SEPARATORS.split(match.group(1).strip()):
            if not token:
                continue
            try:
                good = math.isfinite(float(token))
            except ValueError:
                good = False
            if not good:
                if placemarks is None:
                    placemarks = [m.start() for m in _PLACEMARK.finditer(text)]
                number = bisect.bisect_right(placemarks, match.start())
                shown = token if len(token) <= 40 else token[:39] + "…"
                where = (Text(N_("placemark {number}"), number=number) if number
                         else Text(N_("a geometry outside any placemark")))
                raise UploadError(name, Text(N_("coordinates are not numbers in {where} ({shown}); placemarks are "
                                                "counted from 1 in the file's order"), where=where, shown=repr(shown)))

"""Hypothetical sites ("what if") and the two-point ruler: parsing, checking, measuring.

A what-if is written ``NAME@LAT,LON,RADIUS_KM`` with two optional extra
fields, in any order: a side (``NATO`` or ``CSTO``) and a range-figure id of
``seeds/ranges.csv`` (e.g. ``Iskander@54.71,20.51,500,CSTO,iskander-m-500``).
Several are joined with ``;`` (the app's ``?what_if=`` URL value). Every
refusal is a ``ValueError`` of one line that names the offending value
(shortened to :data:`SHOWN_CHARS` characters), so the CLI and the app can show
it as it is.

Side rule (:func:`infer_side`): a side given in the spec wins; otherwise the
side of the member state the point lies in at the date (NATO or CSTO,
from the membership layers of that date); a point at sea or in a state of
neither alliance is ``"neither"`` (its ring then reaches no "other side", and
its distances are measured to both sides' borders).

Nothing here imports above :mod:`geo`; layers/what_if.py builds the layer.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import LineString

from geo import borders
from geo.texts import N_, TextError
from geo.geodesy import WGS84

MAX_RADIUS_KM = 20000.0
MAX_SITES = 20
"""Most hypothetical sites in one view (URL, app, command line): each is a ring to draw and analyse."""
MAX_MESSAGES = 3
"""Bad what-if values quoted one by one; the rest are counted in one line."""
MAX_NAME_CHARS = 60
SHOWN_CHARS = 60
SIDES = ("NATO", "CSTO")
NEITHER = N_("neither")
#: The source id of a value the user typed (not a seed source): see :func:`cite`.
USER_INPUT = "user-input"
_FIGURE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def shorten(value: str, limit: int = SHOWN_CHARS) -> str:
    """``value`` on one line, at most ``limit`` characters (an ellipsis marks a cut)."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@dataclass(frozen=True)
class WhatIf:
    """One hypothetical site: a name, a centre, a radius and optionally a side and a range figure."""

    name: str
    lat: float
    lon: float
    radius_km: float
    side: str | None = None
    figure: str | None = None

    @property
    def spec(self) -> str:
        """The ``NAME@LAT,LON,RADIUS_KM[,SIDE][,FIGURE]`` text that parses back to this what-if."""
        extra = "".join(f",{v}" for v in (self.side, self.figure) if v)
        return f"{self.name}@{_num(self.lat)},{_num(self.lon)},{_num(self.radius_km)}{extra}"


def _num(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _bad(text: str, why: str) -> ValueError:
    return ValueError(f"bad what-if {shorten(text)!r}: {why}")


def _number(text: str, part: str, what: str) -> float:
    if not _NUMBER.match(part.strip()):
        raise _bad(text, f"{what} {shorten(part, 20)!r} is not a number")
    return float(part)


def parse(text: str) -> WhatIf:
    """``"NAME@LAT,LON,RADIUS_KM[,SIDE][,FIGURE]"`` -> :class:`WhatIf`.

    Raises
    ------
    ValueError
        One line naming the value: a missing ``@``, an empty or overlong name,
        a latitude outside [-90, 90], a longitude outside [-180, 180], a radius
        not in (0, 20000] km, an unknown extra field.

    >>> parse("Iskander@54.71,20.51,400").spec
    'Iskander@54.71,20.51,400'
    """
    text = str(text)
    name, at, rest = text.strip().rpartition("@")
    name = name.strip()
    if not at:
        raise _bad(text, "expected NAME@LAT,LON,RADIUS_KM, e.g. Iskander@54.71,20.51,400")
    if not name:
        raise _bad(text, "the name before @ is empty")
    if len(name) > MAX_NAME_CHARS or any(c in name for c in ";@") or not name.isprintable():
        raise _bad(text, f"the name must be at most {MAX_NAME_CHARS} printable characters without ; or @")
    parts = [p.strip() for p in rest.split(",")]
    if len(parts) < 3:
        raise _bad(text, "expected LAT,LON,RADIUS_KM after @")
    lat = _number(text, parts[0], "latitude")
    lon = _number(text, parts[1], "longitude")
    radius = _number(text, parts[2], "radius")
    if not -90 <= lat <= 90:
        raise _bad(text, f"latitude {parts[0]} is not in [-90, 90]")
    if not -180 <= lon <= 180:
        raise _bad(text, f"longitude {parts[1]} is not in [-180, 180]")
    if not (0 < radius <= MAX_RADIUS_KM and math.isfinite(radius)):
        raise _bad(text, f"radius {parts[2]} km is not in (0, {MAX_RADIUS_KM:g}] km")
    side = figure = None
    for part in parts[3:]:
        if part.upper() in SIDES and side is None:
            side = part.upper()
        elif _FIGURE_ID.match(part) and figure is None and part.upper() not in SIDES:
            figure = part
        else:
            raise _bad(text, f"extra field {shorten(part, 20)!r} is neither a side (NATO, CSTO) "
                             "nor a range-figure id")
    return WhatIf(name, lat, lon, radius, side, figure)


def parse_many(text: str | None, limit: int = MAX_SITES, label: str = "") -> tuple[list[WhatIf], list[str]]:
    """A ``;``-separated list (the URL value) -> (at most ``limit`` good ones, messages on the rest).

    Bad items are skipped, never the good ones (``nothing else is lost``). The messages are bounded
    whatever the input: one per bad item for the first :data:`MAX_MESSAGES`, then one line counting
    the other bad items, and one line counting the valid items over ``limit``. Each starts with ``label``.
    Nothing past the ``limit``-th valid item is parsed.
    """
    good: list[WhatIf] = []
    errors: list[str] = []
    bad = over = 0
    for item in (text or "").split(";"):
        if not item.strip():
            continue
        if len(good) >= limit:
            over += 1
            continue
        try:
            good.append(parse(item))
        except ValueError as exc:
            bad += 1
            if bad <= MAX_MESSAGES:
                errors.append(label + str(exc))
    if bad > MAX_MESSAGES:
        errors.append(f"{label}{bad - MAX_MESSAGES:,} more bad what-if value{'s' if bad - MAX_MESSAGES != 1 else ''}")
    if over:
        errors.append(f"{label}{over:,} what-if value{'s' if over != 1 else ''} over the limit of {limit} "
                      "hypothetical sites")
    return good, errors


def join(items) -> str:
    """What-ifs (or their spec strings) as the ``;``-separated URL value."""
    return ";".join(item.spec if isinstance(item, WhatIf) else str(item) for item in items)


def check_figure(item: WhatIf, ranges) -> None:
    """A named range figure must exist in ``ranges`` (seeds.ranges) and give the same radius.

    Raises
    ------
    ValueError
        Naming the spec and the figure.
    """
    if item.figure is None:
        return
    if item.figure not in ranges.index:
        raise _bad(item.spec, f"unknown range figure {item.figure!r} (known: {', '.join(ranges.index)})")
    radius = float(ranges.at[item.figure, "radius_km"])
    if not math.isclose(radius, item.radius_km, rel_tol=1e-9):
        raise _bad(item.spec, f"range figure {item.figure} is {radius:g} km, not {_num(item.radius_km)} km")


@functools.lru_cache(maxsize=1)
def _countries():
    frame = borders.load_borders()
    geometries = np.asarray(frame.geometry.values, dtype=object)
    shapely.prepare(geometries)
    return list(frame["name"]), geometries, shapely.STRtree(geometries)


def country_at(lon: float, lat: float) -> str | None:
    """The name (as in :mod:`geo.borders`) of the country the point lies in, or None (sea)."""
    names, geometries, tree = _countries()
    hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return names[int(min(hits))] if len(hits) else None


def infer_side(item: WhatIf, sides: dict[str, str]) -> tuple[str, str]:
    """``(side, rule)``: the chosen side, else that of the member state the point lies in.

    ``sides`` maps country names to ``"NATO"``/``"CSTO"`` at the date
    (:func:`geo.analysis.member_sides`). ``rule`` says in words how the side was set.
    """
    if item.side:
        return item.side, "chosen"
    country = country_at(item.lon, item.lat)
    side = sides.get(country, NEITHER) if country else NEITHER
    where = f"the point lies in {country}" if country else "the point lies in no state (sea)"
    return side, f"inferred: {where}" + ("" if side == NEITHER else f", a {side} member at the date")


def cite(seeds, ids: str) -> list[dict]:
    """Citation records for a ``sources`` value that may hold :data:`USER_INPUT`."""
    user = {"id": USER_INPUT, "title": N_("Hypothetical site typed or clicked by the user (not a recorded site)"),
            "outlet": N_("user input"), "date": None, "url": None, "report": None}
    wanted = [i for i in str(ids or "").split(";") if i]
    return [user if i == USER_INPUT else seeds.source_records([i])[0] for i in wanted]


@dataclass(frozen=True)
class Measurement:
    """A geodesic between two points: length, azimuths and the line for drawing."""

    distance_km: float
    azimuth_deg: float  # initial (forward) azimuth at the start, [0, 360)
    back_azimuth_deg: float  # azimuth from the end back to the start, [0, 360)
    line: LineString

    @property
    def text(self) -> str:
        return (f"{self.distance_km:,.1f} km, initial azimuth {self.azimuth_deg:.1f}\u00b0 "
                f"(back azimuth {self.back_azimuth_deg:.1f}\u00b0)")


def measure(lon1: float, lat1: float, lon2: float, lat2: float, step_km: float = 20.0) -> Measurement:
    """Geodesic distance and initial azimuth (``Geod.inv``) and the geodesic line (``Geod.npts``).

    >>> round(measure(27.559, 53.901, 21.012, 52.230).distance_km)
    476
    """
    for lat, lon in ((lat1, lon1), (lat2, lon2)):
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise TextError(N_("bad point {value}: latitude in [-90, 90], longitude in [-180, 180]"),
                            value=repr(shorten(f"{lat},{lon}")))
    forward, back, metres = WGS84.inv(lon1, lat1, lon2, lat2)
    between = max(0, int(metres / 1000.0 / step_km) - 1)
    inner = WGS84.npts(lon1, lat1, lon2, lat2, between) if between else []
    coords = [(lon1, lat1), *inner, (lon2, lat2)]
    return Measurement(metres / 1000.0, float(np.mod(forward, 360.0)), float(np.mod(back, 360.0)),
                       LineString(coords))

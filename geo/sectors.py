"""The four proposed European "sectors of responsibility" as an explicit construction.

Seed 002 (Kommersant, July 2011) names the sectors only by direction: Russia
east, the United States south, Germany north, France west. It gives no
geometry, so the map draws an *interpretation*, parameterised here:

1. a centre (default: the IGN 1989 geographic centre of Europe, Purnuškės,
   Lithuania, 54.900 N 25.317 E);
2. a European theatre (default: 25 W to 60 E, 30 N to 72 N: Iceland and
   Portugal to the Urals, the Mediterranean to the Arctic coast);
3. one geodesic ray from the centre at each sector boundary azimuth (default
   45, 135, 225, 315 degrees), built with ``pyproj.Geod``;
4. the theatre is split along the rays and each piece goes to the sector whose
   azimuth range holds the direction from the centre to the piece.

By construction the sectors do not overlap and their union is the theatre.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from shapely import MultiLineString, Polygon
from shapely.ops import split, unary_union

from geo import geodesy


@dataclass(frozen=True)
class SectorConstruction:
    """Parameters of the sector interpretation (see the module docstring)."""

    centre_lon: float = 25.317
    centre_lat: float = 54.900
    west: float = -25.0
    south: float = 30.0
    east: float = 60.0
    north: float = 72.0
    ray_km: float = 7000.0

    def describe(self) -> str:
        return (f"Interpretation: geodesic wedges about {self.centre_lat:.3f} N {self.centre_lon:.3f} E "
                f"(IGN centre of Europe), clipped to the theatre {self.west:g}..{self.east:g} E, "
                f"{self.south:g}..{self.north:g} N")


DEFAULT = SectorConstruction()


def theatre(construction: SectorConstruction = DEFAULT, step_deg: float = 0.5) -> Polygon:
    """The theatre as a lon/lat box, densified so it draws and reprojects smoothly."""
    c = construction
    box = shapely.box(c.west, c.south, c.east, c.north, ccw=True)
    return shapely.segmentize(box, step_deg)


def in_wedge(bearing, azimuth_from: float, azimuth_to: float):
    """True where ``bearing`` lies in [from, to), going clockwise (wraps through north)."""
    span = (azimuth_to - azimuth_from) % 360.0 or 360.0
    return np.mod(np.asarray(bearing) - azimuth_from, 360.0) < span


@lru_cache(maxsize=8)
def sector_polygons(wedges: tuple[tuple[str, float, float], ...],
                    construction: SectorConstruction = DEFAULT) -> dict[str, shapely.Geometry]:
    """Split the theatre into one polygon per wedge ``(id, azimuth_from, azimuth_to)``.

    Raises ``ValueError`` if the wedges leave a gap or overlap in azimuth.
    """
    c = construction
    area = theatre(c)
    centre = shapely.Point(c.centre_lon, c.centre_lat)
    if not area.contains(centre):
        raise ValueError(f"sector centre {c.centre_lat} N {c.centre_lon} E lies outside the theatre")
    _check_wedges(wedges)
    cuts = []
    for azimuth in sorted({w[1] % 360.0 for w in wedges}):
        ray = geodesy.ray(c.centre_lon, c.centre_lat, azimuth, c.ray_km).intersection(area)
        parts = getattr(ray, "geoms", [ray])
        cuts.append(min(parts, key=lambda part: part.distance(centre)))
    pieces = split(area, MultiLineString(cuts)).geoms
    points = shapely.point_on_surface(list(pieces))
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    bearings = geodesy.azimuth(np.full_like(xs, c.centre_lon), np.full_like(ys, c.centre_lat), xs, ys)
    result = {}
    for wedge_id, start, stop in wedges:
        mine = [piece for piece, inside in zip(pieces, in_wedge(bearings, start, stop)) if inside]
        result[wedge_id] = shapely.normalize(unary_union(mine))
    return result


def _check_wedges(wedges) -> None:
    spans = sorted((start % 360.0, ((stop - start) % 360.0) or 360.0, wid) for wid, start, stop in wedges)
    total = sum(span for _, span, _ in spans)
    if abs(total - 360.0) > 1e-9:
        raise ValueError(f"sector wedges span {total:g} degrees, not 360: {[w[0] for w in wedges]}")
    for (a_start, a_span, a_id), (b_start, _, b_id) in zip(spans, spans[1:] + spans[:1]):
        if abs((a_start + a_span - b_start) % 360.0) > 1e-9:
            raise ValueError(f"sector wedges {a_id} and {b_id} do not meet")

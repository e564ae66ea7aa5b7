"""Where to write a name on a polygon: a point well inside it, and how much room it has there.

The point is the pole of inaccessibility (``shapely.ops.polylabel``) of the largest part,
found in a frame where a degree of longitude is shrunk by ``cos(latitude)`` so that the
room is measured about evenly east-west and north-south (Natural Earth ships no label
points in the 1:50m TopoJSON this project reads). ``box`` restricts the search to a
lon/lat window first (e.g. the part of a huge sector a default view shows).

Example
-------
>>> import shapely
>>> lon, lat, room = label_point(shapely.box(0, 0, 2, 2))
>>> round(lon, 1), round(lat, 1), round(room, 1)
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import math

import shapely
from shapely.ops import polylabel


def _largest_part(geometry):
    parts = getattr(geometry, "geoms", [geometry])
    polygons = [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
    return max(polygons, key=lambda p: p.area) if polygons else None


def label_point(geometry, box: tuple[float, float, float, float] | None = None) -> tuple[float, float, float] | None:
    """``(lon, lat, room)`` for a (multi)polygon in degrees, or None if nothing is left.

    ``room`` is the distance from the point to the part's edge in degrees of latitude
    (the radius of the largest circle that fits there).
    """
    if geometry is None or geometry.is_empty:
        return None
    if box is not None:
        geometry = shapely.clip_by_rect(geometry, *box)
    part = _largest_part(geometry)
    if part is None:
        return None
    scale = max(math.cos(math.radians(part.centroid.y)), 0.1)
    squeezed = shapely.transform(part, lambda xy: xy * [scale, 1.0])
    point = polylabel(squeezed, tolerance=0.02)
    room = squeezed.exterior.distance(point)
    room = min([room, *(ring.distance(point) for ring in squeezed.interiors)])
    return point.x / scale, point.y, float(room)

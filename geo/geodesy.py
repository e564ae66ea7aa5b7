"""Geodesic circles, rays and distances on the WGS84 ellipsoid (``pyproj.Geod``).

Nothing here does degree arithmetic: every vertex comes from a forward
geodesic problem and every distance from an inverse one.
"""

from __future__ import annotations

import numpy as np
from pyproj import Geod
from shapely import LineString, Polygon

WGS84 = Geod(ellps="WGS84")


def circle(lon: float, lat: float, radius_km: float, vertices: int = 180) -> Polygon:
    """The geodesic circle of ``radius_km`` about (lon, lat) as a polygon.

    Each vertex lies exactly ``radius_km`` from the centre along the geodesic
    at evenly spaced azimuths; the ring is counter-clockwise (RFC 7946).

    >>> ring = circle(23.833, 53.667, 200)
    >>> round(distance_km(23.833, 53.667, *ring.exterior.coords[0]), 6)
    200.0
    """
    if radius_km <= 0:
        raise ValueError(f"radius_km must be positive, got {radius_km!r}")
    azimuths = np.linspace(0.0, -360.0, vertices, endpoint=False)  # clockwise bearings -> CCW ring
    lons, lats, _ = WGS84.fwd(np.full(vertices, lon), np.full(vertices, lat), azimuths,
                              np.full(vertices, radius_km * 1000.0))
    return Polygon(np.column_stack([lons, lats]))


def ray(lon: float, lat: float, azimuth: float, length_km: float, step_km: float = 25.0) -> LineString:
    """A geodesic from (lon, lat) along ``azimuth`` for ``length_km``, densified every ``step_km``."""
    count = max(2, int(np.ceil(length_km / step_km)) + 1)
    distances = np.linspace(0.0, length_km * 1000.0, count)
    lons, lats, _ = WGS84.fwd(np.full(count, lon), np.full(count, lat), np.full(count, azimuth), distances)
    return LineString(np.column_stack([lons, lats]))


def distance_km(lon1, lat1, lon2, lat2):
    """Geodesic distance in km (scalars or arrays)."""
    _, _, metres = WGS84.inv(lon1, lat1, lon2, lat2)
    return np.asarray(metres) / 1000.0 if np.ndim(metres) else metres / 1000.0


def azimuth(lon1, lat1, lon2, lat2):
    """Forward azimuth in degrees [0, 360) from point 1 to point 2."""
    forward, _, _ = WGS84.inv(lon1, lat1, lon2, lat2)
    return np.mod(forward, 360.0)

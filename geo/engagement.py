"""Engagement geometry: a ballistic path over the WGS84 ground track and its closest approach to a site.

The ground track is the WGS84 geodesic from launch point to target (``pyproj.Geod``); the flight
above it is :mod:`geo.ballistics` (spherical, non-rotating Earth, burnout at the surface, free flight
only), with the downrange distance on the sphere equal to the distance along the geodesic. The track is
split where it crosses the antimeridian (:func:`split_antimeridian`), and a path between (nearly)
antipodal points says that its direction is arbitrary (:attr:`Path.antipodal`). Whether an interceptor
can meet the threat is :mod:`geo.intercept`; the interceptor's flyout :mod:`geo.flyout`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from shapely import MultiLineString

from geo.ballistics import Trajectory, trajectory
from geo.geodesy import WGS84
from geo.texts import N_

ANTIPODAL_KM = 100.0
"""A path whose target lies within this distance of the launch point's antipode has no defined direction."""
ANTIPODAL_TEXT = N_("the launch point and target are (nearly) antipodal: the direction of the path is arbitrary")


def split_antimeridian(lons, lats) -> MultiLineString:
    """A line of (lons, lats) as a MultiLineString cut where it crosses the antimeridian (a step of more than
    180° in longitude), each crossing point interpolated on both sides (±180°)."""
    parts, current = [], [(float(lons[0]), float(lats[0]))]
    for lon, lat in zip(np.asarray(lons[1:], dtype=float), np.asarray(lats[1:], dtype=float)):
        last_lon, last_lat = current[-1]
        if abs(lon - last_lon) > 180.0:
            edge = 180.0 if last_lon > 0 else -180.0
            shifted = lon + 360.0 if last_lon > 0 else lon - 360.0
            share = (edge - last_lon) / (shifted - last_lon)
            crossing = last_lat + share * (lat - last_lat)
            current.append((edge, crossing))
            parts.append(current)
            current = [(-edge, crossing)]
        current.append((float(lon), float(lat)))
    parts.append(current)
    return MultiLineString([part for part in parts if len(part) > 1])


@dataclass(frozen=True)
class Path:
    """A threat's path: launch point, target (lon, lat) and the trajectory over their geodesic."""

    launch: tuple[float, float]
    target: tuple[float, float]
    trajectory: Trajectory
    azimuth_deg: float

    @property
    def range_km(self) -> float:
        return self.trajectory.range_km

    def points_at(self, downrange_km) -> tuple[np.ndarray, np.ndarray]:
        """(lons, lats) of the ground track ``downrange_km`` from the launch point (array)."""
        distances = np.atleast_1d(np.asarray(downrange_km, dtype=float))
        count = len(distances)
        lons, lats, _ = WGS84.fwd(np.full(count, self.launch[0]), np.full(count, self.launch[1]),
                                  np.full(count, self.azimuth_deg), distances * 1000.0)
        return np.asarray(lons), np.asarray(lats)

    @property
    def antipodal(self) -> bool:
        """The target lies within :data:`ANTIPODAL_KM` of the launch point's antipode: every direction is
        (nearly) as short, so the one drawn is arbitrary."""
        antipode = (self.launch[0] - 180.0 if self.launch[0] > 0 else self.launch[0] + 180.0, -self.launch[1])
        _, _, metres = WGS84.inv(antipode[0], antipode[1], self.target[0], self.target[1])
        return metres / 1000.0 < ANTIPODAL_KM

    def ground_track(self, step_km: float = 25.0) -> MultiLineString:
        """The geodesic ground track, densified every ``step_km``, split at the antimeridian."""
        count = max(2, int(math.ceil(self.range_km / step_km)) + 1)
        lons, lats = self.points_at(np.linspace(0.0, self.range_km, count))
        lons[-1], lats[-1] = self.target
        return split_antimeridian(lons, lats)

    def ticks(self, step_s: float = 60.0) -> list[dict]:
        """One point per ``step_s`` of flight (and impact): time, downrange, position and altitude."""
        rows = self.trajectory.ticks(step_s)
        lons, lats = self.points_at([d for _, d, _ in rows])
        return [{"time_s": t, "minute": t / 60.0, "downrange_km": d, "altitude_km": a, "lon": float(lon), "lat": float(lat)}
                for (t, d, a), lon, lat in zip(rows, lons, lats)]


def ballistic_path(launch: tuple[float, float], target: tuple[float, float],
                   burnout_angle_deg: float | None = None) -> Path:
    """The path from ``launch`` to ``target`` (each (lon, lat)); minimum-energy unless an angle is given.

    >>> path = ballistic_path((51.389, 35.689), (-77.037, 38.907))   # Tehran to Washington
    >>> round(path.range_km, -2)
    10200.0
    """
    azimuth, _, metres = WGS84.inv(launch[0], launch[1], target[0], target[1])
    if metres < 1000.0:
        raise ValueError("launch point and target are less than 1 km apart")
    return Path((launch[0], launch[1]), (target[0], target[1]), trajectory(metres / 1000.0, burnout_angle_deg), float(azimuth))


@dataclass(frozen=True)
class Approach:
    """Where a path's ground track passes closest to a site."""

    distance_km: float  # geodesic, from the site to the nearest point of the ground track
    downrange_km: float
    time_s: float
    altitude_km: float
    lon: float
    lat: float


def site_distances(path: Path, lon: float, lat: float, downrange) -> np.ndarray:
    """Geodesic distances (km) from (lon, lat) to the ground track ``downrange`` km from the launch point."""
    lons, lats = path.points_at(downrange)
    _, _, metres = WGS84.inv(np.full(len(lons), lon), np.full(len(lons), lat), lons, lats)
    return np.asarray(metres) / 1000.0


def closest_approach(path: Path, lon: float, lat: float, step_km: float = 5.0) -> Approach:
    """The point of the ground track nearest to (lon, lat): sampled every ``step_km``, then refined by a
    golden-section search between the neighbours of the nearest sample (to about a metre)."""
    samples = np.linspace(0.0, path.range_km, max(3, int(math.ceil(path.range_km / step_km)) + 1))
    nearest = int(np.argmin(site_distances(path, lon, lat, samples)))
    low, high = samples[max(nearest - 1, 0)], samples[min(nearest + 1, len(samples) - 1)]
    ratio = (math.sqrt(5) - 1) / 2
    while high - low > 1e-3:
        a, b = high - ratio * (high - low), low + ratio * (high - low)
        da, db = site_distances(path, lon, lat, [a, b])
        if da <= db:
            high = b
        else:
            low = a
    where = float((low + high) / 2)
    distance = float(site_distances(path, lon, lat, [where])[0])
    (point_lon,), (point_lat,) = path.points_at([where])
    return Approach(distance, where, float(path.trajectory.time_at(where)),
                    float(path.trajectory.altitude_at(where)), float(point_lon), float(point_lat))

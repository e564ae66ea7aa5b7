"""Engagement geometry: a ballistic path over the WGS84 ground track, its closest approach to a site,
and a kinematic screen of whether an interceptor at the site could reach it.

The ground track is the WGS84 geodesic from launch point to target (``pyproj.Geod``); the flight
above it is :mod:`geo.ballistics` (spherical, non-rotating Earth, burnout at the surface, free flight
only), with the downrange distance on the sphere equal to the distance along the geodesic.

**The screen** (:func:`screen`) is kinematic, not a simulation. At every moment ``t`` of the flight
(every :data:`SCREEN_STEP_S` seconds) the interceptor, launched :data:`LAUNCH_DELAY_S` after the
threat's burnout, has flown ``reach(t) = factor × burnout speed × (t − delay)`` (average flyout speed =
burnout speed × :data:`FLYOUT_FACTOR`), and only where the threat is within the ground range its burnout
speed can reach at all (:func:`geo.ballistics.max_range_km`). It is compared with the straight-line (slant)
distance from the site to the threat, counting only moments when the threat is at or above
:data:`MIN_INTERCEPT_ALTITUDE_KM` (exo-atmospheric hit-to-kill). The best moment (largest margin
relative to the slant distance) gives the verdict: ``yes`` when reach exceeds the distance by at least
:data:`MARGIN_BAND` (10 %), ``no`` when it falls short by more than that, ``marginal`` between.
Left out: the interceptor's boost phase and its curved flyout, radar detection, tracking and cueing
delays (unless given as a launch delay), discrimination of warheads from decoys, the kill vehicle's
divert, the threat's boost phase, the Earth's rotation and the atmosphere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from shapely import LineString

from geo.ballistics import EARTH_RADIUS_KM, Trajectory, max_range_km, trajectory
from geo.geodesy import WGS84
from geo.texts import N_

FLYOUT_FACTOR = 0.8
"""Average flyout speed as a share of burnout speed (stated, not sourced: the boost phase and gravity
make the average lower than the burnout speed)."""
LAUNCH_DELAY_S = 0.0
"""Seconds after the threat's burnout before the interceptor launches (0: at once, the most generous
case for the defence, so a ``no`` holds under any real delay)."""
MIN_INTERCEPT_ALTITUDE_KM = 100.0
"""Lowest threat altitude counted (stated: the interceptors screened are exo-atmospheric)."""
MARGIN_BAND = 0.10
"""Relative margin within which the verdict is ``marginal``."""
SCREEN_STEP_S = 5.0
SCREEN_MODEL_TEXT = N_("kinematic screen: average flyout speed = burnout speed x factor (default {factor}), "
                       "launch delay after threat burnout (default {delay} s), flyout capped at the "
                       "interceptor's own maximum ballistic range, intercepts only above "
                       "{altitude} km; yes/no beyond +/-{band} of the slant distance, "
                       "else marginal; no boost phase, cueing, discrimination or divert modelled")
SCREEN_MODEL_VALUES = {"factor": f"{FLYOUT_FACTOR}", "delay": f"{LAUNCH_DELAY_S:g}",
                       "altitude": f"{MIN_INTERCEPT_ALTITUDE_KM:g}", "band": f"{MARGIN_BAND:.0%}"}
SCREEN_MODEL = SCREEN_MODEL_TEXT.format(**SCREEN_MODEL_VALUES)


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

    def ground_track(self, step_km: float = 25.0) -> LineString:
        """The geodesic ground track, densified every ``step_km`` (not split at the antimeridian)."""
        count = max(2, int(math.ceil(self.range_km / step_km)) + 1)
        lons, lats = self.points_at(np.linspace(0.0, self.range_km, count))
        lons[-1], lats[-1] = self.target
        return LineString(np.column_stack([lons, lats]))

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


def slant_km(ground_km, altitude_km):
    """Straight-line distance from a point on the sphere's surface to a point ``altitude_km`` up,
    ``ground_km`` away along the surface (law of cosines)."""
    r = EARTH_RADIUS_KM + np.asarray(altitude_km, dtype=float)
    angle = np.asarray(ground_km, dtype=float) / EARTH_RADIUS_KM
    return np.sqrt(np.maximum(EARTH_RADIUS_KM ** 2 + r ** 2 - 2 * EARTH_RADIUS_KM * r * np.cos(angle), 0.0))


@dataclass(frozen=True)
class Screen:
    """The verdict of :func:`screen` and the moment it rests on."""

    verdict: str  # "yes", "marginal" or "no"
    margin_km: float  # reach minus slant distance at the best moment (negative: short)
    margin_s: float  # time to spare at that moment (negative: late)
    relative_margin: float
    time_s: float
    downrange_km: float
    altitude_km: float
    ground_km: float
    slant_km: float
    reach_km: float
    reason: str


def screen(path: Path, lon: float, lat: float, burnout_kms: float, *, factor: float = FLYOUT_FACTOR,
           delay_s: float = LAUNCH_DELAY_S, min_altitude_km: float = MIN_INTERCEPT_ALTITUDE_KM) -> Screen:
    """Could an interceptor at (lon, lat) with ``burnout_kms`` reach the threat on ``path``? See the module."""
    if burnout_kms <= 0 or factor <= 0 or delay_s < 0:
        raise ValueError("burnout speed and flyout factor must be positive and the delay not negative")
    flight = path.trajectory
    times = np.arange(0.0, flight.flight_s, SCREEN_STEP_S)
    downrange, altitude = flight.state_at(times)
    ground = site_distances(path, lon, lat, downrange)
    slant = slant_km(ground, altitude)
    speed = factor * burnout_kms
    reach = speed * np.maximum(times - delay_s, 0.0)
    eligible = (altitude >= min_altitude_km) & (ground <= max_range_km(burnout_kms)) & (times > delay_s)
    if not eligible.any():
        best = int(np.argmin(slant))
        why = (f"the threat is never above {min_altitude_km:g} km within the interceptor's maximum range "
               f"({max_range_km(burnout_kms):,.0f} km) after the launch delay")
        return Screen("no", -float(slant[best]), -float(flight.flight_s), -1.0, float(times[best]), float(downrange[best]),
                      float(altitude[best]), float(ground[best]), float(slant[best]), 0.0, why)
    relative = np.where(eligible, (reach - slant) / np.maximum(slant, 1e-9), -np.inf)
    best = int(np.argmax(relative))
    margin = float(reach[best] - slant[best])
    rel = float(relative[best])
    verdict = "yes" if rel >= MARGIN_BAND else ("no" if rel < -MARGIN_BAND else "marginal")
    spare = float(times[best] - delay_s - slant[best] / speed)
    why = (f"at {times[best] / 60:.1f} min the threat is {slant[best]:,.0f} km away (slant) at {altitude[best]:,.0f} km "
           f"altitude; the interceptor has flown {reach[best]:,.0f} km")
    return Screen(verdict, margin, spare, rel, float(times[best]), float(downrange[best]), float(altitude[best]),
                  float(ground[best]), float(slant[best]), float(reach[best]), why)

"""Radar line-of-sight horizon with the 4/3-Earth refraction model.

Standard atmospheric refraction bends radar rays down; the usual way to account for it is to keep
rays straight over an Earth of effective radius k·R with k = 4/3. The horizon distance of an antenna
h_r metres up to a target h_t metres up is then, for heights small against k·R,

    d_km = √(2 k R) (√h_r + √h_t) ≈ 4.12 (√h_r_m + √h_t_m)

(:func:`horizon_km`, the rule radar handbooks quote). :func:`horizon_arc_km` gives the exact
ground arc on the 4/3 sphere, which is shorter for high targets (by 0.4 % for a target at 100 km,
5 % at 1,000 km): the rule is kept as the figure shown, the arc for comparison. Terrain, the
radar's beam elevation limits and its power (its *instrumented* range, a separate sourced claim)
are not part of the horizon.
"""

from __future__ import annotations

import math

import numpy as np
from shapely import Polygon

from geo.ballistics import EARTH_RADIUS_KM
from geo.engagement import Path, site_distances
from geo.geodesy import circle
from geo.texts import N_

K_FACTOR = 4.0 / 3.0
RULE_KM_PER_SQRT_M = 4.12
"""d_km = 4.12 (√h_radar_m + √h_target_m): √(2 · 4/3 · 6,371,000 m) = 4,122 m per √m, rounded."""
MODEL = N_("4/3-Earth refraction: horizon d_km = 4.12 (sqrt(h_radar_m) + sqrt(h_target_m)); terrain ignored")


def horizon_km(antenna_m: float, target_m: float) -> float:
    """The 4/3-Earth line-of-sight horizon (km) of an antenna ``antenna_m`` up for a target ``target_m`` up.

    >>> round(horizon_km(20, 100_000))
    1321
    """
    if antenna_m < 0 or target_m < 0:
        raise ValueError("heights must not be negative")
    return RULE_KM_PER_SQRT_M * (math.sqrt(antenna_m) + math.sqrt(target_m))


def horizon_arc_km(antenna_m: float, target_m: float) -> float:
    """The exact ground arc (km) between antenna and target when the ray grazes the 4/3 sphere."""
    radius = K_FACTOR * EARTH_RADIUS_KM
    return radius * sum(math.acos(radius / (radius + h / 1000.0)) for h in (antenna_m, target_m))


def visible_altitude_km(distance_km, antenna_m: float):
    """The lowest altitude (km) at which a target ``distance_km`` away (ground distance; scalar or
    array) is above the antenna's 4/3-Earth horizon: the inverse of :func:`horizon_km`."""
    root = np.maximum(np.asarray(distance_km, dtype=float) / RULE_KM_PER_SQRT_M - math.sqrt(antenna_m), 0.0)
    altitude = root ** 2 / 1000.0
    return float(altitude) if np.ndim(altitude) == 0 else altitude


def horizon_ring(lon: float, lat: float, antenna_m: float, target_km: float) -> Polygon:
    """The geodesic ring (WGS84) of the horizon for a target ``target_km`` up."""
    return circle(lon, lat, horizon_km(antenna_m, target_km * 1000.0))


def first_visible(path: Path, lon: float, lat: float, antenna_m: float, instrumented_km: float | None = None,
                  step_s: float = 5.0) -> dict:
    """When a threat on ``path`` first rises above the horizon of a radar
    at (lon, lat), and when it is first also within the radar's claimed ``instrumented_km`` (ground
    distance), each to ``step_s``: ``{"horizon": {...} or None, "in_range": {...} or None}`` with the
    time, downrange distance, altitude and ground distance at that moment."""
    flight = path.trajectory
    times = np.append(np.arange(0.0, flight.flight_s, step_s), flight.flight_s)
    downrange, altitude = flight.state_at(times)
    ground = site_distances(path, lon, lat, downrange)
    above = altitude >= visible_altitude_km(ground, antenna_m)
    within = above & (ground <= instrumented_km) if instrumented_km is not None else np.zeros(len(times), bool)

    def first(mask):
        if not mask.any():
            return None
        i = int(np.argmax(mask))
        return {"time_s": float(times[i]), "downrange_km": float(downrange[i]), "altitude_km": float(altitude[i]),
                "distance_km": float(ground[i])}
    return {"horizon": first(above), "in_range": first(within)}

"""Radar line-of-sight horizon, ray-traced through a reference atmosphere.

The atmosphere is spherically stratified with the refractivity of the ITU-R P.453 exponential reference
atmosphere, ``n(h) = 1 + N₀ · exp(−h / H)`` with ``N₀ = 315 × 10⁻⁶`` and ``H = 7.35 km``
(:data:`REFRACTIVITY_N0`, :data:`SCALE_HEIGHT_KM`). A ray in such an atmosphere keeps Bouguer's invariant
``n(r) · r · cos ε = c`` (ε its elevation), so the ground arc it covers between radii r₁ and r₂ is

    θ = ∫ c / (r · √(n(r)² r² − c²)) dr

The horizon is the ray that leaves the antenna at the **minimum elevation** (default 0°, a stated value:
the lowest beam a radar is taken to use): :func:`horizon_km` is the ground distance (on the sphere of
:mod:`geo.ballistics`) at which that ray reaches a target's altitude. The integral is taken with
``r = r_antenna + u²`` (no singularity where the ray is horizontal) by Gauss–Legendre quadrature.
Refraction bends a ray only in the lowest tens of kilometres, so a 4/3-Earth rule, good for low targets,
overstates the horizon of a target above the atmosphere (by 11 % at 100 km, 20 % at 1,000 km, 28 % at
2,000 km). Terrain and the radar's power (its *instrumented* range, a separate sourced claim) are not part of the horizon.

>>> round(horizon_km(20, 100_000)), round(horizon_km(20, 1_000_000))
(1194, 3438)
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from shapely import Polygon

from geo.ballistics import EARTH_RADIUS_KM
from geo.engagement import Path, site_distances
from geo.geodesy import circle
from geo.texts import N_

REFRACTIVITY_N0 = 315e-6
SCALE_HEIGHT_KM = 7.35
MIN_ELEVATION_DEG = 0.0
"""The default minimum elevation of the beam (stated)."""
MAX_ELEVATION_DEG = 45.0
MAX_TARGET_KM = 5000.0
"""The highest target altitude a horizon is computed for."""
MODEL = N_("radar horizon: a ray traced through the ITU-R P.453 reference atmosphere (N = 315e-6 exp(-h/7.35 km)) "
           "from the antenna at its minimum elevation (default 0 deg); terrain ignored")
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(12)
_PANELS = 400


def refractive_index(altitude_km):
    return 1.0 + REFRACTIVITY_N0 * np.exp(-np.asarray(altitude_km, dtype=float) / SCALE_HEIGHT_KM)


def _arc_rad(antenna_km: float, target_km: float, elevation_deg: float) -> float:
    """Central angle the ray covers from the antenna up to ``target_km`` (Bouguer's invariant, see the module)."""
    start = EARTH_RADIUS_KM + antenna_km
    invariant = float(refractive_index(antenna_km)) * start * math.cos(math.radians(elevation_deg))
    top = math.sqrt(target_km - antenna_km)
    # panels denser at the bottom, where the atmosphere bends the ray
    edges = top * np.linspace(0.0, 1.0, _PANELS + 1) ** 2
    half = np.diff(edges)[:, None] / 2
    u = (edges[:-1, None] + half * (_NODES[None, :] + 1.0)).ravel()
    weights = (half * _WEIGHTS[None, :]).ravel()
    rise = u * u
    radius = start + rise
    bent = refractive_index(radius - EARTH_RADIUS_KM) * radius
    # n(r) r − c written in powers of the rise r − r_antenna = u², so it does not cancel where the ray is level
    above = (rise * refractive_index(radius - EARTH_RADIUS_KM)
             + REFRACTIVITY_N0 * start * math.exp(-antenna_km / SCALE_HEIGHT_KM) * np.expm1(-rise / SCALE_HEIGHT_KM)
             + float(refractive_index(antenna_km)) * start * (1.0 - math.cos(math.radians(elevation_deg))))
    integrand = 2.0 * u * invariant / (radius * np.sqrt(above * (bent + invariant)))
    return float(np.sum(weights * integrand))


def _check(antenna_m: float, target_m: float, elevation_deg: float) -> None:
    if not (0 <= antenna_m <= 10_000 and 0 <= target_m <= MAX_TARGET_KM * 1000):
        raise ValueError(f"heights {antenna_m:g} m and {target_m:g} m must be in [0, 10,000] m and "
                         f"[0, {MAX_TARGET_KM * 1000:,.0f}] m")
    if not 0 <= elevation_deg <= MAX_ELEVATION_DEG:
        raise ValueError(f"minimum elevation {elevation_deg:g} deg is outside [0, {MAX_ELEVATION_DEG:g}] deg")


def horizon_km(antenna_m: float, target_m: float, elevation_deg: float = MIN_ELEVATION_DEG) -> float:
    """Ground distance (km) at which the lowest ray of an antenna ``antenna_m`` up reaches a target ``target_m``
    up (0 when the target is not above the antenna)."""
    _check(antenna_m, target_m, elevation_deg)
    if target_m <= antenna_m:
        return 0.0
    return EARTH_RADIUS_KM * _arc_rad(antenna_m / 1000.0, target_m / 1000.0, elevation_deg)


@lru_cache(maxsize=64)
def _table(antenna_m: float, elevation_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """(altitudes km, horizons km) for the inverse: altitudes from the antenna up to :data:`MAX_TARGET_KM`."""
    base = antenna_m / 1000.0
    altitudes = base + np.geomspace(1e-3, MAX_TARGET_KM - base, 400)
    return altitudes, np.array([EARTH_RADIUS_KM * _arc_rad(base, h, elevation_deg) for h in altitudes])


def visible_altitude_km(distance_km, antenna_m: float, elevation_deg: float = MIN_ELEVATION_DEG):
    """The lowest altitude (km) at which a target ``distance_km`` away (ground distance; scalar or array) is
    above the antenna's lowest ray: the inverse of :func:`horizon_km` (interpolated in a table of 400
    altitudes; beyond the horizon of :data:`MAX_TARGET_KM`, infinite)."""
    _check(antenna_m, 0.0, elevation_deg)
    altitudes, horizons = _table(float(antenna_m), float(elevation_deg))
    distance = np.asarray(distance_km, dtype=float)
    result = np.interp(distance, np.concatenate([[0.0], horizons]), np.concatenate([[antenna_m / 1000.0], altitudes]),
                       right=np.inf)
    return float(result) if np.ndim(result) == 0 else result


def horizon_ring(lon: float, lat: float, antenna_m: float, target_km: float,
                 elevation_deg: float = MIN_ELEVATION_DEG) -> Polygon:
    """The geodesic ring (WGS84) of the horizon for a target ``target_km`` up."""
    return circle(lon, lat, max(horizon_km(antenna_m, target_km * 1000.0, elevation_deg), 1.0))


def first_visible(path: Path, lon: float, lat: float, antenna_m: float, instrumented_km: float | None = None,
                  step_s: float = 5.0, elevation_deg: float = MIN_ELEVATION_DEG) -> dict:
    """When a threat on ``path`` first rises above the horizon of a radar
    at (lon, lat), and when it is first also within the radar's claimed ``instrumented_km`` (ground
    distance), each to ``step_s``: ``{"horizon": {...} or None, "in_range": {...} or None}`` with the
    time (after the threat's burnout), downrange distance, altitude and ground distance at that moment."""
    flight = path.trajectory
    times = np.append(np.arange(0.0, flight.flight_s, step_s), flight.flight_s)
    downrange, altitude = flight.state_at(times)
    ground = site_distances(path, lon, lat, downrange)
    above = altitude >= visible_altitude_km(ground, antenna_m, elevation_deg)
    within = above & (ground <= instrumented_km) if instrumented_km is not None else np.zeros(len(times), bool)

    def first(mask):
        if not mask.any():
            return None
        i = int(np.argmax(mask))
        return {"time_s": float(times[i]), "downrange_km": float(downrange[i]), "altitude_km": float(altitude[i]),
                "distance_km": float(ground[i])}
    return {"horizon": first(above), "in_range": first(within)}

"""The interceptor's flyout under gravity: the fastest Keplerian arc from its site to a point in space.

The model (:data:`MODEL`): the Earth of :mod:`geo.ballistics` (a sphere of radius R = 6,371 km,
μ = 398,600.44 km³/s², not rotating, no atmosphere); the interceptor burns out **at the surface, at the
moment it launches** (a stated simplification: its boost phase is not modelled, which flatters the
defence by the burn time, tens of seconds) with burnout speed ``v``, and then coasts on a Kepler conic.
Its energy fixes the semi-major axis, ``a = 1 / (2/R − v²/μ)`` (vis-viva), so a point at radius
``r = R + h`` seen at central angle ``θ`` from the site is reached by the two ellipses of Lambert's
problem with that ``a`` (when ``s ≤ 2a``, ``s`` the semi-perimeter of the triangle centre–site–point);
the **fastest** of them takes Lagrange's time (Battin, *An Introduction to the Mathematics and Methods
of Astrodynamics*, §4.5; Bate, Mueller and White, ch. 5)::

    c = √(R² + r² − 2 R r cos θ),   s = (R + r + c) / 2
    α = 2 asin √(s / 2a),   β = 2 asin √((s − c) / 2a)
    t = √(a³/μ) · [(α − sin α) − (β − sin β)]

An arc whose burnout flight-path angle would be negative dives into the Earth before climbing: for such
a point (low and far) the fastest arc that does not is the level one, flown at the lower speed that
makes it pass through the point (:func:`level_speed_kms`). :func:`flyout_time_s` is NaN where the speed
cannot reach (``s > 2a``). Straight up, ``θ = 0``, the highest point is ``2a − R`` (:func:`ceiling_km`):
494 km at 3 km/s.

Every function takes numpy arrays (or scalars) and broadcasts them: ``angle_rad`` is the central angle
between the site and the point's foot (its ground distance / R), ``altitude_km`` the point's altitude,
``burnout_kms`` the burnout speed, below escape speed (:data:`ESCAPE_KMS`, 11.19 km/s).

>>> round(ceiling_km(3.0))
494
>>> round(float(flyout_time_s(0.0, 100.0, 3.0)), 1)
35.4
"""

from __future__ import annotations

import math

import numpy as np

from geo.ballistics import EARTH_RADIUS_KM, MU_KM3_S2
from geo.texts import N_

ESCAPE_KMS = math.sqrt(2.0 * MU_KM3_S2 / EARTH_RADIUS_KM)
"""Escape speed at the surface (km/s): a burnout speed must stay below it (the arcs are ellipses)."""
MAX_BURNOUT_KMS = 11.0
"""The highest burnout speed any function here or any option takes (below :data:`ESCAPE_KMS`)."""
MODEL = N_("interceptor flyout: the fastest Kepler arc from the site through the intercept point at the burnout "
           "speed (burnout at the surface when it launches; its own boost phase not modelled)")


def check_burnout(burnout_kms) -> np.ndarray:
    """``burnout_kms`` as an array, or ``ValueError`` naming a value outside (0, :data:`MAX_BURNOUT_KMS`]."""
    speeds = np.asarray(burnout_kms, dtype=float)
    bad = ~((speeds > 0) & (speeds <= MAX_BURNOUT_KMS))
    if bad.any():
        raise ValueError(f"burnout speed {float(speeds[bad].flat[0]):g} km/s is outside (0, {MAX_BURNOUT_KMS:g}] km/s")
    return speeds


def semi_major_km(burnout_kms):
    """Semi-major axis (km) of every arc that leaves the surface at ``burnout_kms`` (vis-viva)."""
    return 1.0 / (2.0 / EARTH_RADIUS_KM - check_burnout(burnout_kms) ** 2 / MU_KM3_S2)


def ceiling_km(burnout_kms):
    """The highest altitude (km) ``burnout_kms`` reaches, straight up: ``2a − R``."""
    result = 2.0 * semi_major_km(burnout_kms) - EARTH_RADIUS_KM
    return float(result) if np.ndim(result) == 0 else result


def _x_minus_sin(x):
    """``x − sin x``, with its series where the difference would cancel (x < 0.01)."""
    x = np.asarray(x, dtype=float)
    small = x * x * x * (1.0 / 6.0 - x * x / 120.0 + x ** 4 / 5040.0)
    return np.where(x < 1e-2, small, x - np.sin(x))


def _chord(angle_rad, altitude_km):
    radius = EARTH_RADIUS_KM + np.asarray(altitude_km, dtype=float)
    angle = np.asarray(angle_rad, dtype=float)
    # R² + r² − 2 R r cos θ written as (r − R)² + 4 R r sin²(θ/2): no cancellation for small θ and h
    chord = np.sqrt((radius - EARTH_RADIUS_KM) ** 2 + 4.0 * EARTH_RADIUS_KM * radius * np.sin(angle / 2.0) ** 2)
    return radius, chord


def burnout_angle_rad(angle_rad, altitude_km, burnout_kms):
    """The burnout flight-path angle (radians above the local horizontal) of the fastest arc, NaN where the
    speed cannot reach. From the conic through both points: with ``x = tan γ`` and ``Q = v²R/μ``,
    ``((1 − cos θ)/Q) x² − sin θ · x + (1 − cos θ)/Q + cos θ − R/r = 0``; the fastest arc is the flatter root."""
    angle = np.asarray(angle_rad, dtype=float)
    radius = EARTH_RADIUS_KM + np.asarray(altitude_km, dtype=float)
    q = check_burnout(burnout_kms) ** 2 * EARTH_RADIUS_KM / MU_KM3_S2
    one_minus_cos = 2.0 * np.sin(angle / 2.0) ** 2
    a = one_minus_cos / q
    c = a + np.cos(angle) - EARTH_RADIUS_KM / radius
    disc = np.sin(angle) ** 2 - 4.0 * a * c
    with np.errstate(invalid="ignore"):
        root = np.sqrt(disc)  # NaN where no real root: out of reach
    gamma = np.arctan2(2.0 * c, np.sin(angle) + root)  # the smaller root, in a form stable as θ → 0
    return np.where(disc >= 0, gamma, np.nan)


def level_speed_kms(angle_rad, altitude_km):
    """The burnout speed (km/s) whose arc leaves the surface horizontally (γ = 0, burnout at perigee) and
    passes through the point: ``Q = r (1 − cos θ) / (R − r cos θ)``; infinite for a point above the
    site's horizontal plane (``r cos θ ≥ R``), which no level arc reaches."""
    radius = EARTH_RADIUS_KM + np.asarray(altitude_km, dtype=float)
    angle = np.asarray(angle_rad, dtype=float)
    below = EARTH_RADIUS_KM - radius * np.cos(angle)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = radius * 2.0 * np.sin(angle / 2.0) ** 2 / below
        return np.where(below > 0, np.sqrt(q * MU_KM3_S2 / EARTH_RADIUS_KM), np.inf)


def flyout_time_s(angle_rad, altitude_km, burnout_kms):
    """Seconds from the interceptor's launch to a point ``altitude_km`` up over the central angle ``angle_rad``
    from its site, on the fastest arc that leaves the surface upwards at a burnout speed of at most
    ``burnout_kms`` (Lagrange's time, see the module); NaN where the speed cannot reach the point. Arrays
    broadcast.

    Where the fastest arc at full speed would start downwards (points low and far), the fastest arc that
    does not is the level one (:func:`level_speed_kms`), flown at that lower speed (a shorter burn): so the
    time never grows with the speed, and the least speed that opens a window is well defined.

    >>> round(float(flyout_time_s(1000 / 6371, 300.0, 5.0)), 1)
    231.2
    """
    speed = np.minimum(check_burnout(burnout_kms), level_speed_kms(angle_rad, altitude_km))
    axis = 1.0 / (2.0 / EARTH_RADIUS_KM - speed ** 2 / MU_KM3_S2)
    radius, chord = _chord(angle_rad, altitude_km)
    semi = (EARTH_RADIUS_KM + radius + chord) / 2.0
    reach = semi <= 2.0 * axis * (1.0 + 1e-12)
    alpha = 2.0 * np.arcsin(np.sqrt(np.minimum(semi / (2.0 * axis), 1.0)))
    beta = 2.0 * np.arcsin(np.sqrt(np.minimum((semi - chord) / (2.0 * axis), 1.0)))
    seconds = np.sqrt(axis ** 3 / MU_KM3_S2) * (_x_minus_sin(alpha) - _x_minus_sin(beta))
    result = np.where(reach, seconds, np.nan)
    return float(result) if np.ndim(result) == 0 else result


def reach_km(altitude_km, burnout_kms):
    """The longest ground distance (km, on the sphere) at which ``burnout_kms`` still reaches ``altitude_km``
    (``s = 2a``, solved by bisection in the central angle; 0 above :func:`ceiling_km`). Arrays broadcast."""
    axis = semi_major_km(burnout_kms)
    altitude = np.asarray(altitude_km, dtype=float)

    def semi(angle):
        radius, chord = _chord(angle, altitude)
        return (EARTH_RADIUS_KM + radius + chord) / 2.0

    low = np.zeros(np.broadcast(altitude, axis).shape)
    high = np.full(low.shape, math.pi)
    for _ in range(60):
        middle = (low + high) / 2.0
        inside = semi(middle) <= 2.0 * axis
        low, high = np.where(inside, middle, low), np.where(inside, high, middle)
    result = np.where(semi(0.0) <= 2.0 * axis, low * EARTH_RADIUS_KM, 0.0)
    return float(result) if np.ndim(result) == 0 else result

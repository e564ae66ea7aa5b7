"""Ballistic free flight over a spherical, non-rotating Earth: the model behind ``shieldmap engage``.

The model, stated in every output (:data:`MODEL`):

- the Earth is a sphere of radius :data:`EARTH_RADIUS_KM` (6,371 km) with gravitational parameter
  :data:`MU_KM3_S2` (398,600.44 km³/s²), and it does not rotate;
- burnout is at the surface (altitude 0) and time 0; there is no boost phase, no atmosphere and no
  re-entry drag: the missile flies a Kepler ellipse from the launch point to the target;
- the range angle is ψ = D / R, with D the WGS84 geodesic distance between launch point and target
  (so the flight on the sphere has the same length as the ground track on the ellipsoid).

For a burnout flight-path angle γ above the local horizontal the burnout speed v follows from the
free-flight range equation (Bate, Mueller and White, *Fundamentals of Astrodynamics*, ch. 6):

    Q = v² R / μ = sin(ψ/2) / (cos γ · sin(ψ/2 + γ))

whose minimum over γ is the **minimum-energy** trajectory, γ = (π − ψ)/4 and Q = 2 sin(ψ/2) / (1 + sin(ψ/2)).
A smaller γ is a *depressed* trajectory, a larger one *lofted*: both need more speed for the same range.
Apogee, flight time and the state at any time come from the ellipse (semi-latus rectum p = R Q cos²γ,
eccentricity e from the burnout state, Kepler's equation for time).

>>> round(minimum_energy(10_000).burnout_kms, 2)
7.2
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from geo.texts import N_

EARTH_RADIUS_KM = 6371.0
MU_KM3_S2 = 398_600.44
MODEL = N_("spherical non-rotating Earth (R = 6,371 km, mu = 398,600.44 km3/s2), the threat's free flight from its "
            "burnout at the surface (no atmosphere; its boost is in the timeline); range angle = WGS84 geodesic "
            "distance / R")
MAX_FLIGHT_S = 3 * 3600.0
"""The longest free flight computed (3 h: over 1,000 or 5,000 km, an apogee of about 16,000 km): every output
samples the flight in time (the engagement screen every 5 s), so a burnout angle close to escape speed (89.9 deg
over 44 km flies for millions of hours) is refused before anything is sampled."""


@dataclass(frozen=True)
class Trajectory:
    """One free-flight ellipse from burnout at the surface to impact ``range_km`` further on."""

    range_km: float
    gamma_rad: float  # burnout flight-path angle above the local horizontal

    def __post_init__(self):
        if not 0 < self.range_km < math.pi * EARTH_RADIUS_KM:
            raise ValueError(f"range {self.range_km:g} km must be in (0, {math.pi * EARTH_RADIUS_KM:,.0f}) km "
                             "(half the circumference)")
        if not 0 < self.gamma_rad < math.pi / 2:
            raise ValueError(f"burnout angle {math.degrees(self.gamma_rad):g} deg must be in (0, 90) deg")
        if self.q >= 2:
            raise ValueError(f"no ellipse reaches {self.range_km:,.0f} km at a burnout angle of "
                             f"{math.degrees(self.gamma_rad):.1f} deg (it would need escape speed)")
        if self.flight_s > MAX_FLIGHT_S:
            raise ValueError(f"a burnout angle of {math.degrees(self.gamma_rad):g} deg over {self.range_km:,.0f} km "
                             f"flies {self.flight_s / 3600:,.0f} h, over the {MAX_FLIGHT_S / 3600:g} h computed "
                             "(it comes close to escape speed)")

    @property
    def psi(self) -> float:
        """Range angle (radians)."""
        return self.range_km / EARTH_RADIUS_KM

    @property
    def gamma_deg(self) -> float:
        return math.degrees(self.gamma_rad)

    @property
    def q(self) -> float:
        """v² R / μ at burnout."""
        half = self.psi / 2
        return math.sin(half) / (math.cos(self.gamma_rad) * math.sin(half + self.gamma_rad))

    @property
    def burnout_kms(self) -> float:
        return math.sqrt(self.q * MU_KM3_S2 / EARTH_RADIUS_KM)

    @property
    def eccentricity(self) -> float:
        c, s = math.cos(self.gamma_rad), math.sin(self.gamma_rad)
        return math.hypot(self.q * c * c - 1.0, self.q * s * c)

    @property
    def semi_major_km(self) -> float:
        return EARTH_RADIUS_KM / (2.0 - self.q)  # vis-viva at r = R

    @property
    def apogee_km(self) -> float:
        """Apogee altitude above the sphere."""
        return self.semi_major_km * (1.0 + self.eccentricity) - EARTH_RADIUS_KM

    @property
    def _burnout_anomaly(self) -> float:
        """True anomaly at burnout: the ellipse is symmetric about apogee (true anomaly π)."""
        return math.pi - self.psi / 2

    def _mean_anomaly(self, true_anomaly):
        e = self.eccentricity
        eccentric = 2.0 * np.arctan2(np.sqrt(1.0 - e) * np.sin(np.asarray(true_anomaly) / 2),
                                     np.sqrt(1.0 + e) * np.cos(np.asarray(true_anomaly) / 2))
        return eccentric - e * np.sin(eccentric)

    @property
    def _mean_motion(self) -> float:
        return math.sqrt(MU_KM3_S2 / self.semi_major_km ** 3)

    @property
    def flight_s(self) -> float:
        """Free-flight time from burnout to impact (seconds)."""
        return 2.0 * (math.pi - float(self._mean_anomaly(self._burnout_anomaly))) / self._mean_motion

    def time_at(self, downrange_km):
        """Seconds after burnout at which the missile is above ``downrange_km`` (scalar or array, in [0, range])."""
        angle = np.clip(np.asarray(downrange_km, dtype=float), 0.0, self.range_km) / EARTH_RADIUS_KM
        mean = self._mean_anomaly(self._burnout_anomaly + angle)
        result = (mean - self._mean_anomaly(self._burnout_anomaly)) / self._mean_motion
        return float(result) if np.ndim(result) == 0 else result

    def state_at(self, seconds) -> tuple[np.ndarray, np.ndarray]:
        """(downrange km along the surface, altitude km) at ``seconds`` after burnout (clipped to the flight)."""
        t = np.clip(np.atleast_1d(np.asarray(seconds, dtype=float)), 0.0, self.flight_s)
        e, start = self.eccentricity, float(self._mean_anomaly(self._burnout_anomaly))
        mean = start + self._mean_motion * t
        eccentric = mean.copy()
        for _ in range(50):  # Newton on Kepler's equation; e < 1, converges in a few steps
            step = (eccentric - e * np.sin(eccentric) - mean) / (1.0 - e * np.cos(eccentric))
            eccentric -= step
            if np.max(np.abs(step)) < 1e-13:
                break
        true = 2.0 * np.arctan2(np.sqrt(1.0 + e) * np.sin(eccentric / 2), np.sqrt(1.0 - e) * np.cos(eccentric / 2))
        true = np.where(true < 0, true + 2 * math.pi, true)
        radius = self.semi_major_km * (1.0 - e * np.cos(eccentric))
        downrange = np.clip((true - self._burnout_anomaly) * EARTH_RADIUS_KM, 0.0, self.range_km)
        return downrange, np.maximum(radius - EARTH_RADIUS_KM, 0.0)

    def altitude_at(self, downrange_km):
        """Altitude (km) above ``downrange_km`` (scalar or array)."""
        angle = self._burnout_anomaly + np.clip(np.asarray(downrange_km, dtype=float), 0.0, self.range_km) / EARTH_RADIUS_KM
        p = EARTH_RADIUS_KM * self.q * math.cos(self.gamma_rad) ** 2
        altitude = p / (1.0 + self.eccentricity * np.cos(angle)) - EARTH_RADIUS_KM
        altitude = np.maximum(altitude, 0.0)
        return float(altitude) if np.ndim(altitude) == 0 else altitude

    def ticks(self, step_s: float = 60.0) -> list[tuple[float, float, float]]:
        """(seconds, downrange km, altitude km) every ``step_s`` from burnout, and at impact."""
        times = np.append(np.arange(0.0, self.flight_s, step_s), self.flight_s)
        downrange, altitude = self.state_at(times)
        return [(float(t), float(d), float(a)) for t, d, a in zip(times, downrange, altitude)]

    @property
    def kind(self) -> str:
        best = minimum_energy_angle(self.range_km)
        if abs(self.gamma_rad - best) < 1e-9:
            return "minimum-energy"
        return "lofted" if self.gamma_rad > best else "depressed"


def minimum_energy_angle(range_km: float) -> float:
    """The minimum-energy burnout flight-path angle γ = (π − ψ)/4, in radians."""
    return (math.pi - range_km / EARTH_RADIUS_KM) / 4.0


def minimum_energy(range_km: float) -> Trajectory:
    """The minimum-energy trajectory over ``range_km``."""
    return Trajectory(range_km, minimum_energy_angle(range_km))


def trajectory(range_km: float, burnout_angle_deg: float | None = None) -> Trajectory:
    """The trajectory over ``range_km`` at ``burnout_angle_deg`` (lofted or depressed), or the
    minimum-energy one when no angle is given. ``ValueError`` names an impossible combination."""
    if burnout_angle_deg is None:
        return minimum_energy(range_km)
    return Trajectory(range_km, math.radians(burnout_angle_deg))


def max_range_km(burnout_kms: float) -> float:
    """The longest ground range a burnout speed reaches on the sphere (at its minimum-energy angle):
    the inverse of Q = 2 sin(ψ/2) / (1 + sin(ψ/2)), so sin(ψ/2) = Q / (2 − Q)."""
    q = burnout_kms ** 2 * EARTH_RADIUS_KM / MU_KM3_S2
    if q >= 1.0:  # sin(psi/2) >= 1: half way round the sphere and more
        return math.pi * EARTH_RADIUS_KM
    return 2.0 * math.asin(q / (2.0 - q)) * EARTH_RADIUS_KM

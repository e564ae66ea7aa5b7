"""The tests' own two-body integrator (fourth-order Runge-Kutta on a plane through the Earth's centre),
independent of the closed forms in geo/: the reference the trajectory and flyout tests check against."""

from __future__ import annotations

import math

import numpy as np

from geo.ballistics import EARTH_RADIUS_KM, MU_KM3_S2


def launch(speed_kms: float, gamma_rad: float) -> tuple[np.ndarray, np.ndarray]:
    """Position and velocity at burnout on the surface, ``gamma_rad`` above the horizontal (radial, horizontal)."""
    return np.array([EARTH_RADIUS_KM, 0.0]), speed_kms * np.array([math.sin(gamma_rad), math.cos(gamma_rad)])


def rk4_step(pos: np.ndarray, vel: np.ndarray, step_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Position and velocity ``step_s`` seconds on under the Earth's point-mass gravity."""
    def accel(p):
        return -MU_KM3_S2 * p / math.hypot(*p) ** 3

    k1v, k1x = accel(pos), vel
    k2v, k2x = accel(pos + step_s / 2 * k1x), vel + step_s / 2 * k1v
    k3v, k3x = accel(pos + step_s / 2 * k2x), vel + step_s / 2 * k2v
    k4v, k4x = accel(pos + step_s * k3x), vel + step_s * k3v
    return (pos + step_s / 6 * (k1x + 2 * k2x + 2 * k3x + k4x), vel + step_s / 6 * (k1v + 2 * k2v + 2 * k3v + k4v))

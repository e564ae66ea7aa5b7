"""The fast screen behind :mod:`geo.footprint`: one interceptor site against many threat paths at once, with
exactly the model of :mod:`geo.intercept` (the screen of ``shieldmap engage``).

- the interceptor's flyout time is tabulated once per burnout speed over (central angle, altitude)
  (:func:`flyout_table`, cached) and interpolated bilinearly; a point whose table corners straddle the reach
  edge takes :func:`geo.flyout.flyout_time_s` itself;
- the threat's flight is sampled in eccentric anomaly (no Kepler iteration: the time follows from Kepler's
  equation), coarsely over the arc above the lowest intercept altitude, then finely around each path's best
  coarse sample, then on the exact screen's own clock (every :data:`geo.intercept.SAMPLE_STEP_S`) around the
  best fine one; :data:`BLOCK` paths at a time (small temporaries, in the cache); in the fine and last stages
  the sines come from series about each path's centre (:func:`_sin_cos_near`), the last stage's eccentric
  anomalies from a second-order start and one Newton step (:func:`_anomaly_at`);
- positions on the sphere: the great circle through the launch point and target, the site's central angle
  from a dot product, scaled per path by the WGS84 geodesic distance at the best coarse point (the exact
  screen's geometry);
- :func:`exact_latest` is the exact screen of one path; :func:`refine` re-screens many paths exactly at the
  exact screen's samples within :data:`LOCAL_S` of the fast screen's intercept (the same samples, geodesics
  and flyout; one pyproj call for all of them).

Checked against the exact screen in ``tests/unit/test_footprint.py`` (latest launch within a second), the
shortcuts against the plain computations in ``tests/unit/test_fast_screen.py``; the profile and the
measurements in ``docs/footprint-speed.md``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from geo.ballistics import EARTH_RADIUS_KM, MU_KM3_S2
from geo.engagement import ballistic_path
from geo.flyout import ceiling_km, check_burnout, flyout_time_s, reach_km
from geo.geodesy import WGS84
from geo.intercept import SAMPLE_STEP_S, Limits, SiteTrack, latest_free_flight_s

MIN_RANGE_KM = 50.0
"""Paths shorter than this are not screened (a cell at the launch point)."""
COARSE_SAMPLES, FINE_SAMPLES = 48, 12
_FINAL = 8  # exact-clock samples either side of the best fine one
LOCAL_S = 10.0
BLOCK = 512
"""Paths screened together by :func:`fast_latest` (their temporaries a few hundred kB: they stay in the cache)."""
"""A refined path the fast screen reaches is re-screened exactly at the samples within this of its intercept."""
_TABLE_ANGLE_STEP, _TABLE_ALTITUDE_STEP_KM = math.radians(0.1), 5.0
_SERIES_RAD = 0.5  # the largest offset expanded in a series (13 terms there; 3-4 for the last stage's)


@dataclass(frozen=True)
class Site:
    """An interceptor site as screened: name, position, burnout speed and where it may intercept."""

    name: str
    lon: float
    lat: float
    burnout_kms: float
    limits: Limits


class FlyoutTable:
    """The fastest flyout time (s) over central angle × altitude at one burnout speed (NaN: out of reach)."""

    def __init__(self, burnout_kms: float):
        self.burnout_kms = float(check_burnout(burnout_kms))
        top = min(ceiling_km(self.burnout_kms), 6000.0)
        widest = min(reach_km(0.0, self.burnout_kms) / EARTH_RADIUS_KM, math.pi)
        self.angles = np.arange(0.0, widest + 2 * _TABLE_ANGLE_STEP, _TABLE_ANGLE_STEP)
        self.altitudes = np.arange(0.0, top + 2 * _TABLE_ALTITUDE_STEP_KM, _TABLE_ALTITUDE_STEP_KM)
        # the closed form only where it can reach: within a step of the reach at each altitude (beyond: NaN)
        inside = self.angles[:, None] <= (reach_km(self.altitudes, self.burnout_kms) / EARTH_RADIUS_KM
                                          + _TABLE_ANGLE_STEP)[None, :]
        rows, columns = np.nonzero(inside)
        self.times = np.full(inside.shape, np.nan)
        self.times[rows, columns] = flyout_time_s(self.angles[rows], self.altitudes[columns], self.burnout_kms)
        self._columns = len(self.altitudes)
        self._last = (len(self.angles) - 1, len(self.altitudes) - 1)
        # per cell (i, j), the bilinear form's four coefficients in one row (one gather per point):
        # t = c0 + fy c1 + fx (c2 + fy c3); NaN where a corner is out of reach. The last row and column are
        # NaN cells: a point at or beyond the table's last angle or altitude is out of it.
        t = self.times
        cells = np.full(t.shape + (4,), np.nan)
        cells[:-1, :-1, 0] = t[:-1, :-1]
        cells[:-1, :-1, 1] = t[:-1, 1:] - t[:-1, :-1]
        cells[:-1, :-1, 2] = t[1:, :-1] - t[:-1, :-1]
        cells[:-1, :-1, 3] = t[1:, 1:] - t[1:, :-1] - t[:-1, 1:] + t[:-1, :-1]
        self._cells: dict[np.dtype, np.ndarray] = {np.dtype(np.float64): cells.reshape(-1, 4)}
        # float32 points (the coarse stage, which only picks each path's best sample) read float32 coefficients:
        # times to within 1e-4 s (float32's 6e-8 of at most ~1,500 s)
        self._cells[np.dtype(np.float32)] = self._cells[np.dtype(np.float64)].astype(np.float32)
        reached = np.isfinite(t)
        corners = reached[:-1, :-1].astype(int) + reached[1:, :-1] + reached[:-1, 1:] + reached[1:, 1:]
        mixed = np.zeros(t.shape, bool)
        mixed[:-1, :-1] = (corners > 0) & (corners < 4)
        self._mixed = mixed.ravel()

    def __call__(self, angle_rad: np.ndarray, altitude_km: np.ndarray) -> np.ndarray:
        """Interpolated flyout times (NaN out of reach); points next to the reach edge get the closed form."""
        x, y = angle_rad * (1.0 / _TABLE_ANGLE_STEP), altitude_km * (1.0 / _TABLE_ALTITUDE_STEP_KM)
        i = np.minimum(x, self._last[0]).astype(np.int32)  # at or beyond the last: the NaN cells
        j = np.minimum(y, self._last[1]).astype(np.int32)
        fx, fy = x - i.astype(x.dtype), y - j.astype(y.dtype)  # float32 stays float32
        k = i * self._columns + j
        c = self._cells[np.result_type(angle_rad, altitude_km)].take(k, axis=0)
        value = c[..., 0] + fy * c[..., 1] + fx * (c[..., 2] + fy * c[..., 3])
        # a cell with some corners in reach and some not (NaN above): the closed form decides
        edge = np.flatnonzero(np.isnan(value.ravel()))
        edge = edge[self._mixed.take(k.ravel().take(edge))]
        if len(edge):
            value.ravel()[edge] = flyout_time_s(angle_rad.ravel()[edge], altitude_km.ravel()[edge], self.burnout_kms)
        return value


@functools.lru_cache(maxsize=32)
def flyout_table(burnout_kms: float) -> FlyoutTable:
    """The table of one burnout speed, built once (a few hundred thousand closed-form times)."""
    return FlyoutTable(burnout_kms)


def _unit(lon, lat) -> np.ndarray:
    lon, lat = np.radians(lon), np.radians(lat)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


@dataclass(frozen=True)
class Pairs:
    """Paths to screen: launch points and targets (flat arrays, degrees) with their WGS84 geodesic ranges."""

    launch_lon: np.ndarray
    launch_lat: np.ndarray
    target_lon: np.ndarray
    target_lat: np.ndarray

    @functools.cached_property
    def _inverse(self) -> tuple[np.ndarray, np.ndarray]:
        azimuth, _, metres = WGS84.inv(self.launch_lon, self.launch_lat, self.target_lon, self.target_lat)
        return np.asarray(azimuth, dtype=float), np.asarray(metres, dtype=float) / 1000.0

    @property
    def range_km(self) -> np.ndarray:
        return self._inverse[1]

    @property
    def azimuth_deg(self) -> np.ndarray:
        return self._inverse[0]

    @property
    def valid(self) -> np.ndarray:
        """Paths the model takes: longer than :data:`MIN_RANGE_KM`, shorter than half the circumference."""
        return (self.range_km >= MIN_RANGE_KM) & (self.range_km < math.pi * EARTH_RADIUS_KM - 100.0)


def _flight(range_km: np.ndarray):
    """Per path (column vectors): minimum-energy ellipse elements, as :class:`geo.ballistics.Trajectory`."""
    psi = range_km[:, None] / EARTH_RADIUS_KM
    gamma = (math.pi - psi) / 4.0
    q = 2.0 * np.sin(psi / 2) / (1.0 + np.sin(psi / 2))
    e = np.hypot(q * np.cos(gamma) ** 2 - 1.0, q * np.sin(gamma) * np.cos(gamma))
    a = EARTH_RADIUS_KM / (2.0 - q)
    nu0 = math.pi - psi / 2
    e0 = 2.0 * np.arctan2(np.sqrt(1.0 - e) * np.sin(nu0 / 2), np.sqrt(1.0 + e) * np.cos(nu0 / 2))
    return psi, e, a, nu0, e0


def _series(delta):
    """``sin`` and ``cos`` of small offsets ``delta`` (|delta| ≤ :data:`_SERIES_RAD`) from their Taylor series, as
    many terms as the largest ``|delta|`` needs for the first omitted term to stay below 1e-17 (float64's own
    rounding of a sine near 1): 4 terms at 5e-3 rad, 13 at 0.5 rad. Multiplications only: far cheaper than
    ``np.sin`` in float64 over every sample."""
    largest = float(np.max(np.abs(delta), initial=0.0))
    terms, bound = 1, largest  # the series' terms after `terms` of them: |d|^(2n+1) / (2n+1)!
    while bound > 1e-17:
        bound *= largest * largest / ((2 * terms) * (2 * terms + 1))
        terms += 1
    square = delta * delta
    sine, cosine = 1.0, 1.0
    for k in range(terms, 0, -1):  # Horner: sin d = d (1 - d²/(2·3) (1 - d²/(4·5) ...)), cos alike
        sine = 1.0 - square / ((2 * k) * (2 * k + 1)) * sine
        cosine = 1.0 - square / ((2 * k - 1) * (2 * k)) * cosine
    return sine * delta, cosine


def _sin_cos_near(base, delta):
    """``sin`` and ``cos`` of ``base + delta``, ``base`` per path and ``delta`` small: the angle-sum formulas with
    :func:`_series` (``np.sin``/``np.cos`` when some ``|delta|`` exceeds :data:`_SERIES_RAD`)."""
    if np.max(np.abs(delta), initial=0.0) > _SERIES_RAD:
        return np.sin(base + delta), np.cos(base + delta)
    sine, cosine = _series(delta)
    base_sine, base_cosine = np.sin(base), np.cos(base)
    return base_sine * cosine + base_cosine * sine, base_cosine * cosine - base_sine * sine


def _states(ecc_anomaly, psi, e, a, nu0, e0, trig=None):
    """(time after burnout, downrange fraction, altitude) at eccentric anomalies ``ecc_anomaly`` (``trig``: their
    sines and cosines, when known)."""
    sine, cosine = (np.sin(ecc_anomaly), np.cos(ecc_anomaly)) if trig is None else trig
    times = ((ecc_anomaly - e * sine) - (e0 - e * np.sin(e0))) * np.sqrt(a ** 3 / MU_KM3_S2)
    # the true anomaly in (0, 2 pi) for E in (0, 2 pi): atan2(-sqrt(1 - e²) sin E, e - cos E) + pi
    true = np.arctan2(-np.sqrt(1.0 - e * e) * sine, e - cosine) + math.pi
    fraction = np.clip((true - nu0) / psi, 0.0, 1.0)
    altitude = np.maximum(a * (1.0 - e * cosine) - EARTH_RADIUS_KM, 0.0)
    return times, fraction, altitude


def _margins(ecc, elements, geometry, table, limits: Limits, centre=None, trig=None):
    """``τ − flyout`` at eccentric anomalies ``ecc`` (paths × samples), −inf where the point does not qualify;
    ``centre`` (per path, near every sample): the sines are expanded about it (:func:`_sin_cos_near`)."""
    sphere, to_launch, to_target, scale = geometry
    psi, e, a, nu0, e0 = elements
    if centre is None:
        times, fraction, altitude = _states(ecc, psi, e, a, nu0, e0, trig=trig)
        # the site's central angle to the point a fraction of the way along the great circle (slerp)
        far, near = np.sin((1.0 - fraction) * sphere), np.sin(fraction * sphere)
    else:
        trig = _sin_cos_near(centre, ecc - centre) if trig is None else trig
        times, fraction, altitude = _states(ecc, psi, e, a, nu0, e0, trig=trig)
        _, middle, _ = _states(centre, psi, e, a, nu0, e0)
        along, offset = middle * sphere, (fraction - middle) * sphere
        if np.max(np.abs(offset), initial=0.0) > _SERIES_RAD:
            far, near = np.sin(sphere - along - offset), np.sin(along + offset)
        else:  # sin(along ± offset) and sin(sphere − along ∓ offset) from one series
            sine, cosine = _series(offset)
            near = np.sin(along) * cosine + np.cos(along) * sine
            far = np.sin(sphere - along) * cosine - np.cos(sphere - along) * sine
    cosine = (far * to_launch + near * to_target) / np.sin(sphere)
    angle = np.arccos(np.clip(cosine, -1.0, 1.0)) * scale
    allowed = ((altitude >= limits.min_altitude_km) & (altitude <= limits.max_altitude_km)
               & (angle * EARTH_RADIUS_KM <= limits.max_ground_km))
    flyout = table(angle, altitude)
    return np.where(allowed & np.isfinite(flyout), times - np.nan_to_num(flyout), -np.inf)


def fast_latest(pairs: Pairs, site: Site) -> tuple[np.ndarray, np.ndarray]:
    """``(latest, time)`` per path: the latest launch relative to the threat's burnout (s) by the fast screen
    (see the module), ``-inf`` where the site never meets the threat, NaN for a path the model does not take;
    and the time after burnout of the intercept it rests on. Screened :data:`BLOCK` paths at a time: the
    temporaries stay in the cache and in memory already mapped (the footprint's time went mostly to touching
    fresh pages when all 9,075 paths × 48 samples went through at once)."""
    result, when = np.full(len(pairs.range_km), np.nan), np.full(len(pairs.range_km), np.nan)
    valid = np.flatnonzero(pairs.valid)
    table = flyout_table(site.burnout_kms)
    for begin in range(0, len(valid), BLOCK):
        block = valid[begin:begin + BLOCK]
        result[block], when[block] = _screen(pairs, block, site, table)
    return result, when


def _screen(pairs: Pairs, valid: np.ndarray, site: Site, table: FlyoutTable) -> tuple[np.ndarray, np.ndarray]:
    """:func:`fast_latest` of the paths ``valid`` (indices into ``pairs``)."""
    elements = _flight(pairs.range_km[valid])
    psi, e, a, nu0, e0 = elements
    launch = _unit(pairs.launch_lon[valid], pairs.launch_lat[valid])
    target = _unit(pairs.target_lon[valid], pairs.target_lat[valid])
    here = _unit(site.lon, site.lat)
    sphere = np.arccos(np.clip(np.sum(launch * target, axis=-1), -1.0, 1.0))[:, None]
    # scale 1: the site's angles on the sphere (the WGS84 distance / R, within ~0.5%)
    geometry: tuple[np.ndarray | float, ...] = (np.maximum(sphere, 1e-9), (launch @ here)[:, None],
                                                (target @ here)[:, None], 1.0)
    # only the arc above the lowest intercept altitude: r = a (1 - e cos E) >= R + floor
    above = np.clip((1.0 - (EARTH_RADIUS_KM + site.limits.min_altitude_km) / a) / e, -1.0, 1.0)
    start = np.maximum(e0, np.arccos(above))
    step = np.maximum(2.0 * math.pi - 2.0 * start, 0.0) / (COARSE_SAMPLES - 1)
    coarse = start + step * np.arange(COARSE_SAMPLES)[None, :]
    single = tuple(np.asarray(x, np.float32) for x in geometry)  # the coarse stage only picks the best sample
    margins = _margins(coarse.astype(np.float32), tuple(x.astype(np.float32) for x in elements), single, table,
                       site.limits)
    best = np.argmax(margins, axis=1)
    found = np.isfinite(margins[np.arange(len(valid)), best])
    centre = coarse[np.arange(len(valid)), best][:, None]
    geometry = geometry[:3] + (_scale(pairs, valid, site, centre, elements, geometry),)
    fine = centre + step * np.linspace(-1.0, 1.0, FINE_SAMPLES)[None, :]
    fine = np.clip(fine, e0, 2.0 * math.pi - e0)
    margins = _margins(fine, elements, geometry, table, site.limits, centre=centre)
    best = np.argmax(margins, axis=1)
    found &= np.isfinite(margins[np.arange(len(valid)), best])
    # the last stage on the exact screen's own clock: every SAMPLE_STEP_S around the best fine sample
    times, _, _ = _states(fine[np.arange(len(valid)), best][:, None], *elements)
    clock = np.round(times / SAMPLE_STEP_S) * SAMPLE_STEP_S + SAMPLE_STEP_S * np.arange(-_FINAL, _FINAL + 1)[None, :]
    start = fine[np.arange(len(valid)), best][:, None]
    ecc, trig = _anomaly_at(np.maximum(clock, 0.0), elements, start)
    final = _margins(ecc, elements, geometry, table, site.limits, centre=start, trig=trig)
    best = np.argmax(final, axis=1)
    return (np.where(found, final[np.arange(len(valid)), best], -np.inf),
            np.where(found, clock[np.arange(len(valid)), best], np.nan))


def _anomaly_at(times, elements, start):
    """Eccentric anomalies at ``times`` after burnout, from ``start`` (per path, a few seconds away): Kepler's
    equation's solution expanded to second order about ``start`` (per-path sines only; the error is of order
    e·δE³ ≈ 1e-7 rad for δE ≈ 5e-3 rad) and one Newton step on every sample (then about 1e-14 rad); and their
    sines and cosines (:func:`_sin_cos_near`)."""
    _, e, a, _, e0 = elements
    motion = np.sqrt(MU_KM3_S2 / a ** 3)
    mean = (e0 - e * np.sin(e0)) + motion * times
    sine, cosine = np.sin(start), np.cos(start)
    slope = 1.0 / (1.0 - e * cosine)  # dE/dM at the start, and d²E/dM² = −e sin E · slope³
    offset = mean - (start - e * sine)
    ecc = start + offset * slope - 0.5 * e * sine * slope ** 3 * offset ** 2
    sine, cosine = _sin_cos_near(start, ecc - start)
    ecc -= (ecc - e * sine - mean) / (1.0 - e * cosine)
    ecc = np.clip(ecc, e0, 2.0 * math.pi - e0)
    return ecc, _sin_cos_near(start, ecc - start)


def _scale(pairs: Pairs, valid, site: Site, ecc, elements, geometry) -> np.ndarray:
    """Per path, the WGS84 geodesic distance from the site to the threat's foot at ``ecc`` (its point on the
    geodesic, as :meth:`geo.engagement.Path.points_at`) over the distance on the sphere: the fine samples'
    angles are scaled by it, so they follow the exact screen's geometry near the best point."""
    _, fraction, _ = _states(ecc, *elements)
    fraction = fraction[:, 0]
    count = len(valid)
    lons, lats, _ = WGS84.fwd(pairs.launch_lon[valid], pairs.launch_lat[valid], pairs.azimuth_deg[valid],
                              fraction * pairs.range_km[valid] * 1000.0)
    _, _, metres = WGS84.inv(np.full(count, site.lon), np.full(count, site.lat), lons, lats)
    sphere, to_launch, to_target, _ = geometry
    f = fraction[:, None]
    cosine = (np.sin((1.0 - f) * sphere) * to_launch + np.sin(f * sphere) * to_target) / np.sin(sphere)
    angle = np.arccos(np.clip(cosine, -1.0, 1.0))[:, 0]
    exact = np.asarray(metres) / 1000.0 / EARTH_RADIUS_KM
    return np.where(angle > 1e-6, exact / np.maximum(angle, 1e-6), 1.0)[:, None]


def refine(pairs: Pairs, indices: np.ndarray, near_s: np.ndarray, site: Site) -> np.ndarray:
    """The exact latest launch of the paths ``indices`` of ``pairs``: for a path the fast screen reaches
    (``near_s`` its intercept time), at the exact screen's samples within :data:`LOCAL_S` of it, in one pyproj
    call for all; for one it does not (NaN), the whole exact screen (:func:`exact_latest`)."""
    result = np.full(len(indices), -np.inf)
    rows, launches, azimuths, downranges, times, altitudes = [], [], [], [], [], []
    for row, (index, near) in enumerate(zip(indices, near_s)):
        launch = (float(pairs.launch_lon[index]), float(pairs.launch_lat[index]))
        target = (float(pairs.target_lon[index]), float(pairs.target_lat[index]))
        if np.isnan(near):
            result[row] = exact_latest(launch, target, site)
            continue
        path = ballistic_path(launch, target)
        flight = path.trajectory
        clock = np.append(np.arange(0.0, flight.flight_s, SAMPLE_STEP_S), flight.flight_s)
        clock = clock[np.abs(clock - near) <= LOCAL_S]
        downrange, altitude = flight.state_at(clock)
        rows.append(np.full(len(clock), row))
        launches.append(np.repeat([launch], len(clock), axis=0))
        azimuths.append(np.full(len(clock), path.azimuth_deg))
        downranges.append(downrange)
        times.append(clock)
        altitudes.append(altitude)
    if rows:
        owners, starts = np.concatenate(rows), np.concatenate(launches)
        lons, lats, _ = WGS84.fwd(starts[:, 0], starts[:, 1], np.concatenate(azimuths),
                                  np.concatenate(downranges) * 1000.0)  # Path.points_at
        _, _, metres = WGS84.inv(np.full(len(owners), site.lon), np.full(len(owners), site.lat), lons, lats)
        margin = latest_free_flight_s(np.concatenate(times)[:, None], (np.asarray(metres) / 1000.0 / EARTH_RADIUS_KM
                                      )[:, None], np.concatenate(altitudes)[:, None], site.burnout_kms, site.limits)[0]
        best = np.full(len(indices), -np.inf)
        np.maximum.at(best, owners, margin)
        local = np.unique(owners)
        result[local] = best[local]
    return result


def exact_latest(launch: tuple[float, float], target: tuple[float, float], site: Site) -> float:
    """The exact screen of one path (``shieldmap engage``'s: :class:`geo.intercept.SiteTrack`): latest launch
    after the threat's burnout, or ``-inf`` where the site never meets it."""
    path = ballistic_path(launch, target)
    latest, _ = SiteTrack.of(path, site.lon, site.lat).latest(site.burnout_kms, site.limits)
    return float(latest)

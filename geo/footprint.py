"""Defended footprints: where an interceptor site could engage a threat, over a grid of targets (or of
launch points), with exactly the model of :mod:`geo.intercept` and computed in about a second.

The question per grid cell: the threat flies the minimum-energy path between the launch point and the
cell's centre (:mod:`geo.ballistics`, :mod:`geo.engagement`); the site's window is its latest launch less its
earliest (:mod:`geo.intercept`: ``latest free-flight margin − delay``, the boost cancels). **Forward**: the
launch point(s) fixed, the cells are targets; **reverse**: the target(s) fixed, the cells are launch points.
Over several launch points the forward window is the **least** (the cell is defended against every one of
them); over several targets the reverse window is the **largest** (some path from the cell to the area can
be engaged).

The fast screen (:func:`fast_latest`), vectorised over cells × points of each flight (numpy):

- the interceptor's flyout time is tabulated once per burnout speed over (central angle, altitude)
  (:func:`flyout_table`, cached) and interpolated bilinearly; a point whose table corners are out of reach
  takes :func:`geo.flyout.flyout_time_s` itself;
- the threat's flight is sampled uniformly in eccentric anomaly (no Kepler iteration: the time follows from
  Kepler's equation), coarsely, then finely around each cell's best coarse sample;
- positions on the sphere: the great circle through the launch point and target, the site's central angle
  from a dot product, scaled so the path's length is its WGS84 geodesic length (as in the exact screen).

The cells whose fast window lies within :data:`TOLERANCE_S` of a shaded level (0, 60, 120 s), or that are
out of the fast screen's reach next to a defended cell, are **refined** with the exact per-path screen
(:func:`exact_latest`: :class:`geo.intercept.SiteTrack`, the same function ``shieldmap engage`` uses).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import box

from geo.ballistics import EARTH_RADIUS_KM, MU_KM3_S2
from geo.engagement import ballistic_path, site_distances
from geo.flyout import ceiling_km, check_burnout, flyout_time_s, reach_km
from geo.geodesy import WGS84
from geo.intercept import SAMPLE_STEP_S, Limits, SiteTrack, Timeline, latest_free_flight_s
from geo.texts import N_, TextError

DEFAULT_BBOX = (-125.0, 15.0, 40.0, 70.0)
"""West, south, east, north (degrees): the North Atlantic, Europe and North America (9,075 cells at 1°)."""
MIN_RESOLUTION_DEG, MAX_RESOLUTION_DEG = 0.25, 10.0
MAX_CELLS = 40_000
"""The most cells of one footprint (bbox ÷ resolution², checked before any work)."""
LEVELS_S = (0.0, 60.0, 120.0)
"""The window's shades: open (≥ 0 s), ≥ 60 s, ≥ 120 s."""
TOLERANCE_S = 3.0
"""The fast screen's error bound (s, checked by the tests against the exact screen): cells within it of a
level are refined exactly."""
MIN_RANGE_KM = 50.0
"""Paths shorter than this are not screened (a cell at the launch point)."""
COARSE_SAMPLES, FINE_SAMPLES = 48, 12
_FINAL = 8  # exact-clock samples either side of the best fine one
LOCAL_S = 10.0
"""A refined cell the fast screen reaches is re-screened exactly at the samples within this of its intercept."""
_TABLE_ANGLE_STEP, _TABLE_ALTITUDE_STEP_KM = math.radians(0.1), 5.0
MODEL = N_("footprint: each cell's minimum-energy path screened with the engagement model (fast screen: the "
           "interceptor's flyout tabulated per burnout speed, the flight on the sphere; cells near a level "
           "re-screened exactly)")


@dataclass(frozen=True)
class Grid:
    """Cell centres every ``resolution_deg`` over ``bbox`` (west, south, east, north), rows south to north."""

    bbox: tuple[float, float, float, float]
    resolution_deg: float

    def __post_init__(self):
        west, south, east, north = self.bbox
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise TextError(N_("bounding box {bbox} is not west,south,east,north within [-180, 180] x [-90, 90]"),
                            bbox=",".join(f"{v:g}" for v in self.bbox))
        if not MIN_RESOLUTION_DEG <= self.resolution_deg <= MAX_RESOLUTION_DEG:
            raise TextError(N_("resolution {value} deg is outside [{low}, {high}] deg"), value=f"{self.resolution_deg:g}",
                            low=f"{MIN_RESOLUTION_DEG:g}", high=f"{MAX_RESOLUTION_DEG:g}")
        if self.size > MAX_CELLS:
            raise TextError(N_("{cells} cells ({resolution} deg over the bounding box): at most {most}; coarsen the "
                               "resolution or shrink the box"), cells=f"{self.size:,}",
                            resolution=f"{self.resolution_deg:g}", most=f"{MAX_CELLS:,}")

    @property
    def shape(self) -> tuple[int, int]:
        west, south, east, north = self.bbox
        step = self.resolution_deg
        return max(1, int(round((north - south) / step))), max(1, int(round((east - west) / step)))

    @property
    def size(self) -> int:
        rows, columns = self.shape
        return rows * columns

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """(lons, lats) of the cell centres, arrays of :attr:`shape`."""
        west, south, _, _ = self.bbox
        rows, columns = self.shape
        step = self.resolution_deg
        return np.meshgrid(west + step * (np.arange(columns) + 0.5), south + step * (np.arange(rows) + 0.5))

    def cell(self, row: int, column: int):
        west, south, _, _ = self.bbox
        step = self.resolution_deg
        return box(west + column * step, south + row * step, west + (column + 1) * step, south + (row + 1) * step)


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
        self.times = flyout_time_s(self.angles[:, None], self.altitudes[None, :], self.burnout_kms)
        self._flat = self.times.ravel()
        self._last = (len(self.angles) - 1, len(self.altitudes) - 1)
        reached = np.isfinite(self.times)
        corners = reached[:-1, :-1].astype(int) + reached[1:, :-1] + reached[:-1, 1:] + reached[1:, 1:]
        mixed = np.zeros(self.times.shape, bool)
        mixed[:-1, :-1] = (corners > 0) & (corners < 4)
        self._mixed = mixed.ravel()

    def __call__(self, angle_rad: np.ndarray, altitude_km: np.ndarray) -> np.ndarray:
        """Interpolated flyout times (NaN out of reach); points next to the reach edge get the closed form."""
        x, y = angle_rad / _TABLE_ANGLE_STEP, altitude_km / _TABLE_ALTITUDE_STEP_KM
        off = (x >= self._last[0]) | (y >= self._last[1])  # beyond the reach at the surface, or the ceiling
        i = np.minimum(x.astype(np.int64), self._last[0] - 1)
        j = np.minimum(y.astype(np.int64), self._last[1] - 1)
        fx, fy = x - i, y - j
        columns, flat = len(self.altitudes), self._flat
        k = i * columns + j
        low = flat.take(k) + fy * (flat.take(k + 1) - flat.take(k))
        high = flat.take(k + columns) + fy * (flat.take(k + columns + 1) - flat.take(k + columns))
        value = np.where(off, np.nan, low + fx * (high - low))  # NaN where a corner is out of reach
        edge = self._mixed.take(k)  # some corners in reach, some not: the closed form decides
        if edge.any():
            value[edge] = flyout_time_s(angle_rad[edge], altitude_km[edge], self.burnout_kms)
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


def _states(ecc_anomaly, psi, e, a, nu0, e0):
    """(time after burnout, downrange fraction, altitude) at eccentric anomalies ``ecc_anomaly``."""
    motion = np.sqrt(MU_KM3_S2 / a ** 3)
    times = ((ecc_anomaly - e * np.sin(ecc_anomaly)) - (e0 - e * np.sin(e0))) / motion
    true = 2.0 * np.arctan2(np.sqrt(1.0 + e) * np.sin(ecc_anomaly / 2), np.sqrt(1.0 - e) * np.cos(ecc_anomaly / 2))
    fraction = np.clip((true - nu0) / psi, 0.0, 1.0)  # E/2 in (0, pi): the true anomaly needs no wrapping
    altitude = np.maximum(a * (1.0 - e * np.cos(ecc_anomaly)) - EARTH_RADIUS_KM, 0.0)
    return times, fraction, altitude


def _margins(ecc, elements, geometry, table, limits: Limits):
    """``τ − flyout`` at eccentric anomalies ``ecc`` (paths × samples), −inf where the point does not qualify."""
    times, fraction, altitude = _states(ecc, *elements)
    sphere, to_launch, to_target, scale = geometry
    # the site's central angle to the point a fraction of the way along the great circle (slerp)
    cosine = (np.sin((1.0 - fraction) * sphere) * to_launch + np.sin(fraction * sphere) * to_target) / np.sin(sphere)
    angle = np.arccos(np.clip(cosine, -1.0, 1.0)) * scale
    allowed = ((altitude >= limits.min_altitude_km) & (altitude <= limits.max_altitude_km)
               & (angle * EARTH_RADIUS_KM <= limits.max_ground_km))
    flyout = table(angle, altitude)
    return np.where(allowed & np.isfinite(flyout), times - np.nan_to_num(flyout), -np.inf)


def fast_latest(pairs: Pairs, site: Site) -> tuple[np.ndarray, np.ndarray]:
    """``(latest, time)`` per path: the latest launch relative to the threat's burnout (s) by the fast screen
    (see the module), ``-inf`` where the site never meets the threat, NaN for a path the model does not take;
    and the time after burnout of the intercept it rests on."""
    result, when = np.full(len(pairs.range_km), np.nan), np.full(len(pairs.range_km), np.nan)
    valid = np.flatnonzero(pairs.valid)
    if not len(valid):
        return result, when
    elements = _flight(pairs.range_km[valid])
    psi, e, a, nu0, e0 = elements
    launch = _unit(pairs.launch_lon[valid], pairs.launch_lat[valid])
    target = _unit(pairs.target_lon[valid], pairs.target_lat[valid])
    here = _unit(site.lon, site.lat)
    sphere = np.arccos(np.clip(np.sum(launch * target, axis=-1), -1.0, 1.0))[:, None]
    geometry = (np.maximum(sphere, 1e-9), (launch @ here)[:, None], (target @ here)[:, None],
                1.0)  # scale: the site's angles on the sphere (the WGS84 distance / R, within ~0.5%)
    table = flyout_table(site.burnout_kms)
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
    margins = _margins(fine, elements, geometry, table, site.limits)
    best = np.argmax(margins, axis=1)
    found &= np.isfinite(margins[np.arange(len(valid)), best])
    # the last stage on the exact screen's own clock: every SAMPLE_STEP_S around the best fine sample
    times, _, _ = _states(fine[np.arange(len(valid)), best][:, None], *elements)
    clock = np.round(times / SAMPLE_STEP_S) * SAMPLE_STEP_S + SAMPLE_STEP_S * np.arange(-_FINAL, _FINAL + 1)[None, :]
    start = fine[np.arange(len(valid)), best][:, None]
    final = _margins(_anomaly_at(np.maximum(clock, 0.0), elements, start), elements, geometry, table, site.limits)
    best = np.argmax(final, axis=1)
    result[valid] = np.where(found, final[np.arange(len(valid)), best], -np.inf)
    when[valid] = np.where(found, clock[np.arange(len(valid)), best], np.nan)
    return result, when


def _anomaly_at(times, elements, start):
    """Eccentric anomalies at ``times`` after burnout (Newton on Kepler's equation from ``start``, a few seconds
    away: three steps reach machine precision)."""
    _, e, a, _, e0 = elements
    mean = (e0 - e * np.sin(e0)) + np.sqrt(MU_KM3_S2 / a ** 3) * times
    ecc = np.broadcast_to(start, mean.shape).copy()
    for _ in range(3):
        ecc -= (ecc - e * np.sin(ecc) - mean) / (1.0 - e * np.cos(ecc))
    return np.clip(ecc, e0, 2.0 * math.pi - e0)


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


def exact_latest(launch: tuple[float, float], target: tuple[float, float], site: Site, near_s: float | None = None
                 ) -> float:
    """The exact screen of one path (``shieldmap engage``'s: :class:`geo.intercept.SiteTrack` and
    :func:`geo.intercept.latest_free_flight_s`): latest launch after the threat's burnout, or ``-inf`` where
    the site never meets it. With ``near_s`` (the fast screen's intercept time), only the exact screen's
    samples within :data:`LOCAL_S` of it are screened (the same samples, geodesics and flyout: the refinement
    of a cell whose best point the fast screen found)."""
    path = ballistic_path(launch, target)
    if near_s is None:
        latest, _ = SiteTrack.of(path, site.lon, site.lat).latest(site.burnout_kms, site.limits)
        return float(latest)
    flight = path.trajectory
    times = np.append(np.arange(0.0, flight.flight_s, SAMPLE_STEP_S), flight.flight_s)
    times = times[np.abs(times - near_s) <= LOCAL_S]
    downrange, altitude = flight.state_at(times)
    ground = site_distances(path, site.lon, site.lat, downrange)
    latest, _ = latest_free_flight_s(times, ground / EARTH_RADIUS_KM, altitude, site.burnout_kms, site.limits)
    return float(latest)


@dataclass(frozen=True)
class Footprint:
    """Windows (s) per site over a grid: ``windows[name]`` shaped like the grid (NaN: a path the model does
    not take; ``-inf``: never met); ``refined`` the cells re-screened exactly."""

    grid: Grid
    sites: tuple[Site, ...]
    timeline: Timeline
    points: tuple[tuple[float, float], ...]  # the fixed launch points (forward) or targets (reverse)
    reverse: bool
    windows: dict
    refined: int

    def levels(self, name: str) -> list[np.ndarray]:
        """Per level of :data:`LEVELS_S`, the cells whose window reaches it."""
        window = np.nan_to_num(self.windows[name], nan=-np.inf)
        return [window >= level for level in LEVELS_S]


def _pairs(grid: Grid, point: tuple[float, float], reverse: bool) -> Pairs:
    lons, lats = (array.ravel() for array in grid.centres())
    fixed_lon, fixed_lat = np.full(lons.shape, point[0]), np.full(lons.shape, point[1])
    return Pairs(lons, lats, fixed_lon, fixed_lat) if reverse else Pairs(fixed_lon, fixed_lat, lons, lats)


def _to_refine(window: np.ndarray) -> np.ndarray:
    """Cells within :data:`TOLERANCE_S` of a level, and unreached cells next to a defended one."""
    near = np.zeros(window.shape, bool)
    for level in LEVELS_S:
        near |= np.abs(window - level) < TOLERANCE_S
    defended = np.nan_to_num(window, nan=-np.inf) >= LEVELS_S[0]
    grown = defended.copy()
    grown[1:] |= defended[:-1]
    grown[:-1] |= defended[1:]
    grown[:, 1:] |= defended[:, :-1]
    grown[:, :-1] |= defended[:, 1:]
    return near | (np.isneginf(window) & grown)


def screen_point(grid: Grid, point: tuple[float, float], site: Site, delay_s: float, reverse: bool = False
                 ) -> tuple[np.ndarray, int]:
    """One fixed point against one site: the window per cell (fast screen, refined exactly where it matters)
    and the number of cells refined."""
    pairs = _pairs(grid, point, reverse)
    latest, when = fast_latest(pairs, site)
    window = (latest - delay_s).reshape(grid.shape)
    refine = np.flatnonzero(_to_refine(window))
    lons, lats = (array.ravel() for array in grid.centres())
    flat = window.ravel()
    for index in refine:
        cell = (float(lons[index]), float(lats[index]))
        launch, target = (cell, point) if reverse else (point, cell)
        near = None if np.isnan(when[index]) else float(when[index])
        flat[index] = exact_latest(launch, target, site, near) - delay_s
    return flat.reshape(grid.shape), len(refine)


def footprint(grid: Grid, points, sites, timeline: Timeline, reverse: bool = False) -> Footprint:
    """The footprint of every site (see the module): forward from the launch ``points`` (the least window
    over them), or reverse towards the target ``points`` (the largest)."""
    points = tuple((float(lon), float(lat)) for lon, lat in points)
    if not points:
        raise TextError(N_("no launch point or target to screen"))
    windows, refined = {}, 0
    for site in sites:
        screened = []
        for point in points:
            window, count = screen_point(grid, point, site, timeline.delay_s, reverse)
            screened.append(window)
            refined += count
        stack = np.stack(screened)
        windows[site.name] = np.nanmax(stack, axis=0) if reverse else np.min(stack, axis=0)
    return Footprint(grid, tuple(sites), timeline, points, reverse, windows, refined)


def polygons(result: Footprint) -> list[dict]:
    """Per site and level, the union of its cells (shapely 2): ``{site, level_s, geometry, cells}``."""
    rows = []
    cells = [[result.grid.cell(r, c) for c in range(result.grid.shape[1])] for r in range(result.grid.shape[0])]
    boxes = np.array(cells, dtype=object)
    for site in result.sites:
        for level, mask in zip(LEVELS_S, result.levels(site.name)):
            if mask.any():
                shape = shapely.coverage_union_all(boxes[mask])
                rows.append({"site": site.name, "level_s": level, "geometry": shape, "cells": int(mask.sum())})
    return rows

"""The engagement timeline: the latest and earliest moment an interceptor can launch against a threat,
the window between them, the point it rests on, and the least burnout speed that opens it.

The model (:data:`MODEL`), all times in seconds after the **threat's launch**:

- the threat boosts for ``boost_s`` (:class:`Timeline`), then flies the free-flight ellipse of
  :mod:`geo.ballistics` (its free flight starts at burnout, at the surface, at ``boost_s``: a stated
  simplification);
- the interceptor may launch at the earliest ``boost_s + delay_s`` (``delay_s``: detection, tracking and
  decision after the threat's burnout);
- it meets the threat at a point on the fastest arc of :mod:`geo.flyout`, only at a point between the
  lowest and highest intercept altitude and within its claimed maximum range (ground distance) of
  :class:`Limits`;
- **latest launch** = ``boost_s + max(τ − flyout(τ))`` over the threat's free-flight times ``τ`` whose
  point qualifies; **earliest launch** = ``boost_s + delay_s``; **window** = latest − earliest (negative:
  too late by that much). The verdict is the window: it opens (≥ 0) or it does not.
- the ground distance from the site to the threat's foot is the WGS84 geodesic distance, its central
  angle that distance / R (the convention of :mod:`geo.ballistics`); the flight is sampled every
  :data:`SAMPLE_STEP_S` seconds.

The API, stable for the footprints over many targets (numpy arrays in, arrays out):

- :func:`latest_free_flight_s` (``times_s, angle_rad, altitude_km, burnout_kms, limits``) reduces over the
  **last axis** of arrays of any shape: the latest launch relative to the threat's burnout and the index
  of the sample it rests on (``-inf`` and ``-1`` where no sample qualifies);
- :class:`SiteTrack` (:meth:`SiteTrack.of`) samples one path as seen from one site;
- :func:`intercept` gives the :class:`Intercept` of one (track, burnout speed, timeline, limits);
- :func:`needed_kms` the least burnout speed whose window opens (bisection: the window never shrinks as
  the speed grows, see :func:`geo.flyout.flyout_time_s`);
- :func:`best_point` the point of a region known within ``precision_km`` with the latest launch, and
  :func:`region_needed_kms` the least speed needed from any point of it.

>>> from geo.engagement import ballistic_path
>>> path = ballistic_path((51.389, 35.689), (-77.0369, 38.9072))      # Tehran to Washington
>>> track = SiteTrack.of(path, 17.1075, 54.4789)                     # Redzikowo
>>> round(intercept(track, 5.5, Timeline(0, 0), Limits(100)).latest_launch_s)
400
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from geo.ballistics import EARTH_RADIUS_KM
from geo.engagement import Path, site_distances
from geo.flyout import MAX_BURNOUT_KMS, check_burnout, flyout_time_s
from geo.geodesy import WGS84
from geo.texts import N_, Text

SAMPLE_STEP_S = 0.5
"""Seconds between the samples of the threat's free flight (the latest launch is exact to about this)."""
MAX_TIMELINE_S = 3600.0
"""The longest boost or delay taken (an hour: longer than any ballistic flight of the period)."""
SPEED_TOLERANCE_KMS = 1e-3
VERDICTS = (N_("yes"), N_("no"))
"""A site's verdict: its window opens (``yes``) or it does not (``no``: too late, or out of reach)."""
MODEL = N_("timeline: the threat's free flight starts at its burnout, at the surface, after its boost; the "
           "interceptor launches at the earliest boost + delay; latest launch = the latest moment from which its "
           "fastest arc still meets the threat at a point between its lowest and highest intercept altitude and "
           "within its maximum range; window = latest - earliest launch")


@dataclass(frozen=True)
class Timeline:
    """The threat's boost and the delay from its burnout to the earliest interceptor launch (seconds)."""

    boost_s: float
    delay_s: float

    def __post_init__(self):
        for name, value in (("boost", self.boost_s), ("delay", self.delay_s)):
            if not (isinstance(value, (int, float)) and 0 <= value <= MAX_TIMELINE_S):
                raise ValueError(f"{name} {value!r} s is outside [0, {MAX_TIMELINE_S:g}] s")

    @property
    def earliest_launch_s(self) -> float:
        return float(self.boost_s + self.delay_s)


@dataclass(frozen=True)
class Limits:
    """Where an interceptor may meet the threat: altitudes (km) and the ground distance from its site (km)."""

    min_altitude_km: float
    max_altitude_km: float = math.inf
    max_ground_km: float = math.inf

    def __post_init__(self):
        if not 0 <= self.min_altitude_km < self.max_altitude_km or not self.max_ground_km > 0:
            raise ValueError(f"intercept limits {self.min_altitude_km:g}-{self.max_altitude_km:g} km altitude, "
                             f"{self.max_ground_km:g} km range are not a range")


def latest_free_flight_s(times_s, angle_rad, altitude_km, burnout_kms, limits: Limits):
    """``(latest, index)`` over the last axis: the largest ``times_s − flyout`` among the samples whose point
    is within ``limits`` and reach, and its index; ``-inf`` and ``-1`` where none qualifies. ``angle_rad`` is
    the central angle from the site to the threat's foot, ``altitude_km`` the threat's altitude; every array
    broadcasts against the others (``burnout_kms`` a scalar or an array shaped like the leading axes + (1,))."""
    times = np.asarray(times_s, dtype=float)
    altitude = np.asarray(altitude_km, dtype=float)
    angle = np.asarray(angle_rad, dtype=float)
    flyout = flyout_time_s(angle, altitude, burnout_kms)
    allowed = ((altitude >= limits.min_altitude_km) & (altitude <= limits.max_altitude_km)
               & (angle * EARTH_RADIUS_KM <= limits.max_ground_km))
    margin = np.where(allowed & np.isfinite(flyout), times - np.nan_to_num(flyout, nan=0.0), -np.inf)
    index = np.argmax(margin, axis=-1)
    latest = np.take_along_axis(margin, np.expand_dims(index, -1), axis=-1)[..., 0]
    return latest, np.where(np.isfinite(latest), index, -1)


@dataclass(frozen=True)
class SiteTrack:
    """A threat's free flight sampled every :data:`SAMPLE_STEP_S` as seen from one site: times after the
    threat's burnout, downrange distance, altitude and ground (geodesic) distance from the site, all km."""

    times_s: np.ndarray
    downrange_km: np.ndarray
    altitude_km: np.ndarray
    ground_km: np.ndarray

    @classmethod
    def of(cls, path: Path, lon: float, lat: float, step_s: float = SAMPLE_STEP_S) -> SiteTrack:
        flight = path.trajectory
        times = np.append(np.arange(0.0, flight.flight_s, step_s), flight.flight_s)
        downrange, altitude = flight.state_at(times)
        return cls(times, downrange, altitude, site_distances(path, lon, lat, downrange))

    @property
    def angle_rad(self) -> np.ndarray:
        return self.ground_km / EARTH_RADIUS_KM

    def latest(self, burnout_kms: float, limits: Limits) -> tuple[float, int]:
        latest, index = latest_free_flight_s(self.times_s, self.angle_rad, self.altitude_km, burnout_kms, limits)
        return float(latest), int(index)


@dataclass(frozen=True)
class Intercept:
    """One site's answer: the launch times (after the threat's launch), the window and the point the latest
    launch rests on (``None`` throughout when the interceptor cannot reach the threat at all), and why."""

    burnout_kms: float
    earliest_launch_s: float
    latest_launch_s: float | None
    time_s: float | None  # the intercept, after the threat's launch
    altitude_km: float | None
    ground_km: float | None  # from the site to the threat's foot
    downrange_km: float | None
    flyout_s: float | None
    reason: Text

    @property
    def window_s(self) -> float | None:
        return None if self.latest_launch_s is None else self.latest_launch_s - self.earliest_launch_s

    @property
    def opens(self) -> bool:
        return self.window_s is not None and self.window_s >= 0


def intercept(track: SiteTrack, burnout_kms: float, timeline: Timeline, limits: Limits) -> Intercept:
    """The latest and earliest launch, the window and its point for one site (see the module)."""
    speed = float(check_burnout(burnout_kms))
    latest, index = track.latest(speed, limits)
    earliest = timeline.earliest_launch_s
    if index < 0:
        low = limits.min_altitude_km
        heights = (Text(N_("above {low:,.0f} km"), low=low) if math.isinf(limits.max_altitude_km) else
                   Text(N_("between {low:,.0f} and {top:,.0f} km"), low=low, top=limits.max_altitude_km))
        reach = ("" if math.isinf(limits.max_ground_km) else
                 Text(N_(" within its {km:,.0f} km range"), km=limits.max_ground_km))
        return Intercept(speed, earliest, None, None, None, None, None, None, Text(
            N_("out of reach: at {speed:g} km/s the interceptor never meets the threat {heights} altitude{reach}"),
            speed=speed, heights=heights, reach=reach))
    flyout = float(track.times_s[index] - latest)
    latest_launch, time_s = timeline.boost_s + latest, timeline.boost_s + float(track.times_s[index])
    altitude, ground = float(track.altitude_km[index]), float(track.ground_km[index])
    result = Intercept(speed, earliest, latest_launch, time_s, altitude, ground, float(track.downrange_km[index]),
                       flyout, Text(""))
    window = latest_launch - earliest  # whole numbers below, in the reader's notation where shown (Text)
    reason = (Text(N_("window {window:,} s: launch from {earliest:,} s to {latest:,} s after the threat's launch; the "
                      "last chance meets it {time:,} s after its launch at {altitude:,} km altitude, {ground:,} km away"),
                   window=round(window), earliest=round(earliest), latest=round(latest_launch), time=round(time_s),
                   altitude=round(altitude), ground=round(ground))
              if result.opens else
              Text(N_("too late by {late:,} s: the last launch that meets it is at {latest:,} s, the earliest possible "
                      "at {earliest:,} s (the point: {altitude:,} km altitude, {ground:,} km away)"),
                   late=round(-window), latest=round(latest_launch), earliest=round(earliest), altitude=round(altitude),
                   ground=round(ground)))
    return dataclasses.replace(result, reason=reason)


def needed_kms(track: SiteTrack, timeline: Timeline, limits: Limits, tolerance: float = SPEED_TOLERANCE_KMS
               ) -> float | None:
    """The least burnout speed (km/s, to ``tolerance``) whose window opens; ``None`` when it does not open even
    at :data:`geo.flyout.MAX_BURNOUT_KMS`. Bisection on the window, which never shrinks as the speed grows."""
    def opens(speed: float) -> bool:
        latest, index = track.latest(speed, limits)
        return index >= 0 and latest >= timeline.delay_s

    low, high = 0.0, MAX_BURNOUT_KMS
    if not opens(high):
        return None
    while high - low > tolerance:
        middle = (low + high) / 2
        low, high = (low, middle) if opens(middle) else (middle, high)
    return high


def region_points(lon: float, lat: float, precision_km: float, rings: int = 3, step_deg: float = 30.0
                  ) -> list[tuple[float, float]]:
    """(lon, lat) of the centre and of ``rings`` rings out to ``precision_km`` (every ``step_deg`` on the first,
    proportionally denser further out): the points a region known only roughly is screened at."""
    points = [(float(lon), float(lat))]
    for ring in range(1, rings + 1 if precision_km > 0 else 1):
        azimuths = np.arange(0.0, 360.0, step_deg / ring)
        lons, lats, _ = WGS84.fwd(np.full(len(azimuths), lon), np.full(len(azimuths), lat), azimuths,
                                  np.full(len(azimuths), precision_km * ring / rings * 1000.0))
        points += list(zip(np.asarray(lons, dtype=float).tolist(), np.asarray(lats, dtype=float).tolist()))
    return points


def best_point(path: Path, lon: float, lat: float, precision_km: float, burnout_kms: float, limits: Limits
               ) -> tuple[float, float]:
    """The point of :func:`region_points` from which the latest launch is latest (a ship whose position is
    known only as a region); (lon, lat)."""
    candidates = region_points(lon, lat, precision_km)
    scores = [SiteTrack.of(path, x, y, step_s=2.0).latest(burnout_kms, limits)[0] for x, y in candidates]
    return candidates[int(np.argmax(scores))]


def region_needed_kms(path: Path, lon: float, lat: float, precision_km: float, timeline: Timeline, limits: Limits
                      ) -> float | None:
    """The least burnout speed at which the window opens from some point of :func:`region_points` (each point's
    :func:`needed_kms`, the least of them); ``None`` when it opens from none."""
    speeds = [needed_kms(SiteTrack.of(path, x, y, step_s=2.0), timeline, limits)
              for x, y in region_points(lon, lat, precision_km)]
    found = [speed for speed in speeds if speed is not None]
    return min(found) if found else None

"""The fast screen's shortcuts against the plain computations they replace: the series sines, Kepler's
equation from a nearby start, the flyout table built only within reach, float32 coefficients, and blocks."""

from __future__ import annotations

import math

import numpy as np

from geo.ballistics import MU_KM3_S2
from geo.fast_screen import (BLOCK, FlyoutTable, Pairs, Site, _anomaly_at, _flight, _sin_cos_near, fast_latest,
                             flyout_table)
from geo.flyout import flyout_time_s
from geo.intercept import Limits


def test_series_sines_match_numpy_to_rounding():
    rng = np.random.default_rng(2)
    base = rng.uniform(0.0, 2 * math.pi, (300, 1))
    for largest in (1e-4, 5e-3, 0.13, 0.5, 0.9):  # 0.9: beyond the series, numpy's own
        delta = rng.uniform(-largest, largest, (300, 17))
        sine, cosine = _sin_cos_near(base, delta)
        assert np.max(np.abs(sine - np.sin(base + delta))) < 2e-15
        assert np.max(np.abs(cosine - np.cos(base + delta))) < 2e-15


def test_kepler_from_a_nearby_start_solves_the_equation():
    ranges = np.array([2000.0, 6000.0, 10000.0, 14000.0])
    elements = _flight(ranges)
    _, e, a, _, e0 = elements
    start = (e0 + math.pi) / 2  # half way up the ascending leg
    motion = np.sqrt(MU_KM3_S2 / a ** 3)
    start_time = ((start - e * np.sin(start)) - (e0 - e * np.sin(e0))) / motion
    times = start_time + 0.5 * np.arange(-8, 9)[None, :]
    ecc, (sine, cosine) = _anomaly_at(times, elements, start)
    mean = (e0 - e * np.sin(e0)) + motion * times
    assert np.max(np.abs(ecc - e * np.sin(ecc) - mean)) < 1e-13
    assert np.max(np.abs(sine - np.sin(ecc))) < 2e-15 and np.max(np.abs(cosine - np.cos(ecc))) < 2e-15


def test_table_within_reach_equals_the_closed_form_everywhere():
    for speed in (3.0, 5.5):
        table = FlyoutTable(speed)
        full = flyout_time_s(table.angles[:, None], table.altitudes[None, :], speed)
        assert np.array_equal(table.times, full, equal_nan=True)


def test_float32_points_read_the_table_within_a_millisecond():
    rng = np.random.default_rng(4)
    angle, altitude = rng.uniform(0.001, 0.6, 5000), rng.uniform(100, 1500, 5000)
    table = flyout_table(5.5)
    wide = table(angle, altitude)
    narrow = table(angle.astype(np.float32), altitude.astype(np.float32))
    assert narrow.dtype == np.float32
    assert np.array_equal(np.isfinite(wide), np.isfinite(narrow))
    finite = np.isfinite(wide)
    assert np.max(np.abs(wide[finite] - narrow[finite])) < 1e-3


def test_blocks_screen_like_one_path_at_a_time():
    rng = np.random.default_rng(9)
    count = BLOCK + 37  # two blocks, the second partial
    lons, lats = rng.uniform(-125, 40, count), rng.uniform(15, 70, count)
    pairs = Pairs(np.full(count, 51.389), np.full(count, 35.689), lons, lats)
    site = Site("Redzikowo", 17.1075, 54.4789, 5.5, Limits(100))
    latest, when = fast_latest(pairs, site)
    for index in rng.choice(count, 12, replace=False):
        one = Pairs(*(np.array([getattr(pairs, name)[index]]) for name in
                      ("launch_lon", "launch_lat", "target_lon", "target_lat")))
        alone, at = fast_latest(one, site)
        assert np.isfinite(alone[0]) == np.isfinite(latest[index])
        if np.isfinite(alone[0]):
            assert abs(alone[0] - latest[index]) < 1e-9 and at[0] == when[index]

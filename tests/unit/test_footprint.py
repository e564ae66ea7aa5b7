"""The footprint's fast screen against the exact per-path screen of geo.intercept (the model of
``shieldmap engage``), the boundary within one cell, the GAO's ranking, and the cell limit."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geo.borders import country_shapes
from geo.flyout import flyout_time_s
from geo.fast_screen import Pairs, Site, exact_latest, fast_latest, flyout_table
from geo.footprint import DEFAULT_BBOX, LEVELS_S, MAX_CELLS, TOLERANCE_S, Grid, footprint, polygons
from geo.intercept import Limits, Timeline
from geo.texts import TextError

TEHRAN = (51.389, 35.689)
REDZIKOWO = Site("Redzikowo", 17.1075, 54.4789, 5.5, Limits(100))
DEVESELU = Site("Deveselu", 24.39, 44.08, 5.5, Limits(100))
NORTH_SEA = Site("North Sea", 3.0, 56.5, 5.5, Limits(100))
IIA = Site("Deveselu IIA", 24.39, 44.08, 4.5, Limits(100, 1000, 2500))
TIMELINE = Timeline(180, 60)  # the seeds' default boost (NRC via Wired) and the stated delay


def test_table_interpolates_the_closed_form_flyout():
    rng = np.random.default_rng(7)
    angle, altitude = rng.uniform(0.001, 0.6, 4000), rng.uniform(100, 1500, 4000)
    exact = flyout_time_s(angle, altitude, 5.5)
    fast = flyout_table(5.5)(angle, altitude)
    both = np.isfinite(exact)
    assert np.array_equal(both, np.isfinite(fast))
    error = np.abs(fast[both] - exact[both])
    # the worst are next to the reach edge, where the time is steepest
    assert np.median(error) < 0.01 and np.quantile(error, 0.99) < 0.25
    assert error.max() < TOLERANCE_S


@pytest.mark.parametrize("site", [REDZIKOWO, DEVESELU, IIA], ids=lambda site: site.name)
def test_fast_latest_launch_matches_the_exact_screen(site):
    rng = np.random.default_rng(11)
    lons, lats = rng.uniform(-125, 40, 25), rng.uniform(15, 70, 25)
    pairs = Pairs(np.full(25, TEHRAN[0]), np.full(25, TEHRAN[1]), lons, lats)
    fast, _ = fast_latest(pairs, site)
    exact = np.array([exact_latest(TEHRAN, (x, y), site) for x, y in zip(lons, lats)])
    assert np.array_equal(np.isfinite(fast), np.isfinite(exact))
    finite = np.isfinite(exact)
    assert finite.sum() >= 10
    assert np.max(np.abs(fast[finite] - exact[finite])) < TOLERANCE_S / 2


def test_random_cells_inside_and_outside_agree_with_the_exact_screen():
    grid = Grid(DEFAULT_BBOX, 1.0)
    lons, lats = grid.centres()
    rng = np.random.default_rng(3)
    for site in (REDZIKOWO, DEVESELU, NORTH_SEA):
        window = footprint(grid, [TEHRAN], [site], TIMELINE).windows[site.name]
        inside = np.argwhere(window >= 20)
        outside = np.argwhere(np.nan_to_num(window, nan=0.0, neginf=-1e9) <= -20)
        assert len(inside) > 100 and len(outside) > 100
        for cells, opens in ((inside, True), (outside, False)):
            for r, c in cells[rng.choice(len(cells), 6, replace=False)]:
                latest = exact_latest(TEHRAN, (float(lons[r, c]), float(lats[r, c])), site)
                assert (latest - TIMELINE.delay_s >= 0) is opens, (site.name, lons[r, c], lats[r, c])


def _neighbours(mask: np.ndarray) -> np.ndarray:
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def test_boundary_agrees_with_the_exact_screen_within_one_cell():
    grid = Grid((-100.0, 20.0, 30.0, 70.0), 5.0)  # 10 x 26 cells, every one screened exactly too
    lons, lats = grid.centres()
    result = footprint(grid, [TEHRAN], [DEVESELU], TIMELINE)
    exact = np.array([[exact_latest(TEHRAN, (float(x), float(y)), DEVESELU) - TIMELINE.delay_s
                       for x, y in zip(row_lon, row_lat)] for row_lon, row_lat in zip(lons, lats)])
    for level, fast in zip(LEVELS_S, result.levels(DEVESELU.name)):
        truth = exact >= level
        assert truth.any() and (~truth).any()
        boundary = _neighbours(truth) & _neighbours(~truth)
        wrong = fast != truth
        assert not (wrong & ~boundary).any()
        assert wrong.sum() <= 2


def test_gao_ranking_tehran_to_the_united_states():
    """GAO-13-382R: for the US, the North Sea and Poland (Redzikowo) before Romania (Deveselu)."""
    grid = Grid(DEFAULT_BBOX, 1.0)
    lons, lats = grid.centres()
    us = shapely.contains_xy(country_shapes(["United States of America"]).geometry.iloc[0], lons, lats)
    result = footprint(grid, [TEHRAN], [REDZIKOWO, DEVESELU, NORTH_SEA], TIMELINE)
    share = {site.name: (result.levels(site.name)[0] & us).sum() / us.sum() for site in result.sites}
    assert share["Redzikowo"] > 0.8 and share["North Sea"] > 0.8
    assert share["Deveselu"] < 0.6
    assert min(share["Redzikowo"], share["North Sea"]) - share["Deveselu"] > 0.25


def test_polygons_cover_the_cells():
    grid = Grid((-80.0, 30.0, -60.0, 50.0), 2.0)
    result = footprint(grid, [TEHRAN], [DEVESELU], Timeline(180, 0))
    rows = polygons(result)
    for row, mask in zip(rows, result.levels(DEVESELU.name)):
        assert row["cells"] == mask.sum()
        assert row["geometry"].area == pytest.approx(mask.sum() * 4.0)


def test_reverse_footprint_screens_launch_points():
    """Launch points from which a path to Washington can be engaged from Redzikowo: Tehran is one (the
    engage screen's 400 s latest launch at 5.5 km/s), a launch point in Mexico is not."""
    grid = Grid((-110.0, 15.0, 60.0, 45.0), 5.0)
    result = footprint(grid, [(-77.037, 38.907)], [REDZIKOWO], Timeline(0, 0), reverse=True)
    lons, lats = grid.centres()
    window = result.windows["Redzikowo"]
    near_tehran = np.unravel_index(np.argmin(np.hypot(lons - 52.5, lats - 37.5)), lons.shape)
    assert window[near_tehran] > 200
    in_mexico = np.unravel_index(np.argmin(np.hypot(lons + 102.5, lats - 22.5)), lons.shape)
    assert not window[in_mexico] >= 0


def test_cell_limit_is_checked_before_any_work():
    with pytest.raises(TextError, match="cells"):
        Grid((-180.0, -90.0, 180.0, 90.0), 0.25)
    assert Grid(DEFAULT_BBOX, 1.0).size == 9075 < MAX_CELLS
    with pytest.raises(TextError, match="bounding box"):
        Grid((10.0, 0.0, -10.0, 5.0), 1.0)

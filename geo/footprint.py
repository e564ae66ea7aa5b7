"""Defended footprints: where an interceptor site could engage a threat, over a grid of targets (or of
launch points), with exactly the model of :mod:`geo.intercept` and computed in about a second.

The question per grid cell: the threat flies the minimum-energy path between the launch point and the
cell's centre (:mod:`geo.ballistics`, :mod:`geo.engagement`); the site's window is its latest launch less its
earliest (:mod:`geo.intercept`: ``latest free-flight margin − delay``, the boost cancels). **Forward**: the
launch point(s) fixed, the cells are targets; **reverse**: the target(s) fixed, the cells are launch points.
Over several launch points the forward window is the **least** (the cell is defended against every one of
them); over several targets the reverse window is the **largest** (some path from the cell to the area can
be engaged).

Each cell is screened by the fast screen of :mod:`geo.fast_screen` (vectorised over cells × points of each
flight); the cells whose fast window lies within :data:`TOLERANCE_S` of a shaded level (0, 60, 120 s), or
that are out of the fast screen's reach next to a defended cell, are **refined** with the exact screen
(:func:`geo.fast_screen.refine`: the samples, geodesics and flyout of :class:`geo.intercept.SiteTrack`).
:func:`polygons` unions each site's cells per level (shapely 2, ``coverage_union_all``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import box

from geo.fast_screen import Pairs, Site, fast_latest, refine
from geo.intercept import Timeline
from geo.texts import N_, TextError

DEFAULT_BBOX = (-125.0, 15.0, 40.0, 70.0)
"""West, south, east, north (degrees): the North Atlantic, Europe and North America (9,075 cells at 1°)."""
MIN_RESOLUTION_DEG, MAX_RESOLUTION_DEG = 0.25, 10.0
MAX_CELLS = 40_000
"""The most cells of one footprint (bbox ÷ resolution², checked before any work)."""
LEVELS_S = (0.0, 60.0, 120.0)
"""The window's shades: open (≥ 0 s), ≥ 60 s, ≥ 120 s."""
TOLERANCE_S = 3.0
"""The fast screen's error bound (s; the tests find it within 1 s of the exact screen): cells within it of a
level are refined exactly."""
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
    chosen = np.flatnonzero(_to_refine(window))
    flat = window.ravel()
    flat[chosen] = refine(pairs, chosen, when[chosen], site) - delay_s
    return flat.reshape(grid.shape), len(chosen)


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

"""Distances table: geodesic distance from each site to the nearest point of a border (:func:`distances`).

Part of :mod:`geo.analysis` (see its measurement conventions).
"""

from __future__ import annotations

import functools

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import borders
from geo.analysis.common import _table
from geo.geodesy import distance_km
from geo.texts import N_

NEAREST = N_("nearest")
"""The ``target`` of the row giving each site's nearest state of the other side (a word a front end translates)."""

#: Densification (degrees) of a border for the candidate search of point-to-border distances.
CANDIDATE_STEP_DEG = 0.1
#: Sampling step (km) along the candidate border segments.
REFINE_KM = 0.01

#: Borders measured from each side's sites in :func:`distances`.
DISTANCE_TARGETS = {"CSTO": ("Lithuania", "Poland", "Latvia"), "NATO": ("Russia", "Belarus")}


@functools.lru_cache(maxsize=64)
def _lonlat_country(name: str):
    """A country's outline in lon/lat (EPSG:4326), prepared for point tests."""
    geometry = borders.country_shapes([name]).geometry.iloc[0]
    shapely.prepare(geometry)
    return geometry


@functools.lru_cache(maxsize=64)
def _border_segments(name: str):
    """A country's boundary after densifying: segment ``start``, ``end`` (lon/lat) and length (km).

    The length is the spherical one (used for the candidate search only).
    """
    lines = shapely.get_parts(shapely.segmentize(shapely.boundary(_lonlat_country(name)), CANDIDATE_STEP_DEG))
    coords, which = shapely.get_coordinates(lines, return_index=True)
    same = which[:-1] == which[1:]
    start, end = coords[:-1][same], coords[1:][same]
    return start, end, _sphere_km(start[:, 0], start[:, 1], end[:, 0], end[:, 1])


_EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius: only for the candidate search
_SPHERE_SLACK = 0.01  # sphere vs WGS84 geodesic distances differ by less than 0.7%


def _sphere_km(lon1, lat1, lon2, lat2):
    """Great-circle (haversine) distance on the mean sphere: a fast stand-in for candidate search."""
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _could_hold_nearest(d_start, d_end, length, slack: float) -> np.ndarray:
    """Segments that may hold a point nearer than the nearest vertex.

    A point of a segment lies at least ``min(d_start, d_end) - length / 2``
    from the query point; ``slack`` is the relative error of the distances.
    """
    nearest = np.minimum(d_start, d_end)
    bound = (nearest - 0.5 * length * (1 + slack)) * (1 - slack)
    return bound <= nearest.min() * (1 + slack) + 0.001


def _nearest_on_border(lon: float, lat: float, country: str) -> tuple[float, float, float]:
    """Geodesic distance (km) from a point to a country's boundary, and the nearest boundary point.

    Parameters
    ----------
    lon, lat : float
        The point, in degrees.
    country : str
        A country name of :mod:`geo.borders`.

    Returns
    -------
    tuple of float
        ``(distance_km, lon, lat)`` of the nearest boundary point found.

    Notes
    -----
    Three passes over the densified boundary segments: keep those that could
    hold the nearest point by spherical distances (with a 1% slack covering
    the sphere/ellipsoid difference), then by geodesic distances to their
    ends, then sample the survivors every :data:`REFINE_KM` and measure each
    sample with ``pyproj.Geod`` (:func:`geo.geodesy.distance_km`).
    """
    start, end, length = _border_segments(country)
    keep = _could_hold_nearest(_sphere_km(lon, lat, start[:, 0], start[:, 1]),
                               _sphere_km(lon, lat, end[:, 0], end[:, 1]), length, _SPHERE_SLACK)
    start, end = start[keep], end[keep]
    n = len(start)
    d_start = distance_km(np.full(n, lon), np.full(n, lat), start[:, 0], start[:, 1])
    d_end = distance_km(np.full(n, lon), np.full(n, lat), end[:, 0], end[:, 1])
    length = distance_km(start[:, 0], start[:, 1], end[:, 0], end[:, 1])
    keep = _could_hold_nearest(d_start, d_end, length, 1e-3)
    start, end, length = start[keep], end[keep], length[keep]
    steps = int(np.ceil(length.max() / REFINE_KM)) + 1
    t = np.linspace(0.0, 1.0, steps)
    points = (start[:, None, :] + t[None, :, None] * (end - start)[:, None, :]).reshape(-1, 2)
    d = distance_km(np.full(len(points), lon), np.full(len(points), lat), points[:, 0], points[:, 1])
    i = int(np.argmin(d))
    return float(d[i]), float(points[i, 0]), float(points[i, 1])


def distances(sites: dict[str, gpd.GeoDataFrame], site_sides: dict[str, str]) -> pd.DataFrame:
    """Geodesic distance from each site to the borders of the other side's nearby states.

    Each CSTO site is measured to Lithuania, Poland and Latvia; each NATO/US
    site to Russia and Belarus (:data:`DISTANCE_TARGETS`).

    Parameters
    ----------
    sites : dict of str to geopandas.GeoDataFrame
        Built site layers by id (each feature a point with ``system``,
        ``stands_for`` and ``precision_km``).
    site_sides : dict of str to str
        ``"NATO"`` or ``"CSTO"`` for each of those layer ids.

    Returns
    -------
    pandas.DataFrame
        Columns ``COLUMNS["distances"]``: one row per (site, target country)
        plus a ``target == "nearest"`` row per site giving the nearest of
        them (``country`` says which). ``distance_km`` is to the nearest
        boundary point (``border_lon``, ``border_lat``); the site point is
        uncertain by ``precision_km``, so the true distance lies in
        [``distance_min_km``, ``distance_max_km``]. ``inside`` is True if the
        point lies in that country (then the distance is to its boundary from
        inside).
    """
    rows = []
    for layer, frame in sites.items():
        site_side = site_sides[layer]
        for site in frame.itertuples(index=False):
            base = {"site_id": site.id, "site_name": site.name, "layer": layer, "site_side": site_side,
                    "system": site.system, "stands_for": site.stands_for,
                    "precision_km": float(site.precision_km), "hypothetical": False}
            rows.extend(site_rows(site.geometry, base))
    return _table(rows, "distances")


def site_rows(point, base: dict, targets=None) -> list[dict]:
    """The rows of one site point: ``base`` (with ``site_side``) plus one row per target and the nearest.

    ``targets`` defaults to the other side's borders (:data:`DISTANCE_TARGETS`).
    """
    targets = targets or DISTANCE_TARGETS[base["site_side"]]
    measured = []
    for country in targets:
        km, lon, lat = _nearest_on_border(point.x, point.y, country)
        inside = bool(_lonlat_country(country).contains(point))
        measured.append({**base, "target": country, "country": country, "distance_km": km,
                         "border_lon": lon, "border_lat": lat, "inside": inside})
    nearest = min(measured, key=lambda row: row["distance_km"])
    rows = measured + [{**nearest, "target": NEAREST}]
    for row in rows:
        row["distance_min_km"] = max(0.0, row["distance_km"] - row["precision_km"])
        row["distance_max_km"] = row["distance_km"] + row["precision_km"]
    return rows

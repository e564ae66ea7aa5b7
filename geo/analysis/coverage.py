"""Coverage table: area of each state covered by each range ring (:func:`coverage`).

Part of :mod:`geo.analysis` (see its measurement conventions).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.analysis.common import _km2, _project, _table, _world, side_of
from geo.analysis_seeds import load_analysis_seeds
from geo.geodesy import distance_km


def _capitals_within(lon: float, lat: float, radius_km: float, capitals: dict) -> list[str]:
    names = list(capitals)
    lats = np.array([capitals[n][1] for n in names])
    lons = np.array([capitals[n][2] for n in names])
    d = distance_km(np.full(len(names), lon), np.full(len(names), lat), lons, lats)
    return [name for name, km in zip(names, d) if km <= radius_km]


def coverage(seeds, rings: gpd.GeoDataFrame, sides: dict[str, str], site_sides: dict[str, str]) -> pd.DataFrame:
    """Area of each state covered by each range ring of a built engagement_ranges layer.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
        For the ring centres (``sites.csv``).
    rings : geopandas.GeoDataFrame
        The engagement_ranges layer as built for the date, with the chosen
        range figures and with or without planned capability
        (:func:`layers.engagement_ranges.build`); its ``capability`` column
        ("in place" or "planned") says which each row counts.
    sides : dict of str to str
        The member states' sides at the date (:func:`member_sides`).
    site_sides : dict of str to str
        ``"NATO"`` or ``"CSTO"`` for each site layer id (the registry's).

    Returns
    -------
    pandas.DataFrame
        One row per (ring, country) with a covered area > 0, columns
        ``COLUMNS["coverage"]``. ``share`` = covered_km2 / country_km2.
        ``capitals_inside`` lists (``;``) every capital of ``seeds/capitals.csv``
        inside the ring, whatever its country (the same on every row of a
        ring). ``reaches_other_side`` is True on a row where a CSTO site's ring
        covers a NATO state or a NATO/US site's ring covers a CSTO state: the
        condition the 2011 "independent systems" option ruled out (a ring
        reaches the other side when any of its rows is True).

    """
    layer_of = seeds.sites["layer"]
    capitals = load_analysis_seeds(seeds).capital_points()
    rows = []
    projected = _project(rings.geometry.values) if len(rings) else []
    for ring, ring_xy in zip(rings.itertuples(index=False), projected):
        site = seeds.sites.loc[ring.site]
        base = {"ring_id": ring.id, "site_id": ring.site, "site_side": site_sides[layer_of[ring.site]],
                "system": ring.system, "capability": ring.capability, "figure_id": ring.figure,
                "radius_km": float(ring.radius_km), "figure_confidence": ring.confidence,
                "figure_sources": ring.sources, "precision_km": float(ring.precision_km), "hypothetical": False}
        rows.extend(ring_rows(ring_xy, site["lon"], site["lat"], base, sides, capitals))
    return _table(rows, "coverage")


def ring_rows(ring_xy, lon: float, lat: float, base: dict, sides: dict[str, str], capitals: dict) -> list[dict]:
    """The coverage rows of one projected ring centred at (lon, lat): ``base`` plus the per-country columns;
    ``capitals``: name -> (country, lat, lon) (:meth:`geo.analysis_seeds.AnalysisSeeds.capital_points`)."""
    names, world, world_km2, tree, _ = _world()
    inside = ";".join(_capitals_within(lon, lat, base["radius_km"], capitals))
    hits = tree.query(ring_xy, predicate="intersects")
    covered = _km2(shapely.intersection(world[hits], ring_xy))
    rows = []
    for i, km2 in sorted(zip(hits, covered), key=lambda pair: names[pair[0]]):
        if km2 <= 0:
            continue
        side = side_of(sides, names[i])
        rows.append({**base, "country": names[i], "side": side, "covered_km2": float(km2),
                     "country_km2": float(world_km2[i]), "share": float(km2 / world_km2[i]),
                     "capitals_inside": inside,
                     "reaches_other_side": {base["site_side"], side} == {"NATO", "CSTO"}})
    return rows

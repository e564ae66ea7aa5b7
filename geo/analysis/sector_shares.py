"""Sectors tables: area of each proposed sector and each state's share of it, per sector model.

Part of :mod:`geo.analysis` (see its measurement conventions). The sectors are
an interpretation drawn by a model of :mod:`geo.sectors` (``borders``, the
default, or ``wedges``); every row says which (``model``).
"""

from __future__ import annotations


import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import sector_edges, sectors
from geo.analysis.common import _country, _km2, _project, _table, _world, side_of


def _shares(layer: gpd.GeoDataFrame, countries: list[str], sides: dict[str, str]) -> list[dict]:
    rows: list[dict] = []
    layer = sector_edges.areas(layer)  # the sectors and the undescribed land, not the bands along their edges
    if not len(layer) or not countries:
        return rows
    shapes = [_country(name) for name in countries]
    country_xy = np.array([shape for shape, _ in shapes], dtype=object)
    country_km2 = np.array([km2 for _, km2 in shapes])
    for sector, sector_xy in zip(layer.itertuples(index=False), _project(layer.geometry.values)):
        sector_km2 = float(_km2(sector_xy))
        inside = _km2(shapely.intersection(country_xy, sector_xy))
        for name, km2, total in zip(countries, inside, country_km2):
            rows.append({"model": sector.model, "sector": sector.id, "holder": sector.holder,
                         "sector_status": sector.status, "sector_km2": sector_km2, "country": name,
                         "side": side_of(sides, name), "country_km2": float(total), "km2_in_sector": float(km2),
                         "share_of_country": float(km2 / total)})
    return rows


def sectors_table(layer: gpd.GeoDataFrame, sides: dict[str, str]) -> pd.DataFrame:
    """Area of each proposed sector and the share of each member state in each sector, under one model.

    Parameters
    ----------
    layer : geopandas.GeoDataFrame
        The european_sectors layer as built for the date under a model
        (:func:`layers.european_sectors.build`); its ``model`` column names it.
    sides : dict of str to str
        The member states' sides at the date (:func:`member_sides`).

    Returns
    -------
    pandas.DataFrame
        Long format, columns ``COLUMNS["sectors"]``: one row per (feature of
        the european_sectors layer at ``as_of``, NATO or CSTO member state at
        ``as_of``), including zero areas; ``model`` names the model. The
        features are the four sectors and, under ``borders``, the land the
        proposal did not cover (``holder`` None). ``sector_km2`` is the
        feature's area (under ``wedges`` the four add up to the theatre, under
        ``borders`` the five add up to the theatre's land),
        ``share_of_country`` = km2_in_sector / country_km2 (a state's shares add
        up to the part of it inside the theatre, at most 1). Empty before the
        sectors were proposed.
    """
    return _table(_shares(layer, sorted(sides), sides), "sectors")


def sector_models_table(layers: dict[str, gpd.GeoDataFrame], sides: dict[str, str]) -> pd.DataFrame:
    """The models compared: each state's share in each sector under each model.

    Like :func:`sectors_table` (same columns), concatenated over ``layers`` (the
    european_sectors layer built under each model, by model name), and for every
    state with land in the theatre as well as every member state (a state in
    neither alliance has ``side`` "neither"): e.g. Ukraine lies in the United
    States' wedge under ``wedges`` and in no sector under ``borders``.
    """
    names, world, _, tree, _ = _world()
    rows = []
    for model, layer in layers.items():
        chosen = sectors.get_model(model)
        box = _project([sectors.theatre(chosen)])[0]
        inside = {names[i] for i in tree.query(box, predicate="intersects")
                  if _km2(shapely.intersection(world[i], box)) > 0}
        rows += _shares(layer, sorted(inside | set(sides)), sides)
    return _table(rows, "sectors")


def country_sector_owner(table: pd.DataFrame) -> pd.DataFrame:
    """For each (model, state), the sector holding the largest share of it.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`sectors_table` or :func:`sector_models_table`.

    Returns
    -------
    pandas.DataFrame
        Columns ``model, country, side, sector, holder, share_of_country,
        share_in_theatre``, one row per (model, country), sorted. ``sector``
        and ``holder`` are None for a state with no area in the theatre (e.g.
        the United States, Canada, Kyrgyzstan); ``holder`` is None also for a
        state whose largest part lies in no sector (under ``borders``).
    """
    columns = ["model", "country", "side", "sector", "holder", "share_of_country", "share_in_theatre"]
    rows = []
    for (model, country), group in table.groupby(["model", "country"], sort=True):
        best = group.loc[group["share_of_country"].idxmax()]
        owned = best["share_of_country"] > 0
        rows.append({"model": model, "country": country, "side": best["side"],
                     "sector": best["sector"] if owned else None,
                     "holder": best["holder"] if owned else None,
                     "share_of_country": float(best["share_of_country"]),
                     "share_in_theatre": float(group["share_of_country"].sum())})
    return pd.DataFrame(rows, columns=columns)

"""Sectors table: area of each proposed sector and each member state's share of it.

Part of :mod:`geo.analysis` (see its measurement conventions).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import shapely

from geo.analysis.common import _country, _km2, _project, _table, member_sides
from layers import european_sectors


def sectors_table(seeds, as_of: dt.date) -> pd.DataFrame:
    """Area of each proposed sector and the share of each member state in each sector.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
    as_of : datetime.date

    Returns
    -------
    pandas.DataFrame
        Long format, columns ``COLUMNS["sectors"]``: one row per (sector
        active at ``as_of``, NATO or CSTO member state at ``as_of``),
        including zero areas. ``sector_km2`` is the sector's area (the four
        add up to the theatre), ``share_of_country`` = km2_in_sector /
        country_km2 (a state's shares add up to the part of it inside the
        theatre, at most 1). Empty before the sectors were proposed.
    """
    layer = european_sectors.build(seeds, as_of)
    sides = member_sides(seeds, as_of)
    countries = sorted(sides)
    rows = []
    if len(layer) and countries:
        shapes = [_country(name) for name in countries]
        country_xy = np.array([shape for shape, _ in shapes], dtype=object)
        country_km2 = np.array([km2 for _, km2 in shapes])
        for sector, sector_xy in zip(layer.itertuples(index=False), _project(layer.geometry.values)):
            sector_km2 = float(_km2(sector_xy))
            inside = _km2(shapely.intersection(country_xy, sector_xy))
            for name, km2, total in zip(countries, inside, country_km2):
                rows.append({"sector": sector.id, "holder": sector.holder, "sector_status": sector.status,
                             "sector_km2": sector_km2, "country": name, "side": sides[name],
                             "country_km2": float(total), "km2_in_sector": float(km2),
                             "share_of_country": float(km2 / total)})
    return _table(rows, "sectors")


def country_sector_owner(table: pd.DataFrame) -> pd.DataFrame:
    """For each member state, the sector holding the largest share of it.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`sectors_table`.

    Returns
    -------
    pandas.DataFrame
        Columns ``country, side, sector, holder, share_of_country,
        share_in_theatre``, one row per country, sorted by country.
        ``sector`` and ``holder`` are None for a state with no area in the
        theatre (e.g. the United States, Canada, Kyrgyzstan).
    """
    columns = ["country", "side", "sector", "holder", "share_of_country", "share_in_theatre"]
    rows = []
    for country, group in table.groupby("country", sort=True):
        best = group.loc[group["share_of_country"].idxmax()]
        owned = best["share_of_country"] > 0
        rows.append({"country": country, "side": best["side"],
                     "sector": best["sector"] if owned else None,
                     "holder": best["holder"] if owned else None,
                     "share_of_country": float(best["share_of_country"]),
                     "share_in_theatre": float(group["share_of_country"].sum())})
    return pd.DataFrame(rows, columns=columns)

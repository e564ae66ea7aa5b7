"""Shared pieces of the analysis tables (:mod:`geo.analysis`).

The equal-area CRS and projection helpers, the projected world/country
caches, the member sides of a date, the range-figure choice (parsing and
checking), the capitals table, the site sides and the tables' column order.
See :mod:`geo.analysis` for the measurement conventions.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from geo import borders
from geo.texts import N_, TextError

#: The one equal-area CRS used for every area (see the module docstring).
AREA_CRS = "EPSG:6933"
#: Densification (degrees) of lon/lat geometry before it is projected.
SEGMENT_DEG = 0.1



#: Column order of each table (also the order of the long CSV's columns).
COLUMNS: dict[str, list[str]] = {
    "coverage": ["ring_id", "site_id", "site_side", "system", "capability", "figure_id", "radius_km",
                 "figure_confidence", "figure_sources", "precision_km", "country", "side",
                 "covered_km2", "country_km2", "share", "capitals_inside", "reaches_other_side", "hypothetical"],
    "distances": ["site_id", "site_name", "layer", "site_side", "system", "stands_for", "precision_km",
                  "target", "country", "distance_km", "distance_min_km", "distance_max_km",
                  "border_lon", "border_lat", "inside", "hypothetical"],
    "sectors": ["model", "sector", "holder", "sector_status", "sector_km2", "country", "side", "country_km2",
                "km2_in_sector", "share_of_country"],
    "proposals": ["id", "name", "proposed_by", "date_proposed", "date_note", "status", "status_date",
                  "status_note", "description", "sources", "name_ru", "description_ru"],
}


# --------------------------------------------------------------------------
# Geometry helpers (cached per process; inputs never change at run time)
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _to_area_crs() -> Transformer:
    return Transformer.from_crs("EPSG:4326", AREA_CRS, always_xy=True)


def _project(geometries):
    """Densify lon/lat geometries to :data:`SEGMENT_DEG` and project them to :data:`AREA_CRS`."""
    transformer = _to_area_crs()

    def forward(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    projected = shapely.transform(shapely.segmentize(geometries, SEGMENT_DEG), forward)
    bad = ~shapely.is_valid(projected)
    if np.any(bad):
        projected = np.asarray(projected, dtype=object)
        projected[bad] = shapely.make_valid(projected[bad])
    return projected


def _km2(geometries) -> np.ndarray:
    return np.asarray(shapely.area(geometries), dtype=float) / 1e6


@functools.lru_cache(maxsize=1)
def _world():
    """Every country projected: ``(names, geometries, km2, STRtree, index by name)``."""
    frame = borders.load_borders()
    names = list(frame["name"])
    geometries = np.asarray(_project(frame.geometry.values), dtype=object)
    tree = shapely.STRtree(geometries)
    return names, geometries, _km2(geometries), tree, {name: i for i, name in enumerate(names)}


def _country(name: str):
    """``(projected geometry, km2)`` of one country."""
    names, geometries, areas, _, index = _world()
    i = index[name]
    return geometries[i], float(areas[i])


# --------------------------------------------------------------------------
# Shared lookups
# --------------------------------------------------------------------------


def member_sides(nato: gpd.GeoDataFrame, csto: gpd.GeoDataFrame) -> dict[str, str]:
    """Country name -> ``"NATO"`` or ``"CSTO"``, from the built nato and csto layers of a date.

    Parameters
    ----------
    nato, csto : geopandas.GeoDataFrame
        The layers (one feature per member, with a ``countries`` column listing
        the Natural Earth names drawn in it, ``;``-separated).

    Returns
    -------
    dict of str to str
        Member states (and the territories drawn with them: Greenland and the
        Faroes with Denmark); any other state is ``"neither"`` (see :func:`side_of`).
    """
    sides = {name: "CSTO" for names in csto["countries"] for name in names.split(";")}
    sides.update({name: "NATO" for names in nato["countries"] for name in names.split(";")})
    return sides


@dataclass(frozen=True)
class AnalysisLayers:
    """The built layers the analysis reads (made by :func:`layers.registry.analysis_layers`).

    Attributes
    ----------
    rings : geopandas.GeoDataFrame
        The engagement_ranges layer (range figures and planned capability as chosen).
    sites : dict of str to geopandas.GeoDataFrame
        Each site layer by id.
    site_sides : dict of str to str
        ``"NATO"`` or ``"CSTO"`` for each site layer id.
    nato, csto : geopandas.GeoDataFrame
        The membership layers.
    sectors : dict of str to geopandas.GeoDataFrame
        The european_sectors layer under each sector model, by model name.
    sectors_model : str
        The model of the ``sectors`` table.
    what_if : geopandas.GeoDataFrame or None
        Hypothetical sites (the ``what_if`` layer): their rings and centres
        join the coverage and distances tables with ``hypothetical`` True.
    """

    rings: gpd.GeoDataFrame
    sites: dict
    site_sides: dict
    nato: gpd.GeoDataFrame
    csto: gpd.GeoDataFrame
    sectors: dict
    sectors_model: str
    what_if: gpd.GeoDataFrame | None = None  # hypothetical sites (layers/what_if.py), or None

    @property
    def sides(self) -> dict[str, str]:
        return member_sides(self.nato, self.csto)


def side_of(sides: dict[str, str], country: str) -> str:
    """``"NATO"``, ``"CSTO"`` or ``"neither"``."""
    return sides.get(country, "neither")


def check_figures(seeds, figures: dict[str, str] | None) -> dict[str, str]:
    """Validate a ``{system: figure_id}`` choice of range figures.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
    figures : dict of str to str or None

    Returns
    -------
    dict of str to str
        The same mapping (empty if None).

    Raises
    ------
    ValueError
        If a figure id is not in ``ranges.csv`` or does not apply to the system.
    """
    figures = dict(figures or {})
    table = seeds.ranges
    for system, figure_id in figures.items():
        if figure_id not in table.index:
            raise TextError(N_("unknown range figure id {id} (known: {known})"), id=repr(figure_id),
                            known=", ".join(table.index))
        systems = table.at[figure_id, "systems"]
        if system not in systems:
            raise TextError(N_("range figure {id} is for {systems}, not {system}"), id=repr(figure_id),
                            systems=", ".join(systems), system=repr(system))
    return figures


def parse_figures(items) -> dict[str, str]:
    """``["S-300PS=s300ps-90", ...]`` -> ``{"S-300PS": "s300ps-90"}``.

    Raises
    ------
    ValueError
        For an item that is not ``SYSTEM=FIGURE_ID``.
    """
    figures = {}
    for item in items or ():
        system, sep, figure_id = item.partition("=")
        if not sep or not system.strip() or not figure_id.strip():
            raise TextError(N_("bad figure choice {value}: expected SYSTEM=FIGURE_ID, e.g. S-300PS=s300ps-90"),
                            value=repr(item))
        figures[system.strip()] = figure_id.strip()
    return figures


def _table(rows: list[dict], name: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[name])

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

#: The one equal-area CRS used for every area (see the module docstring).
AREA_CRS = "EPSG:6933"
#: Densification (degrees) of lon/lat geometry before it is projected.
SEGMENT_DEG = 0.1


# Capital -> (country as in geo.borders, lat, lon). Coordinates are the city
# centres (Wikipedia/GeoNames, rounded to 0.001 degree, about 100 m; good to
# ~1 km for a whole city). Names as in 2010-2013 (Astana, not Nur-Sultan).
# Amsterdam is the Dutch capital (The Hague is the seat of government);
# Nuuk and Torshavn are the capitals of the Danish self-governing territories
# that memberships.csv lists as NATO areas. Jerusalem is left out on purpose
# (contested status), with Israel, which no ring considered here reaches.
CAPITALS: dict[str, tuple[str, float, float]] = {
    # NATO members in 2010-2013
    "Tirana": ("Albania", 41.328, 19.819),
    "Brussels": ("Belgium", 50.850, 4.352),
    "Sofia": ("Bulgaria", 42.698, 23.322),
    "Ottawa": ("Canada", 45.422, -75.697),
    "Zagreb": ("Croatia", 45.815, 15.982),
    "Prague": ("Czechia", 50.076, 14.438),
    "Copenhagen": ("Denmark", 55.676, 12.568),
    "Tallinn": ("Estonia", 59.437, 24.754),
    "Paris": ("France", 48.857, 2.352),
    "Berlin": ("Germany", 52.520, 13.405),
    "Athens": ("Greece", 37.984, 23.728),
    "Budapest": ("Hungary", 47.498, 19.040),
    "Reykjavik": ("Iceland", 64.147, -21.943),
    "Rome": ("Italy", 41.903, 12.496),
    "Riga": ("Latvia", 56.950, 24.105),
    "Vilnius": ("Lithuania", 54.687, 25.280),
    "Luxembourg": ("Luxembourg", 49.612, 6.132),
    "Amsterdam": ("Netherlands", 52.368, 4.904),
    "Oslo": ("Norway", 59.914, 10.752),
    "Warsaw": ("Poland", 52.230, 21.012),
    "Lisbon": ("Portugal", 38.722, -9.139),
    "Bucharest": ("Romania", 44.427, 26.103),
    "Bratislava": ("Slovakia", 48.149, 17.108),
    "Ljubljana": ("Slovenia", 46.057, 14.506),
    "Madrid": ("Spain", 40.417, -3.704),
    "Ankara": ("Turkey", 39.933, 32.860),
    "London": ("United Kingdom", 51.507, -0.128),
    "Washington": ("United States of America", 38.907, -77.037),
    "Nuuk": ("Greenland", 64.181, -51.694),
    "Torshavn": ("Faeroe Is.", 62.011, -6.774),
    # CSTO members and former members
    "Moscow": ("Russia", 55.756, 37.617),
    "Minsk": ("Belarus", 53.901, 27.559),
    "Yerevan": ("Armenia", 40.179, 44.499),
    "Astana": ("Kazakhstan", 51.161, 71.470),
    "Bishkek": ("Kyrgyzstan", 42.875, 74.570),
    "Dushanbe": ("Tajikistan", 38.560, 68.787),
    "Tashkent": ("Uzbekistan", 41.300, 69.240),
    "Baku": ("Azerbaijan", 40.409, 49.867),
    "Tbilisi": ("Georgia", 41.715, 44.827),
    # Other European states
    "Kyiv": ("Ukraine", 50.450, 30.523),
    "Chisinau": ("Moldova", 47.011, 28.864),
    "Helsinki": ("Finland", 60.170, 24.938),
    "Stockholm": ("Sweden", 59.329, 18.069),
    "Vienna": ("Austria", 48.208, 16.374),
    "Bern": ("Switzerland", 46.948, 7.447),
    "Vaduz": ("Liechtenstein", 47.141, 9.521),
    "Dublin": ("Ireland", 53.350, -6.260),
    "Belgrade": ("Serbia", 44.787, 20.449),
    "Sarajevo": ("Bosnia and Herz.", 43.856, 18.413),
    "Podgorica": ("Montenegro", 42.430, 19.259),
    "Skopje": ("Macedonia", 41.998, 21.425),
    "Pristina": ("Kosovo", 42.663, 21.166),
    "Nicosia": ("Cyprus", 35.186, 33.382),
    "Valletta": ("Malta", 35.899, 14.515),
    "Andorra la Vella": ("Andorra", 42.506, 1.522),
    "Monaco": ("Monaco", 43.738, 7.425),
    "San Marino": ("San Marino", 43.942, 12.458),
    "Vatican City": ("Vatican", 41.903, 12.453),
    # Neighbours to the south-east (within reach of the longer rings)
    "Ashgabat": ("Turkmenistan", 37.960, 58.326),
    "Tehran": ("Iran", 35.689, 51.389),
    "Baghdad": ("Iraq", 33.315, 44.366),
    "Damascus": ("Syria", 33.514, 36.277),
    "Beirut": ("Lebanon", 33.894, 35.502),
}

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
                  "status_note", "description", "sources"],
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
            raise ValueError(f"unknown range figure id {figure_id!r} (known: {', '.join(table.index)})")
        systems = table.at[figure_id, "systems"]
        if system not in systems:
            raise ValueError(f"range figure {figure_id!r} is for {', '.join(systems)}, not {system!r}")
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
            raise ValueError(f"bad figure choice {item!r}: expected SYSTEM=FIGURE_ID, e.g. S-300PS=s300ps-90")
        figures[system.strip()] = figure_id.strip()
    return figures


def _table(rows: list[dict], name: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[name])

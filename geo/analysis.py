"""Analysis beyond a picture: coverage, distances, sector shares and the proposals as tables.

Every function is pure: it takes a validated :class:`geo.seeds.Seeds` and a date
and returns a :class:`pandas.DataFrame` (the same inputs give the same numbers).
The geometry comes from the layers themselves (:mod:`layers.engagement_ranges`,
:mod:`layers.european_sectors`, :mod:`layers.nato`, :mod:`layers.csto`, the
site layers), so the app, the map layers and these tables always agree.

Measurement conventions
-----------------------
Distances
    Geodesic on the WGS84 ellipsoid (:func:`geo.geodesy.distance_km`,
    ``pyproj.Geod``), never degrees. A point-to-border distance is the
    distance to the nearest point of the country's polygon boundary (land
    border or coast, :mod:`geo.borders` outlines). The boundary is densified
    to :data:`CANDIDATE_STEP_DEG`; candidate segments are found with a fast
    spherical (haversine) bound and a 1% margin; the few segments that could
    hold the nearest point are sampled every :data:`REFINE_KM` and each sample
    is measured geodesically (so the result is within about 5 m of the true
    minimum for the drawn outline).
Areas
    One equal-area CRS for every area, wherever the state lies:
    :data:`AREA_CRS` = EPSG:6933 (WGS 84 / NSIDC EASE-Grid 2.0 Global, a
    Lambert cylindrical equal-area projection on the WGS84 ellipsoid). It is
    equal-area worldwide, so the United States, Canada and Kazakhstan are
    measured as correctly as Lithuania (EPSG:3035, LAEA Europe, is also
    equal-area but was designed for Europe only; one CRS is used for all
    areas so shares are comparable). Geometries are densified to
    :data:`SEGMENT_DEG` in longitude/latitude before projecting, and all
    intersections are made in the projected plane. Being cylindrical, the
    projection maps the longitude/latitude box of the sector theatre to an
    exact rectangle.
Capitals
    :data:`CAPITALS` holds capital coordinates (degrees, to about 1 km) for
    the NATO and CSTO states and their European and Caucasian/Middle-Eastern
    neighbours. A capital is inside a ring when its geodesic distance to the
    ring's centre is at most the radius.
Uncertainty
    Site points stand for a site, a town or a region (``stands_for``) and are
    uncertain by ``precision_km``; every per-site row carries it. Range rings
    are press figures with a ``figure_confidence``. The sectors are an
    interpretation (:mod:`geo.sectors`). Numbers are given at full float
    precision, which is not their accuracy.

Examples
--------
>>> import datetime as dt
>>> from geo.seeds import load_seeds
>>> tables = analysis_tables(load_seeds(), dt.date(2013, 10, 31))   # doctest: +SKIP
>>> write_analysis(tables, "analysis.csv")                         # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from geo import borders
from geo.geodesy import distance_km
from layers import csto, engagement_ranges, epaa, european_sectors, nato, romania_interceptor, s300_belarus

__all__ = [
    "AREA_CRS", "CAPITALS", "COLUMNS", "PROPOSALS", "SITE_SIDES",
    "analysis_tables", "check_figures", "country_sector_owner", "coverage",
    "distances", "member_sides", "output_format", "parse_figures", "proposals", "sectors_table", "side_of",
    "write_analysis",
]

#: The one equal-area CRS used for every area (see the module docstring).
AREA_CRS = "EPSG:6933"
#: Densification (degrees) of lon/lat geometry before it is projected.
SEGMENT_DEG = 0.1
#: Densification (degrees) of a border for the candidate search of point-to-border distances.
CANDIDATE_STEP_DEG = 0.1
#: Sampling step (km) along the candidate border segments.
REFINE_KM = 0.01

#: The side of a site, by its layer: the S-300 units stand in Belarus (CSTO);
#: Deveselu and the other EPAA sites are NATO/US sites.
SITE_SIDES = {"s300_belarus": "CSTO", "romania_interceptor": "NATO", "epaa": "NATO"}

#: Borders measured from each side's sites in :func:`distances`.
DISTANCE_TARGETS = {"CSTO": ("Lithuania", "Poland", "Latvia"), "NATO": ("Russia", "Belarus")}

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

#: The proposals of 2010-2011, side by side (descriptions are our summary, not
#: the sources' wording). ``sources`` are ids in ``seeds/sources.csv``;
#: ``tests/test_analysis.py`` checks that each exists. ``date_proposed`` of the
#: two 2011 options is the date of the report that first describes them.
PROPOSALS: tuple[dict, ...] = (
    {
        "id": "sectoral-lisbon-2010",
        "name": "Sectoral missile defence (Lisbon concept)",
        "proposed_by": "Russia (President Medvedev)",
        "date_proposed": "2010-11-20",
        "date_note": "NATO-Russia Council at the Lisbon summit (19-20 Nov 2010); "
                     "Kommersant attributes the concept to the Russian Defence Ministry",
        "status": "rejected",
        "status_date": "2011-07-04",
        "status_note": "NATO restated its refusal at the Sochi NATO-Russia Council; a NATO source said "
                       "the Alliance would not hand its members' defence to an outside party. "
                       "Rogozin maintained that only the first (four-sector) version had been dropped",
        "description": "Each side takes charge of missiles flying over its own territory towards "
                       "the other: Russia would intercept those crossing Russia on the way to NATO "
                       "members, NATO those crossing its area on the way to Russia; the two systems "
                       "would meet at the common borders and not be pointed at each other",
        "sources": "nato-68876;kommersant-2011-07-15;nato-76039",
    },
    {
        "id": "four-sectors-2010",
        "name": "Four European sectors of responsibility",
        "proposed_by": "Russia",
        "date_proposed": "2010-11-20",
        "date_note": "Rogozin calls it the first version, put forward in autumn 2010 (dated here "
                     "from Lisbon, as the european_sectors layer); detailed talks began in January 2011",
        "status": "rejected",
        "status_date": "2011-07-04",
        "status_note": "Objections from winter 2010-11 (the Baltic states likened it to the "
                       "Molotov-Ribbentrop pact; Washington doubted that Germany and France had the "
                       "means); dropped by the Sochi NATO-Russia Council",
        "description": "Europe divided into four sectors, one state defending each: Russia the east, "
                       "the United States the south, Germany the north and France the west (the map "
                       "draws an interpretation: european_sectors layer, sectors table)",
        "sources": "kommersant-2011-07-15;nato-76039",
    },
    {
        "id": "integrated-2011",
        "name": "Integrated system with a joint data centre",
        "proposed_by": "Russia (envoy Rogozin)",
        "date_proposed": "2011-07-15",
        "date_note": "Date of the report; one of the two options Russia was offering after the "
                     "four-sector version was dropped (day of first offer not given)",
        "status": "proposed",
        "status_date": "2011-07-15",
        "status_note": "Open: Moscow hoped to settle by the May 2012 Chicago summit; Russian and "
                       "NATO sources both rated the chances as low",
        "description": "One deeply integrated missile-defence system with a shared data-fusion "
                       "centre and a single command, resting on a joint assessment of missile "
                       "threats, each side covering the other",
        "sources": "kommersant-2011-07-15",
    },
    {
        "id": "independent-2011",
        "name": "Independent systems with non-overlapping coverage",
        "proposed_by": "Russia (envoy Rogozin)",
        "date_proposed": "2011-07-15",
        "date_note": "Date of the report; the second option Russia was offering (day of first offer not given)",
        "status": "proposed",
        "status_date": "2011-07-15",
        "status_note": "Open; to be backed by a binding agreement on the systems' technical "
                       "parameters (radar and interceptor locations, interceptor numbers and speed). "
                       "Tested in the coverage table: reaches_other_side",
        "description": "Russia and NATO each build their own system with whatever means they choose, "
                       "provided that neither system's coverage extends over the other's territory "
                       "and waters; no integration, but no system aimed at the other",
        "sources": "kommersant-2011-07-15",
    },
)

#: Column order of each table (also the order of the long CSV's columns).
COLUMNS: dict[str, list[str]] = {
    "coverage": ["ring_id", "site_id", "site_side", "system", "figure_id", "radius_km",
                 "figure_confidence", "figure_sources", "precision_km", "country", "side",
                 "covered_km2", "country_km2", "share", "capitals_inside", "reaches_other_side"],
    "distances": ["site_id", "site_name", "layer", "site_side", "system", "stands_for", "precision_km",
                  "target", "country", "distance_km", "distance_min_km", "distance_max_km",
                  "border_lon", "border_lat", "inside"],
    "sectors": ["sector", "holder", "sector_status", "sector_km2", "country", "side", "country_km2",
                "km2_in_sector", "share_of_country"],
    "proposals": ["id", "name", "proposed_by", "date_proposed", "date_note", "status", "status_date",
                  "status_note", "description", "sources"],
}

_FORMATS = {".csv": "csv", ".json": "json"}


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




# --------------------------------------------------------------------------
# Shared lookups
# --------------------------------------------------------------------------


def member_sides(seeds, as_of: dt.date) -> dict[str, str]:
    """Country name -> ``"NATO"`` or ``"CSTO"`` at ``as_of``, from the nato and csto layers.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
    as_of : datetime.date

    Returns
    -------
    dict of str to str
        Member states only; any other state is ``"neither"`` (see :func:`side_of`).
    """
    sides = {name: "CSTO" for name in csto.build(seeds, as_of)["name"]}
    sides.update({name: "NATO" for name in nato.build(seeds, as_of)["name"]})
    return sides


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


def _site_layers(seeds, as_of: dt.date):
    builders = {"s300_belarus": s300_belarus.build, "romania_interceptor": romania_interceptor.build,
                "epaa": epaa.build}
    return {layer: build(seeds, as_of) for layer, build in builders.items()}


def _capitals_within(lon: float, lat: float, radius_km: float) -> list[str]:
    names = list(CAPITALS)
    lats = np.array([CAPITALS[n][1] for n in names])
    lons = np.array([CAPITALS[n][2] for n in names])
    d = distance_km(np.full(len(names), lon), np.full(len(names), lat), lons, lats)
    return [name for name, km in zip(names, d) if km <= radius_km]


# --------------------------------------------------------------------------
# The four tables
# --------------------------------------------------------------------------


def coverage(seeds, as_of: dt.date, figures: dict[str, str] | None = None) -> pd.DataFrame:
    """Area of each state covered by each range ring of the engagement_ranges layer.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
    as_of : datetime.date
    figures : dict of str to str, optional
        A non-default range figure per system, e.g. ``{"S-300PS": "s300ps-90"}``
        (as :func:`layers.engagement_ranges.build`).

    Returns
    -------
    pandas.DataFrame
        One row per (ring, country) with a covered area > 0, columns
        ``COLUMNS["coverage"]``. ``share`` = covered_km2 / country_km2.
        ``capitals_inside`` lists (``;``) every capital of :data:`CAPITALS`
        inside the ring, whatever its country (the same on every row of a
        ring). ``reaches_other_side`` is True on a row where a CSTO site's ring
        covers a NATO state or a NATO/US site's ring covers a CSTO state: the
        condition the 2011 "independent systems" option ruled out (a ring
        reaches the other side when any of its rows is True).

    Raises
    ------
    ValueError
        For an unknown or inapplicable figure id.
    """
    figures = check_figures(seeds, figures)
    rings = engagement_ranges.build(seeds, as_of, figures)
    sides = member_sides(seeds, as_of)
    layer_of = seeds.sites["layer"]
    names, world, world_km2, tree, _ = _world()
    rows = []
    projected = _project(rings.geometry.values) if len(rings) else []
    for ring, ring_xy in zip(rings.itertuples(index=False), projected):
        site = seeds.sites.loc[ring.site]
        site_side = SITE_SIDES[layer_of[ring.site]]
        capitals = ";".join(_capitals_within(site["lon"], site["lat"], ring.radius_km))
        hits = tree.query(ring_xy, predicate="intersects")
        covered = _km2(shapely.intersection(world[hits], ring_xy))
        for i, km2 in sorted(zip(hits, covered), key=lambda pair: names[pair[0]]):
            if km2 <= 0:
                continue
            side = side_of(sides, names[i])
            rows.append({
                "ring_id": ring.id, "site_id": ring.site, "site_side": site_side, "system": ring.system,
                "figure_id": ring.figure, "radius_km": float(ring.radius_km),
                "figure_confidence": ring.confidence, "figure_sources": ring.sources,
                "precision_km": float(ring.precision_km), "country": names[i], "side": side,
                "covered_km2": float(km2), "country_km2": float(world_km2[i]),
                "share": float(km2 / world_km2[i]), "capitals_inside": capitals,
                "reaches_other_side": {site_side, side} == {"NATO", "CSTO"},
            })
    return _table(rows, "coverage")


def distances(seeds, as_of: dt.date) -> pd.DataFrame:
    """Geodesic distance from each site to the borders of the other side's nearby states.

    Each S-300 site (CSTO) is measured to Lithuania, Poland and Latvia; each
    NATO/US site (romania_interceptor and epaa layers) to Russia and Belarus.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
    as_of : datetime.date

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
    for layer, frame in _site_layers(seeds, as_of).items():
        site_side = SITE_SIDES[layer]
        for site in frame.itertuples(index=False):
            base = {"site_id": site.id, "site_name": site.name, "layer": layer, "site_side": site_side,
                    "system": site.system, "stands_for": site.stands_for,
                    "precision_km": float(site.precision_km)}
            measured = []
            for country in DISTANCE_TARGETS[site_side]:
                km, lon, lat = _nearest_on_border(site.geometry.x, site.geometry.y, country)
                inside = bool(_lonlat_country(country).contains(site.geometry))
                measured.append({**base, "target": country, "country": country, "distance_km": km,
                                 "border_lon": lon, "border_lat": lat, "inside": inside})
            nearest = min(measured, key=lambda row: row["distance_km"])
            rows.extend(measured + [{**nearest, "target": "nearest"}])
    for row in rows:
        row["distance_min_km"] = max(0.0, row["distance_km"] - row["precision_km"])
        row["distance_max_km"] = row["distance_km"] + row["precision_km"]
    return _table(rows, "distances")


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


def proposals(seeds) -> pd.DataFrame:
    """The 2010-2011 proposals side by side on the timeline, with their sources.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
        Used to check that every cited source id exists.

    Returns
    -------
    pandas.DataFrame
        :data:`PROPOSALS` as a table, columns ``COLUMNS["proposals"]``,
        sorted by date proposed (stable).

    Raises
    ------
    ValueError
        If a cited source id is not in ``seeds.sources``.
    """
    for proposal in PROPOSALS:
        missing = [s for s in proposal["sources"].split(";") if s not in seeds.sources.index]
        if missing:
            raise ValueError(f"proposal {proposal['id']!r} cites unknown source(s) {', '.join(missing)}")
    rows = sorted(PROPOSALS, key=lambda p: p["date_proposed"])
    return _table([dict(p) for p in rows], "proposals")


def analysis_tables(seeds, as_of: dt.date, figures: dict[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """All four tables for ``as_of``: ``coverage``, ``distances``, ``sectors``, ``proposals``.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
    as_of : datetime.date
    figures : dict of str to str, optional
        Range figure per system for :func:`coverage`.

    Returns
    -------
    dict of str to pandas.DataFrame
    """
    return {"coverage": coverage(seeds, as_of, figures), "distances": distances(seeds, as_of),
            "sectors": sectors_table(seeds, as_of), "proposals": proposals(seeds)}


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def output_format(path: str | os.PathLike) -> str:
    """``"csv"`` or ``"json"`` from the file extension.

    Raises
    ------
    ValueError
        Naming the path, for any other extension.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _FORMATS:
        raise ValueError(f"cannot write analysis to {str(path)!r}: use a .csv or .json file")
    return _FORMATS[suffix]


def write_analysis(tables: dict[str, pd.DataFrame], path: str | os.PathLike) -> Path:
    """Write the tables to one CSV (long format) or JSON file, by extension.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        As returned by :func:`analysis_tables`.
    path : path
        ``*.csv``: one table with a ``table`` column first, then the union of
        the tables' columns in order of first appearance (empty where a column
        does not belong to the row's table). ``*.json``: an object mapping each
        table name to a list of records (null for missing values).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        Naming the path, if the extension is neither .csv nor .json.
    """
    path = Path(path)
    fmt = output_format(path)
    if fmt == "csv":
        columns = ["table"] + list(dict.fromkeys(c for frame in tables.values() for c in frame.columns))
        frames = [frame.assign(table=name) for name, frame in tables.items()]
        long = pd.concat(frames, ignore_index=True, sort=False) if frames else pd.DataFrame()
        long.reindex(columns=columns).to_csv(path, index=False, lineterminator="\n")
    else:
        document = {name: [{k: _plain(v) for k, v in record.items()} for record in frame.to_dict("records")]
                    for name, frame in tables.items()}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
                        encoding="utf-8")
    return path


def _plain(value):
    """A JSON-ready Python value (NaN -> None, numpy scalars -> Python)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _table(rows: list[dict], name: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[name])

"""Analysis beyond a picture: coverage, distances, sector shares and the proposals as tables.

Every function is pure: it takes layers already built for a date (an
:class:`AnalysisLayers`, made by :func:`layers.registry.analysis_layers`, which
reuses what the caller has built) and returns a :class:`pandas.DataFrame` (the
same inputs give the same numbers). Nothing here builds a layer, so the map,
the app's cache and these tables always agree, and this package imports
nothing above :mod:`geo`.

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
    ``seeds/capitals.csv`` holds capital coordinates (degrees, to about 1 km) for
    the NATO and CSTO states and their European and Caucasian/Middle-Eastern
    neighbours. A capital is inside a ring when its geodesic distance to the
    ring's centre is at most the radius.
Uncertainty
    Site points stand for a site, a town or a region (``stands_for``) and are
    uncertain by ``precision_km``; every per-site row carries it. Range rings
    are press figures with a ``figure_confidence``; by default only rings of
    systems in place at the date are counted (``capability``). The sectors are
    an interpretation drawn by a selectable model (:mod:`geo.sectors`; every
    sectors row names its ``model``). Numbers are given at full float
    precision, which is not their accuracy.

Examples
--------
>>> import datetime as dt
>>> from geo.seeds import load_seeds
>>> from layers.registry import analysis_layers
>>> seeds = load_seeds()
>>> tables = analysis_tables(seeds, analysis_layers(seeds, dt.date(2013, 10, 31)))   # doctest: +SKIP
>>> write_analysis(tables, "analysis.csv")                         # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd

from geo.analysis_seeds import load_analysis_seeds
from geo.file_formats import format_of
from geo.texts import N_
from geo.analysis.common import (
    AREA_CRS, COLUMNS, AnalysisLayers, _table, check_figures, member_sides, parse_figures, side_of,
)
from geo.analysis.coverage import coverage
from geo.analysis.distances import distances
from geo.analysis.hypothetical import what_if_coverage, what_if_distances
from geo.analysis.sector_shares import country_sector_owner, sector_models_table, sectors_table

__all__ = [
    "AREA_CRS", "COLUMNS", "AnalysisLayers",
    "analysis_tables", "check_figures", "country_sector_owner", "coverage",
    "distances", "member_sides", "output_format", "parse_figures", "proposals", "sector_models_table", "sectors_table",
    "side_of",
    "write_analysis",
]

_FORMATS = {".csv": "csv", ".json": "json"}


# --------------------------------------------------------------------------
# The tables (coverage, distances and sectors live in their own modules)
# --------------------------------------------------------------------------


def proposals(seeds) -> pd.DataFrame:
    """The 2010-2011 proposals side by side on the timeline, with their sources.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
        The seed folder whose ``proposals.csv`` is read (:mod:`geo.analysis_seeds`).

    Returns
    -------
    pandas.DataFrame
        ``proposals.csv`` as a table, columns ``COLUMNS["proposals"]``,
        sorted by date proposed (stable).

    Raises
    ------
    geo.seeds.SeedError
        If the file does not validate (a cited source id not in ``sources.csv`` included).
    """
    table = load_analysis_seeds(seeds).proposals  # its sources checked against sources.csv when read
    rows = [{**{k: v for k, v in row.items() if not k.startswith("_")}, "id": pid,
             "date_proposed": row["date_proposed"].isoformat(), "status_date": row["status_date"].isoformat(),
             "sources": ";".join(row["sources"])}
            for pid, row in table.iterrows()]
    rows.sort(key=lambda p: p["date_proposed"])
    return _table(rows, "proposals")


def analysis_tables(seeds, built: AnalysisLayers) -> dict[str, pd.DataFrame]:
    """All tables for the layers of one date: ``coverage``, ``distances``, ``sectors``,
    ``sector_models``, ``proposals``.

    Parameters
    ----------
    seeds : geo.seeds.Seeds
    built : AnalysisLayers
        The layers as built for the date and options (range figures, planned
        capability, sector models, hypothetical sites):
        :func:`layers.registry.analysis_layers`, which reuses layers the
        caller has built already. Hypothetical sites add rows to ``coverage``
        and ``distances`` with ``hypothetical`` True (False on every other row).

    Returns
    -------
    dict of str to pandas.DataFrame
    """
    sides = built.sides
    return {"coverage": _with(coverage(seeds, built.rings, sides, built.site_sides),
                              what_if_coverage(built.what_if, sides, load_analysis_seeds(seeds).capital_points())),
            "distances": _with(distances(built.sites, built.site_sides), what_if_distances(built.what_if)),
            "sectors": sectors_table(built.sectors[built.sectors_model], sides),
            "sector_models": sector_models_table(built.sectors, sides), "proposals": proposals(seeds)}


def _with(recorded: pd.DataFrame, hypothetical: pd.DataFrame) -> pd.DataFrame:
    """Recorded rows, then the hypothetical sites' rows (``hypothetical`` True)."""
    if not len(hypothetical):
        return recorded
    if not len(recorded):
        return hypothetical
    return pd.concat([recorded, hypothetical], ignore_index=True)


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
    return format_of(path, _FORMATS, N_("analysis"))


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

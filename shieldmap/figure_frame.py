"""The figure's map area: the asked lon/lat box, drawn in ETRS89 / LAEA Europe (EPSG:3035), and what is drawn in it.

The figure's frame is the projected box's envelope, a rectangle; the box itself projects to a curved
quadrilateral inside it (its meridians converge to the north, its parallels bow). The map used to fill
the whole envelope while the sectors (built for their theatre, :data:`geo.sector_borders.THEATRE`, the
default box) stopped at the theatre's meridians and parallels: Russia's sector ended on a straight line
through Russia at 60° E, and the land no sector holds ended on straight chords of 30° N over the Levant,
construction lines that looked like data (issue 34.7). Now every geometry is cut to the asked box in
lon/lat and densified along its cuts before it is projected: the map is the box itself, its edges are
its meridians and parallels, and a layer's edge inside the map is the layer's own (a border, or a line
the model states), never the box's. Outside the box the frame is paper.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer

from geo import texts
from geo.sector_borders import THEATRE
from shieldmap.i18n import N_

CRS = "EPSG:3035"
CRS_NAME = "ETRS89-extended / LAEA Europe (EPSG:3035)"
DEFAULT_BBOX = (THEATRE["west"], THEATRE["south"], THEATRE["east"], THEATRE["north"])  # the sectors' theatre
STEP_DEG = 0.25
"""Longest segment (degrees) of a cut or a long edge before projection: it follows its meridian or parallel."""
TO_MAP = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
TO_LONLAT = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)


def map_area(bbox) -> shapely.Polygon:
    """The lon/lat box ``bbox`` (W, S, E, N) as drawn: projected, its edges densified; a one-line
    :class:`geo.texts.TextError` when it cannot be drawn in the projection."""
    edge = shapely.segmentize(shapely.box(*bbox, ccw=True), STEP_DEG)
    xs, ys = TO_MAP.transform(*np.asarray(edge.exterior.coords).T)
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        raise texts.TextError(N_("bbox {bbox} cannot be drawn in {crs}"), bbox=",".join(f"{v:g}" for v in bbox), crs=CRS)
    return shapely.make_valid(shapely.Polygon(np.column_stack([xs, ys])))


def extent(bbox) -> tuple[float, float, float, float]:
    """The frame: the envelope of :func:`map_area` (projected metres)."""
    west, south, east, north = map_area(bbox).bounds
    return float(west), float(south), float(east), float(north)


def project(frame: gpd.GeoDataFrame, bbox, tolerance: float = 0) -> gpd.GeoDataFrame:
    """``frame`` (EPSG:4326) cut to ``bbox`` in lon/lat, densified, projected to :data:`CRS` and simplified to
    ``tolerance`` metres; what is left empty dropped."""
    cut = shapely.clip_by_rect(np.asarray(frame.geometry.values), *bbox)
    keep = ~(shapely.is_missing(cut) | shapely.is_empty(cut))
    cut = shapely.segmentize(cut[keep], STEP_DEG)
    projected = gpd.GeoSeries(cut, crs="EPSG:4326").to_crs(CRS).values
    if tolerance:
        projected = shapely.simplify(np.asarray(projected), tolerance, preserve_topology=True)
    kept = frame[keep].set_geometry(list(projected), crs=CRS)
    return kept[~kept.geometry.is_empty]

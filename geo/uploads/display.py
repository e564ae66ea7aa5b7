"""What the map shows of an upload: bounded text, properties and geometry.

The frame an upload gives keeps everything (exports write it whole). What the map shows of it
(:func:`for_display`, the app and the HTML export alike) is bounded by what a browser can take:

- each property value cut to :data:`DISPLAY_TEXT` characters, and less when the layer's text
  would pass :data:`DISPLAY_BUDGET` characters, so escaping cannot turn a 5 MiB file into hundreds
  of MiB of map data;
- the first :data:`DISPLAY_PROPERTIES` properties in a popup, then one line "… and N more" (a
  2.4 MB CSV of 499 columns was 54 MB of popups);
- at most :data:`DISPLAY_VERTICES` vertices of lines and polygons (simplified, with a growing
  tolerance, until under) and :data:`DISPLAY_POINTS` point markers (a multi-point thinned evenly):
  a 500,000-point MultiPoint is 500,000 markers, which froze the browser's tab.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import shapely

from geo.features import COMMON_COLUMNS
from geo.texts import N_, Nn_, Text

DISPLAY_TEXT = 300
"""Most characters of one property value on the map."""
DISPLAY_BUDGET = 1_000_000
"""Most characters of property text in one uploaded layer on the map."""
DISPLAY_PROPERTIES = 20
"""Most of a feature's own properties listed in its popup (the others are counted: "… and N more")."""
DISPLAY_VERTICES = 100_000
"""Most vertices of lines and polygons drawn for one uploaded layer (simplified beyond)."""
DISPLAY_POINTS = 5_000
"""Most point markers drawn for one uploaded layer (multi-points thinned beyond)."""
MORE = "…"
"""The popup line that counts the properties not listed."""
_OURS = (*COMMON_COLUMNS, "geometry")
_POINTS = (0, 4)  # Point, MultiPoint
_NESTED = (4, 5, 6, 7)  # the multi-part types and GeometryCollection


def _own(frame: gpd.GeoDataFrame) -> list[str]:
    return [c for c in frame.columns if c not in _OURS]


def _text_columns(frame: gpd.GeoDataFrame) -> list[str]:
    return [c for c in frame.columns if c not in ("id", "layer", "kind", "sources", "citations", "geometry")
            and frame[c].dtype == object]


def display_cap(frame: gpd.GeoDataFrame) -> int:
    """Characters kept of each value: :data:`DISPLAY_TEXT`, or fewer for a wide or long layer."""
    cells = len(frame) * max(min(len(_text_columns(frame)), DISPLAY_PROPERTIES + 1), 1)
    return max(20, min(DISPLAY_TEXT, DISPLAY_BUDGET // max(cells, 1)))


def _shown_columns(frame: gpd.GeoDataFrame) -> list[str]:
    hidden = set(_own(frame)[DISPLAY_PROPERTIES:])
    return [c for c in frame.columns if c not in hidden]


def shortened(frame: gpd.GeoDataFrame) -> int:
    """How many values the map shows shortened."""
    cap, shown = display_cap(frame), set(_shown_columns(frame))
    return sum(int(frame[c].map(lambda v: isinstance(v, str) and len(v) > cap).sum())
               for c in _text_columns(frame) if c in shown)


def _point_count(geometry: np.ndarray) -> int:
    points = np.isin(shapely.get_type_id(geometry), _POINTS)
    return int(shapely.get_num_coordinates(geometry[points]).sum())


def _vertex_count(geometry: np.ndarray) -> int:
    return int(shapely.get_num_coordinates(geometry).sum()) - _point_count(geometry)


def _thin(geometry, step: int):
    if shapely.get_type_id(geometry) != 4 or step <= 1:
        return geometry
    return shapely.MultiPoint(shapely.get_coordinates(geometry)[::step])


def _runs(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a sorted index (one value per run): each element's position in its run, and its run's length."""
    if not len(index):
        return index, index
    starts = np.r_[0, np.flatnonzero(np.diff(index)) + 1]
    lengths = np.diff(np.r_[starts, len(index)])
    return np.arange(len(index)) - np.repeat(starts, lengths), np.repeat(lengths, lengths)


def _flatten(geometry: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every simple part of the geometries and the index of its geometry (collections opened a level at a time)."""
    parts, owner, found = geometry, np.arange(len(geometry)), []
    while len(parts):
        nested = np.isin(shapely.get_type_id(parts), _NESTED)
        found.append((parts[~nested], owner[~nested]))
        sub, index = shapely.get_parts(parts[nested], return_index=True)
        parts, owner = sub, owner[nested][index]
    parts = np.concatenate([p for p, _ in found]) if found else geometry[:0]
    owner = np.concatenate([o for _, o in found]) if found else owner[:0]
    order = np.argsort(owner, kind="stable")
    parts, owner = parts[order], owner[order]
    keep = ~(shapely.is_missing(parts) | shapely.is_empty(parts))
    return parts[keep], owner[keep]


def _decimate(geometry: np.ndarray, step: int) -> np.ndarray:
    """Each line and ring with every ``step``-th vertex (ends kept; a small ring keeps a triangle): linear
    time whatever the shape (GEOS's simplify took 40 s on a 200,000-vertex zigzag)."""
    parts, owner = _flatten(geometry)
    kind = shapely.get_type_id(parts)
    lines = np.isin(kind, (1, 2))
    if lines.any():
        coords, index = shapely.get_coordinates(parts[lines], return_index=True)
        position, length = _runs(index)
        keep = (position % step == 0) | (position == length - 1)
        parts[lines] = shapely.linestrings(coords[keep], indices=index[keep])
    polygons = kind == 3
    if polygons.any():
        rings, polygon = shapely.get_rings(parts[polygons], return_index=True)
        coords, index = shapely.get_coordinates(rings, return_index=True)
        position, length = _runs(index)
        keep = (position % step == 0) | (position == length - 1) | ((length < 4 * step) & (position < 3))
        rings = shapely.linearrings(coords[keep], indices=index[keep])
        parts[polygons] = shapely.polygons(rings, indices=polygon)
    out = np.full(len(geometry), None, dtype=object)
    if len(parts):
        shapely.geometrycollections(parts, indices=owner, out=out)
        single = np.bincount(owner, minlength=len(geometry)) == 1
        out[single] = parts[np.isin(owner, np.flatnonzero(single))]
    return out


def display_geometry(geometry: np.ndarray) -> np.ndarray:
    """The geometry within :data:`DISPLAY_POINTS` markers and :data:`DISPLAY_VERTICES` vertices."""
    geometry = np.asarray(geometry, dtype=object)
    points = _point_count(geometry)
    if points > DISPLAY_POINTS:
        step = math.ceil(points / DISPLAY_POINTS)
        geometry = np.array([_thin(g, step) if g is not None else None for g in geometry], dtype=object)
    vertices = _vertex_count(geometry)
    if vertices <= DISPLAY_VERTICES:
        return geometry
    shaped = np.flatnonzero(~np.isin(shapely.get_type_id(geometry), (-1, *_POINTS)))
    step = math.ceil(vertices / DISPLAY_VERTICES)
    while True:
        out = geometry.copy()
        out[shaped] = _decimate(geometry[shaped], step)
        if _vertex_count(out) <= DISPLAY_VERTICES or step > vertices:
            return out
        step *= 2


def more_properties(frame: gpd.GeoDataFrame) -> Text | None:
    """The popup's line for the properties left out of it (None: every property is listed): a :class:`Text`, so a
    front end shows it in its reader's language (``shieldmap.i18n.explain``)."""
    left_out = len(_own(frame)) - DISPLAY_PROPERTIES
    if left_out <= 0:
        return None
    return Nn_("and {n} more property (the downloads have them all)",
               "and {n} more properties (the downloads have them all)", left_out)


def for_display(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of an uploaded layer for the map: text cut to :func:`display_cap` characters (+ "…"), the first
    :data:`DISPLAY_PROPERTIES` properties and a count of the others, geometry within the drawing limits."""
    cap = display_cap(frame)
    out = frame[_shown_columns(frame)].copy()
    for column in _text_columns(out):
        out[column] = out[column].map(lambda v: v[:cap] + "…" if isinstance(v, str) and len(v) > cap else v)
    more = more_properties(frame)
    if more is not None:
        out.insert(len(out.columns) - 1, MORE, more)
    out.geometry = display_geometry(out.geometry.values)
    return out


def display_note(frame: gpd.GeoDataFrame) -> list[Text]:
    """Notes on what the map shows shortened, left out of popups or simplified."""
    notes = []
    count = shortened(frame)
    if count:
        notes.append(Nn_("{n} long text value shortened to {cap} characters on the map (exports keep them whole)",
                         "{n} long text values shortened to {cap} characters on the map (exports keep them whole)",
                         count, cap=display_cap(frame)))
    own = len(_own(frame))
    if own > DISPLAY_PROPERTIES:
        notes.append(Text(N_("Popups list the first {first} of the {own:,} properties (the downloads have them all)"),
                          first=DISPLAY_PROPERTIES, own=own))
    geometry = np.asarray(frame.geometry.values, dtype=object)
    points, vertices = _point_count(geometry), _vertex_count(geometry)
    if points > DISPLAY_POINTS:
        notes.append(Text(N_("{points:,} points drawn as about {drawn:,} (every {step}th of each multi-point) on the "
                             "map; the downloads keep every point"), points=points, drawn=DISPLAY_POINTS,
                          step=math.ceil(points / DISPLAY_POINTS)))
    if vertices > DISPLAY_VERTICES:
        notes.append(Text(N_("Lines and polygons simplified on the map: {vertices:,} vertices drawn with at most "
                             "{drawn:,}; the downloads keep every vertex"), vertices=vertices, drawn=DISPLAY_VERTICES))
    return notes

"""How deeply a file nests, measured without recursion, before anything recurses into it.

A ``GEOMETRYCOLLECTION(`` nested 20,000 deep is 0.4 MB of CSV. GEOS parses it, but every
later step recurses once per level: WKB (how a geometry is pickled) crashed the server
unpickling it from ~15,000 levels, and the display conversion raised ``RecursionError`` on
every rerun from ~500. So the nesting is bounded (:attr:`Limits.max_nesting` levels) in the
worker, first by a pass over the text (brackets in WKT and GeoJSON, elements in KML, counted
with numpy, not parsed), then on the geometries read (collections in collections, from any
format, GeoPackage and Shapefile WKB included), walked a level at a time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import shapely

from geo.texts import N_, Text
from geo.uploads.errors import UploadError

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NESTED_TYPES = (4, 5, 6, 7)  # MultiPoint, MultiLineString, MultiPolygon, GeometryCollection


def _depth(opens: np.ndarray, closes: np.ndarray) -> int:
    """The deepest running count of ``opens`` minus ``closes`` (boolean masks of one text)."""
    if not opens.any():
        return 0
    steps = opens.astype(np.int32) - closes.astype(np.int32)
    return int(np.cumsum(steps).max())


def bracket_depth(data: bytes, opening: bytes, closing: bytes) -> int:
    """The deepest nesting of the bracket characters in ``opening``/``closing`` in ``data``."""
    array = np.frombuffer(data, dtype=np.uint8)
    return _depth(np.isin(array, list(opening)), np.isin(array, list(closing)))


def json_depth(data: bytes) -> int:
    """Nesting of arrays and objects in a JSON text (strings blanked first: brackets in text do not count)."""
    return bracket_depth(_JSON_STRING.sub(b'""', data), b"[{", b"]}")


def xml_depth(data: bytes) -> int:
    """Nesting of elements in an XML text: ``<name`` opens, ``</`` and ``/>`` close (comments, CDATA
    and declarations do not open; a tag written inside a comment counts, an overestimate)."""
    array = np.frombuffer(data, dtype=np.uint8)
    if len(array) < 2:
        return 0
    head, tail = array[:-1], array[1:]
    letter = ((tail | 0x20) >= ord("a")) & ((tail | 0x20) <= ord("z")) | (tail == ord("_")) | (tail >= 0x80)
    opens = (head == ord("<")) & letter
    closes = ((head == ord("<")) & (tail == ord("/"))) | ((head == ord("/")) & (tail == ord(">")))
    return _depth(opens, closes)


def check_text(name: str, depth: int, what: str, limit: int) -> None:
    if depth > limit:
        raise UploadError(name, Text(N_("nested too deeply: {depth:,} levels of {what} (limit {limit:,} levels)"),
                                     words=("what",), depth=depth, what=what, limit=limit))


def check_wkt(name: str, cells: np.ndarray, where: Sequence[str], limit: int) -> None:
    """Each WKT text's parentheses nest at most ``limit`` deep (before GEOS parses any of them)."""
    for index, text in enumerate(cells):
        if text is None or text.count("(") <= limit:  # cannot nest deeper than it opens
            continue
        depth = bracket_depth(text.encode("utf-8", "replace"), b"(", b")")
        if depth > limit:
            raise UploadError(name, Text(N_("geometry nested too deeply in {where}: {depth:,} levels of parentheses "
                                            "in its WKT (limit {limit:,} levels)"), where=where[index], depth=depth,
                                         limit=limit))


def geometry_depth(geometry: np.ndarray, limit: int) -> np.ndarray:
    """Levels of each geometry (1 simple, 2 a multi-part or a collection of simple ones, ...), counted a
    level at a time; counting stops past ``limit`` (such a geometry is given ``limit + 1``)."""
    geometry = np.asarray(geometry, dtype=object)
    depth = np.where(shapely.is_missing(geometry), 0, 1)
    owners = np.flatnonzero(np.isin(shapely.get_type_id(geometry), _NESTED_TYPES))
    current = geometry[owners]
    level = 1
    while len(current) and level <= limit:
        level += 1
        depth[owners] = level
        parts, index = shapely.get_parts(current, return_index=True)
        nested = np.isin(shapely.get_type_id(parts), _NESTED_TYPES)
        owners, current = owners[index[nested]], parts[nested]
    return depth


def check_geometry(name: str, geometry: np.ndarray, where: Sequence[str], limit: int) -> None:
    """Refuse the first geometry nested more than ``limit`` levels deep, naming where it is."""
    depth = geometry_depth(geometry, limit)
    if len(depth) and depth.max() > limit:
        first = int(np.flatnonzero(depth > limit)[0])
        raise UploadError(name, Text(N_("geometry nested too deeply in {where}: more than {limit:,} levels of "
                                        "collections (limit {limit:,} levels)"), where=where[first], limit=limit))

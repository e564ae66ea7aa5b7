"""Geometry of an upload: CRS to WGS84, range checks, vertex counting and repair."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.texts import N_, Nn_, Text
from geo.uploads.errors import UploadError, short_reason
from geo.uploads.nesting import check_geometry
from geo.uploads.table import Limits, Table

QUERY_CHUNK = 256

FAMILY = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
          "LinearRing": "line", "Polygon": "polygon", "MultiPolygon": "polygon",
          "GeometryCollection": "collection"}
"""The family (point, line, polygon, collection) of each geometry type; a repair keeps the family."""


def to_wgs84(name: str, frame: gpd.GeoDataFrame, layer: str | None, messages: list[Text]) -> gpd.GeoDataFrame:
    where = Text(N_(" (layer {layer})"), layer=repr(layer)) if layer else ""
    if frame.crs is None:
        geometry = np.asarray(frame.geometry.values, dtype=object)
        bad = out_of_range(geometry)
        if bad.any():
            first = int(np.flatnonzero(bad)[0]) + 1
            raise UploadError(name, Text(N_("no CRS{where} and the coordinates are not longitude/latitude: {count} out "
                                            "of range (first: feature {first}); add a .prj/CRS or use WGS84"),
                                         where=where, count=counted("feature", int(bad.sum())), first=first))
        messages.append(Text(N_("No CRS in the file{where}: coordinates taken as WGS84 longitude/latitude (EPSG:4326)"),
                             where=where))
        return frame.set_crs(4326)
    if frame.crs.equals("EPSG:4326") or frame.crs.to_epsg() == 4326:
        return frame.set_crs(4326, allow_override=True)
    source = frame.crs.to_string() if frame.crs.to_epsg() is None else f"EPSG:{frame.crs.to_epsg()}"
    try:
        out = frame.to_crs(4326)
    except Exception as error:
        raise UploadError(name, Text(N_("cannot reproject from {source} to EPSG:4326: {detail}"), source=source,
                                     detail=short_reason(error))) from None
    messages.append(Text(N_("Reprojected{where} from {source} ({crs}) to EPSG:4326 (WGS84)"), where=where, source=source,
                         crs=frame.crs.name))
    return out


def clean_geometry(name: str, table: Table, limits: Limits) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Check the table's geometry (present, not too many vertices, in range) and repair what is invalid.

    Returns the geometry (2D, repaired in place of the invalid ones), a mask of the rows to keep
    (not empty, not invalid beyond repair) and notes on what was done. A polygon that crosses
    itself more than ``limits.max_repair_crossings`` times is refused before any repair: repair
    time grows with the crossings (a 2,001-point star has a million).
    """
    messages: list[str] = []
    geometry = np.asarray(table.geometry, dtype=object)
    _check_present(name, table, geometry)
    _check_limits(name, table, geometry, limits)
    geometry = drop_zm(geometry, table.unit, messages)
    empty = shapely.is_missing(geometry) | shapely.is_empty(geometry)
    keep = ~empty
    invalid = keep & ~shapely.is_valid(geometry)
    repaired, dropped = _repair_invalid(name, table, geometry, keep, invalid, limits.max_repair_crossings)
    if invalid.any():
        messages.append(Nn_("{n} invalid geometry repaired, {dropped} dropped",
                            "{n} invalid geometries repaired, {dropped} dropped", repaired, dropped=dropped))
    if empty.any():
        messages.append(Text(N_("{count} without geometry dropped"), count=counted(table.unit, int(empty.sum()))))
    if not keep.any():
        raise UploadError(name, Nn_("no geometry: all {n} rows were empty or invalid beyond repair",
                                    "no geometry: all {n} rows were empty or invalid beyond repair", len(geometry))
                          if table.unit == "row" else
                          Nn_("no geometry: all {n} features were empty or invalid beyond repair",
                              "no geometry: all {n} features were empty or invalid beyond repair", len(geometry)))
    return geometry, keep, messages


def _check_present(name: str, table: Table, geometry: np.ndarray) -> None:
    """:class:`UploadError` if no row (feature) of the table has a geometry."""
    if len(geometry) and not shapely.is_missing(geometry).all():
        return
    raise UploadError(name, (Text(N_("no geometry: the only row has none")) if table.unit == "row"
                             else Text(N_("no geometry: the only feature has none"))) if len(geometry) == 1
                      else Nn_("no geometry: none of the {n} rows has a geometry",
                               "no geometry: none of the {n} rows has a geometry", len(geometry))
                      if table.unit == "row" else Nn_("no geometry: none of the {n} features has a geometry",
                                                      "no geometry: none of the {n} features has a geometry",
                                                      len(geometry)))


def _check_limits(name: str, table: Table, geometry: np.ndarray, limits: Limits) -> None:
    """:class:`UploadError` if the geometry nests too deep, has too many vertices or coordinates out of range
    (checked in that order: the later steps recurse into the geometry)."""
    check_geometry(name, geometry, table.where, limits.max_nesting)
    vertices = count_vertices(geometry)
    if vertices > limits.max_vertices:
        raise UploadError(name, Text(N_("too many vertices: {vertices:,} (limit {limit:,}); simplify the data first"),
                                     vertices=vertices, limit=limits.max_vertices))
    bad = out_of_range(geometry)
    if bad.any():
        first = table.where[int(np.flatnonzero(bad)[0])]
        raise UploadError(name, Text(N_("coordinates out of range in {count} (first: {first}); expected longitude "
                                        "-180..180 and latitude -90..90{hint}"),
                                     count=counted(table.unit, int(bad.sum())), first=first, hint=table.hint))


def _repair_invalid(name: str, table: Table, geometry: np.ndarray, keep: np.ndarray, invalid: np.ndarray,
                    budget: int) -> tuple[int, int]:
    """Repair the ``invalid`` geometries in place (one beyond repair is no longer kept); how many were repaired
    and dropped. :class:`UploadError` once their edges cross more than ``budget`` times in all, before the
    repair that would pass it."""
    repaired = dropped = 0
    for i in np.flatnonzero(invalid):
        crossings = count_crossings(geometry[i], budget)
        if crossings > budget:
            raise UploadError(name, Text(N_("invalid geometry too complex to repair in {where}: its edges cross more "
                                            "than {limit:,} times (limit {limit:,}); repair it in a GIS first"),
                                         where=table.where[i], limit=budget))
        budget -= crossings
        fixed = repair(geometry[i])
        if fixed is None:
            keep[i] = False
            dropped += 1
        else:
            geometry[i] = fixed
            repaired += 1
    return repaired, dropped


def drop_zm(geometry: np.ndarray, unit: str, messages: list[str]) -> np.ndarray:
    """The geometry in 2D; a note if Z (height) or M (measure) values were dropped."""
    present = ~shapely.is_missing(geometry)
    has_z = present & shapely.has_z(geometry)
    has_m = present & shapely.has_m(geometry) if hasattr(shapely, "has_m") else np.zeros(len(geometry), bool)
    for mask, what in ((has_z, N_("Z (height)")), (has_m, N_("M (measure)"))):
        if mask.any():
            messages.append(Text(N_("{what} values dropped from {count}: the map is 2D"), words=("what",), what=what,
                                 count=counted(unit, int(mask.sum()))))
    return shapely.force_2d(geometry) if (has_z | has_m).any() else geometry


def counted(unit: str, n: int) -> Text:
    """``"3 rows"``, ``"1 feature"``: ``n`` of a table's ``unit`` (``"row"`` or ``"feature"``), in the reader's
    language's plural form."""
    return Nn_("{n} row", "{n} rows", n) if unit == "row" else Nn_("{n} feature", "{n} features", n)


def count_crossings(geometry, budget: int) -> int:
    """How many times the polygon's edges cross or touch, beyond neighbours (0 for non-polygons).

    Counted with a tree of edges, a chunk of edges at a time, stopping once over ``budget``.
    """
    if FAMILY.get(geometry.geom_type) != "polygon":
        return 0
    rings = shapely.get_rings(shapely.get_parts(geometry))
    edges = []
    for ring in rings:
        xy = shapely.get_coordinates(ring)
        if len(xy) > 1:
            edges.append(shapely.linestrings(np.stack([xy[:-1], xy[1:]], axis=1)))
    if not edges:
        return 0
    lines = np.concatenate(edges)
    tree = shapely.STRtree(lines)
    pairs = 0
    for start in range(0, len(lines), QUERY_CHUNK):
        chunk = lines[start:start + QUERY_CHUNK]
        pairs += tree.query(chunk, predicate="intersects").shape[1] - 3 * len(chunk)  # itself and 2 neighbours
        if pairs // 2 > budget:
            break
    return max(pairs // 2, 0)


def count_vertices(geometry: np.ndarray) -> int:
    """The number of coordinate pairs in all the geometries (missing ones count 0)."""
    return int(shapely.get_num_coordinates(geometry).sum())


def repair(geometry):
    """``make_valid`` if the result keeps the geometry family (parts of other families are cut off)."""
    family = FAMILY[geometry.geom_type]
    try:  # "structure" (rings unioned) is faster than "linework" and always keeps a polygon polygonal
        fixed = shapely.make_valid(geometry, method="structure" if family == "polygon" else "linework")
    except Exception:
        return None
    if family == "collection":
        return fixed if not fixed.is_empty and fixed.is_valid else None
    parts = [p for p in shapely.get_parts(fixed) if FAMILY.get(p.geom_type) == family and not p.is_empty]
    if not parts:
        return None
    if len(parts) == 1:
        result = parts[0]
    else:
        result = {"point": shapely.MultiPoint, "line": shapely.MultiLineString,
                  "polygon": lambda ps: shapely.MultiPolygon([q for p in ps for q in shapely.get_parts(p)])}[family](parts)
        if family == "polygon" and not result.is_valid:
            result = shapely.union_all(parts)
    return result if result.is_valid and not result.is_empty else None


def out_of_range(geometry: np.ndarray) -> np.ndarray:
    bounds = shapely.bounds(geometry)  # NaN for missing/empty
    with np.errstate(invalid="ignore"):
        present = ~np.isnan(bounds).all(axis=1)
        ok = (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180) & (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90)
    coords_finite = np.array([bool(np.isfinite(shapely.get_coordinates(g)).all()) if g is not None else True
                              for g in geometry]) if len(geometry) else np.zeros(0, bool)
    return present & (~ok | ~coords_finite)

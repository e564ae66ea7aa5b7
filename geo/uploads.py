"""Read a user's own map data (GeoJSON, KML, GeoPackage, zipped Shapefile, CSV) safely.

:func:`read_upload` turns one uploaded file into an :class:`UploadResult`: a
layer id (``user_<slug>``), a title, and a GeoDataFrame in EPSG:4326 shaped
like every other layer (:data:`geo.features.COMMON_COLUMNS` first, then the
file's own properties), plus human-readable notes on what was done to it.
:func:`read_uploads` reads several files and collects one error line per bad
file, so one bad file never loses the others.

Everything is read through GDAL (pyogrio/geopandas), except CSV, which pandas
reads as text and whose lat/lon or WKT columns become geometry. Any CRS is
reprojected to EPSG:4326; a file without a CRS is taken as WGS84 only if its
coordinates are longitude/latitude. Invalid geometries are repaired with
``shapely.make_valid`` when the result keeps the geometry family (a polygon
stays polygonal), otherwise dropped; empty geometries are dropped.

Limits (see :data:`MAX_BYTES`, :data:`MAX_FEATURES`, :data:`MAX_VERTICES`,
:data:`MAX_UNZIPPED_BYTES`): files over them are refused with a clear reason.

Hostile input stays inert: names, property keys and values are kept as plain
text (never HTML); nested values become JSON strings. Nothing is escaped here:
the display layer escapes, with :func:`safe_text` or ``html.escape``.

Every failure is an :class:`UploadError` whose text is ``"<file>: <reason>"``;
no GDAL exception or traceback escapes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import json
import math
import re
import tempfile
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.features import COMMON_COLUMNS

MAX_BYTES = 5 * 1024 * 1024
"""Largest accepted file (5 MiB), before any unzipping."""
MAX_FEATURES = 5000
"""Most features (or CSV rows) in one file."""
MAX_VERTICES = 500_000
"""Most coordinate pairs in one file, to keep the browser responsive."""
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
"""Largest total size of the Shapefile parts inside a zip once unpacked (zip-bomb guard)."""
SLUG_MAX = 40
"""Longest slug of the file name in a layer id (the id is ``user_`` + slug)."""

FORMATS = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".gpkg": "gpkg",
           ".zip": "shapefile", ".csv": "csv"}
"""Accepted extensions and the format each one means."""
FORMAT_NAMES = {"geojson": "GeoJSON", "kml": "KML", "gpkg": "GeoPackage",
                "shapefile": "zipped Shapefile", "csv": "CSV"}
SUPPORTED = ", ".join(FORMATS)

LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")
WKT_NAMES = ("wkt", "geometry", "geom")
NAME_KEYS = ("name", "title", "label")
KIND = "user feature"
PROPERTY_PREFIX = "prop_"

# LIBKML reports these for every placemark; they are dropped when they carry nothing.
_KML_BOILERPLATE = {"timestamp": (), "begin": (), "end": (), "altitudeMode": (), "icon": (),
                    "description": (), "tessellate": (-1, 0), "extrude": (0,), "visibility": (-1, 1),
                    "drawOrder": ()}
_GEOJSON_TYPES = {"FeatureCollection", "Feature", "Point", "MultiPoint", "LineString", "MultiLineString",
                  "Polygon", "MultiPolygon", "GeometryCollection"}
_FAMILY = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
           "LinearRing": "line", "Polygon": "polygon", "MultiPolygon": "polygon",
           "GeometryCollection": "collection"}
_MAGIC = [(b"SQLite format 3\x00", "a GeoPackage/SQLite database"), (b"PK\x03\x04", "a zip archive"),
          (b"PK\x05\x06", "a zip archive"), (b"\x89PNG", "a PNG image"), (b"%PDF", "a PDF document"),
          (b"\xff\xd8\xff", "a JPEG image")]


class UploadError(ValueError):
    """An uploaded file that cannot be used; ``str()`` is ``"<file>: <reason>"``."""

    def __init__(self, filename: str, reason: str):
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


@dataclass(frozen=True)
class UploadResult:
    layer_id: str
    title: str
    frame: gpd.GeoDataFrame
    messages: tuple[str, ...] = ()


def safe_text(value) -> str:
    """``value`` as HTML-escaped text, for the display layer."""
    return html.escape(str(value))


def layer_slug(filename: str) -> str:
    """The file name stem as lowercase ascii letters, digits and single underscores (≤ 40, never empty)."""
    stem = PurePosixPath(_basename(filename)).stem
    text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:SLUG_MAX].strip("_")
    return text or "upload"


def read_uploads(files: list[tuple[str, bytes]]) -> tuple[list[UploadResult], list[str]]:
    """Read each ``(filename, data)``; return the results and one error line per bad file.

    Layer ids are made unique in order: a second ``user_sites`` becomes ``user_sites_2``.
    """
    results: list[UploadResult] = []
    errors: list[str] = []
    taken: set[str] = set()
    for filename, data in files:
        try:
            result = read_upload(filename, data)
        except UploadError as error:
            errors.append(str(error))
            continue
        except Exception as error:  # a safety net: never a traceback in the app
            errors.append(f"{_display_name(filename)}: could not be read ({type(error).__name__})")
            continue
        layer_id, n = result.layer_id, 1
        while layer_id in taken:
            n += 1
            layer_id = f"{result.layer_id}_{n}"
        if layer_id != result.layer_id:
            result = _renamed(result, layer_id)
        taken.add(layer_id)
        results.append(result)
    return results, errors


def read_upload(filename: str, data: bytes) -> UploadResult:
    """Read one uploaded file; :class:`UploadError` if it cannot be used."""
    name = _display_name(filename)
    if data is None or len(data) == 0:
        raise UploadError(name, "the file is empty")
    if len(data) > MAX_BYTES:
        raise UploadError(name, f"the file is {_size(len(data))} ({len(data):,} bytes), over the "
                                f"{_size(MAX_BYTES)} ({MAX_BYTES:,} bytes) limit")
    suffix = PurePosixPath(_basename(filename)).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        shown = f"'{suffix}'" if suffix else "no extension"
        raise UploadError(name, f"unknown format ({shown}); supported: {SUPPORTED} "
                                f"(a Shapefile must be zipped with its .shx, .dbf and .prj)")
    if not data.strip():
        raise UploadError(name, "the file is empty (only whitespace)")
    reader = {"geojson": _read_geojson, "kml": _read_kml, "gpkg": _read_gpkg,
              "shapefile": _read_shapefile, "csv": _read_csv}[fmt]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = reader(name, data)
    layer_id = "user_" + layer_slug(filename)
    frame, messages = _finish(name, layer_id, table)
    return UploadResult(layer_id=layer_id, title=name, frame=frame,
                        messages=tuple(messages[:1] + table.messages + messages[1:]))


# --- reading each format into a _Table -------------------------------------------------------------


@dataclass
class _Table:
    """What a reader found: properties, geometry (EPSG:4326 or to be checked) and where each row came from."""

    properties: pd.DataFrame
    geometry: np.ndarray  # shapely geometries or None, in EPSG:4326
    where: list[str]  # "feature 3", "row 3", "layer 'x' feature 3"
    unit: str  # "feature" or "row"
    messages: list[str]
    kml: bool = False
    hint: str = ""  # added to the out-of-range error


def _read_geojson(name: str, data: bytes) -> _Table:
    text = _text(name, data, "GeoJSON")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UploadError(name, f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise UploadError(name, "malformed JSON: nested too deeply") from None
    kind = document.get("type") if isinstance(document, dict) else None
    if kind == "Topology":
        raise UploadError(name, "this is TopoJSON, not GeoJSON; convert it to GeoJSON first")
    if kind not in _GEOJSON_TYPES:
        raise UploadError(name, "not GeoJSON: the top level is not a FeatureCollection, Feature or geometry")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise UploadError(name, "not GeoJSON: the FeatureCollection has no \"features\" list")
        if not features:
            raise UploadError(name, "no geometry: the FeatureCollection has no features")
        if len(features) > MAX_FEATURES:
            raise UploadError(name, f"too many features: {len(features):,} (limit {MAX_FEATURES:,})")
    frame = _gdal_read(name, "GeoJSON", io.BytesIO(data))
    table = _from_frames(name, [(None, frame)], "GeoJSON")
    if "crs" not in document:
        table.hint = " (GeoJSON coordinates must be WGS84 longitude/latitude)"
    return table


def _read_kml(name: str, data: bytes) -> _Table:
    text = _text(name, data, "KML").lstrip()
    if not text.startswith("<") or "<kml" not in text[:5000].lower():
        raise UploadError(name, "not KML: the file does not start with XML and a <kml> element")
    frames, notes = _gdal_layers(name, "KML", io.BytesIO(data), label="KML folder")
    return _from_frames(name, frames, "KML", notes, kml=True)


def _read_gpkg(name: str, data: bytes) -> _Table:
    if not data.startswith(b"SQLite format 3\x00"):
        raise UploadError(name, "unreadable GeoPackage: the file is not an SQLite database"
                                + _looks_like(data, "GeoPackage"))
    with tempfile.TemporaryDirectory(prefix="shieldmap-upload-") as folder:
        path = Path(folder) / "upload.gpkg"
        path.write_bytes(data)
        frames, notes = _gdal_layers(name, "GeoPackage", path, label="GeoPackage layer")
    return _from_frames(name, frames, "GeoPackage", notes)


def _read_shapefile(name: str, data: bytes) -> _Table:
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise UploadError(name, "broken zip: the file is not a zip archive" + _looks_like(data, "zip"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UploadError(name, f"broken zip: {_short(error)}") from None
    visible = [m for m in members if not m.filename.startswith("__MACOSX/")
               and not PurePosixPath(m.filename).name.startswith(".")]
    shps = [m for m in visible if m.filename.lower().endswith(".shp")]
    if not shps:
        found = ", ".join(PurePosixPath(m.filename).name for m in visible[:8]) or "nothing"
        more = f" and {len(visible) - 8} more" if len(visible) > 8 else ""
        raise UploadError(name, f"the zip has no .shp file (found: {found}{more}); "
                                "zip one Shapefile with its .shx, .dbf and .prj")
    if len(shps) > 1:
        names = ", ".join(PurePosixPath(m.filename).name for m in shps[:8])
        raise UploadError(name, f"the zip has {len(shps)} .shp files ({names}); upload one Shapefile per zip")
    stem = shps[0].filename[:-4]
    parts = {m.filename[len(stem):].lower(): m for m in visible
             if m.filename[:len(stem)] == stem and m.filename[len(stem):].lower() in
             (".shp", ".shx", ".dbf", ".prj", ".cpg")}
    shp_name = PurePosixPath(shps[0].filename).name
    missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
    if missing:
        raise UploadError(name, f"the zip has {shp_name} but no {' or '.join(missing)} next to it; "
                                "a Shapefile needs its .shp, .shx and .dbf (and .prj for the CRS)")
    unpacked = sum(m.file_size for m in parts.values())
    if unpacked > MAX_UNZIPPED_BYTES:
        raise UploadError(name, f"the Shapefile unzips to {_size(unpacked)}, over the "
                                f"{_size(MAX_UNZIPPED_BYTES)} limit")
    messages = []
    if ".prj" not in parts:
        messages.append(f"{shp_name} has no .prj file (no CRS)")
    with tempfile.TemporaryDirectory(prefix="shieldmap-upload-") as folder:
        for ext, member in parts.items():  # our own names: nothing from the zip reaches the file system
            try:
                (Path(folder) / f"upload{ext}").write_bytes(archive.read(member))
            except (zipfile.BadZipFile, RuntimeError, OSError, ValueError, EOFError, NotImplementedError) as error:
                raise UploadError(name, f"broken zip: cannot unpack "
                                        f"{PurePosixPath(member.filename).name} ({_short(error)})") from None
        frame = _gdal_read(name, "Shapefile", Path(folder) / "upload.shp")
    table = _from_frames(name, [(None, frame)], "Shapefile")
    table.messages[:0] = messages
    return table


def _read_csv(name: str, data: bytes) -> _Table:
    if b"\x00" in data[:8192]:
        raise UploadError(name, "not a text CSV file" + _looks_like(data, "CSV"))
    try:
        text = data.decode("utf-8-sig")
        messages = []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        messages = ["The CSV is not UTF-8: read as Windows-1252 (Latin-1)"]
    header = text.lstrip("\r\n").split("\n", 1)[0]
    sep = max([",", ";", "\t", "|"], key=lambda s: (_count_outside_quotes(header, s), s == ","))
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skip_blank_lines=True, engine="c", nrows=MAX_FEATURES + 1)
    except pd.errors.EmptyDataError:
        raise UploadError(name, "the file is empty (no CSV header)") from None
    except (pd.errors.ParserError, ValueError) as error:
        raise UploadError(name, f"malformed CSV: {_short(error)}") from None
    if len(table) > MAX_FEATURES:
        raise UploadError(name, f"too many features: more than {MAX_FEATURES:,} rows (limit {MAX_FEATURES:,})")
    columns = [str(c) for c in table.columns]
    table.columns = columns
    lower = {c.strip().lower(): c for c in reversed(columns)}
    lat = next((lower[n] for n in LAT_NAMES if n in lower), None)
    lon = next((lower[n] for n in LON_NAMES if n in lower), None)
    wkt = next((lower[n] for n in WKT_NAMES if n in lower), None)
    if lat is not None and lon is not None:
        geometry = _csv_points(name, table, lat, lon, sep)
    elif wkt is not None:
        geometry = _csv_wkt(name, table, wkt)
        table = table.drop(columns=[wkt])
    else:
        shown = ", ".join(repr(c) for c in columns[:20]) + (" …" if len(columns) > 20 else "")
        raise UploadError(name, "no coordinate columns: expected lat/latitude/y and lon/lng/long/longitude/x, "
                                f"or a WKT column (wkt/geometry/geom); found {shown}")
    if not len(table):
        raise UploadError(name, "no geometry: the CSV has a header but no data rows")
    messages.append("CSV coordinates read as WGS84 longitude/latitude (EPSG:4326)")
    where = [f"row {i}" for i in range(1, len(table) + 1)]
    return _Table(table, geometry, where, "row", messages)


def _csv_points(name: str, table: pd.DataFrame, lat: str, lon: str, sep: str) -> np.ndarray:
    def numbers(column: str) -> tuple[pd.Series, pd.Series]:
        text = table[column].astype(str).str.strip()
        if sep != ",":
            text = text.str.replace(",", ".", regex=False)
        return pd.to_numeric(text, errors="coerce"), text

    y, y_text = numbers(lat)
    x, x_text = numbers(lon)
    blank = y_text.eq("") | x_text.eq("")
    not_number = ~blank & (y.isna() | x.isna())
    if not_number.any():
        first = int(np.flatnonzero(not_number.to_numpy())[0])
        raise UploadError(name, f"coordinates are not numbers in {int(not_number.sum())} "
                                f"row{'s' if not_number.sum() != 1 else ''} (first: row {first + 1}, "
                                f"{lat}={table[lat].iloc[first]!r}, {lon}={table[lon].iloc[first]!r}); "
                                "rows are counted from 1 after the header")
    bad = ~blank & ~(y.between(-90, 90) & x.between(-180, 180))
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise UploadError(name, f"coordinates out of range in {int(bad.sum())} row{'s' if bad.sum() != 1 else ''} "
                                f"(first: row {first + 1}, {lat}={table[lat].iloc[first]}, "
                                f"{lon}={table[lon].iloc[first]}); expected latitude -90..90 and "
                                "longitude -180..180, rows counted from 1 after the header")
    points = shapely.points(np.column_stack([x.fillna(0).to_numpy(float), y.fillna(0).to_numpy(float)]))
    return np.where(blank.to_numpy(), None, points)


def _csv_wkt(name: str, table: pd.DataFrame, column: str) -> np.ndarray:
    text = table[column].astype(str).str.strip()
    blank = text.eq("").to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geometry = shapely.from_wkt(np.where(blank, None, text.to_numpy(object)), on_invalid="ignore")
    unreadable = ~blank & shapely.is_missing(geometry)
    if unreadable.any():
        first = int(np.flatnonzero(unreadable)[0])
        value = text.iloc[first]
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise UploadError(name, f"unreadable WKT in {int(unreadable.sum())} row{'s' if unreadable.sum() != 1 else ''} "
                                f"of column {column!r} (first: row {first + 1}: {shown!r}); "
                                "rows are counted from 1 after the header")
    return shapely.force_2d(geometry)


# --- GDAL -----------------------------------------------------------------------------------------


def _gdal_read(name: str, what: str, source, layer=None) -> gpd.GeoDataFrame:
    """One layer through pyogrio; every GDAL failure becomes an UploadError."""
    try:
        frame = pyogrio.read_dataframe(source, layer=layer, force_2d=True, max_features=MAX_FEATURES + 1,
                                       on_invalid="ignore")
    except UploadError:
        raise
    except Exception as error:
        prefix = "unreadable GeoPackage" if what == "GeoPackage" else f"GDAL could not read it as {what}"
        raise UploadError(name, f"{prefix}: {_short(error)}") from None
    if len(frame) > MAX_FEATURES:
        raise UploadError(name, f"too many features: more than {MAX_FEATURES:,} (limit {MAX_FEATURES:,})")
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry=[None] * len(frame))
    return frame


def _gdal_layers(name: str, what: str, source, label: str) -> tuple[list[tuple[str, gpd.GeoDataFrame]], list[str]]:
    """Every layer with geometry (all of them are concatenated later) and notes on what was skipped."""
    try:
        if isinstance(source, io.BytesIO):
            source.seek(0)
        layers = pyogrio.list_layers(source)
    except Exception as error:
        prefix = "unreadable GeoPackage" if what == "GeoPackage" else f"GDAL could not read it as {what}"
        raise UploadError(name, f"{prefix}: {_short(error)}") from None
    spatial = [str(layer) for layer, kind in layers if kind is not None]
    tables = [str(layer) for layer, kind in layers if kind is None]
    if not spatial:
        shown = f" (tables: {', '.join(tables[:8])})" if tables else ""
        raise UploadError(name, f"no geometry: the {what} has no layer with geometry{shown}")
    frames, total = [], 0
    for layer in spatial:
        if isinstance(source, io.BytesIO):
            source.seek(0)
        frame = _gdal_read(name, what, source, layer=layer)
        total += len(frame)
        if total > MAX_FEATURES:
            raise UploadError(name, f"too many features: more than {MAX_FEATURES:,} across {label}s "
                                    f"(limit {MAX_FEATURES:,})")
        frames.append((layer, frame))
    notes = []
    if tables:
        notes.append(f"{len(tables)} table{'s' if len(tables) != 1 else ''} without geometry skipped: "
                     + ", ".join(tables[:8]) + (" …" if len(tables) > 8 else ""))
    return frames, notes


def _from_frames(name: str, frames: list[tuple[str | None, gpd.GeoDataFrame]], what: str,
                 notes: list[str] = (), kml: bool = False) -> _Table:
    """Bring each frame's geometry to EPSG:4326 and stack the frames into one table.

    With several named layers, a ``source_layer`` column says where each feature came from.
    """
    messages: list[str] = []
    named = [layer for layer, _ in frames if layer is not None]
    if len(named) > 1:
        parts = [f"{layer!r} ({len(f)} feature{'s' if len(f) != 1 else ''})" for layer, f in frames]
        messages.append(f"All {len(named)} {what} layers concatenated: {', '.join(parts)}")
    elif named:
        messages.append(f"{what} layer {named[0]!r} read (the only one with geometry)")
    messages += list(notes)
    props, geoms, where = [], [], []
    for layer, frame in frames:
        if not len(frame):
            continue
        frame = _to_wgs84(name, frame, layer if len(named) > 1 else None, messages)
        data = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        if kml:
            data = _drop_kml_boilerplate(data)
        if len(named) > 1:
            data.insert(0, "source_layer", layer)
        props.append(data.reset_index(drop=True))
        geoms.append(np.asarray(frame.geometry.values, dtype=object))
        label = f"layer {layer!r} feature" if len(named) > 1 else "feature"
        where += [f"{label} {i}" for i in range(1, len(frame) + 1)]
    if not props:
        raise UploadError(name, "no geometry: the file has no features")
    properties = pd.concat(props, ignore_index=True, sort=False) if len(props) > 1 else props[0]
    return _Table(properties, np.concatenate(geoms), where, "feature", messages, kml)


def _to_wgs84(name: str, frame: gpd.GeoDataFrame, layer: str | None, messages: list[str]) -> gpd.GeoDataFrame:
    where = f" (layer {layer!r})" if layer else ""
    if frame.crs is None:
        geometry = np.asarray(frame.geometry.values, dtype=object)
        bad = _out_of_range(geometry)
        if bad.any():
            first = int(np.flatnonzero(bad)[0]) + 1
            raise UploadError(name, f"no CRS{where} and the coordinates are not longitude/latitude: "
                                    f"{int(bad.sum())} feature{'s' if bad.sum() != 1 else ''} out of range "
                                    f"(first: feature {first}); add a .prj/CRS or use WGS84")
        messages.append(f"No CRS in the file{where}: coordinates taken as WGS84 longitude/latitude (EPSG:4326)")
        return frame.set_crs(4326)
    if frame.crs.equals("EPSG:4326") or frame.crs.to_epsg() == 4326:
        return frame.set_crs(4326, allow_override=True)
    source = frame.crs.to_string() if frame.crs.to_epsg() is None else f"EPSG:{frame.crs.to_epsg()}"
    try:
        out = frame.to_crs(4326)
    except Exception as error:
        raise UploadError(name, f"cannot reproject from {source} to EPSG:4326: {_short(error)}") from None
    messages.append(f"Reprojected{where} from {source} ({frame.crs.name}) to EPSG:4326 (WGS84)")
    return out


def _drop_kml_boilerplate(data: pd.DataFrame) -> pd.DataFrame:
    """LIBKML's per-placemark fields that carry nothing (all empty or all defaults)."""
    drop = []
    for column, defaults in _KML_BOILERPLATE.items():
        if column not in data.columns:
            continue
        values = [v for v in data[column].tolist() if not _missing(v) and v != ""]
        if not values or (defaults and all(isinstance(v, (int, float, np.number)) and v in defaults for v in values)):
            drop.append(column)
    return data.drop(columns=drop)


# --- geometry checks and the final frame ----------------------------------------------------------


def _finish(name: str, layer_id: str, table: _Table) -> tuple[gpd.GeoDataFrame, list[str]]:
    messages: list[str] = []
    geometry = np.asarray(table.geometry, dtype=object)
    if not len(geometry) or shapely.is_missing(geometry).all():
        counted = f"the only {table.unit} has" if len(geometry) == 1 else f"none of the {len(geometry)} {table.unit}s has"
        raise UploadError(name, f"no geometry: {counted} a geometry")
    vertices = int(shapely.get_num_coordinates(geometry).sum())
    if vertices > MAX_VERTICES:
        raise UploadError(name, f"too many vertices: {vertices:,} (limit {MAX_VERTICES:,}); simplify the data first")
    bad = _out_of_range(geometry)
    if bad.any():
        first = table.where[int(np.flatnonzero(bad)[0])]
        raise UploadError(name, f"coordinates out of range in {int(bad.sum())} {table.unit}"
                                f"{'s' if bad.sum() != 1 else ''} (first: {first}); expected longitude "
                                f"-180..180 and latitude -90..90{table.hint}")

    empty = shapely.is_missing(geometry) | shapely.is_empty(geometry)
    keep = ~empty
    invalid = keep & ~shapely.is_valid(geometry)
    repaired = dropped = 0
    for i in np.flatnonzero(invalid):
        fixed = _repair(geometry[i])
        if fixed is None:
            keep[i] = False
            dropped += 1
        else:
            geometry[i] = fixed
            repaired += 1
    if invalid.any():
        messages.append(f"{repaired} invalid geometr{'ies' if repaired != 1 else 'y'} repaired, {dropped} dropped")
    if empty.any():
        n = int(empty.sum())
        messages.append(f"{n} {table.unit}{'s' if n != 1 else ''} without geometry dropped")
    if not keep.any():
        raise UploadError(name, f"no geometry: all {len(geometry)} {table.unit}s were empty or invalid beyond repair")

    properties = table.properties.iloc[np.flatnonzero(keep)].reset_index(drop=True)
    geometry = geometry[keep]
    frame = _frame(name, layer_id, properties, geometry)
    kept = len(frame)
    messages.insert(0, f"{kept} feature{'s' if kept != 1 else ''} read")
    return frame, messages


def _repair(geometry):
    """``make_valid`` if the result keeps the geometry family (parts of other families are cut off)."""
    family = _FAMILY.get(geometry.geom_type)
    try:
        fixed = shapely.make_valid(geometry)
    except Exception:
        return None
    if family == "collection":
        return fixed if not fixed.is_empty and fixed.is_valid else None
    parts = [p for p in shapely.get_parts(fixed) if _FAMILY.get(p.geom_type) == family and not p.is_empty]
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


def _out_of_range(geometry: np.ndarray) -> np.ndarray:
    bounds = shapely.bounds(geometry)  # NaN for missing/empty
    with np.errstate(invalid="ignore"):
        present = ~np.isnan(bounds).all(axis=1)
        ok = (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180) & (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90)
    coords_finite = np.array([bool(np.isfinite(shapely.get_coordinates(g)).all()) if g is not None else True
                              for g in geometry]) if len(geometry) else np.zeros(0, bool)
    return present & (~ok | ~coords_finite)


def _frame(name: str, layer_id: str, properties: pd.DataFrame, geometry: np.ndarray) -> gpd.GeoDataFrame:
    keys = [str(k) for k in properties.columns]
    columns: dict[str, list] = {}
    taken = {c.lower() for c in COMMON_COLUMNS} | {"geometry"}
    renamed = []
    for key, column in zip(keys, properties.columns):
        target = key if key.lower() not in taken else PROPERTY_PREFIX + key
        base, n = target, 1
        while target.lower() in taken:
            n += 1
            target = f"{base}_{n}"
        taken.add(target.lower())
        if target != key:
            renamed.append(key)
        columns[target] = [_plain(v) for v in properties[column].tolist()]
    candidates = [list(columns)[keys.index(key)] for key in _name_keys(keys)]
    names = []
    for n in range(len(geometry)):
        values = (columns[c][n] for c in candidates)
        text = next((str(v).strip() for v in values if v is not None and str(v).strip()), "")
        names.append(text or f"Feature {n + 1}")
    count = len(geometry)
    data = pd.DataFrame({
        "id": pd.Series([f"{layer_id}-{n}" for n in range(1, count + 1)], dtype=object),
        "layer": pd.Series([layer_id] * count, dtype=object),
        "name": pd.Series(names, dtype=object),
        "kind": pd.Series([KIND] * count, dtype=object),
        "status": pd.Series([None] * count, dtype=object),
        "start": pd.Series([None] * count, dtype=object),
        "end": pd.Series([None] * count, dtype=object),
        "sources": pd.Series([f"upload:{name}"] * count, dtype=object),
        "citations": pd.Series([f"Uploaded file {name}"] * count, dtype=object),
        "precision_km": pd.Series([np.nan] * count, dtype="float64"),
        "note": pd.Series([None] * count, dtype=object),
    })
    extras = pd.DataFrame({key: _column(values) for key, values in columns.items()}, index=data.index)
    data = pd.concat([data, extras], axis=1) if len(extras.columns) else data
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(list(geometry), crs="EPSG:4326"), crs="EPSG:4326")


def _name_keys(keys: list[str]) -> list[str]:
    """Name-like keys, best first: name, title, label, then any key containing "name"."""
    lower = [k.strip().lower() for k in keys]
    exact = [keys[lower.index(wanted)] for wanted in NAME_KEYS if wanted in lower]
    return exact + [k for k, low in zip(keys, lower) if "name" in low and k not in exact]


def _column(values: list) -> pd.Series:
    """Numbers stay numeric (int64 or float64); anything else is a column of plain strings (or None)."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, (int, float)) for v in present):
        if len(present) == len(values) and all(isinstance(v, int) for v in present):
            return pd.Series(values, dtype="int64")
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    return pd.Series([None if v is None else v if isinstance(v, str) else str(v) for v in values], dtype=object)


def _plain(value):
    """A property value as a plain string or number (None when missing); nested values become JSON text."""
    if _missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else str(float(value))
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"binary data ({len(bytes(value))} bytes)"
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple, np.ndarray)):
        return json.dumps(_jsonable(value), ensure_ascii=False, default=str)
    return str(value)


def _jsonable(value):
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    return False


# --- small helpers --------------------------------------------------------------------------------


def _renamed(result: UploadResult, layer_id: str) -> UploadResult:
    frame = result.frame.copy()
    frame["layer"] = layer_id
    frame["id"] = [f"{layer_id}-{n}" for n in range(1, len(frame) + 1)]
    return dataclasses.replace(result, layer_id=layer_id, frame=frame,
                               messages=result.messages + (f"Layer id {layer_id} (another upload is {result.layer_id})",))


def _basename(filename: str) -> str:
    return re.split(r"[\\/]", str(filename or ""))[-1]


def _display_name(filename: str) -> str:
    """The file name as plain, one-line text (no folders, no control characters)."""
    text = "".join(c if c.isprintable() else "?" for c in _basename(filename)).strip()
    return text or "(unnamed file)"


def _text(name: str, data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        hint = _looks_like(data, what)
        raise UploadError(name, f"not {what}: the file is not UTF-8 text "
                                f"(bad byte at offset {error.start}){hint}") from None


def _looks_like(data: bytes, expected: str) -> str:
    for magic, label in _MAGIC:
        if data.startswith(magic):
            return f"; it looks like {label}, not {expected}"
    head = data[:200].lstrip().lower()
    if head.startswith((b"{", b"[")):
        return f"; it looks like JSON, not {expected}"
    if head.startswith(b"<"):
        return f"; it looks like XML/KML, not {expected}"
    return ""


def _short(error: BaseException) -> str:
    """A GDAL/zip message as one short line, without temporary paths."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = re.sub(r"/vsimem/\S+|/vsizip/\S+|(?:/tmp|/var/folders)\S*shieldmap-upload-\S+", "the file", text)
    text = re.sub(r"ERROR parsing kml the file\s*:\s*", "XML error: ", text)
    if text.startswith("sqlite3_") or "file is not a database" in text:
        text = "the SQLite database is damaged or is not a GeoPackage"
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= 160 else text[:157] + "..."


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def _count_outside_quotes(line: str, sep: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == sep and not quoted:
            count += 1
    return count

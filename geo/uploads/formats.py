"""The per-format readers (GeoJSON, KML, GeoPackage, zipped Shapefile, CSV), each returning a :class:`Table`."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from geo.uploads.csv import read_csv
from geo.texts import N_, Text
from geo.uploads.errors import UploadError, decode_text, human_size, looks_like, short_reason
from geo.uploads.gdal import from_frames, gdal_layers, gdal_read, too_many_features
from geo.uploads.kml import check_coordinates
from geo.uploads.nesting import check_text, json_depth, xml_depth
from geo.uploads.shapefile import check_dbf_table, dbf_encoding, unzip_parts
from geo.uploads.table import Limits, Table

GEOJSON_TYPES = {"FeatureCollection", "Feature", "Point", "MultiPoint", "LineString", "MultiLineString",
                 "Polygon", "MultiPolygon", "GeometryCollection"}
"""The top-level ``type`` values of a GeoJSON document."""
JSON_MESSAGES = (N_("Expecting value"), N_("Expecting property name enclosed in double quotes"),
                 N_("Expecting ':' delimiter"), N_("Expecting ',' delimiter"), N_("Unterminated string starting at"),
                 N_("Extra data"), N_("Invalid \\uXXXX escape"))
"""Python's ``json`` parser's own messages (the fixed ones), translated where shown; others stay as they are."""


def read_geojson(name: str, data: bytes, limits: Limits) -> Table:
    text = decode_text(name, data, "GeoJSON")
    check_text(name, json_depth(data), N_("JSON arrays and objects"), limits.max_nesting)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise UploadError(name, Text(N_("malformed JSON at line {line}, column {column}: {detail}"), words=("detail",),
                                     line=error.lineno, column=error.colno, detail=error.msg)) from None
    except RecursionError:
        raise UploadError(name, Text(N_("malformed JSON: nested too deeply"))) from None
    kind = document.get("type") if isinstance(document, dict) else None
    if kind == "Topology":
        raise UploadError(name, Text(N_("this is TopoJSON, not GeoJSON; convert it to GeoJSON first")))
    if kind not in GEOJSON_TYPES:
        raise UploadError(name, Text(N_("not GeoJSON: the top level is not a FeatureCollection, Feature or geometry")))
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise UploadError(name, Text(N_("not GeoJSON: the FeatureCollection has no \"features\" list")))
        if not features:
            raise UploadError(name, Text(N_("no geometry: the FeatureCollection has no features")))
        if len(features) > limits.max_features:
            raise UploadError(name, too_many_features(len(features), limits))
    frame = gdal_read(name, "GeoJSON", data, limits)
    table = from_frames(name, [(None, frame)], "GeoJSON", limits)
    if "crs" not in document:
        table.hint = Text(N_(" (GeoJSON coordinates must be WGS84 longitude/latitude)"))
    return table


def read_kml(name: str, data: bytes, limits: Limits) -> Table:
    text = decode_text(name, data, "KML").lstrip()
    if not text.startswith("<") or "<kml" not in text[:5000].lower():
        raise UploadError(name, Text(N_("not KML: the file does not start with XML and a <kml> element")))
    check_text(name, xml_depth(data), N_("XML elements"), limits.max_nesting)
    check_coordinates(name, text)
    frames, notes = gdal_layers(name, "KML", data, label="KML folder", limits=limits)
    if len(frames) == 1:  # one layer: its name is GDAL's (the Document's name, or an internal one)
        frames = [(None, frames[0][1])]
    return from_frames(name, frames, "KML", limits, notes, kml=True)


def read_gpkg(name: str, data: bytes, limits: Limits) -> Table:
    if not data.startswith(b"SQLite format 3\x00"):
        raise UploadError(name, Text(N_("unreadable GeoPackage: the file is not an SQLite database{hint}"),
                                     hint=looks_like(data, "GeoPackage")))
    frames, notes = gdal_layers(name, "GeoPackage", data, label="GeoPackage layer", limits=limits)
    return from_frames(name, frames, "GeoPackage", limits, notes)


def read_shapefile(name: str, data: bytes, limits: Limits) -> Table:
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise UploadError(name, Text(N_("broken zip: the file is not a zip archive{hint}"), hint=looks_like(data, "zip")))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UploadError(name, Text(N_("broken zip: {detail}"), detail=short_reason(error))) from None
    visible = [m for m in members if not m.filename.startswith("__MACOSX/")
               and not PurePosixPath(m.filename).name.startswith(".")]
    shps = [m for m in visible if m.filename.lower().endswith(".shp")]
    if not shps:
        found = ", ".join(PurePosixPath(m.filename).name for m in visible[:8]) or Text(N_("nothing"))
        more = Text(N_(" and {n} more"), n=len(visible) - 8) if len(visible) > 8 else ""
        raise UploadError(name, Text(N_("the zip has no .shp file (found: {found}{more}); zip one Shapefile with its "
                                        ".shx, .dbf and .prj"), found=found, more=more))
    if len(shps) > 1:
        names = ", ".join(PurePosixPath(m.filename).name for m in shps[:8])
        raise UploadError(name, Text(N_("the zip has {n} .shp files ({names}); upload one Shapefile per zip"),
                                     n=len(shps), names=names))
    stem = shps[0].filename[:-4]
    parts = {m.filename[len(stem):].lower(): m for m in visible
             if m.filename[:len(stem)] == stem and m.filename[len(stem):].lower() in
             (".shp", ".shx", ".dbf", ".prj", ".cpg")}
    shp_name = PurePosixPath(shps[0].filename).name
    missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
    if missing:
        raise UploadError(name, Text(N_("the zip has {shp} but no {missing} next to it; a Shapefile needs its .shp, "
                                        ".shx and .dbf (and .prj for the CRS)"), shp=shp_name,
                                     missing=Text.joined(missing, Text(N_(" or ")))))
    declared = sum(m.file_size for m in parts.values())
    if declared > limits.max_unzipped_bytes:
        raise UploadError(name, Text(N_("the Shapefile unzips to {size}, over the {limit} limit"),
                                     size=human_size(declared), limit=human_size(limits.max_unzipped_bytes)))
    check_dbf_table(name, archive, parts[".dbf"], limits.max_decoded_bytes)
    messages = []
    if ".prj" not in parts:
        messages.append(Text(N_("{shp} has no .prj file (no CRS)"), shp=shp_name))
    with tempfile.TemporaryDirectory(prefix="shieldmap-upload-") as folder:
        unzip_parts(name, archive, parts, Path(folder), limits.max_unzipped_bytes)
        encoding, note = (None, None) if ".cpg" in parts else dbf_encoding((Path(folder) / "upload.dbf").read_bytes())
        frame = gdal_read(name, "Shapefile", str(Path(folder) / "upload.shp"), limits, encoding=encoding)
    table = from_frames(name, [(None, frame)], "Shapefile", limits)
    table.messages[:0] = messages + ([note] if note else [])
    return table


READERS = {"geojson": read_geojson, "kml": read_kml, "gpkg": read_gpkg, "shapefile": read_shapefile, "csv": read_csv}
"""The reader of each format (the values of :data:`geo.uploads.FORMATS`)."""

"""Write layers to GeoJSON (RFC 7946), GeoPackage, KML or CSV through GDAL (pyogrio).

The app's download buttons and ``shieldmap export`` both call :func:`export_bytes`
/ :func:`export_layers`, so the same layers and date give the same bytes.

- GeoJSON: one FeatureCollection, GDAL's RFC 7946 writer (WGS84, right-hand
  rule, antimeridian cut, 7 decimals, no ``crs`` member).
- GeoPackage: one table per layer (empty layers give empty tables); the
  timestamp GDAL records is pinned so the file is reproducible.
- KML and CSV (WKT geometry column): all layers in one table with a ``layer`` column.
- CSV: a text cell (or column name) starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return gets a leading ``'`` so a spreadsheet shows it as text and never runs it as a formula
  (OWASP's rule for CSV injection); numbers, such as ``-3.5`` in a numeric column, are untouched.
- A column of true/false values (the what-if layer's ``hypothetical``) is a boolean field: ``true`` or
  ``false`` in GeoJSON, a boolean in GeoPackage, the words ``true``/``false`` in CSV and KML; never ``"True"``.
- HTML: not GDAL; a format name here, written by the front end (:mod:`shieldmap.exports`).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from geo.features import INTERNAL_COLUMNS
from geo.file_formats import format_of
from geo.texts import N_, TextError

# format: (GDAL driver, extension, layer creation options, dataset creation options)
FORMATS = {
    "geojson": ("GeoJSON", ".geojson", {"RFC7946": "YES", "WRITE_NAME": "NO"}, {}),
    "gpkg": ("GPKG", ".gpkg", {}, {}),
    "kml": ("KML", ".kml", {}, {"NameField": "name", "DescriptionField": "note"}),
    "csv": ("CSV", ".csv", {"GEOMETRY": "AS_WKT"}, {}),
}
HTML = "html"  # a self-contained web map written by shieldmap.exports, not a GDAL format: not in FORMATS
FORMAT_NAMES = (*FORMATS, HTML)
EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".kml": "kml", ".csv": "csv",
              ".html": HTML, ".htm": HTML}
MEDIA_TYPES = {"geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3",
               "kml": "application/vnd.google-earth.kml+xml", "csv": "text/csv", HTML: "text/html"}
_PINNED_DATE = "2000-01-01T00:00:00Z"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV injection)."""


def neutralise_formula(value):
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def format_for(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The format name: ``fmt`` if given, else from the file extension; ``ValueError`` if neither."""
    if fmt:
        if fmt not in FORMAT_NAMES:
            raise TextError(N_("unknown format {name} (known: {known})"), name=repr(fmt), known=", ".join(FORMAT_NAMES))
        return fmt
    return format_of(path, EXTENSIONS, hint="--format")


def combined(layers: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """All layers in one frame (columns are the union; order of layers kept)."""
    frames = [frame for frame in layers.values() if len(frame)]
    if not frames:
        return gpd.GeoDataFrame({"id": [], "layer": [], "name": []}, geometry=[], crs="EPSG:4326")
    merged = pd.concat(frames, ignore_index=True, sort=False)
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def export_layers(layers: dict[str, gpd.GeoDataFrame], path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write ``layers`` to ``path`` in a GDAL format ``fmt`` (or the format of its extension).

    The self-contained ``html`` map is not a GDAL format: it is written by the
    front end (:mod:`shieldmap.exports`), which calls this for the others.
    """
    fmt = format_for(path, fmt)
    if fmt not in FORMATS:
        raise ValueError(f"{fmt!r} is not a GDAL format (known: {', '.join(FORMATS)})")
    path = Path(path)
    driver, _, options, dataset_options = FORMATS[fmt]
    if path.exists():
        path.unlink()
    if fmt == "gpkg":
        with pyogrio_config({"OGR_CURRENT_DATE": _PINNED_DATE}):
            for index, (layer_id, frame) in enumerate(layers.items()):
                pyogrio.write_dataframe(_for_gdal(frame), path, layer=layer_id, driver=driver,
                                        append=index > 0, geometry_type="Unknown" if not len(frame) else None)
        return path
    frame = _for_gdal(combined(layers))
    if fmt in ("csv", "kml"):  # no boolean type in the file (GDAL would write 1 and 0): the words
        frame = _booleans_as_words(frame)
    if fmt == "csv":
        frame = _neutralised(frame)
    if fmt == "kml":  # GDAL writes KML field names into XML attributes unescaped
        frame = frame.rename(columns=_xml_names(frame.columns.drop(frame.geometry.name)))
    pyogrio.write_dataframe(frame, path, layer="shieldmap", driver=driver, layer_options=options,
                            dataset_options=dataset_options,
                            geometry_type="Unknown" if not len(frame) else None)
    return path


def export_bytes(layers: dict[str, gpd.GeoDataFrame], fmt: str) -> bytes:
    """The bytes :func:`export_layers` writes for a GDAL format, for a download button."""
    fmt = format_for("x", fmt)
    if fmt not in FORMATS:
        raise ValueError(f"{fmt!r} is not a GDAL format (known: {', '.join(FORMATS)})")
    with tempfile.TemporaryDirectory() as folder:
        return export_layers(layers, Path(folder) / f"shieldmap{FORMATS[fmt][1]}", fmt).read_bytes()


def _neutralised(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Formula-looking text cells and column names made inert (see :data:`FORMULA_STARTS`)."""
    out = frame.copy()
    for column in out.columns:
        if column != out.geometry.name and out[column].dtype == object:
            out[column] = out[column].map(neutralise_formula).astype(object)
    return out.rename(columns={c: neutralise_formula(c) for c in out.columns if c != out.geometry.name})


def _is_boolean(values: pd.Series) -> bool:
    present = values.dropna()
    return len(present) > 0 and all(isinstance(v, (bool, np.bool_)) for v in present)


def _booleans_as_words(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    out = frame.copy()
    for column in out.columns:
        if column != out.geometry.name and str(out[column].dtype) == "boolean":
            out[column] = out[column].map(lambda v: None if v is pd.NA else ("true" if v else "false")).astype(object)
    return out


def _xml_names(columns) -> dict[str, str]:
    """Map column names to XML-safe field names (letters, digits, ``_``), unique."""
    mapping, used = {}, set()
    for column in columns:
        safe = re.sub(r"[^A-Za-z0-9_]", "_", str(column)) or "field"
        if not safe[0].isalpha() and safe[0] != "_":
            safe = "_" + safe
        candidate, n = safe, 2
        while candidate.lower() in used:
            candidate, n = f"{safe}_{n}", n + 1
        used.add(candidate.lower())
        mapping[column] = candidate
    return mapping


def _for_gdal(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Cast object columns to plain strings/None so GDAL gets stable field types; de-clash names; leave out the
    columns that are not for files (:data:`geo.features.INTERNAL_COLUMNS`: the ``quotes`` text carries them)."""
    out = frame.drop(columns=[c for c in INTERNAL_COLUMNS if c in frame.columns])
    seen: set[str] = set()
    renames = {}
    for column in out.columns:  # GDAL field names are case-insensitive: "Name" and "name" clash
        candidate, n = str(column), 2
        while candidate.lower() in seen:
            candidate, n = f"{column}_{n}", n + 1
        seen.add(candidate.lower())
        if candidate != column:
            renames[column] = candidate
    out = out.rename(columns=renames)
    for column in out.columns:
        if column == out.geometry.name or out[column].dtype not in (object, bool):
            continue
        if _is_boolean(out[column]):  # a boolean field (nullable: other layers lack the column)
            out[column] = pd.array([None if v is None or v != v else bool(v) for v in out[column]], dtype="boolean")
        else:
            out[column] = out[column].map(lambda v: None if v is None or v != v else str(v)).astype(object)
    return out


class pyogrio_config:
    """Set GDAL config options for the duration of a ``with`` block."""

    def __init__(self, options: dict[str, str]):
        self.options = options
        self.saved: dict[str, str | None] = {}

    def __enter__(self):
        self.saved = {key: pyogrio.get_gdal_config_option(key) for key in self.options}
        pyogrio.set_gdal_config_options(self.options)

    def __exit__(self, *exc):
        pyogrio.set_gdal_config_options(self.saved)

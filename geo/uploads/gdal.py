"""Reading through GDAL (pyogrio): layers, feature limits, and stacking layers into one table."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from geo.texts import N_, Nn_, Text
from geo.uploads.errors import UploadError, human_size, short_reason
from geo.uploads.frame import missing_value
from geo.uploads.geometry import to_wgs84
from geo.uploads.nesting import check_geometry
from geo.uploads.table import Limits, Table

# LIBKML reports these for every placemark; they are dropped when they carry nothing.
KML_BOILERPLATE = {"id": (), "timestamp": (), "begin": (), "end": (), "altitudeMode": (), "icon": (),
                   "description": (), "tessellate": (-1, 0), "extrude": (0,), "visibility": (-1, 1),
                   "drawOrder": ()}


def _failed(name: str, what: str, error: Exception) -> UploadError:
    if what == "GeoPackage":
        return UploadError(name, Text(N_("unreadable GeoPackage: {detail}"), detail=short_reason(error)))
    return UploadError(name, Text(N_("GDAL could not read it as {what}: {detail}"), what=what,
                                  detail=short_reason(error)))


def check_info(name: str, what: str, source, limits: Limits, layer=None, encoding=None) -> None:
    """Columns, features and cells counted from GDAL's metadata, refused over the limits before any read."""
    try:
        info = pyogrio.read_info(source, layer=layer, encoding=encoding)
    except Exception as error:
        raise _failed(name, what, error) from None
    fields, features = len(info["fields"]), int(info["features"])
    where = Text(N_(" in layer {layer}"), layer=layer + 1) if layer is not None else ""
    if fields > limits.max_fields:
        raise UploadError(name, Text(N_("too many columns{where}: {fields:,} property names (limit {limit:,})"),
                                     where=where, fields=fields, limit=limits.max_fields))
    if features > limits.max_features:
        raise UploadError(name, too_many_features(features, limits))
    if features * fields > limits.max_cells:
        raise UploadError(name, Text(N_("too many table cells{where}: {features:,} features × {fields:,} columns = "
                                        "{cells:,} (limit {limit:,})"), where=where, features=features, fields=fields,
                                     cells=features * fields, limit=limits.max_cells))


def too_many_features(features: int, limits: Limits) -> Text:
    return Text(N_("too many features: {features:,} (limit {limit:,})"), features=features, limit=limits.max_features)


def more_features(limits: Limits) -> Text:
    return Text(N_("too many features: more than {limit:,} (limit {limit:,})"), limit=limits.max_features)


def feature_places(count: int, layer: int | None = None, named: str | None = None) -> list[Text]:
    """``feature 3``, ``layer 2 feature 3`` (by number) or ``layer 'x' feature 3`` (by name): where each is."""
    if named is not None:
        return [Text(N_("layer {layer} feature {number}"), layer=repr(named), number=i) for i in range(1, count + 1)]
    if layer is not None:
        return [Text(N_("layer {layer} feature {number}"), layer=layer, number=i) for i in range(1, count + 1)]
    return [Text(N_("feature {number}"), number=i) for i in range(1, count + 1)]


def gdal_read(name: str, what: str, source, limits: Limits, layer=None, encoding=None) -> gpd.GeoDataFrame:
    """One layer through pyogrio, after :func:`check_info`; every GDAL failure becomes an UploadError.

    ``source`` is a path or the file's bytes (GDAL reads them from memory). Z and M are kept here and
    dropped, with a note, when the geometry is checked.
    """
    check_info(name, what, source, limits, layer, encoding)
    try:
        frame = pyogrio.read_dataframe(source, layer=layer, max_features=limits.max_features + 1,
                                       on_invalid="ignore", encoding=encoding)
    except Exception as error:
        raise _failed(name, what, error) from None
    if len(frame) > limits.max_features:
        raise UploadError(name, more_features(limits))
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry=[None] * len(frame))
    check_geometry(name, frame.geometry.values, feature_places(len(frame), None if layer is None else layer + 1),
                   limits.max_nesting)
    return frame


def gdal_layers(name: str, what: str, source, label: str,
                limits: Limits) -> tuple[list[tuple[str | None, gpd.GeoDataFrame]], list[Text]]:
    """Every layer with geometry (all of them are concatenated later) and notes on what was skipped.

    GDAL parses a whole KML file for each folder read, so a KML may have only as many folders as
    keep folders × size under ``limits.max_kml_parse_bytes``.
    """
    try:
        layers = pyogrio.list_layers(source)
    except Exception as error:
        raise _failed(name, what, error) from None
    # read by index: GDAL names a layer without a name after the in-memory file, new at each read
    spatial = [(index, str(layer)) for index, (layer, kind) in enumerate(layers) if kind is not None]
    tables = [str(layer) for layer, kind in layers if kind is None]
    if not spatial:
        shown = Text(N_(" (tables: {tables})"), tables=", ".join(tables[:8])) if tables else ""
        raise UploadError(name, Text(N_("no geometry: the {what} has no layer with geometry{shown}"),
                                     what=what, shown=shown))
    if len(layers) > limits.max_layers:
        raise UploadError(name, Text(N_("too many GeoPackage layers: {layers:,} (limit {limit:,})") if label == "GeoPackage layer"
                                     else N_("too many KML folders: {layers:,} (limit {limit:,})"),
                                     layers=len(layers), limit=limits.max_layers))
    size = len(source) if isinstance(source, bytes) else 0
    if what == "KML" and len(spatial) > 1 and len(spatial) * size > limits.max_kml_parse_bytes:
        most = max(1, limits.max_kml_parse_bytes // max(size, 1))
        raise UploadError(name, Text(N_("too many GeoPackage layers for the file's size: {layers:,} in {size}; each folder is "
                                        "read separately, so at most {most:,} for this size (folders × size ≤ "
                                        "{limit}); merge the folders") if label == "GeoPackage layer" else
                                     N_("too many KML folders for the file's size: {layers:,} in {size}; each folder is "
                                        "read separately, so at most {most:,} for this size (folders × size ≤ "
                                        "{limit}); merge the folders"), layers=len(spatial), size=human_size(size),
                                     most=most, limit=human_size(limits.max_kml_parse_bytes)))
    frames: list[tuple[str | None, gpd.GeoDataFrame]] = []
    total = 0
    for index, layer in spatial:
        frame = gdal_read(name, what, source, limits, layer=index)
        total += len(frame)
        if total > limits.max_features:
            raise UploadError(name, Text(N_("too many features: more than {limit:,} across GeoPackage layers (limit {limit:,})")
                                         if label == "GeoPackage layer" else
                                         N_("too many features: more than {limit:,} across KML folders (limit {limit:,})"),
                                         limit=limits.max_features))
        frames.append((layer, frame))
    notes = []
    if tables:
        notes.append(Nn_("{n} table without geometry skipped: {tables}", "{n} tables without geometry skipped: {tables}",
                         len(tables), tables=", ".join(tables[:8]) + (" …" if len(tables) > 8 else "")))
    return frames, notes


def from_frames(name: str, frames: list[tuple[str | None, gpd.GeoDataFrame]], what: str, limits: Limits,
                notes: Sequence[Text] = (), kml: bool = False) -> Table:
    """Bring each frame's geometry to EPSG:4326 and stack the frames into one table.

    With several named layers, a ``source_layer`` column says where each feature came from.
    """
    messages: list[Text] = []
    named = [layer for layer, _ in frames if layer is not None]
    if len(named) > 1:
        parts = Text.joined([Nn_("{layer} ({n} feature)", "{layer} ({n} features)", len(f), layer=repr(layer))
                             for layer, f in frames])
        messages.append(Text(N_("All {count} {what} layers concatenated: {parts}"), count=len(named),
                             what=what, parts=parts))
    elif named:
        messages.append(Text(N_("{what} layer {layer} read (the only one with geometry)"), what=what,
                             layer=repr(named[0])))
    messages += list(notes)
    columns = {str(c) for _, frame in frames for c in frame.columns}
    rows = sum(len(frame) for _, frame in frames)
    if len(columns) > limits.max_fields or len(columns) * rows > limits.max_cells:
        raise UploadError(name, Text(N_("too many columns across the layers: {columns:,} distinct names over {rows:,} "
                                        "features (limits {fields:,} columns, {cells:,} cells)"), columns=len(columns),
                                     rows=rows, fields=limits.max_fields, cells=limits.max_cells))
    props, geoms, where = [], [], []
    for layer, frame in frames:
        if not len(frame):
            continue
        frame = to_wgs84(name, frame, layer if len(named) > 1 else None, messages)
        data = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        if kml:
            data = drop_kml_boilerplate(data)
        if len(named) > 1:
            data.insert(0, "source_layer", layer)
        props.append(data.reset_index(drop=True))
        geoms.append(np.asarray(frame.geometry.values, dtype=object))
        where += feature_places(len(frame), named=layer if len(named) > 1 else None)
    if not props:
        raise UploadError(name, Text(N_("no geometry: the file has no features")))
    properties = pd.concat(props, ignore_index=True, sort=False) if len(props) > 1 else props[0]
    return Table(properties, np.concatenate(geoms), where, "feature", messages, kml)


def drop_kml_boilerplate(data: pd.DataFrame) -> pd.DataFrame:
    """LIBKML's per-placemark fields that carry nothing (all empty or all defaults)."""
    drop = []
    for column, defaults in KML_BOILERPLATE.items():
        if column not in data.columns:
            continue
        values = [v for v in data[column].tolist() if not missing_value(v) and v != ""]
        if not values or (defaults and all(isinstance(v, (int, float, np.number)) and v in defaults for v in values)):
            drop.append(column)
    return data.drop(columns=drop)

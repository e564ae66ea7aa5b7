"""The final layer frame: common columns first, then the file's properties as plain values."""

from __future__ import annotations

import datetime as dt
import json
import math

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.features import COMMON_COLUMNS
from geo.texts import N_, Text

NAME_KEYS = ("name", "title", "label")
KIND = "user feature"
PROPERTY_PREFIX = "prop_"
RESERVED = ("fid", "geom", "geometry", "wkt", "ogc_fid", "the_geom")
"""Property names GDAL writers take for themselves (GeoPackage ``fid``/``geom``, CSV ``WKT``, ...)."""
MAX_KEY = 100
"""Longest property name kept (longer ones are cut, with a note)."""
MAX_NAME = 200
"""Longest feature name (the ``name`` column; the property it came from is kept whole)."""


def build_frame(name: str, layer_id: str, properties: pd.DataFrame,
                geometry: np.ndarray) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The layer frame and notes on renamed properties."""
    keys = [str(k) for k in properties.columns]
    columns: dict[str, list] = {}
    taken = {c.lower() for c in COMMON_COLUMNS} | set(RESERVED)
    renamed = []
    for key, column in zip(keys, properties.columns):
        short = key if len(key) <= MAX_KEY else key[:MAX_KEY - 1] + "…"
        target = short if short.lower() not in taken else PROPERTY_PREFIX + short
        base, n = target, 1
        while target.lower() in taken:
            n += 1
            target = f"{base}_{n}"
        taken.add(target.lower())
        if target != key and key.lower() != "name":  # a "name" becomes the feature's name: no note
            renamed.append((key, target))
        columns[target] = [plain_value(v) for v in properties[column].tolist()]
    candidates = [list(columns)[keys.index(key)] for key in name_keys(keys)]
    names = []
    for n in range(len(geometry)):
        values = (columns[c][n] for c in candidates)
        text = next((str(v).strip() for v in values if v is not None and str(v).strip()), "")
        text = text if len(text) <= MAX_NAME else text[:MAX_NAME - 1] + "…"
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
    extras = pd.DataFrame({key: as_column(values) for key, values in columns.items()}, index=data.index)
    data = pd.concat([data, extras], axis=1) if len(extras.columns) else data
    frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(list(geometry), crs="EPSG:4326"), crs="EPSG:4326")
    return frame, rename_notes(renamed)


def rename_notes(renamed: list[tuple[str, str]]) -> list[str]:
    """One note listing the renamed properties (names shown at most 40 characters long)."""
    if not renamed:
        return []
    def shown(text: str) -> str:
        return repr(text if len(text) <= 40 else text[:39] + "…")
    parts = ", ".join(f"{shown(old)} → {shown(new)}" for old, new in renamed[:10])
    more = Text(N_(" and {n} more"), n=len(renamed) - 10) if len(renamed) > 10 else ""
    one = len(renamed) == 1  # (not a plural form: the text has no number, and Russian's "one" form is also 21's)
    return [Text(N_("Property renamed (the name is reserved, taken or too long): {parts}{more}") if one else
                 N_("Properties renamed (the name is reserved, taken or too long): {parts}{more}"), parts=parts, more=more)]


def name_keys(keys: list[str]) -> list[str]:
    """Name-like keys, best first: name, title, label, then any key containing "name"."""
    lower = [k.strip().lower() for k in keys]
    exact = [keys[lower.index(wanted)] for wanted in NAME_KEYS if wanted in lower]
    return exact + [k for k, low in zip(keys, lower) if "name" in low and k not in exact]


def as_column(values: list) -> pd.Series:
    """Numbers stay numeric (int64 or float64); anything else is a column of plain strings (or None)."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, (int, float)) for v in present):
        if len(present) == len(values) and all(isinstance(v, int) for v in present):
            return pd.Series(values, dtype="int64")
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    return pd.Series([None if v is None else v if isinstance(v, str) else str(v) for v in values], dtype=object)


def plain_value(value):
    """A property value as a plain string or number (None when missing); nested values become JSON text."""
    if missing_value(value):
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
        return json.dumps(jsonable(value), ensure_ascii=False, default=str)
    return str(value)


def jsonable(value):
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def missing_value(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isnan(value))
    return False

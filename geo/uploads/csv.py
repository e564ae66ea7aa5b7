"""Reading CSV: pandas reads the text; lat/lon or WKT columns become geometry."""

from __future__ import annotations

import csv
import io
import warnings

import numpy as np
import pandas as pd
import shapely

from geo.texts import N_, Nn_, Text
from geo.uploads.errors import UploadError, looks_like, short_reason
from geo.uploads.nesting import check_wkt
from geo.uploads.table import Limits, Table

LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")
WKT_NAMES = ("wkt", "geometry", "geom")


def read_csv(name: str, data: bytes, limits: Limits) -> Table:
    if b"\x00" in data[:8192]:
        raise UploadError(name, Text(N_("not a text CSV file{hint}"), hint=looks_like(data, "CSV")))
    try:
        text = data.decode("utf-8-sig")
        messages = []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        messages = [Text(N_("The CSV is not UTF-8: read as Windows-1252 (Latin-1)"))]
    header = text.lstrip("\r\n").split("\n", 1)[0]
    sep = max([",", ";", "\t", "|"], key=lambda s: (count_outside_quotes(header, s), s == ","))
    check_shape(name, header, sep, text.count("\n"), limits)
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skip_blank_lines=True, engine="c", nrows=limits.max_features + 1)
    except pd.errors.EmptyDataError:
        raise UploadError(name, Text(N_("the file is empty (no CSV header)"))) from None
    except (pd.errors.ParserError, ValueError) as error:
        raise UploadError(name, Text(N_("malformed CSV: {detail}"), detail=short_reason(error))) from None
    if len(table) > limits.max_features:
        raise UploadError(name, Text(N_("too many features: more than {limit:,} rows (limit {limit:,})"),
                                     limit=limits.max_features))
    columns = [str(c) for c in table.columns]
    table.columns = columns
    lower = {c.strip().lower(): c for c in reversed(columns)}
    lat = next((lower[n] for n in LAT_NAMES if n in lower), None)
    lon = next((lower[n] for n in LON_NAMES if n in lower), None)
    wkt = next((lower[n] for n in WKT_NAMES if n in lower), None)
    if lat is not None and lon is not None:
        geometry = csv_points(name, table, lat, lon, sep)
    elif wkt is not None:
        geometry = csv_wkt(name, table, wkt, limits.max_nesting)
        table = table.drop(columns=[wkt])
    else:
        shown = ", ".join(repr(c) for c in columns[:20]) + (" …" if len(columns) > 20 else "")
        raise UploadError(name, Text(N_("no coordinate columns: expected lat/latitude/y and lon/lng/long/longitude/x, "
                                        "or a WKT column (wkt/geometry/geom); found {shown}"), shown=shown))
    if not len(table):
        raise UploadError(name, Text(N_("no geometry: the CSV has a header but no data rows")))
    messages.append(Text(N_("CSV coordinates read as WGS84 longitude/latitude (EPSG:4326)")))
    return Table(table, geometry, rows(len(table)), "row", messages)


def rows(count: int) -> list[Text]:
    """``row 1``, ``row 2``, ...: where each CSV row is, for the messages."""
    return [Text(N_("row {number}"), number=i) for i in range(1, count + 1)]


def _rows(mask, table, lat: str, lon: str, show) -> Text:
    """``"2 rows (first: row 3, lat=95, lon=10)"`` for the rows where ``mask`` holds."""
    count, first = int(mask.sum()), int(np.flatnonzero(mask.to_numpy())[0])
    return Nn_("{n} row (first: row {first}, {lat}={lat_value}, {lon}={lon_value})",
               "{n} rows (first: row {first}, {lat}={lat_value}, {lon}={lon_value})", count, first=first + 1,
               lat=lat, lat_value=show(table[lat].iloc[first]), lon=lon, lon_value=show(table[lon].iloc[first]))


def csv_points(name: str, table: pd.DataFrame, lat: str, lon: str, sep: str) -> np.ndarray:
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
        raise UploadError(name, Text(N_("coordinates are not numbers in {rows}; rows are counted from 1 after the "
                                        "header"), rows=_rows(not_number, table, lat, lon, repr)))
    bad = ~blank & ~(y.between(-90, 90) & x.between(-180, 180))
    if bad.any():
        raise UploadError(name, Text(N_("coordinates out of range in {rows}; expected latitude -90..90 and longitude "
                                        "-180..180, rows counted from 1 after the header"),
                                     rows=_rows(bad, table, lat, lon, str)))
    points = shapely.points(np.column_stack([x.fillna(0).to_numpy(float), y.fillna(0).to_numpy(float)]))
    points[blank.to_numpy()] = None
    return points


def csv_wkt(name: str, table: pd.DataFrame, column: str, max_nesting: int) -> np.ndarray:
    text = table[column].astype(str).str.strip()
    blank = text.eq("").to_numpy()
    check_wkt(name, text.to_numpy(object), rows(len(text)), max_nesting)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geometry = shapely.from_wkt(np.where(blank, None, text.to_numpy(object)), on_invalid="ignore")
    unreadable = ~blank & shapely.is_missing(geometry)
    if unreadable.any():
        first = int(np.flatnonzero(unreadable)[0])
        value = text.iloc[first]
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise UploadError(name, Nn_("unreadable WKT in {n} row of column {column} (first: row {first}: {shown}); "
                                    "rows are counted from 1 after the header",
                                    "unreadable WKT in {n} rows of column {column} (first: row {first}: {shown}); "
                                    "rows are counted from 1 after the header", int(unreadable.sum()),
                                    column=repr(column), first=first + 1, shown=repr(shown)))
    return geometry


def check_shape(name: str, header: str, sep: str, lines: int, limits: Limits) -> None:
    """Columns (from the header line) and cells (columns × lines) within the limits, before pandas reads."""
    columns = len(next(csv.reader([header], delimiter=sep), []))
    if columns > limits.max_fields:
        raise UploadError(name, Text(N_("too many columns: {columns:,} in the header (limit {limit:,})"),
                                     columns=columns, limit=limits.max_fields))
    rows = min(lines, limits.max_features + 1)
    if columns * rows > limits.max_cells:
        raise UploadError(name, Text(N_("too many table cells: {rows:,} rows × {columns:,} columns = {cells:,} "
                                        "(limit {limit:,})"), rows=rows, columns=columns, cells=columns * rows,
                                     limit=limits.max_cells))


def count_outside_quotes(line: str, sep: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == sep and not quoted:
            count += 1
    return count

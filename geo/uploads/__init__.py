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

Limits (see :data:`MAX_BYTES`, :data:`MAX_DECODED_BYTES`, :data:`MAX_FEATURES`, :data:`MAX_VERTICES`, :data:`MAX_FIELDS`,
:data:`MAX_CELLS`, :data:`MAX_LAYERS`, :data:`MAX_UNZIPPED_BYTES`, :data:`MAX_REPAIR_CROSSINGS`,
:data:`MAX_NESTING`):
files over them are refused with a clear reason, counted before the expensive step (from
GDAL's metadata, the CSV header, a pass over the KML text, the bytes a zip really inflates
to). :func:`read_uploads` reads each file in a worker process with CPU-time, memory and
wall-clock limits (:mod:`geo.uploads.worker`), so no file can crash or stall the app.
Reserved property names (``fid``, ``geom``, ``geometry``, ...) are renamed, and every
change (a guessed encoding, Z/M dropped, a rename) is reported in the messages.

Hostile input stays inert: names, property keys and values are kept as plain
text (never HTML); nested values become JSON strings. Nothing is escaped here:
the display layer escapes, with :func:`safe_text` or ``html.escape``.

Every failure is an :class:`UploadError` whose text is ``"<file>: <reason>"``;
no GDAL exception or traceback escapes. Its reason and the messages are :class:`geo.texts.Text`: English
``str`` that keep their template and values, so a front end shows them in the reader's language
(``shieldmap.i18n.explain``).

This module is the public API; the work is done in:

- :mod:`geo.uploads.formats` — the reader of each format (:mod:`geo.uploads.csv` for CSV,
  :mod:`geo.uploads.gdal` for everything read through GDAL), each returning a
  :class:`geo.uploads.table.Table`;
- :mod:`geo.uploads.geometry` — CRS to WGS84, range checks, vertex counting, repair;
- :mod:`geo.uploads.frame` — the final frame, properties as plain text or numbers;
- :mod:`geo.uploads.errors` — :class:`UploadError` and the wording of its reasons.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

import geopandas as gpd
import numpy as np

from geo.uploads.csv import LAT_NAMES, LON_NAMES, WKT_NAMES
from geo.uploads.display import DISPLAY_TEXT, display_note, for_display
from geo.uploads.errors import UploadError, human_size
from geo.uploads.formats import READERS
from geo.uploads.pool import GaveUp
from geo.uploads.frame import KIND, NAME_KEYS, PROPERTY_PREFIX, RESERVED, build_frame
from geo.uploads.geometry import clean_geometry
from geo.uploads.table import Limits, Table, frame_bytes, property_bytes
from geo.uploads.worker import WorkerLimits, read_in_worker
from geo.texts import N_, Nn_, Text

__all__ = ["DISPLAY_TEXT", "FORMATS", "FORMAT_NAMES", "KIND", "LAT_NAMES", "LON_NAMES", "MAX_BYTES",
           "MAX_CELLS", "MAX_DECODED_BYTES", "MAX_FEATURES", "MAX_FIELDS", "MAX_FILES", "MAX_LAYERS", "MAX_NESTING",
           "MAX_REPAIR_CROSSINGS", "MAX_UNZIPPED_BYTES",
           "MAX_VERTICES", "NAME_KEYS", "PROPERTY_PREFIX", "RESERVED", "SLUG_MAX", "SUPPORTED", "UploadError",
           "UploadResult", "WKT_NAMES", "WORKER", "current_limits", "distinct", "for_display", "layer_slug",
           "read_isolated", "read_upload", "read_uploads", "renamed", "safe_text", "too_big", "unique_ids"]

MAX_BYTES = 5 * 1024 * 1024
"""Largest accepted file (5 MiB), before any unzipping."""
MAX_FILES = 5
"""Most files one visitor may have added at once (the app's uploader; the server holds no more a session)."""
MAX_FEATURES = 5000
"""Most features (or CSV rows) in one file."""
MAX_VERTICES = 500_000
"""Most coordinate pairs in one file, to keep the browser responsive."""
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
"""Largest total size of the Shapefile parts inside a zip once unpacked (zip-bomb guard)."""
MAX_DECODED_BYTES = 32 * 1024 * 1024
"""The most one upload's table may take once decoded (32 MiB): checked before reading where the file declares it
(a Shapefile's .dbf: records × record length, from its header), and on what the reader built (its property
values as Python holds them, deep) before it leaves the worker. It bounds what one upload occupies in the app's
memory and, through what the map draws of it, on disk."""
MAX_FIELDS = 500
"""Most property names (columns) in one file."""
MAX_CELLS = 500_000
"""Most table cells (features × columns) in one file."""
MAX_LAYERS = 100
"""Most layers (GeoPackage tables, KML folders) in one file."""
MAX_REPAIR_CROSSINGS = 20_000
"""Most self-crossings of the invalid polygons one file may ask to repair."""
MAX_NESTING = 32
"""Deepest nesting in a file: parentheses of one WKT, arrays and objects of a GeoJSON document, elements
of a KML document, collections in one geometry (any format). Checked in the worker before parsing where
the text allows, and on every geometry read, so nothing handed to the app recurses deeply."""
WORKER = WorkerLimits(cpu_seconds=8, memory_bytes=400 * 1024 * 1024, timeout=20.0)
"""The worker process's CPU time, memory (address space beyond its start) and wall-clock limits."""
SLUG_MAX = 40
"""Longest slug of the file name in a layer id (the id is ``user_`` + slug)."""

FORMATS = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".gpkg": "gpkg",
           ".zip": "shapefile", ".csv": "csv"}
"""Accepted extensions and the format each one means."""
FORMAT_NAMES = {"geojson": "GeoJSON", "kml": "KML", "gpkg": "GeoPackage",
                "shapefile": "zipped Shapefile", "csv": "CSV"}
SUPPORTED = ", ".join(FORMATS)


@dataclass(frozen=True)
class UploadResult:
    layer_id: str
    title: str
    frame: gpd.GeoDataFrame
    messages: tuple[str, ...] = ()
    display: gpd.GeoDataFrame | None = None
    """What the map shows of ``frame`` (:func:`for_display`: bounded text, popups and geometry), made in the worker."""
    nbytes: int = 0
    """The memory ``frame`` and ``display`` hold (:func:`geo.uploads.table.frame_bytes`), measured in the worker:
    what the app's upload cache counts."""


def safe_text(value) -> str:
    """``value`` as HTML-escaped text, for the display layer."""
    return html.escape(str(value))


def layer_slug(filename: str) -> str:
    """The file name stem as lowercase ascii letters, digits and single underscores (≤ 40, never empty)."""
    stem = PurePosixPath(_basename(filename)).stem
    text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:SLUG_MAX].strip("_")
    return text or "upload"


def current_limits() -> Limits:
    """The limits as this module's constants say now."""
    return Limits(max_features=MAX_FEATURES, max_unzipped_bytes=MAX_UNZIPPED_BYTES, max_fields=MAX_FIELDS,
                  max_cells=MAX_CELLS, max_layers=MAX_LAYERS, max_vertices=MAX_VERTICES,
                  max_repair_crossings=MAX_REPAIR_CROSSINGS, max_nesting=MAX_NESTING,
                  max_decoded_bytes=MAX_DECODED_BYTES)


def read_uploads(files: list[tuple[str, bytes]], *, isolated: bool = True,
                 peaks: list | None = None) -> tuple[list[UploadResult], list[Text]]:
    """Read each ``(filename, data)``; return the results and one error line per bad file (a :class:`Text`: the
    English line, which ``shieldmap.i18n.explain`` gives in the reader's language).

    With ``isolated`` (the default) each file is read in a worker process under :data:`WORKER`'s
    limits; ``peaks``, if given, gets each worker's peak memory growth in bytes (None if it died).
    Layer ids are made unique in order (:func:`distinct`).
    """
    results: list[UploadResult] = []
    errors: list[Text] = []
    for filename, data in files:
        try:
            if isolated:
                result, peak = read_isolated(filename, data)
                if peaks is not None:
                    peaks.append(peak)
            else:
                result = read_upload(filename, data)
        except UploadError as error:
            if isolated and peaks is not None:
                peaks.append(getattr(error, "peak", None))
            errors.append(error.line)
            continue
        except Exception as error:  # a safety net: never a traceback in the app
            errors.append(UploadError(_display_name(filename), _unreadable(error)).line)
            continue
        results.append(result)
    return distinct(results), errors


def read_isolated(filename: str, data: bytes, waiting=None) -> tuple[UploadResult, int | None]:
    """One file read in a worker process under :data:`WORKER`'s limits: the result and the worker's peak
    memory growth. Every failure is an :class:`UploadError`; one whose ``transient`` attribute is true
    (a wall-clock timeout, a lost worker, a long wait for a reader) depends on the machine's load, not on
    the file. The read waits its turn among the process's readers (:mod:`geo.uploads.pool`), calling
    ``waiting(place in the queue)`` meanwhile; what ``waiting`` raises (the visitor left) ends the wait
    and is raised here, nothing read."""
    try:
        _precheck(filename, data)
        return read_in_worker(_display_name(filename), filename, data, current_limits(), WORKER, waiting)
    except UploadError:
        raise
    except GaveUp as gave_up:  # ``waiting`` ended the wait: its own exception
        raise gave_up.error from None
    except Exception as error:  # a safety net: never a traceback in the app
        raise UploadError(_display_name(filename), _unreadable(error)) from None


def _unreadable(error: Exception) -> Text:
    return Text(N_("could not be read ({error})"), error=type(error).__name__)


def distinct(results: list[UploadResult]) -> list[UploadResult]:
    """The results with unique layer ids, in order (:func:`unique_ids`)."""
    return [r if i == r.layer_id else renamed(r, i) for r, i in zip(results, unique_ids([r.layer_id for r in results]))]


def unique_ids(layer_ids: list[str]) -> list[str]:
    """The ids made unique in order: a second ``user_sites`` becomes ``user_sites_2``."""
    taken: set[str] = set()
    out = []
    for base in layer_ids:
        layer_id, n = base, 1
        while layer_id in taken:
            n += 1
            layer_id = f"{base}_{n}"
        taken.add(layer_id)
        out.append(layer_id)
    return out


def read_upload(filename: str, data: bytes, limits: Limits | None = None) -> UploadResult:
    """Read one uploaded file in this process; :class:`UploadError` if it cannot be used."""
    name, fmt = _precheck(filename, data)
    limits = limits or current_limits()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = READERS[fmt](name, data, limits)
    _check_decoded(name, table, limits)
    layer_id = "user_" + layer_slug(filename)
    frame, messages = _finish(name, layer_id, table, limits)
    display = for_display(frame)
    return UploadResult(layer_id=layer_id, title=name, frame=frame,
                        messages=tuple(messages[:1] + table.messages + messages[1:]), display=display,
                        nbytes=frame_bytes(frame) + frame_bytes(display))


def _check_decoded(name: str, table: Table, limits: Limits) -> None:
    """The table's property values, measured, within :data:`MAX_DECODED_BYTES` (before any geometry work)."""
    size = property_bytes(table.properties)
    if limits.max_decoded_bytes is not None and size > limits.max_decoded_bytes:
        raise UploadError(name, Text(N_("its properties take {size} once read, over the {limit} limit"),
                                     size=human_size(size), limit=human_size(limits.max_decoded_bytes)))


def _precheck(filename: str, data: bytes) -> tuple[str, str]:
    """The display name and format, after the checks that need no parsing (size, extension)."""
    name = _display_name(filename)
    if data is None or len(data) == 0:
        raise UploadError(name, Text(N_("the file is empty")))
    if len(data) > MAX_BYTES:
        raise UploadError(name, too_big(len(data)))
    suffix = PurePosixPath(_basename(filename)).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        shown = f"'{suffix}'" if suffix else Text(N_("no extension"))
        raise UploadError(name, Text(N_("unknown format ({shown}); supported: {supported} (a Shapefile must be zipped "
                                        "with its .shx, .dbf and .prj)"), shown=shown, supported=SUPPORTED))
    if not data.strip():
        raise UploadError(name, Text(N_("the file is empty (only whitespace)")))
    return name, fmt


def _finish(name: str, layer_id: str, table: Table, limits: Limits) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Check and repair the table's geometry, then build the layer frame; notes on what was done."""
    geometry, keep, messages = clean_geometry(name, table, limits)
    properties = table.properties.iloc[np.flatnonzero(keep)].reset_index(drop=True)
    geometry = geometry[keep]
    frame, renamed = build_frame(name, layer_id, properties, geometry)
    kept = len(frame)
    messages.insert(0, Nn_("{n} feature read", "{n} features read", kept))
    return frame, messages + renamed + display_note(frame)


# --- small helpers --------------------------------------------------------------------------------


def renamed(result: UploadResult, layer_id: str) -> UploadResult:
    """The result as layer ``layer_id`` (its features' ids follow), with a note."""
    frame, display = result.frame.copy(), None if result.display is None else result.display.copy()
    for table in (frame, display) if display is not None else (frame,):
        table["layer"] = layer_id
        table["id"] = [f"{layer_id}-{n}" for n in range(1, len(table) + 1)]
    return dataclasses.replace(result, layer_id=layer_id, frame=frame, display=display,
                               messages=result.messages + (Text(N_("Layer id {layer} (another upload is {other})"),
                                                                            layer=layer_id, other=result.layer_id),))


def too_big(size: int) -> Text:
    """Why a file of ``size`` bytes is refused (over :data:`MAX_BYTES`)."""
    return Text(N_("the file is {size} ({bytes:,} bytes), over the {limit} ({limit_bytes:,} bytes) limit"),
                size=human_size(size), bytes=size, limit=human_size(MAX_BYTES), limit_bytes=MAX_BYTES)


def _basename(filename: str) -> str:
    return re.split(r"[\\/]", str(filename or ""))[-1]


def _display_name(filename: str) -> str:
    """The file name as plain, one-line text (no folders, no control characters)."""
    text = "".join(c if c.isprintable() else "?" for c in _basename(filename)).strip()
    return text or "(unnamed file)"

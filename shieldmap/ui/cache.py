"""What the app computes once and shares across sessions and reruns (Streamlit's caches).

The cached functions live in a module, not in app.py: Streamlit runs app.py on every rerun
of every session, and a ``@st.cache_*`` decorator evaluated there builds its wrapper again
each time (it reads the function's source to key the cache), a cost every visitor paid.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import threading
from pathlib import Path

import streamlit as st

from geo import analysis
from geo.analysis import member_sides
from geo.seeds import load_seeds
from geo.uploads import UploadError, for_display, read_isolated, renamed, unique_ids, worker
from geo.uploads.display import MORE, more_properties
from layers import what_if as what_if_layers
from layers import registry
from layers.registry import LAYERS, LAYER_IDS, SITE_SIDES, analysis_layers, build_layers
from shieldmap import exports, i18n
from shieldmap.i18n import _
from shieldmap.ui.hot import hot
from shieldmap.web import citations, layer_files, webmap
from shieldmap.view import LayerOptions, View, data_span
from shieldmap.web.assets import prepare_static


@hot(4)
@st.cache_resource(show_spinner=False)
def static_ready(static: Path) -> Path:
    """The offline files (Leaflet, basemap) under the app's ``static/``, checked once per process."""
    return prepare_static(static)


@hot(4)
@st.cache_resource(show_spinner=False, max_entries=4)
def seeds(digest: str):
    return load_seeds()


@hot(4)
@st.cache_resource(show_spinner=False, max_entries=4)
def span(digest: str) -> tuple[dt.date, dt.date]:
    """The slider's span (:func:`shieldmap.view.data_span`), once per seed version."""
    return data_span(seeds(digest))


@hot(8)
@st.cache_resource(show_spinner=False, max_entries=4)
def event_choices(digest: str, lang: str = i18n.DEFAULT) -> tuple[dict, dict]:
    """"Jump to an event": event id -> date and event id -> label (the event's name in ``lang`` where the
    seeds have it), in date order, once per seed version and language."""
    events = seeds(digest).events.sort_values("date")
    local = events.get(f"name_{lang}") if lang != i18n.DEFAULT else None
    names = [other if isinstance(other, str) and other else name
             for name, other in zip(events["name"], local if local is not None else events["name"])]
    return dict(events["date"]), {i: f"{day}: {name}" for i, day, name in zip(events.index, events["date"], names)}


def _distance_texts(built: dict) -> dict[str, str]:
    """For the popups of site layers: site id -> geodesic distance to each of the other side's borders."""
    table = analysis.distances({i: built[i] for i in SITE_SIDES}, SITE_SIDES)
    table = table[table["target"] != "nearest"]
    return {site: "; ".join(_("{country} {km} km").format(country=i18n.country(row.country), km=i18n.number(row.distance_km))
                            for row in rows.itertuples())
            for site, rows in table.groupby("site_id")}


LAYER_ENTRIES = 128
"""Views (layer date and options) whose layers are kept: more than the change days Play steps through."""


@functools.lru_cache(maxsize=4096)
def layer_date(digest: str, as_of: dt.date) -> dt.date:
    """The change day whose layers are those of ``as_of`` (:func:`geo.features.layer_date`): the date
    every layer cache and every map group is keyed on, so a date costs at most one build per change day."""
    return registry.layer_date(seeds(digest), as_of)


@st.cache_resource(show_spinner=False, max_entries=LAYER_ENTRIES)
def built_layers(digest: str, day: dt.date, options: LayerOptions) -> dict:
    """Every layer at ``day`` (a :func:`layer_date`) with ``options``: built once per (seeds, day, options),
    whatever the language, and shared by every session."""
    return build_layers(seeds(digest), LAYER_IDS, day, **options.build_args())


@hot(LAYER_ENTRIES)
@st.cache_resource(show_spinner=False, max_entries=LAYER_ENTRIES)
def layers(static: Path, digest: str, day: dt.date, options: LayerOptions, lang: str = i18n.DEFAULT) -> dict:
    """Every layer at ``day`` (a :func:`layer_date`) with ``options``, and its display GeoJSON in ``lang``
    (popups, tooltips, labels): made once per (seeds, day, options, language) and shared by every session.

    The display GeoJSON is serialised once, here, into static files under ``static`` that the
    map fetches (the websocket carries their URLs)."""
    with i18n.language(lang):
        return _layers(static, digest, day, options)


def _layers(static: Path, digest: str, day: dt.date, options: LayerOptions) -> dict:
    data = seeds(digest)
    built = built_layers(digest, day, options)
    resolve = lambda ids: data.source_records(ids.split(";"))  # noqa: E731
    texts = _distance_texts(built)
    shown = {i: frame.assign(distances=frame["id"].map(texts)) if i in SITE_SIDES else frame
             for i, frame in built.items()}
    publish = lambda d: webmap.Fetched(layer_files.publish(static_ready(static), webmap.script_json(d)))  # noqa: E731
    display = {i: (publish(webmap.layer_geojson(shown[i], resolve, as_of=day)),
                   publish(webmap.uncertainty_geojson(frame)) if LAYERS[i].geometry == "point" else None)
               for i, frame in built.items()}
    return {"built": built, "display": display}


def what_if_layer(digest: str, day: dt.date, specs: tuple[str, ...], built: dict):
    """The hypothetical sites at ``day`` (sides inferred from the day's memberships in ``built``), or None."""
    if not specs:
        return None
    return what_if_layers.build(seeds(digest), specs, day, member_sides(built["nato"], built["csto"]))


@st.cache_data(show_spinner=False, max_entries=32)
def analysis_tables(static: Path, digest: str, day: dt.date, options: LayerOptions,
                    what_if: tuple = ()) -> dict:
    data, built = seeds(digest), built_layers(digest, day, options)
    hypothetical = what_if_layer(digest, day, what_if, built)
    return analysis.analysis_tables(data, analysis_layers(data, day, **options.build_args(), built=built,
                                                          what_if=hypothetical))


FIGURE_RENDERS = threading.BoundedSemaphore(1)
"""At most one figure is drawn at a time in a process (a render costs seconds of CPU)."""
FIGURE_WAIT_S = 60.0


@st.cache_data(show_spinner=False, max_entries=16)
def figure_png(digest: str, view: View, *, _static: Path) -> bytes:
    """The publication figure of the view's layers, drawn once per view (however often it is downloaded),
    one render at a time per process; a request that waits over :data:`FIGURE_WAIT_S` is refused."""
    built = built_layers(digest, layer_date(digest, view.as_of), view.options)
    if not FIGURE_RENDERS.acquire(timeout=FIGURE_WAIT_S):
        raise RuntimeError(_("The figure could not be drawn: other figures were being drawn for over {seconds} s. "
                             "Please try again.").format(seconds=f"{FIGURE_WAIT_S:g}"))
    try:
        shown = {i: built[i] for i in view.layers}
        hypothetical = what_if_layer(digest, view.as_of, view.what_if, built) if view.what_if else None
        if hypothetical is not None and len(hypothetical):  # drawn as on the map (the CLI's --what-if)
            shown["what_if"] = hypothetical
        with i18n.language(view.lang):  # Streamlit's download thread: the view's language
            overlays, bbox = _figure_engagement(digest, view)
            return exports.figure_bytes(shown, seeds(digest), view.as_of, bbox=bbox, overlays=overlays)
    finally:
        FIGURE_RENDERS.release()


def _figure_engagement(digest: str, view: View) -> tuple:
    """The figure's engagement overlays and extent (as ``shieldmap figure --path``); a path that cannot be
    drawn (the Engagement panel warns of it) leaves the figure without it."""
    from shieldmap import figure_engagement  # imports matplotlib: only when a figure is asked for

    try:
        return figure_engagement.for_view(seeds(digest), view)
    except ValueError:
        return figure_engagement.for_view(seeds(digest), view.replace(path=""))


worker.prestart()  # the upload readers' fork server imports GDAL & co. now, not at the first upload
_DIGESTS: dict[tuple, str] = {}  # (upload's file_id, size) -> SHA-256 of its bytes: hashed once, not every rerun


def _digest(file) -> str:
    key = (getattr(file, "file_id", None) or id(file), file.size)
    if key not in _DIGESTS:
        if len(_DIGESTS) > 1024:
            _DIGESTS.clear()
        _DIGESTS[key] = hashlib.sha256(file.getvalue()).hexdigest()
    return _DIGESTS[key]


@st.cache_resource(show_spinner=False, max_entries=64)
def upload_file(name: str, digest: str, _data: bytes) -> tuple:
    """One uploaded file, read in a worker once per (name, content) for every session: ``(UploadResult,
    None)`` or ``(None, error)`` (an :class:`UploadError`: each session shows it in its own language). Only
    outcomes the file decides are kept: a failure that depends on the machine's load (a wall-clock timeout,
    a lost worker) is raised, so it is not cached and the next run reads the file again."""
    try:
        return read_isolated(name, _data)[0], None
    except UploadError as error:
        if getattr(error, "transient", False):
            raise
        return None, error


@st.cache_resource(show_spinner=False, max_entries=64)
def upload_layer(static: Path, digest: str, name: str, layer_id: str, lang: str, _result) -> tuple:
    """``(result as layer_id, its display GeoJSON as a static file)``: the browser fetches an upload's
    features once, by URL (content-addressed, like the built-in layers), not on every rerun. The popups'
    words (field names, sources, the line for the properties left out) are in ``lang``, part of the key."""
    result = _result if _result.layer_id == layer_id else renamed(_result, layer_id)
    display = result.display if result.display is not None else for_display(result.frame)
    with i18n.language(lang):
        more = more_properties(result.frame)
        if more is not None and MORE in display.columns:
            display = display.assign(**{MORE: i18n.explain(more)})
        text = webmap.script_json(webmap.layer_geojson(display, lambda ids: citations.resolve(None, ids), tolerance=0))
    return result, webmap.Fetched(layer_files.publish(static_ready(static), text))


def uploads(static: Path, files) -> tuple[list, list[str]]:
    """Uploaded files (Streamlit's) -> ([(layer, frame, display, messages)], [error lines]), each file read once;
    the messages and error lines in the current language (:func:`shieldmap.i18n.explain`), plain text."""
    read, errors = [], []
    for file in files:
        digest = _digest(file)
        try:
            result, error = upload_file(file.name, digest, file.getvalue())
        except UploadError as transient:
            errors.append(i18n.explain(transient))
            continue
        if error:
            errors.append(i18n.explain(error))
        else:
            read.append((digest, result))
    found = []
    for index, ((digest, result), layer_id) in enumerate(zip(read, unique_ids([r.layer_id for _digest, r in read]))):
        result, display = upload_layer(static, digest, result.title, layer_id, i18n.current(), result)
        found.append((webmap.user_layer(layer_id, result.title, index), result.frame, display,
                      tuple(i18n.explain(message) for message in result.messages)))
    return found, errors

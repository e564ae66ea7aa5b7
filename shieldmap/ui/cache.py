"""What the app computes once and shares across sessions and reruns (Streamlit's caches).

The cached functions live in a module, not in app.py: Streamlit runs app.py on every rerun
of every session, and a ``@st.cache_*`` decorator evaluated there builds its wrapper again
each time (it reads the function's source to key the cache), a cost every visitor paid.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import weakref
from typing import Any
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from geo import analysis
from geo.analysis import member_sides
from geo.seeds import load_seeds
from geo.uploads import UploadError, for_display, read_isolated, renamed, unique_ids
from geo.uploads.display import MORE, more_properties
from layers import what_if as what_if_layers
from layers import registry
from layers.registry import LAYERS, LAYER_IDS, SITE_SIDES, analysis_layers, build_layers
from shieldmap import i18n
from shieldmap.i18n import _
from shieldmap.ui.hot import hot
from shieldmap.ui.sized_cache import SizedCache
from shieldmap.ui.upload_state import UserLayer
from shieldmap.web import citations, layer_files, webmap
from shieldmap.view import LayerOptions, data_span
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


LAYER_ENTRIES = 160
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


_DIGESTS: dict[tuple, str] = {}  # (upload's file_id, size) -> SHA-256 of its bytes: hashed once, not every rerun


def _digest(file) -> str:
    key = (getattr(file, "file_id", None) or id(file), file.size)
    if key not in _DIGESTS:
        if len(_DIGESTS) > 1024:
            _DIGESTS.clear()
        _DIGESTS[key] = hashlib.sha256(file.getvalue()).hexdigest()
    return _DIGESTS[key]


UPLOAD_MEMORY = 128 * 1024 * 1024
"""The most memory the uploads read are kept in (every session's, shared; each result counted by its
``nbytes``, which :data:`geo.uploads.MAX_DECODED_BYTES` bounds): least recently used out first, read
again when a visitor next shows it."""
OUTCOME_BYTES = 4096
"""What a kept refusal (an error line) is counted as."""
_READ = SizedCache(UPLOAD_MEMORY, lambda outcome: OUTCOME_BYTES + (outcome[0].nbytes if outcome[0] else 0))
_SHOWN: list[SizedCache] = []


def _shown() -> SizedCache:
    """The cache of uploads' files in use, bounded by :func:`shieldmap.web.layer_files.upload_bytes` as the
    folder's cap says now (a new cap, a new cache)."""
    cap = layer_files.upload_bytes()
    if not _SHOWN or _SHOWN[0].max_bytes != cap:
        _SHOWN[:] = [SizedCache(cap, lambda shown: shown[1])]
    return _SHOWN[0]


def upload_file(name: str, digest: str, data: bytes, waiting=None) -> tuple:
    """One uploaded file, read in a worker once per (name, content) for every session: ``(UploadResult,
    None)`` or ``(None, error)`` (an :class:`UploadError`: each session shows it in its own language), kept
    within :data:`UPLOAD_MEMORY`. Only outcomes the file decides are kept: a failure that depends on the
    machine's load (a wall-clock timeout, a lost worker, a long queue) is raised, so it is not kept and the
    next run reads the file again. ``waiting`` is called while the file waits for a reader
    (:func:`geo.uploads.read_isolated`)."""
    def read() -> tuple:
        if waiting is not None:
            waiting(0)  # about to read: not for a visitor who has left
        try:
            return read_isolated(name, data, waiting)[0], None
        except UploadError as error:
            if getattr(error, "transient", False):
                raise
            return None, error

    return _READ.get((name, digest), read)


def forget_uploads() -> None:
    """Drop every upload kept (read results and their files in use): for tests and tools."""
    _READ.clear()
    _SHOWN.clear()


def upload_layer(static: Path, digest: str, name: str, layer_id: str, lang: str, result) -> tuple:
    """``(result as layer_id, its display GeoJSON as a static file)``: the browser fetches an upload's
    features once, by URL (content-addressed, like the built-in layers), not on every rerun. The popups'
    words (field names, sources, the line for the properties left out) are in ``lang``. The files kept in
    use take at most :func:`shieldmap.web.layer_files.upload_bytes` of the layer folder (least recently
    used out first: then prunable, and published again when asked)."""
    result = result if result.layer_id == layer_id else renamed(result, layer_id)

    def publish() -> tuple:
        display = result.display if result.display is not None else for_display(result.frame)
        with i18n.language(lang):
            more = more_properties(result.frame)
            if more is not None and MORE in display.columns:
                display = display.assign(**{MORE: i18n.explain(more)})
            text = webmap.script_json(webmap.layer_geojson(display, lambda ids: citations.resolve(None, ids),
                                                           tolerance=0))
        url = layer_files.publish(static_ready(static), text)
        return url, layer_files.size_on_disk(static_ready(static), url)

    url, _size = _shown().get((static, digest, name, layer_id, lang), publish)
    return result, webmap.Fetched(url)


def _reader_note():
    """A place at the top of the page for "waiting for the reader" (made on every run, so nothing below it
    moves when it is filled) and the ``waiting`` callback that fills it; the callback ends the run (nothing
    more is read for it) once the visitor's session has ended."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    note, context = st.empty(), get_script_run_ctx(suppress_warning=True)
    shown: list[int] = []

    def waiting(place: int) -> None:
        """``place`` in the readers' queue (1: next; 0: about to read)."""
        if context is not None and runtime.exists() and not runtime.get_instance().is_active_session(context.session_id):
            st.stop()  # the visitor closed the tab: give up the place in the queue
        if place and shown[-1:] != [place]:
            note.info(_("Waiting for the reader: your file is number {n} in the queue. Files are read in turn; "
                        "the page updates when yours has been read.").format(n=i18n.number(place)),
                      icon=":material/hourglass_top:")
            shown.append(place)
    return note, shown, waiting


_SOURCES: dict[int, tuple] = {}
"""id of each upload frame handed out -> (a weak reference to it, (file, name, digest, layer id)): how to get it again."""


def _remember(frame, source: tuple) -> None:
    key = id(frame)

    def forget(_ref) -> None:
        _SOURCES.pop(key, None)
    _SOURCES[key] = (weakref.ref(frame, forget), source)


def detached(exported: dict) -> dict:
    """``exported`` (layer id -> frame) with each upload's frame replaced by how to get it again (its file, name,
    digest and layer id), for what outlives the run: Streamlit keeps a deferred download's callable as long as
    its session, and a closed tab's session is kept (never shut down once its 120 s for a reconnect are over),
    so a callable holding the frames kept every upload a visitor ever downloaded-from in memory."""
    held = {}
    for layer_id, frame in exported.items():
        known = _SOURCES.get(id(frame))
        held[layer_id] = _Again(*known[1]) if known is not None and known[0]() is frame else frame
    return held


def attached(held: dict) -> dict:
    """The frames of :func:`detached`'s ``held``: an upload's from the cache, read again if it left it."""
    return {layer_id: value.frame() if isinstance(value, _Again) else value for layer_id, value in held.items()}


@dataclass(frozen=True)
class _Again:
    file: Any  # Streamlit's UploadedFile (its session holds its bytes anyway)
    name: str
    digest: str
    layer_id: str

    def frame(self):
        result, error = upload_file(self.name, self.digest, self.file.getvalue())
        if error:
            raise error
        return (result if result.layer_id == self.layer_id else renamed(result, self.layer_id)).frame


def uploads(static: Path, files) -> tuple[list[UserLayer], list[str]]:
    """Uploaded files (Streamlit's) -> ([their layers], [error lines]), each file read once;
    the messages and error lines in the current language (:func:`shieldmap.i18n.explain`), plain text."""
    read, errors = [], []
    note, shown, waiting = _reader_note()
    for file in files:
        digest = _digest(file)
        try:
            result, error = upload_file(file.name, digest, file.getvalue(), waiting)
        except UploadError as transient:
            errors.append(i18n.explain(transient))
            continue
        if error:
            errors.append(i18n.explain(error))
        else:
            read.append((digest, result, file))
    if shown:
        note.empty()
    found = []
    for index, ((digest, result, file), layer_id) in enumerate(zip(read, unique_ids([r.layer_id for _d, r, _f in read]))):
        result, display = upload_layer(static, digest, result.title, layer_id, i18n.current(), result)
        _remember(result.frame, (file, file.name, digest, layer_id))
        found.append(UserLayer(webmap.user_layer(layer_id, result.title, index), result.frame, display,
                               tuple(i18n.explain(message) for message in result.messages)))
    return found, errors

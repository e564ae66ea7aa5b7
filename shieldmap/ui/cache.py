"""What the app computes once and shares across sessions and reruns (Streamlit's caches).

The cached functions live in a module, not in app.py: Streamlit runs app.py on every rerun
of every session, and a ``@st.cache_*`` decorator evaluated there builds its wrapper again
each time (it reads the function's source to key the cache), a cost every visitor paid.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from pathlib import Path

import streamlit as st

from geo import analysis, features
from geo.analysis import member_sides
from geo.seeds import load_seeds
from geo.uploads import for_display, read_uploads
from layers import what_if as what_if_layers
from layers.registry import LAYERS, LAYER_IDS, SITE_SIDES, analysis_layers, build_layers
from shieldmap import exports
from shieldmap.web import citations, layer_files, webmap
from shieldmap.view import LayerOptions, View
from shieldmap.web.assets import prepare_static


@st.cache_resource(show_spinner=False)
def static_ready(static: Path) -> Path:
    """The offline files (Leaflet, basemap) under the app's ``static/``, checked once per process."""
    return prepare_static(static)


@st.cache_resource(show_spinner=False)
def freeze_heap() -> bool:
    """Once per process, after a first full run: move what every run shares (modules, caches) out of the
    garbage collector's sight (``gc.freeze``), so the collection Streamlit runs after each script run
    (``runner.postScriptGC``) scans only what that run made, not geopandas, shapely and pandas."""
    gc.collect()
    gc.freeze()
    return True


@st.cache_resource(show_spinner=False, max_entries=4)
def seeds(digest: str):
    return load_seeds()


def _distance_texts(built: dict) -> dict[str, str]:
    """For the popups of site layers: site id -> geodesic distance to each of the other side's borders."""
    table = analysis.distances({i: built[i] for i in SITE_SIDES}, SITE_SIDES)
    table = table[table["target"] != "nearest"]
    return {site: "; ".join(f"{row.country} {row.distance_km:.0f} km" for row in rows.itertuples())
            for site, rows in table.groupby("site_id")}


LAYER_ENTRIES = 128
"""Views (layer date and options) whose layers are kept: more than the change days Play steps through."""


def layer_date(digest: str, as_of: dt.date) -> dt.date:
    """The change day whose layers are those of ``as_of`` (:func:`geo.features.layer_date`): the date
    every layer cache and every map group is keyed on, so a date costs at most one build per change day."""
    return features.layer_date(seeds(digest), as_of)


@st.cache_resource(show_spinner=False, max_entries=LAYER_ENTRIES)
def layers(static: Path, digest: str, day: dt.date, options: LayerOptions) -> dict:
    """Every layer at ``day`` (a :func:`layer_date`) with ``options``, and its display GeoJSON: built once
    per (seeds, day, options) and shared by every session.

    The display GeoJSON is serialised once, here, into static files under ``static`` that the
    map fetches (the websocket carries their URLs)."""
    data = seeds(digest)
    built = build_layers(data, LAYER_IDS, day, **options.build_args())
    resolve = lambda ids: data.source_records(ids.split(";"))  # noqa: E731
    texts = _distance_texts(built)
    shown = {i: frame.assign(distances=frame["id"].map(texts)) if i in SITE_SIDES else frame
             for i, frame in built.items()}
    publish = lambda d: webmap.Fetched(layer_files.publish(static_ready(static), webmap.script_json(d)))  # noqa: E731
    display = {i: (publish(webmap.layer_geojson(shown[i], resolve)),
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
    data, built = seeds(digest), layers(static, digest, day, options)["built"]
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
    built = layers(_static, digest, layer_date(digest, view.as_of), view.options)["built"]
    if not FIGURE_RENDERS.acquire(timeout=FIGURE_WAIT_S):
        raise RuntimeError(f"The figure could not be drawn: other figures were being drawn for over "
                           f"{FIGURE_WAIT_S:g} s. Please try again.")
    try:
        return exports.figure_bytes({i: built[i] for i in view.layers}, seeds(digest), view.as_of)
    finally:
        FIGURE_RENDERS.release()


@st.cache_data(show_spinner=False, max_entries=16)
def uploads(files: tuple[tuple[str, bytes], ...]):
    """Uploaded files -> ([(layer, frame, display GeoJSON, messages)], [error lines]), per file content."""
    results, errors = read_uploads(list(files))
    found = []
    for index, result in enumerate(results):
        layer = webmap.user_layer(result.layer_id, result.title, index)
        display = webmap.script_json(webmap.layer_geojson(for_display(result.frame),
                                                          lambda ids: citations.resolve(None, ids)))
        found.append((layer, result.frame, display, result.messages))
    return found, errors

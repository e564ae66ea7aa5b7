"""The sidebar's controls. Their values were read from ``session_state`` (:mod:`shieldmap.ui.session`)
before the map was drawn; here they are drawn, once the map has reported (see app.py)."""

from __future__ import annotations

import streamlit as st

from geo import sectors
from geo.uploads import MAX_BYTES, MAX_FEATURES
from layers.registry import LAYERS
from layers.style import RINGS_LAYER
from shieldmap.ui import cache, engage_panel, session, time_controls, what_if_panel
from shieldmap.ui.text import literal
from shieldmap.view import BASEMAPS
from shieldmap.web import webmap


def _jump_to_event(dates: dict) -> None:
    chosen = st.session_state.get(session.JUMP)
    if chosen:
        st.session_state[session.AS_OF] = dates[chosen]


def _planned_shown() -> None:
    """Planned capability is drawn as range rings: asking for it shows the rings' layer, else nothing changes."""
    if st.session_state.get(session.PLANNED):
        st.session_state[session.layer_key(RINGS_LAYER)] = True


def _date_controls(seeds, span) -> None:
    session.typed_date()
    st.slider("As of", min_value=span[0], max_value=span[1], key=session.AS_OF, format="YYYY-MM-DD",
              help="Borders, memberships and statuses are those of this date.")
    st.date_input("Or type or pick a date", min_value=span[0], max_value=span[1], key=session.AS_OF_TYPED,
                  format="YYYY-MM-DD", on_change=session.date_typed,
                  help="The same date as the slider, to the day (YYYY-MM-DD).")
    if seeds is not None:
        dates, labels = cache.event_choices(seeds.digest)
        session.jump_kept(dates)
        st.selectbox("Jump to an event", [None, *dates], key=session.JUMP, on_change=_jump_to_event,
                     args=(dates,), format_func=lambda i: "—" if i is None else labels[i])
    time_controls.sidebar(seeds, span)  # Play, the story, Compare


def _layer_controls(seeds, counts: dict[str, int], user_layers) -> None:
    st.selectbox("Sectors", sectors.MODEL_NAMES, key=session.SECTORS, format_func=lambda name: sectors.MODELS[name].title,
                 help="How the four proposed sectors are drawn (an interpretation: the source gives no geometry). "
                      "See each sector's popup for the rule.")
    st.checkbox("Show planned capability", key=session.PLANNED, on_change=_planned_shown,
                help="Also draw range rings of systems not in place at the date (announced, planned, "
                     "under construction), labelled planned; switches the range rings layer on.")
    st.subheader("Layers")
    st.html(webmap.toggle_css([*LAYERS, *(upload[0] for upload in user_layers)], session.layer_key))  # style only
    for layer_id, layer in LAYERS.items():
        st.checkbox(f"{layer.title} ({counts.get(layer_id, 0)})",
                    key=session.layer_key(layer_id), help=layer.description, disabled=seeds is None)
    st.subheader("Your own layers")
    st.file_uploader(
        f"GeoJSON, KML, GeoPackage, zipped Shapefile, or CSV with lat/lon or WKT columns "
        f"(up to {MAX_BYTES // 2**20} MiB and {MAX_FEATURES:,} features a file)",
        accept_multiple_files=True, key="uploads", max_upload_size=MAX_BYTES // 2**20)  # the browser refuses more
    for layer, frame, _, messages in user_layers:
        st.checkbox(f"{literal(layer.title)} ({len(frame)})",
                    key=session.layer_key(layer.id), value=True, help=literal(" ".join(messages)) or None)


def draw(seeds, span, counts: dict[str, int], user_layers) -> None:
    """Every control, inside ``st.sidebar``; ``counts``: each layer's feature count at the date."""
    st.header("shieldmap")
    _date_controls(seeds, span)
    _layer_controls(seeds, counts, user_layers)
    what_if_panel.sidebar(seeds)
    engage_panel.sidebar(seeds)
    st.radio("Basemap", list(BASEMAPS), key=session.BASEMAP, format_func=BASEMAPS.get,
             help="The offline basemap needs no network; the tile basemaps do.")


def waiting(state) -> None:
    """Before the map has reported: a note and the button that shows the controls by hand."""
    st.header("shieldmap")
    st.caption("The controls appear once the map has drawn its layers.")
    st.button("Show the controls", key="show_controls", on_click=lambda: state.update(controls_shown=True))

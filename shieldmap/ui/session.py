"""The one owner of the app's session keys: the view the widgets hold, written from and read into a
:class:`shieldmap.view.View`.

A session's first run writes the URL's view into the widgets' keys (:func:`start`); every run reads
the widgets back as one view (:func:`view`), which is what the caches, the map, the downloads, the
command lines and the URL are made from. Nothing else in the app names these keys.
"""

from __future__ import annotations

import streamlit as st

from layers.registry import LAYER_IDS
from shieldmap.i18n import DEFAULT as DEFAULT_LANG, LANGUAGES
from shieldmap.view import DEFAULT_TARGET_ALTITUDE_KM, TIMELINE_OPTIONS, LayerOptions, View

AS_OF = "as_of"
AS_OF_TYPED = "as_of_typed"  # the typed/picked date: a mirror of AS_OF (see typed_date, date_typed)
JUMP = "jump"  # the "Jump to an event" choice, kept only while the date is that event's
BASEMAP = "basemap"
SECTORS = "sectors_model"
PLANNED = "planned"
FIGURES = "figures_chosen"  # {system: figure id}, kept apart from the Analysis tab's widgets (drawn only while open)
WHAT_IF = "what_if_specs"
STORY = "story"
FOLD_SIDEBAR = "fold_sidebar"  # "Tell the story" was pressed: fold the sidebar if it covers the page (a phone)
BEFORE_STORY = "layers_before_story"  # (layers, date) shown when the story started: closing it restores them
COMPARE_ON = "compare_on"
COMPARE_DATE = "compare_date"
URL_WARNINGS = "url_warnings"
ENGAGE_PATH = "engage_path"  # FROM>TO, "" for none
ENGAGE_INTERCEPTOR = "engage_interceptor"
ENGAGE_ALTITUDE = "engage_altitude_km"
ENGAGE_TIMELINE = {key: f"engage_{key}" for key in TIMELINE_OPTIONS.values()}  # None: the default
ENGAGE_SITES = "engage_sites"  # NAME@LAT,LON[:INTERCEPTOR] joined by ";"
FOOTPRINT = "footprint"  # the launch point of the footprint drawn, "" for none
LANG = "lang"  # the interface's language (the sidebar's switch, ?lang=)
EMBED = "embed"  # the URL's embed=1: kept for the session (no widget changes it)


def layer_key(layer_id: str) -> str:
    """The key of a layer's checkbox (built-in and uploaded layers alike)."""
    return f"layer_{layer_id}"


def started() -> bool:
    return AS_OF in st.session_state


def start(view: View, warnings=()) -> None:
    """A session's first run: the widgets start from ``view`` (the URL's)."""
    state = st.session_state
    state.update({AS_OF: view.as_of, BASEMAP: view.basemap, SECTORS: view.options.sectors,
                  PLANNED: view.options.planned, FIGURES: dict(view.options.figures), WHAT_IF: list(view.what_if),
                  STORY: view.story, COMPARE_ON: view.compare is not None, URL_WARNINGS: list(warnings),
                  ENGAGE_PATH: view.path, ENGAGE_INTERCEPTOR: view.interceptor or None,
                  ENGAGE_ALTITUDE: view.target_altitude_km, EMBED: view.embed, LANG: view.lang,
                  ENGAGE_SITES: ";".join(view.stations), FOOTPRINT: view.footprint,
                  **{ENGAGE_TIMELINE[key]: getattr(view, key) for key in TIMELINE_OPTIONS.values()}})
    if view.compare is not None:
        state[COMPARE_DATE] = view.compare
    show_layers(view.layers)


def language() -> str:
    """This session's language: the switch's, or before the first run has started the widgets the URL's
    (checked again, with its warning, by :func:`shieldmap.view.from_query`)."""
    lang = st.session_state.get(LANG) or str(st.query_params.get("lang") or DEFAULT_LANG).strip().lower()
    return lang if lang in LANGUAGES else DEFAULT_LANG


def typed_date() -> None:
    """Before the date widgets are drawn: the typed date shows the view's date (the slider's, Play's,
    the story's), so the two widgets stay in step."""
    st.session_state[AS_OF_TYPED] = st.session_state[AS_OF]


def date_typed() -> None:
    """A date typed or picked (the date input's callback) becomes the view's date."""
    if st.session_state.get(AS_OF_TYPED) is not None:
        st.session_state[AS_OF] = st.session_state[AS_OF_TYPED]


def jump_kept(event_dates: dict) -> None:
    """Forget the chosen event once the date has moved away from it (``event_dates``: event id -> date)."""
    chosen = st.session_state.get(JUMP)
    if chosen is not None and event_dates.get(chosen) != st.session_state[AS_OF]:
        st.session_state[JUMP] = None


def shown_layers() -> tuple[str, ...]:
    """The built-in layers ticked now."""
    return tuple(i for i in LAYER_IDS if st.session_state.get(layer_key(i)))


def show_layers(layer_ids) -> None:
    """Tick exactly these built-in layers."""
    for layer_id in LAYER_IDS:
        st.session_state[layer_key(layer_id)] = layer_id in layer_ids


def figures(defaults: dict[str, str | None]) -> tuple[tuple[str, str], ...]:
    """The range figures chosen that differ from each system's default (``defaults``: system -> default id)."""
    chosen = st.session_state.setdefault(FIGURES, {})
    return tuple(sorted((system, value) for system, value in chosen.items()
                        if system in defaults and value is not None and value != defaults[system]))


def view(defaults: dict[str, str | None]) -> View:
    """The view the widgets hold now (``defaults``: each system's default range figure)."""
    state = st.session_state
    options = LayerOptions(figures(defaults), bool(state[PLANNED]), state[SECTORS])
    return View(as_of=state[AS_OF], layers=tuple(i for i in LAYER_IDS if state[layer_key(i)]), options=options,
                basemap=state[BASEMAP], what_if=tuple(state.get(WHAT_IF, ())), story=state.get(STORY),
                compare=state.get(COMPARE_DATE) if state.get(COMPARE_ON) else None, path=state.get(ENGAGE_PATH) or "",
                interceptor=state.get(ENGAGE_INTERCEPTOR) or "" if state.get(ENGAGE_PATH) else "",
                target_altitude_km=float(state.get(ENGAGE_ALTITUDE) or DEFAULT_TARGET_ALTITUDE_KM),
                embed=bool(state.get(EMBED)), lang=language(), footprint=state.get(FOOTPRINT) or "",
                **engagement_options())


def engagement_options() -> dict:
    """The boost, delay, hypothetical speed (each ``None`` for the default) and the sites of one's own the panel
    holds (only with a path or a footprint drawn; a bad site was refused where it was typed, see ``engage_panel``)."""
    state = st.session_state
    if not state.get(ENGAGE_PATH) and not state.get(FOOTPRINT):
        return {}
    stations = tuple(part.strip() for part in (state.get(ENGAGE_SITES) or "").split(";") if part.strip())
    return {"stations": stations, **{key: state.get(ENGAGE_TIMELINE[key]) for key in TIMELINE_OPTIONS.values()}}

"""The one owner of the app's session keys: the view the widgets hold, written from and read into a
:class:`shieldmap.view.View`.

Each view field's key is its declaration's (``state``, :data:`shieldmap.view_fields.FIELDS`); a widget that holds
its value in another form says so once (:data:`WIDGET_FORMS`). A session's first run writes the URL's view into the
widgets' keys (:func:`start`); every run reads the widgets back as one view (:func:`view`), which is what the
caches, the map, the downloads, the command lines and the URL are made from. Nothing else in the app names these
keys.
"""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from layers.registry import LAYER_IDS
from shieldmap.i18n import DEFAULT as DEFAULT_LANG, LANGUAGES
from shieldmap.view import View, of_values
from shieldmap.view_fields import FIELDS, declared

KEYS = {item.name: item.state for item in FIELDS if item.state}
"""Each view field's widget key, as declared (:data:`shieldmap.view_fields.FIELDS`)."""
AS_OF = KEYS["as_of"]
AS_OF_TYPED = "as_of_typed"  # the typed/picked date: a mirror of AS_OF (see typed_date, date_typed)
JUMP = "jump"  # the "Jump to an event" choice, kept only while the date is that event's
BASEMAP = KEYS["basemap"]
SECTORS = KEYS["sectors"]
PLANNED = KEYS["planned"]
FIGURES = "figures_chosen"  # {system: figure id}, kept apart from the Analysis tab's widgets (drawn only while open)
WHAT_IF = KEYS["what_if"]
STORY = KEYS["story"]
COMPARE_ON = "compare_on"
COMPARE_DATE = KEYS["compare"]
URL_WARNINGS = "url_warnings"
ENGAGE_PATH = KEYS["path"]  # FROM>TO, "" for none
ENGAGE_INTERCEPTOR = KEYS["interceptor"]
ENGAGE_ALTITUDE = KEYS["target_altitude_km"]
ENGAGE_TIMELINE = {name: KEYS[name] for name in ("boost_s", "delay_s", "burnout_kms")}  # None: the default
ENGAGE_SITES = KEYS["stations"]  # NAME@LAT,LON[:INTERCEPTOR] joined by ";"
FOOTPRINT = KEYS["footprint"]  # the launch point of the footprint drawn, "" for none
LANG = KEYS["lang"]  # the interface's language (the sidebar's switch, ?lang=)
EMBED = KEYS["embed"]  # the URL's embed=1: kept for the session (no widget changes it)
WIDGET_FORMS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "what_if": (list, lambda held: tuple(held or ())),
    "interceptor": (lambda value: value or None, lambda held: held or ""),  # the select box's None: each site's own
    "target_altitude_km": (float, lambda held: float(held or declared("target_altitude_km").default)),
    "stations": (";".join, lambda held: tuple(p.strip() for p in (held or "").split(";") if p.strip())),
    "path": (str, lambda held: held or ""), "footprint": (str, lambda held: held or ""),
    "planned": (bool, bool), "embed": (bool, bool)}
"""A field whose widget holds it in another form: (view -> widget, widget -> view)."""
APART = ("compare", "lang")
"""Fields held apart: the compare date only while Compare is on; the language by :func:`language`."""


def layer_key(layer_id: str) -> str:
    """The key of a layer's checkbox (built-in and uploaded layers alike)."""
    return f"layer_{layer_id}"


def started() -> bool:
    return AS_OF in st.session_state


def _form(name: str, value: Any, way: int) -> Any:
    form = WIDGET_FORMS.get(name)
    return form[way](value) if form else value


def start(view: View, warnings=()) -> None:
    """A session's first run: the widgets start from ``view`` (the URL's)."""
    state = st.session_state
    state.update({key: _form(name, declared(name).raw(view), 0) for name, key in KEYS.items() if name not in APART})
    state.update({FIGURES: dict(view.options.figures), COMPARE_ON: view.compare is not None,
                  URL_WARNINGS: list(warnings), LANG: view.lang})
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
    values = {name: _form(name, state.get(key, declared(name).default), 1) for name, key in KEYS.items()
              if name not in APART}
    return of_values({**values, "figures": figures(defaults), "layers": shown_layers(), "lang": language(),
                      "compare": state.get(COMPARE_DATE) if state.get(COMPARE_ON) else None})

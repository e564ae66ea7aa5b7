"""The one owner of the page's own session keys (those of no panel): the map component's value, the uploader's
files, whether the controls are shown, and the script's own run time. The view's keys are
:mod:`shieldmap.ui.session`'s; each panel's are its owner's (:mod:`shieldmap.ui.what_if_state`,
:mod:`shieldmap.ui.play_state`, :mod:`shieldmap.ui.engage_state`, :mod:`shieldmap.ui.below_state`)."""

from __future__ import annotations

import time

import streamlit as st

from shieldmap.ui import map_frame

MAP = "map"  # the map component's value: what it reported (drawn, the last click)
UPLOADS = "uploads"  # the file uploader's files
CONTROLS_SHOWN = "controls_shown"  # the controls are drawn (after the map reported it drew, or by hand)
SHOW_CONTROLS = "show_controls"  # the button that shows the controls by hand
SCRIPT_MS = "script_ms"  # the last run's own time (ms), for the benchmarks


def controls_shown() -> bool:
    """Whether this run draws the controls: once shown (or once the map has reported it drew), always."""
    state = st.session_state
    state[CONTROLS_SHOWN] = shown = bool(state.get(CONTROLS_SHOWN)) or map_frame.drawn(state.get(MAP))
    return shown


def show_controls() -> None:
    """The "Show the controls" button's callback."""
    st.session_state[CONTROLS_SHOWN] = True


def last_click() -> dict | None:
    """The map's last click ({"lat", "lng"}) as it reported it (the previous run's value), or None."""
    return (st.session_state.get(MAP) or {}).get("last_clicked")


def uploaded() -> list:
    """The uploader's files (Streamlit's), as it holds them now."""
    return list(st.session_state.get(UPLOADS) or ())


def ran(started: float) -> None:
    """The run's own time since ``started`` (:func:`time.perf_counter`)."""
    st.session_state[SCRIPT_MS] = (time.perf_counter() - started) * 1000

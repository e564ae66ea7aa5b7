"""The app's defended footprint: "Footprint" beside "Draw the path" in the engagement panel draws, for the
launch point chosen there, where each interceptor site at the date (and the sites of one's own) could defend,
with the panel's interceptor, boost, delay and speed (:mod:`shieldmap.footprint`). The view carries it
(``?footprint=POINT``); the computation is cached per (seeds, change day, parameters), so a second visitor's
identical footprint costs a cache lookup."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo.engagement_seeds import load_engagement
from shieldmap import footprint as footprints
from shieldmap.ui import cache, session
from shieldmap.ui.engage_state import engage_keys
from shieldmap.ui.map_frame import MapGroup
from shieldmap.view import LayerOptions, View
from shieldmap.view_fields import ENGAGEMENT
from shieldmap.web import footprint_map

def _key(view: View, day: dt.date) -> View:
    """What the footprint depends on: the change day, the point and the engagement's options, nothing else."""
    return View(as_of=day, options=LayerOptions(planned=view.options.planned), footprint=view.footprint,
                **{name: getattr(view, name) for name in ENGAGEMENT})


@st.cache_data(show_spinner=False, max_entries=16)
def computed(digest: str, key: View):
    """``(features, points as named, None)`` or ``(None, None, message)``."""
    try:
        result = footprints.compute(load_engagement(seeds=cache.seeds(digest)), footprints.view_request(key))
    except ValueError as exc:
        return None, None, str(exc)
    return footprints.features(result), ", ".join(result.point_names()), None


def map_groups(view: View, digest: str | None) -> list[MapGroup]:
    if not view.footprint or digest is None:
        return []
    key = _key(view, cache.layer_date(digest, view.as_of))
    features, points, error = computed(digest, key)
    if error:
        st.warning(error)
        return []
    return [MapGroup(("footprint", digest, key, view.lang), lambda: footprint_map.feature_group(features, points))]


def exported(view: View, digest: str | None) -> dict:
    """For the downloads: ``{"footprint": frame}`` of the footprint drawn, or ``{}``."""
    if not view.footprint or digest is None:
        return {}
    features, _, _ = computed(digest, _key(view, cache.layer_date(digest, view.as_of)))
    if not features:
        return {}
    return {"footprint": footprints.layer_frame(features)}


def draw() -> None:
    st.session_state[session.FOOTPRINT] = engage_keys.launch or ""

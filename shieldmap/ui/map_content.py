"""What the map of a view holds: the layers' groups (rendered once per process and shared, see
:mod:`shieldmap.ui.map_frame`), the uploads, the date stamp and changes, the what-ifs and the
measurement; the legend's entries; and the frames the downloads export."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import streamlit as st

from shieldmap.ui import engage_panel, footprint_panel, map_frame, session, what_if_map, what_if_panel
from shieldmap.ui.run_state import Run
from shieldmap.view import View
from shieldmap.web import webmap


@dataclass(frozen=True)
class MapContent:
    groups: list
    legend: list  # layer ids (built-in, what_if) and user layers, in the map's order
    exported: dict  # layer id -> frame: what the downloads write
    uploads_shown: bool


def _layer_groups(view: View, digest: str, day, layers_now: dict) -> list:
    """One cached group per shown layer, keyed by everything it depends on (seeds, change day, options)."""
    return [map_frame.MapGroup(("layer", layer_id, digest, day, view.options), functools.partial(
        webmap.feature_group, layer_id, display, uncertainty, frame=layers_now["built"][layer_id]))
        for layer_id in view.layers for display, uncertainty in [layers_now["display"][layer_id]]]


def content(run: Run, time_groups: list, hypothetical) -> MapContent:
    """The map of the run's view: its layers, its uploads, ``time_groups`` (the date stamp and changes),
    ``hypothetical`` (the what-if layer or None)."""
    view, digest, layers_now = run.view, run.digest, run.layers
    groups = _layer_groups(view, digest, run.day, layers_now)
    uploads = [upload for upload in run.uploads if st.session_state.get(session.layer_key(upload.layer.id), True)]
    # The rendered groups are kept (map_frame's caches) by a plain copy of the file's URL, never its LayerURL:
    # that would keep the upload's file in use (unprunable) long after the upload cache let it go.
    groups += [map_frame.MapGroup(("upload", up.layer.id, up.layer.title, up.layer.color, str(up.display.url)),
                                  functools.partial(webmap.feature_group, up.layer, webmap.Fetched(str(up.display.url))))
               for up in uploads] + time_groups
    groups += engage_panel.map_groups(view, digest) + footprint_panel.map_groups(view, digest)
    groups += what_if_map.map_groups(run.seeds, hypothetical, tuple(what_if_panel.returned_objects()),
                                     what_if_panel.measure_points(), others=bool(groups))
    groups.append(map_frame.REPORT_DRAWN)  # last: it waits for every layer above (kept once the controls are
    # there: the same map, sent as a reference, not again)
    what_ifs = {"what_if": hypothetical} if hypothetical is not None and len(hypothetical) else {}
    exported = {**{i: layers_now["built"][i] for i in view.layers}, **engage_panel.exported(view, digest),
                **footprint_panel.exported(view, digest), **{up.layer.id: up.frame for up in uploads}, **what_ifs}
    return MapContent(groups, [*view.layers, *(up.layer for up in uploads), *what_ifs], exported, bool(uploads))

"""The app's Engagement panel: a threat's path from a launch point to a target over the layers at the
date, each interceptor site's kinematic reach with its verdict, each radar's horizon, and the table.

The computation is :mod:`shieldmap.engagement` (the same rows as ``shieldmap engage``); the view carries
the path (``?path=FROM>TO``, ``interceptor``, ``target_altitude``), so a drawn path is in the URL. Folded,
the panel sends no widget; a drawn path stays on the map until it is cleared.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo.engagement_seeds import load_engagement
from geo import ballistics, flyout, intercept as intercept_model, radar_horizon
from shieldmap import engagement as engage
from shieldmap import i18n
from shieldmap.i18n import _, translate
from shieldmap.ui import cache, session, tables
from shieldmap.ui.map_frame import MapGroup
from shieldmap.ui.text import literal
from shieldmap.view import MAX_TARGET_ALTITUDE_KM, View
from shieldmap.web import engagement_map

COLUMNS = ["site_name", "interceptor", "window_s", "latest_launch_s", "earliest_launch_s", "needed_kms", "why",
           "interceptor_burnout_kms", "claimed_by", "intercept_time_s", "intercept_altitude_km", "intercept_ground_km",
           "closest_km", "system", "horizon_km", "visible_min"]
"""The table's columns: the window and what it rests on first (what a reader looks for), then the rest."""
_FORMATS = {"closest_km": "%.0f", "window_s": "%.0f", "latest_launch_s": "%.0f", "earliest_launch_s": "%.0f",
            "needed_kms": "%.2f", "intercept_time_s": "%.0f", "intercept_altitude_km": "%.0f", "intercept_ground_km": "%.0f",
            "altitude_km": "%.0f", "downrange_km": "%.0f", "horizon_km": "%.0f",
            "time_min": "%.1f", "visible_min": "%.1f", "interceptor_burnout_kms": "%.1f"}


@st.cache_data(show_spinner=False, max_entries=16)
def computed(digest: str, day: dt.date, path: str, interceptor: str, altitude_km: float):
    """``(GeoJSON, table, None)`` for the path at the change ``day``, or ``(None, None, message)``."""
    try:
        launch, target = engage.parse_path(path)
        request = engage.EngageRequest(launch, target, day, interceptor or None, altitude_km)
        route, table = engage.engagement(load_engagement(seeds=cache.seeds(digest)), request)
    except ValueError as exc:
        return None, None, str(exc)
    return engage.geojson(route, table), table, None


def _computed(view: View, digest: str) -> list[tuple[str, tuple]]:
    """``(path, computed(...))`` for each path of the view, at its change day."""
    day = cache.layer_date(digest, view.as_of)
    return [(path, computed(digest, day, path, view.interceptor, view.target_altitude_km)) for path in view.paths]


def map_groups(view: View, digest: str | None) -> list[MapGroup]:
    """Each path, its minute ticks, the reach rings and the horizon rings, keyed by what they depend on."""
    if not view.path or digest is None:
        return []
    day = cache.layer_date(digest, view.as_of)
    return [MapGroup(("engagement", digest, day, path, view.interceptor, view.target_altitude_km),
                     lambda data=data: engagement_map.feature_group([data]))
            for path, (data, _, _) in _computed(view, digest) if data is not None]


def exported(view: View, digest: str | None) -> dict:
    """For the downloads: ``{"engagement": frame}`` of the paths drawn (the layer ``shieldmap export --path``
    adds), or ``{}``; built once per (seeds, date, paths, options), not on every rerun (about 8 ms)."""
    if not view.path or digest is None:
        return {}
    frame = _exported_frame(digest, view.as_of, view.path, view.interceptor, view.target_altitude_km)
    return {engage.LAYER_ID: frame} if frame is not None else {}


@st.cache_resource(show_spinner=False, max_entries=16)
def _exported_frame(digest: str, as_of: dt.date, path: str, interceptor: str, altitude_km: float):
    view = View(as_of=as_of, path=path, interceptor=interceptor, target_altitude_km=altitude_km)
    drawn = [data for _, (data, _, _) in _computed(view, digest) if data is not None]
    return engage.layer_frame(drawn, as_of) if drawn else None


def _draw() -> None:
    state = st.session_state
    state[session.ENGAGE_PATH] = f"{state.get('engage_from')}>{state.get('engage_to')}"


def sidebar(seeds) -> None:
    """The panel's widgets (inside ``st.sidebar``)."""
    if seeds is None:
        return
    state = st.session_state
    panel = st.expander(_("Engagement: paths, reach, radar horizons"), expanded=bool(state.get(session.ENGAGE_PATH)),
                        key="engage_open", on_change="rerun")
    if not panel.open:
        return
    engagement = load_engagement(seeds=seeds)
    places = engagement.places
    local = "name_ru" if i18n.current() == "ru" and "name_ru" in places.columns else "name"
    name = lambda i: places.at[i, local] or places.at[i, "name"]  # noqa: E731
    with panel:
        launches, targets = list(places.index[places["role"] == "launch"]), list(places.index[places["role"] == "target"])
        st.selectbox(_("Launch"), launches, key="engage_from", format_func=name)
        st.selectbox(_("Target"), targets, key="engage_to", format_func=name)
        choices = [None, *engagement.interceptor_names()]
        if state.get(session.ENGAGE_INTERCEPTOR) not in choices:  # from the URL (NAME=FIGURE_ID, or unknown: it warns)
            choices.append(state[session.ENGAGE_INTERCEPTOR])
        st.selectbox(_("Interceptor at every interceptor site"), choices, key=session.ENGAGE_INTERCEPTOR,
                     format_func=i18n.fixed(lambda i: _("Each site's own") if i is None else str(i)))
        st.number_input(_("Target altitude for the radar horizons (km)"), min_value=1.0, max_value=MAX_TARGET_ALTITUDE_KM,
                        step=10.0, key=session.ENGAGE_ALTITUDE)
        st.button(_("Draw the path"), key="engage_draw", on_click=_draw, width="stretch", type="primary")
        st.button(_("Clear"), key="engage_clear", on_click=lambda: state.update({session.ENGAGE_PATH: ""}),
                  disabled=not state.get(session.ENGAGE_PATH), width="stretch")


def table(view: View, digest: str) -> None:
    """Under the map, while a path is drawn: the verdicts and distances, the model and the same command."""
    if not view.path:
        return
    st.subheader(_("Engagement"))
    for index, (path, (_data, rows, error)) in enumerate(_computed(view, digest)):
        _path_table(view, path, rows, error, index)


def _path_table(view: View, path: str, rows, error: str | None, index: int) -> None:
    if error:
        st.warning(_("The path could not be drawn: ") + literal(error))
        return
    first = rows.iloc[0]
    st.markdown(literal(_("{launch} to {target}: {km} km, {minutes} min, apogee {apogee} km, burnout {speed} km/s "
                          "({trajectory})").format(launch=engage.local_name(first, "launch_name"),
                                                   target=engage.local_name(first, "target_name"),
                                                   km=i18n.number(first['range_km']), minutes=i18n.number(first['flight_min'], 1),
                                                   apogee=i18n.number(first['apogee_km']),
                                                   speed=i18n.number(first['burnout_kms'], 2),
                                                   trajectory=translate(first["trajectory"]))))
    shown = rows[[c for c in COLUMNS if c in rows.columns]].assign(  # the site's name in the reader's language
        site_name=[engage.local_name(row) for row in rows.to_dict("records")],
        **({"why": [engage.reason(row) for row in rows.to_dict("records")]} if "why" in rows else {}))
    formats = {c: st.column_config.NumberColumn(_(tables.HEADINGS.get(c, c)), format=f) for c, f in _FORMATS.items()
               if c in shown}
    st.dataframe(tables.shown(shown), hide_index=True, width="stretch",
                 key="engage_table" if index == 0 else f"engage_table_{index}",
                 column_config=tables.headings(shown, **formats))
    request = engage.EngageRequest(*engage.parse_path(path), view.as_of, view.interceptor or None,
                                   view.target_altitude_km)
    st.caption(_("On the map: the threat's ground track (black) with a tick every minute of flight; each interceptor "
                 "site's reach at its lowest intercept altitude (green: the window opens, vermillion: it does not); each "
                 "radar's horizon for the target altitude (blue, dashed)."))
    model = first["model"] if i18n.current() == i18n.DEFAULT else "; ".join(  # the CSV's column stays English
        [_(ballistics.MODEL), _(flyout.MODEL), _(intercept_model.MODEL), _(radar_horizon.MODEL)])
    st.caption(_("The window from a gravity-correct flyout: ") + literal(model) +
               ". " + _("The same rows: ") + f"`{request.command()}`")

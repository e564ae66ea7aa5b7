"""The app's Engagement panel: a threat's path from a launch point to a target over the layers at the
date, each interceptor site's reach with its verdict (its window opens or not), each radar's horizon, the
table and the chart of the burnout speed each site needs against the claims (:mod:`shieldmap.ui.engage_chart`).

The computation is :mod:`shieldmap.engagement` (the same rows as ``shieldmap engage``); the view carries
the path (``?path=FROM>TO``, ``interceptor``, ``target_altitude``, ``boost``, ``delay``, ``burnout``,
``sites``), so a drawn path is in the URL. Folded,
the panel sends no widget; a drawn path stays on the map until it is cleared.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import streamlit as st

from geo.engagement import ANTIPODAL_TEXT
from geo.engagement_seeds import MAX_STATIONS, load_engagement
from geo import ballistics, flyout, intercept as intercept_model, radar_horizon
from shieldmap import engagement as engage
from shieldmap import i18n
from shieldmap.i18n import _, translate
from shieldmap.ui import cache, engage_chart, footprint_panel, session, tables
from shieldmap.ui.engage_state import EngageState, engage_keys
from shieldmap.ui.map_frame import MapGroup
from shieldmap.ui.text import code, literal
from shieldmap.view import LayerOptions, View
from shieldmap.view_fields import ENGAGEMENT, declared
from shieldmap.web import engagement_map

MAX_SITES_CHARS = MAX_STATIONS * 80
"""The longest text of sites of one's own (each at most about 80 characters)."""
COLUMNS = ["site_name", "interceptor", "status", "verdict", "window_s", "latest_launch_s", "earliest_launch_s",
           "needed_kms", "why", "interceptor_burnout_kms", "claimed_by", "intercept_time_s", "intercept_altitude_km",
           "intercept_ground_km", "closest_km", "system", "horizon_km", "visible_min"]
"""The table's columns: the window and what it rests on first (what a reader looks for), then the rest."""
_WIDE = ("site_name", "interceptor", "status", "why", "claimed_by")
"""Text columns as wide as their longest words ("SM-3 Block IIA" whole), up to :data:`_MAX_WIDTH_PX`."""
_PX_PER_CHAR, _MAX_WIDTH_PX = 7.5, 520
_DIGITS = {"closest_km": 0, "window_s": 0, "latest_launch_s": 0, "earliest_launch_s": 0, "needed_kms": 2,
           "intercept_time_s": 0, "intercept_altitude_km": 0, "intercept_ground_km": 0, "altitude_km": 0, "downrange_km": 0,
           "horizon_km": 0, "time_min": 1, "visible_min": 1, "interceptor_burnout_kms": 1}
"""Decimals shown of each number column (as text in the reader's notation: an empty cell where there is none)."""


@st.cache_data(show_spinner=False, max_entries=16)
def computed(digest: str, key: View):
    """``(GeoJSON, table, None)`` for the one path of ``key`` (:func:`_key`), or ``(None, None, message)``."""
    try:
        route, table = engage.engagement(load_engagement(seeds=cache.seeds(digest)), key)
    except ValueError as exc:
        return None, None, str(exc)
    return engage.geojson(route, table), table, None


def _key(view: View, day: dt.date, path: str) -> View:
    """What one path's engagement depends on: the change ``day``, the path and the engagement's options (and
    planned capability), nothing else of the view."""
    return View(as_of=day, options=LayerOptions(planned=view.options.planned), path=path,
                **{name: getattr(view, name) for name in ENGAGEMENT})


def _computed(view: View, digest: str) -> list[tuple[str, tuple]]:
    """``(path, computed(...))`` for each path of the view, at its change day."""
    day = cache.layer_date(digest, view.as_of)
    return [(path, computed(digest, _key(view, day, path))) for path in view.paths]


def map_groups(view: View, digest: str | None) -> list[MapGroup]:
    """Each path, its minute ticks, the reach rings and the horizon rings, keyed by what they depend on."""
    if not view.path or digest is None:
        return []
    day = cache.layer_date(digest, view.as_of)
    return [MapGroup(("engagement", digest, _key(view, day, path)),
                     functools.partial(engagement_map.feature_group, [data]))
            for path, (data, _, _) in _computed(view, digest) if data is not None]


def exported(view: View, digest: str | None) -> dict:
    """For the downloads: ``{"engagement": frame}`` of the paths drawn (the layer ``shieldmap export --path``
    adds), or ``{}``; built once per (seeds, date, paths, options), not on every rerun (about 8 ms)."""
    if not view.path or digest is None:
        return {}
    frame = _exported_frame(digest, _key(view, view.as_of, view.path))
    return {engage.LAYER_ID: frame} if frame is not None else {}


@st.cache_resource(show_spinner=False, max_entries=16)
def _exported_frame(digest: str, key: View):
    drawn = [data for _, (data, _, _) in _computed(key, digest) if data is not None]
    return engage.layer_frame(drawn, key.as_of) if drawn else None


def _draw() -> None:
    st.session_state[session.ENGAGE_PATH] = f"{engage_keys.launch}>{engage_keys.target}"


def sidebar(seeds) -> None:
    """The panel's widgets (inside ``st.sidebar``)."""
    state = st.session_state
    panel = st.expander(_("Engagement: paths, reach, radar horizons"), expanded=bool(state.get(session.ENGAGE_PATH)),
                        key=EngageState.open.name, on_change="rerun")
    if not panel.open:
        return
    engagement = load_engagement(seeds=seeds)
    places = engagement.places
    local = "name_ru" if i18n.current() == "ru" and "name_ru" in places.columns else "name"
    name = lambda i: places.at[i, local] or places.at[i, "name"]  # noqa: E731
    with panel:
        launches, targets = list(places.index[places["role"] == "launch"]), list(places.index[places["role"] == "target"])
        st.selectbox(_("Launch"), launches, key=EngageState.launch.name, format_func=name)
        st.selectbox(_("Target"), targets, key=EngageState.target.name, format_func=name)
        choices = [None, *engagement.interceptor_names()]
        if state.get(session.ENGAGE_INTERCEPTOR) not in choices:  # from the URL (NAME=FIGURE_ID, or unknown: it warns)
            choices.append(state[session.ENGAGE_INTERCEPTOR])
        st.selectbox(_("Interceptor at every interceptor site"), choices, key=session.ENGAGE_INTERCEPTOR,
                     format_func=i18n.fixed(lambda i: _("Each site's own") if i is None else str(i)))
        st.number_input(_("Target altitude for the radar horizons (km)"), min_value=1.0,
                        max_value=declared("target_altitude_km").limits.high,
                        step=10.0, key=session.ENGAGE_ALTITUDE)
        _timeline_inputs(engagement)
        draw, shade = st.columns(2)
        draw.button(_("Draw the path"), key=EngageState.draw.name, on_click=_draw, width="stretch", type="primary")
        shade.button(_("Footprint"), key=EngageState.footprint.name, on_click=footprint_panel.draw, width="stretch",
                     help=_("where each interceptor site could defend against launches from the launch point"))
        st.button(_("Clear"), key=EngageState.clear.name, on_click=lambda: state.update({session.ENGAGE_PATH: "",
                                                                                 session.FOOTPRINT: ""}),
                  disabled=not (state.get(session.ENGAGE_PATH) or state.get(session.FOOTPRINT)), width="stretch")


def _timeline_inputs(engagement) -> None:
    """The threat's boost, the delay to the earliest launch, a hypothetical speed and the sites of one's own
    (empty: the defaults of the seeds, named in the placeholders)."""
    default = engagement.default_timeline()
    keys = session.ENGAGE_TIMELINE
    bounds = {name: declared(name).limits for name in keys}
    st.number_input(_("Threat's boost phase (s)"), min_value=bounds["boost_s"].low, max_value=bounds["boost_s"].high, step=10.0,
                    key=keys["boost_s"], placeholder=_("default: {seconds} s").format(seconds=f"{default.boost_s:g}"))
    st.number_input(_("From the threat's burnout to the earliest interceptor launch (s)"), min_value=bounds["delay_s"].low,
                    max_value=bounds["delay_s"].high, step=10.0, key=keys["delay_s"],
                    placeholder=_("default: {seconds} s").format(seconds=f"{default.delay_s:g}"))
    st.number_input(_("Burnout speed at every interceptor site (km/s)"), min_value=0.1,
                    max_value=bounds["burnout_kms"].high,
                    step=0.1, key=keys["burnout_kms"], placeholder=_("each interceptor's claims"))
    st.text_input(_("Interceptor sites of your own (NAME@LAT,LON:INTERCEPTOR, ; between)"), key=session.ENGAGE_SITES,
                  max_chars=MAX_SITES_CHARS, placeholder=_("North Sea@56.5,3.0:SM-3 Block IIA"))


def table(view: View, digest: str) -> None:
    """Under the map, while a path is drawn: the verdicts and distances, the model and the same command."""
    if not view.path:
        return
    st.subheader(_("Engagement"))
    for index, (path, (_data, rows, error)) in enumerate(_computed(view, digest)):
        _path_table(view, path, rows, error, index)
        if rows is not None:
            _needed_chart(rows, digest, index)


def _shown(rows):
    """The table's columns in the reader's language: site names, the reason in words, blank where there is
    nothing to say (never "None")."""
    records = rows.to_dict("records")
    shown = rows[[c for c in COLUMNS if c in rows.columns]].assign(site_name=[engage.local_name(r) for r in records])
    if "why" in rows:
        shown = shown.assign(why=[engage.reason(r) for r in records])
    if "not_in_place" in rows:  # a site not in place at the date: its status says so, and a screened one is planned
        shown = shown.assign(status=[_("planned: {status}").format(status=translate(r["status"]))
                                     if r.get("not_in_place") in (True, 1) and isinstance(r.get("verdict"), str)
                                     else translate(r["status"]) for r in records])
    text = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])]
    shown = shown.astype({c: object for c in text}).fillna({c: "" for c in text})
    # numbers as text in the reader's notation, so a cell with nothing to say is empty (a grid shows a missing
    # number as "None")
    return shown.assign(**{c: ["" if pd.isna(v) else i18n.number(v, d) for v in shown[c]]
                           for c, d in _DIGITS.items() if c in shown})


def _width(column, heading: str) -> int:
    """Pixels for a text column's longest cell (or its heading), with room for the cell's padding."""
    longest = max([len(heading), *(len(str(value)) for value in column)])
    return int(min(_MAX_WIDTH_PX, 24 + _PX_PER_CHAR * longest))


def _needed_chart(rows, digest: str, index: int) -> None:
    chart = engage_chart.needed_chart(rows, load_engagement(seeds=cache.seeds(digest)))
    if chart is not None:
        st.altair_chart(chart, width="stretch", key=EngageState.chart_key(index))
        st.caption(_("Each bar runs to the least burnout speed at which the site's window opens (after the boost and "
                     "the delay above); each mark is a claimed burnout speed of its interceptor: green opens the "
                     "window, vermillion is too slow."))


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
    if bool(first.get("antipodal")):
        st.warning(_(ANTIPODAL_TEXT))
    shown = _shown(rows)
    shown = tables.shown(shown)
    texts = {c: st.column_config.TextColumn(_(tables.HEADINGS.get(c, c)), width=_width(shown[c], _(tables.HEADINGS[c])))
             for c in _WIDE if c in shown}
    numbers = {c: st.column_config.TextColumn(_(tables.HEADINGS.get(c, c)), alignment="right") for c in _DIGITS if c in shown}
    st.dataframe(shown, hide_index=True, width="stretch",
                 key=EngageState.table_key(index),
                 column_config=tables.headings(shown, **texts, **numbers))
    st.caption(_("On the map: the threat's ground track (black) with a tick every minute of flight; each interceptor "
                 "site's reach at its lowest intercept altitude (green: the window opens, vermillion: it does not); each "
                 "radar's horizon for the target altitude (blue, dashed)."))
    model = first["model"] if i18n.current() == i18n.DEFAULT else "; ".join(  # the CSV's column stays English
        [_(ballistics.MODEL), _(flyout.MODEL), _(intercept_model.MODEL), _(radar_horizon.MODEL)])
    st.caption(_("The window from a gravity-correct flyout: ") + literal(model) +
               ". " + _("The same rows: ") + code(_key(view, view.as_of, path).command("engage", "FILE.csv")))

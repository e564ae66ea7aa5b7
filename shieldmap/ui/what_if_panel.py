"""The app's "What if and measure" panel: hypothetical sites and the two-point ruler.

State (``st.session_state``): ``what_if_specs`` (the valid specs, also in the
URL as ``?what_if=``), ``what_if_mode`` ("off", "place", "measure": map clicks
come back to Python only in the last two), ``measure_points`` (up to two
(lat, lon)), ``what_if_messages`` (one line per refused value, shown as plain
text). Clicks arrive as st_folium's value under the map's key; they are read
at the start of the next run, before the widgets they fill are drawn.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from branca.element import Template

from geo import what_if
from geo.analysis import member_sides
from layers import what_if as what_if_layer
from shieldmap.ui.map_frame import MapGroup, fixed
from shieldmap.ui.text import one_line
from shieldmap.web import webmap
from shieldmap.web.what_if_style import CENTRE_ICON_SVG, MEASURE_COLOR, WHAT_IF_LAYER

TYPED_MAX_CHARS = what_if.MAX_SITES * 120
"""Longest text the "type NAME@LAT,LON,RADIUS_KM" field takes (room for every allowed site)."""
MODES = {"off": "Off", "place": "Place a site", "measure": "Measure"}
MAP_KEY = "map"


def init(view, seeds) -> None:
    """On a session's first run: the what-ifs of the URL (each checked against the seeds' range figures)."""
    good, messages = what_if.parse_many(view.what_if)
    kept = []
    for item in good:
        try:
            if seeds is not None:
                what_if.check_figure(item, seeds.ranges)
            kept.append(item.spec)
        except ValueError as exc:
            messages.append(f"URL what_if value ignored: {exc}")
    st.session_state["what_if_specs"] = kept
    st.session_state["what_if_messages"] = [*view.what_if_warnings, *messages]


def specs() -> tuple[str, ...]:
    return tuple(st.session_state.get("what_if_specs", ()))


def mode() -> str:
    """What a map click does: the panel's "Map clicks" choice while the panel is open, else "off"
    (the panel's state is known before its widgets are drawn, so a folded panel stops clicks at once)."""
    state = st.session_state
    return state.get("what_if_mode", "off") if state.get("what_if_open") else "off"


def returned_objects() -> list[str]:
    """What st_folium sends back: the last click while placing or measuring, nothing otherwise."""
    return ["last_clicked"] if mode() != "off" else []


class _ClickMode(folium.MacroElement):
    """Tells the mounted map what to send back (st_folium reads ``returned_objects`` only when it
    mounts the map: this keeps the map, its zoom and its layers while the mode changes) and shows a
    crosshair cursor while placing or measuring."""

    _template = Template("""{% macro script(this, kwargs) %}
        if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.returned_objects = {{ this.objects }}; }
        if (window.map) { window.map.getContainer().style.cursor = {{ this.cursor }}; }
    {% endmacro %}""")

    def __init__(self, objects: list[str]):
        super().__init__()
        self._name = "ClickMode"
        self.objects = webmap.script_json(objects)
        self.cursor = webmap.script_json("crosshair" if objects else "")


def take_click() -> None:
    """Apply a new map click (from the previous run's st_folium value) to the mode's widgets."""
    clicked = (st.session_state.get(MAP_KEY) or {}).get("last_clicked")
    if not clicked or clicked == st.session_state.get("what_if_click_seen"):
        return
    st.session_state["what_if_click_seen"] = clicked
    lat, lon = round(float(clicked["lat"]), 4), round((float(clicked["lng"]) + 180) % 360 - 180, 4)
    clicks = mode()
    if clicks == "place":
        st.session_state["what_if_lat"], st.session_state["what_if_lon"] = lat, lon
    elif clicks == "measure":
        points = st.session_state.get("measure_points", [])
        st.session_state["measure_points"] = (points if len(points) < 2 else []) + [(lat, lon)]


def _add(seeds) -> None:
    state = st.session_state
    side = state.get("what_if_side")
    figure = state.get("what_if_figure")
    radius = float(seeds.ranges.at[figure, "radius_km"]) if figure else state.get("what_if_radius")
    extra = "".join(f",{v}" for v in (side, figure) if v)
    _add_text(f"{state.get('what_if_name') or 'What if'}@{state.get('what_if_lat')},{state.get('what_if_lon')},"
              f"{radius}{extra}", seeds)


def _add_text(text: str, seeds) -> None:
    messages = st.session_state.setdefault("what_if_messages", [])
    if len(specs()) >= what_if.MAX_SITES:
        messages.append(f"Not added: at most {what_if.MAX_SITES} hypothetical sites (remove one first)")
        return
    try:
        item = what_if.parse(text)
        what_if.check_figure(item, seeds.ranges)
    except ValueError as exc:
        messages.append(str(exc))
        return
    st.session_state["what_if_specs"] = [*specs(), item.spec]
    st.session_state["what_if_name"] = f"What if {len(specs()) + 1}"


def _add_typed(seeds) -> None:
    text = st.session_state.get("what_if_text", "")
    good, messages = what_if.parse_many(text, limit=max(0, what_if.MAX_SITES - len(specs())))
    st.session_state.setdefault("what_if_messages", []).extend(messages)
    for item in good:
        _add_text(item.spec, seeds)
    st.session_state["what_if_text"] = ""


def _remove(index: int | None) -> None:
    kept = list(specs())
    st.session_state["what_if_specs"] = [] if index is None else kept[:index] + kept[index + 1:]


def _figure_chosen(seeds) -> None:
    figure = st.session_state.get("what_if_figure")
    if figure:
        st.session_state["what_if_radius"] = float(seeds.ranges.at[figure, "radius_km"])


def sidebar(seeds) -> None:
    """The panel's widgets (call inside ``st.sidebar``; :func:`take_click` first, before the map)."""
    state = st.session_state
    state.setdefault("what_if_name", f"What if {len(specs()) + 1}")
    state.setdefault("what_if_lat", 54.71)
    state.setdefault("what_if_lon", 20.51)
    state.setdefault("what_if_radius", 400.0)
    # Folded, the panel sends no widget: they are drawn only while it is open (a rerun on open/close).
    panel = st.expander(f"What if and measure ({len(specs())})", expanded=bool(specs()), key="what_if_open",
                        on_change="rerun")
    if not panel.open:
        return
    with panel:
        st.radio("Map clicks", list(MODES), format_func=MODES.get, key="what_if_mode", horizontal=True,
                 help="Place a site: a click sets the latitude and longitude below. Measure: click two points "
                      "for the geodesic distance and initial azimuth.")
        if state.get("what_if_mode") == "measure":
            _measure_text()
        st.text_input("Name", key="what_if_name", max_chars=what_if.MAX_NAME_CHARS)
        left, right = st.columns(2)
        left.number_input("Latitude", min_value=-90.0, max_value=90.0, step=0.1, format="%.4f", key="what_if_lat")
        right.number_input("Longitude", min_value=-180.0, max_value=180.0, step=0.1, format="%.4f",
                           key="what_if_lon")
        figures = [None, *seeds.ranges.index] if seeds is not None else [None]
        st.selectbox("System and published figure", figures, key="what_if_figure", on_change=_figure_chosen,
                     args=(seeds,), format_func=lambda i: "A radius of my own" if i is None else
                     f"{'/'.join(seeds.ranges.at[i, 'systems'])}: {seeds.ranges.at[i, 'radius_km']:g} km ({i})")
        st.number_input("Radius (km)", min_value=0.001, max_value=what_if.MAX_RADIUS_KM, step=10.0,
                        key="what_if_radius", disabled=bool(state.get("what_if_figure")))
        st.selectbox("Side", [None, *what_if.SIDES], key="what_if_side",
                     format_func=lambda s: "Inferred from the state the point lies in" if s is None else s)
        st.button("Add hypothetical site", on_click=_add, args=(seeds,), disabled=seeds is None,
                  key="what_if_add")
        st.text_input("Or type NAME@LAT,LON,RADIUS_KM (; between several)", key="what_if_text",
                      on_change=_add_typed, args=(seeds,), max_chars=TYPED_MAX_CHARS)
        for index, spec in enumerate(specs()):
            text, button = st.columns([4, 1])
            text.markdown(f"HYPOTHETICAL: {one_line(spec)}")
            button.button("Remove", key=f"what_if_remove_{index}", on_click=_remove, args=(index,))
        if len(specs()) > 1:
            st.button("Remove all", key="what_if_remove_all", on_click=_remove, args=(None,))


def _measurement():
    points = st.session_state.get("measure_points", [])
    if len(points) < 2:
        return None
    (lat1, lon1), (lat2, lon2) = points
    return what_if.measure(lon1, lat1, lon2, lat2)


def _measure_text() -> None:
    points = st.session_state.get("measure_points", [])
    result = _measurement()
    if result is not None:
        st.markdown(f"**{result.distance_km:,.1f} km**, initial azimuth {result.azimuth_deg:.1f}\u00b0 "
                    f"(back azimuth {result.back_azimuth_deg:.1f}\u00b0), geodesic on WGS84")
    else:
        st.caption("Click the first point on the map." if not points else
                   f"From {points[0][0]:.4f}, {points[0][1]:.4f}: click the second point.")
    if points:
        st.button("Clear measurement", key="measure_clear",
                  on_click=lambda: st.session_state.update(measure_points=[]))


def messages(forget: bool = True) -> None:
    """Refused values: one warning each, the value shown as plain text (then forgotten, with
    ``forget``: a new session's first run, which stops after the map, keeps them for the next)."""
    for message in st.session_state.get("what_if_messages", ()):
        st.warning(one_line(what_if.shorten(message, 200)))
    if forget:
        st.session_state["what_if_messages"] = []


def layer(seeds, as_of, built: dict, items=None) -> gpd.GeoDataFrame | None:
    """The what_if layer of ``items`` (default: the session's specs) at the date, or None.

    Sides are inferred from the date's membership layers in ``built``.
    """
    items = specs() if items is None else tuple(items)
    if not items or seeds is None:
        return None
    return what_if_layer.build(seeds, items, as_of, member_sides(built["nato"], built["csto"]))


def _click_mode(returned: tuple[str, ...]) -> folium.FeatureGroup:
    mode = folium.FeatureGroup(name="Click mode")
    _ClickMode(list(returned)).add_to(mode)
    return mode


def map_groups(seeds, frame: gpd.GeoDataFrame | None, others: bool = True) -> list[MapGroup]:
    """The hypothetical rings with their centres, and the measured geodesic with its ends.

    A first group tells the map the click mode; it is left out when nothing
    else is drawn and clicks are off (``others`` False: the map has no layer).
    """
    groups = []
    if others or returned_objects() or specs():
        returned = tuple(returned_objects())
        groups.append(MapGroup(("click_mode", returned), lambda: _click_mode(returned)))
    if frame is not None and len(frame):
        display = webmap.layer_geojson(frame, lambda ids: what_if.cite(seeds, ids))
        group = webmap.feature_group(WHAT_IF_LAYER, display)
        centres = gpd.GeoDataFrame({"id": [f"{i}-centre" for i in frame["id"]], "layer": "what_if",
                                    "name": list(frame["name"]), "tip": [html.escape(n) for n in frame["name"]]},
                                   geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326)
        webmap._DisplayGeoJson(webmap.display_geojson(centres, tolerance=0.0), {}, popups=False,
                               icon={"html": CENTRE_ICON_SVG, "iconSize": [18, 18], "iconAnchor": [9, 9],
                                     "className": "shieldmap-icon"}).add_to(group)
        groups.append(fixed(group))
    points = st.session_state.get("measure_points", []) if mode() == "measure" else []
    if points:
        result = _measurement()
        features = gpd.GeoDataFrame(
            {"id": [f"measure-{i}" for i in range(len(points))], "layer": "measure",
             "name": [f"Point {i + 1}" for i in range(len(points))],
             "tip": [f"Point {i + 1}: {lat:.4f}, {lon:.4f}" for i, (lat, lon) in enumerate(points)]},
            geometry=gpd.points_from_xy([p[1] for p in points], [p[0] for p in points]), crs=4326)
        if result is not None:
            line = gpd.GeoDataFrame({"id": ["measure-line"], "layer": "measure", "name": ["Measured geodesic"],
                                     "tip": [html.escape(result.text)]}, geometry=[result.line], crs=4326)
            features = pd.concat([line, features], ignore_index=True)
        group = folium.FeatureGroup(name="Measure")
        style = {"color": MEASURE_COLOR, "weight": 3, "dashArray": "6 4"}
        dot = (f'<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12"><circle cx="6" cy="6" r="5" '
               f'fill="{MEASURE_COLOR}" stroke="#fff" stroke-width="1.5"/></svg>')
        webmap._DisplayGeoJson(webmap.display_geojson(gpd.GeoDataFrame(features, crs=4326), tolerance=0.0), style,
                               popups=False, icon={"html": dot, "iconSize": [12, 12], "iconAnchor": [6, 6],
                                                   "className": "shieldmap-icon"}).add_to(group)
        groups.append(fixed(group))
    return groups


def exported(frame: gpd.GeoDataFrame | None) -> dict:
    """``{"what_if": frame}`` for the downloads, or nothing."""
    return {"what_if": frame} if frame is not None and len(frame) else {}


def cli_flags() -> str:
    return "".join(f" --what-if '{spec}'" for spec in specs())


def analysis_summary(tables: dict[str, pd.DataFrame]) -> None:
    """The hypothetical sites' rows of the analysis, on top of the Analysis tab."""
    if not specs():
        return
    coverage = tables["coverage"]
    rows = coverage[coverage["hypothetical"].astype(bool)] if len(coverage) else coverage
    st.markdown("**HYPOTHETICAL sites (what if)**: not recorded sites; their rows below have "
                "`hypothetical` True and capability \"hypothetical\".")
    if not len(rows):
        st.caption("No hypothetical ring covers any state.")
        return
    summary = rows.groupby("ring_id", sort=False).agg(
        site_side=("site_side", "first"), radius_km=("radius_km", "first"),
        countries=("country", lambda c: ", ".join(c)), capitals_inside=("capitals_inside", "first"),
        reaches_other_side=("reaches_other_side", "any")).reset_index()
    inputs = dict(zip((f"what-if-{i}" for i in range(1, len(specs()) + 1)), specs()))
    summary.insert(1, "inputs", summary["ring_id"].map(inputs))
    st.dataframe(summary, hide_index=True, width="stretch")

"""The what-if panel's drawing on the map: the click mode, the hypothetical rings with their centres,
and the measured geodesic with its ends (the panel's widgets and click state: :mod:`what_if_panel`)."""

from __future__ import annotations

import html

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Template

from geo import what_if
from layers import style as layer_style
from shieldmap.i18n import _
from shieldmap.ui.map_frame import MapGroup, fixed
from shieldmap.web import citations, mapkey, svg_style, webmap
from shieldmap.web.what_if_style import CENTRE_ICON_SVG, MEASURE_COLOR, WHAT_IF_LAYER


def measurement(points: list) -> what_if.Measurement | None:
    """The geodesic between the two measured points ((lat, lon) each), or None before the second."""
    if len(points) < 2:
        return None
    (lat1, lon1), (lat2, lon2) = points
    return what_if.measure(lon1, lat1, lon2, lat2)


class _ClickMode(folium.MacroElement):
    """Tells the mounted map what to send back (st_folium reads ``returned_objects`` only when it
    mounts the map: this keeps the map, its zoom and its layers while the mode changes) and, while
    placing or measuring, makes every click the map's own (``shieldmapClickMode`` in map.js: on a
    feature too, no popup) with a crosshair cursor. When what is sent back changes, the click the map
    keeps from before is forgotten: a click made while clicks were off is never sent later."""

    _template = Template("""{% macro script(this, kwargs) %}
        (function () {
            var data = window.__GLOBAL_DATA__, objects = {{ this.objects }};
            if (data) {
                if (JSON.stringify(data.returned_objects || []) !== JSON.stringify(objects)) { data.lat_lng_clicked = null; }
                data.returned_objects = objects;
            }
            if (window.map && window.shieldmapClickMode) { shieldmapClickMode(window.map, {{ this.on }}); }
        })();
    {% endmacro %}""")

    def __init__(self, objects: list[str]):
        super().__init__()
        self._name = "ClickMode"
        self.objects = webmap.script_json(objects)
        self.on = webmap.script_json(bool(objects))


def _click_mode(returned: tuple[str, ...]) -> folium.FeatureGroup:
    mode = folium.FeatureGroup(name=_("Click mode"))
    _ClickMode(list(returned)).add_to(mode)
    return mode


def map_groups(seeds, frame: gpd.GeoDataFrame | None, returned: tuple[str, ...], points: list,
               others: bool = True) -> list[MapGroup]:
    """The hypothetical rings (``frame``) with their centres, and the measured geodesic between
    ``points`` ((lat, lon), up to two) with its ends.

    A first group tells the map what a click sends back (``returned``); it is left out when nothing
    else is drawn and clicks are off (``others`` False: the map has no layer).
    """
    groups = []
    if others or returned or (frame is not None and len(frame)):
        groups.append(MapGroup(("click_mode", returned), lambda: _click_mode(returned)))
    if frame is not None and len(frame):
        display = webmap.layer_geojson(frame, lambda ids: citations.resolve(seeds, ids))
        group = webmap.feature_group(WHAT_IF_LAYER, display)
        centres = gpd.GeoDataFrame({"id": [f"{i}-centre" for i in frame["id"]], "layer": "what_if",
                                    "name": list(frame["name"]),
                                    "shown_name": [mapkey.local_name({"name": n}) for n in frame["name"]],
                                    "tip": [html.escape(mapkey.local_name({"name": n})) for n in frame["name"]]},
                                   geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326)
        webmap.styled_geojson(group, webmap.display_geojson(centres, tolerance=0.0), {},
                              icon={"html": CENTRE_ICON_SVG, "iconSize": [18, 18], "iconAnchor": [9, 9],
                                    "className": "shieldmap-icon"})
        groups.append(fixed(group))
    if points:
        result = measurement(points)
        features = gpd.GeoDataFrame(
            {"id": [f"measure-{i}" for i in range(len(points))], "layer": "measure",
             "name": [_("Point {n}").format(n=i + 1) for i in range(len(points))],
             "tip": [_("Point {n}").format(n=i + 1) + f": {lat:.4f}, {lon:.4f}" for i, (lat, lon) in enumerate(points)]},
            geometry=gpd.points_from_xy([p[1] for p in points], [p[0] for p in points]), crs=4326)
        if result is not None:
            line = gpd.GeoDataFrame({"id": ["measure-line"], "layer": "measure", "name": [_("Measured geodesic")],
                                     "tip": [html.escape(result.text)]}, geometry=[result.line], crs=4326)
            features = pd.concat([line, features], ignore_index=True)
        group = folium.FeatureGroup(name=_("Measure"))
        style = layer_style.leaflet(layer_style.MEASURE)
        dot = svg_style.icon(layer_style.Symbol(layer_style.HOLLOW_FILL, 1.5, MEASURE_COLOR, 1.0), 12, 5)
        webmap.styled_geojson(group, webmap.display_geojson(gpd.GeoDataFrame(features, crs=4326), tolerance=0.0),
                              style, icon={"html": dot, "iconSize": [12, 12], "iconAnchor": [6, 6],
                                           "className": "shieldmap-icon"})
        groups.append(fixed(group))
    return groups



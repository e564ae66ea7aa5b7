"""Folium pieces shared by the app and the HTML export: the offline base map,
one FeatureGroup per layer, popups and the legend.

Every text that comes from data is escaped (``html.escape``) before it meets
HTML; links are kept only for ``http``/``https`` URLs. Display geometry is
simplified and rounded here; exports keep full detail.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache

import folium
from branca.element import Figure, Template
import geopandas as gpd
import numpy as np
import shapely

from geo import borders, geodesy
from geo.labels import label_point
from shieldmap import i18n
from shieldmap.i18n import _
from shieldmap.view import BASEMAPS
from shieldmap.web import access, mapkey, popups, scripts, svg_style
from shieldmap.web.scripts import script_json
from layers import style
from layers.registry import LAYERS, Layer
from layers.registry import user_layer as registry_user_layer
from shieldmap.web.what_if_style import WHAT_IF_LAYER

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
BASEMAP_URL = "/app/static/basemap.geojson"
_TILES = {
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors"),
    "positron": ("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
                 "&copy; OpenStreetMap contributors &copy; CARTO"),
}
DISPLAY_TOLERANCE_DEG = 0.03
DISPLAY_DECIMALS = 4
#: Layers drawn like the registry's but built elsewhere: the hypothetical sites (layers/what_if.py).
ALL_LAYERS = {**LAYERS, WHAT_IF_LAYER.id: WHAT_IF_LAYER}
USER_COLORS = style.USER_COLORS
user_layer = registry_user_layer  # the style of an uploaded layer (layers.registry.user_layer)


def page(fmap: folium.Map) -> Figure:
    """The page a map is drawn in (its root: the ``<head>`` is its ``header``, the ``<body>`` its ``html``)."""
    root = fmap.get_root()
    assert isinstance(root, Figure)  # folium puts every Map in a Figure
    return root


def _layer(layer: Layer | str) -> Layer:
    return ALL_LAYERS[layer] if isinstance(layer, str) else layer


def title(layer: Layer | str) -> str:
    """A layer's title in the current language (an upload's, from its file, as it is)."""
    layer = _layer(layer)
    return layer.title if str(layer.id).startswith("user_") else _(layer.title)


def swatch(layer: Layer | str, size: int = 16) -> str:
    """An inline SVG legend swatch: the layer's marker shape or its fill and dash."""
    layer = _layer(layer)
    if style.has_holders(layer.id):  # a quarter in each holder's colour, at the opacity the map fills it with
        body = "".join(f'<rect x="{x}" y="{y}" width="7" height="5" fill="{c}" '
                       f'fill-opacity="{style.SectorLook(c, False).fill_opacity:g}" />' for (x, y), c
                       in zip(((1, 3), (8, 3), (1, 8), (8, 8)), style.SECTOR_COLORS.values()))
    elif layer.symbol:
        body = style.SHAPES[layer.symbol].svg.replace(
            " />", f' {svg_style.paint(style.marker_symbol(layer.color, None))} />')
    else:  # the outline, dash, fill and opacity the map draws the layer's areas with
        body = f'<rect x="1" y="3" width="14" height="10" {svg_style.paint(style.layer_symbol(layer))} />'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 16 16" '
            f'role="img" aria-label="{html.escape(title(layer))}">{body}</svg>')


def swatch_img(layer: Layer | str, size: int = 16) -> str:
    """The swatch as an ``<img>`` with a data URI (survives HTML sanitisers that drop inline SVG)."""
    layer = _layer(layer)
    data = base64.b64encode(swatch(layer, size).encode()).decode()
    alt = html.escape(_("{title} symbol").format(title=title(layer)))
    return (f'<img src="data:image/svg+xml;base64,{data}" width="{size}" height="{size}" '
            f'alt="{alt}" style="vertical-align:middle">')


def swatch_markdown(layer: Layer | str, size: int = 16) -> str:
    """The swatch as a Markdown image (a data URI). Not for a widget's label: its accessible name is the label's
    source, so a screen reader would read the data URI (use :func:`toggle_css`)."""
    data = base64.b64encode(swatch(_layer(layer), size).encode()).decode()
    return "![" + _("symbol") + f"](data:image/svg+xml;base64,{data})"


def toggle_css(layers, key=lambda layer_id: f"layer_{layer_id}") -> str:
    """A ``<style>`` drawing each layer's swatch before the label of its checkbox (the widget whose key is
    ``key(layer id)``: Streamlit marks its element ``st-key-<key>``), as decoration: the checkbox's accessible
    name stays its words."""
    rules = []
    for item in layers:
        layer = _layer(item)
        data = base64.b64encode(swatch(layer, 16).encode()).decode()
        css_key = re.sub(r"[^a-zA-Z0-9_-]", "-", key(layer.id).strip())
        rules.append(f'.st-key-{css_key} label [data-testid=stMarkdownContainer] p::before {{ content: ""; '
                     f'display: inline-block; width: 16px; height: 16px; margin-right: 0.35em; vertical-align: -3px; '
                     f'background: url("data:image/svg+xml;base64,{data}") center / contain no-repeat; }}')
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def legend_html(layers) -> str:
    """A one-line legend for the shown layers (ids or :class:`Layer`): swatch + escaped title."""
    items = [f'<span style="margin-right:1em;white-space:nowrap">{swatch_img(i)} {html.escape(title(i))}</span>'
             for i in layers]
    return '<div class="shieldmap-legend">' + "".join(items) + "</div>"


def base_map(basemap: str = "offline", inline: bool = False) -> folium.Map:
    """The map every rerun shares: offline assets, and the chosen basemap.

    It depends only on ``basemap`` so that, between reruns, st_folium sees the
    same base map and swaps layers in place instead of remounting. ``inline``
    puts the offline basemap's GeoJSON in the page instead of fetching it from
    the app (for the self-contained HTML export).
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"unknown basemap {basemap!r} (known: {', '.join(BASEMAPS)})")
    fmap = folium.Map(location=[52.0, 24.0], zoom_start=4, tiles=None, prefer_canvas=True,  # the scale bar: map.js's,
                      control_scale=False, world_copy_jump=False, max_bounds=True, min_zoom=2)  # in the language
    fmap.default_js = [("leaflet", LEAFLET_JS), ("shieldmap_map", scripts.url("map.js")),
                       ("shieldmap_fetch", scripts.url("fetch.js")), ("shieldmap_a11y", scripts.url("a11y.js"))]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS), ("shieldmap_css", scripts.url("map.css")),
                        ("shieldmap_a11y_css", scripts.url("a11y.css"))]
    if inline:  # the export: the map's script and styles in the page (the layer loader is not needed)
        page(fmap).header.add_child(folium.Element(scripts.inline("map.css", "map.js", "a11y.css", "a11y.js")))
    mapkey.MapExtras().add_to(fmap)  # panes, names, the key: before the basemap, whose names it draws
    access.Accessible().add_to(fmap)  # the map's region, its features list, named markers (issue 24.2)
    if basemap == "offline":
        look = dict(style.BASEMAP_STYLE)
        (_InlineGeoJson(offline_basemap(), look) if inline else _FetchedGeoJson(BASEMAP_URL, look)).add_to(fmap)
        _Attribution(_("Borders: Natural Earth (public domain)")).add_to(fmap)
    else:
        url, attribution = _TILES[basemap]
        folium.TileLayer(url, attr=attribution, name=_(BASEMAPS[basemap]), control=False).add_to(fmap)
    return fmap


class _FetchedGeoJson(folium.MacroElement):
    """A non-interactive GeoJSON layer the browser fetches from the app (and caches).

    Keeps the basemap out of the per-rerun payload; needs no jQuery.
    """

    _template = Template("""{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson(null, {style: {{ this.style|tojson }}, interactive: false,
            smoothFactor: 1.5}).addTo({{ this._parent.get_name() }});
        {{ this.get_name() }}.bringToBack();
        fetch({{ this.url|tojson }}).then(function (r) { return r.json(); })
            .then(function (data) { {{ this.get_name() }}.addData(data); {{ this.get_name() }}.bringToBack();
                                    shieldmapCountryLabels(data); });
    {% endmacro %}""")

    def __init__(self, url: str, style: dict):
        super().__init__()
        self._name = "Basemap"
        self.url, self.style = url, style


class _InlineGeoJson(folium.MacroElement):
    """The same non-interactive basemap with its GeoJSON in the page (works from disk)."""

    _template = Template("""{% macro script(this, kwargs) %}
        var {{ this.get_name() }}_data = {{ this.data_js }};
        var {{ this.get_name() }} = L.geoJson({{ this.get_name() }}_data, {style: {{ this.style_js }}, interactive: false,
            smoothFactor: 1.5}).addTo({{ this._parent.get_name() }});
        {{ this.get_name() }}.bringToBack();
        shieldmapCountryLabels({{ this.get_name() }}_data);
    {% endmacro %}""")

    def __init__(self, data: dict, style: dict):
        super().__init__()
        self._name = "Basemap"
        self.data_js, self.style_js = script_json(data), script_json(style)


class _Attribution(folium.MacroElement):
    """Adds a line to the map's attribution control (for the vector basemap)."""

    _template = Template("""{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
    {% endmacro %}""")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


@lru_cache(maxsize=1)
def offline_basemap() -> dict:
    """Natural Earth borders (period fixes applied), simplified for display, as GeoJSON, with the
    country names to write on the map (a foreign member ``labels``: text, text_ru (CLDR's Russian name, where it
    has one: :func:`shieldmap.i18n.country_name`), lat, lon, minzoom, priority)."""
    world = borders.load_borders()
    world = world[world["name"] != "Antarctica"]
    data = display_geojson(world[["name", "geometry"]], tolerance=0.05, decimals=2)
    data["labels"] = [{"text": html.escape(label["name"]), "text_ru": html.escape(i18n.country(label["name"], "ru")),
                       "lat": label["lat"], "lon": label["lon"],
                       "minzoom": label["minzoom"], "priority": label["priority"]} for label in _country_labels()]
    return data


def _country_labels() -> tuple[dict, ...]:
    world = borders.load_borders()
    world = world[world["name"] != "Antarctica"]
    return mapkey.country_labels(tuple(world["name"]), tuple(world.geometry))


def display_geojson(frame: gpd.GeoDataFrame, tolerance: float = DISPLAY_TOLERANCE_DEG,
                    decimals: int = DISPLAY_DECIMALS) -> dict:
    """Simplify (topology-preserving; not with ``tolerance`` 0) and round geometry for the browser."""
    geometry = np.asarray(frame.geometry.values, dtype=object)
    geometry = shapely.simplify(geometry, tolerance, preserve_topology=True) if tolerance else geometry
    geometry = shapely.transform(geometry, lambda coords: np.round(coords, decimals))
    shown = gpd.GeoDataFrame(frame.drop(columns=frame.geometry.name), geometry=list(geometry), crs=frame.crs)
    return json.loads(shown.to_json(drop_id=True))


def popup_html(row: dict, citations: list[dict], as_of=None) -> str:
    """The popup (:func:`shieldmap.web.popups.popup_html`), its layer named by its title."""
    return popups.popup_html(row, citations, _layer_title, as_of)


def _layer_title(layer_id) -> str:
    return title(layer_id) if layer_id in ALL_LAYERS else str(layer_id)


def layer_geojson(frame: gpd.GeoDataFrame, resolve, tolerance: float = DISPLAY_TOLERANCE_DEG, as_of=None) -> dict:
    """A layer as display GeoJSON: ``id``, ``layer``, ``name`` plus escaped ``tip`` and ``popup``.
    ``resolve(source_ids)`` returns citation records (title, outlet, date, url). ``tolerance`` 0: an upload
    (bounded by ``geo.uploads.for_display``; GEOS's simplify can take minutes on a hostile shape). ``as_of``: the
    date shown (the popups give the status on it and mark the sources published after it)."""
    rows = frame.drop(columns=frame.geometry.name).to_dict("records")
    names = _country_labels() if "holder" in frame.columns else ()
    extras = [mapkey.display_extras(r, g, names) for r, g in zip(rows, frame.geometry.values)]
    names_shown = [str(mapkey.local_name(r)) for r in rows]  # in the page's language; a band's with its states
    props = gpd.GeoDataFrame({
        "id": [r["id"] for r in rows], "layer": [r["layer"] for r in rows],
        "name": [str(r["name"]) for r in rows],
        "shown_name": [shown if shown != str(r["name"]) else None for r, shown in zip(rows, names_shown)],
        "tip": [html.escape(shown) for shown in names_shown],
        "popup": [popup_html(r, resolve(r["sources"]), as_of) for r in rows],
        "variant": [style.variant(r) for r in rows],
        "at": [_popup_at(g) for g in frame.geometry.values],
        **{key: [e.get(key) for e in extras] for key in dict.fromkeys(k for e in extras for k in e)},
    }, geometry=frame.geometry.values, crs=frame.crs)
    return display_geojson(props, tolerance)


def _popup_at(geometry) -> list | None:
    """Where the features list opens a polygon's popup: [lat, lon] inside it, in the default view if it
    reaches there (a point's popup opens at the point)."""
    if geometry is None or geometry.is_empty or geometry.geom_type == "Point":
        return None
    found = label_point(geometry, mapkey.VIEW_BOX) or label_point(geometry)
    return [round(found[1], 4), round(found[0], 4)] if found else None


def uncertainty_geojson(frame: gpd.GeoDataFrame) -> dict:
    """Geodesic circles of each point's ``precision_km`` (what the location may be off by)."""
    points = frame[frame.geom_type.eq("Point") & frame["precision_km"].gt(0)]
    circles = [geodesy.circle(p.x, p.y, km, vertices=72) for p, km in zip(points.geometry, points["precision_km"])]
    props = gpd.GeoDataFrame({
        "id": [f"{i}-uncertainty" for i in points["id"]], "layer": list(points["layer"]),
        "name": [str(n) for n in points["name"]],
        "tip": [html.escape(_("{name}: location uncertain by ±{km} km").format(name=mapkey.local_name(r),
                                                                                km=i18n.number(r['precision_km'], None)))
                for r in points.drop(columns=points.geometry.name).to_dict("records")],
    }, geometry=circles, crs=4326)
    return display_geojson(props, tolerance=0.0)


@dataclass(frozen=True)
class Fetched:
    """Display GeoJSON the browser fetches from ``url`` (same origin; see ``layer_files.publish``)."""

    url: str


class _DisplayGeoJson(folium.MacroElement):
    """A GeoJSON layer from pre-serialised JSON, with the escaped ``tip`` as tooltip and
    ``popup`` as popup of each feature, and point features drawn as a DivIcon marker.

    It replaces ``folium.GeoJson`` + ``GeoJsonTooltip`` + ``GeoJsonPopup``, which re-compile
    templates and re-serialise the data on every rerun; this template is compiled once and
    the data is a string the app caches per (seeds, date). With :class:`Fetched` data the
    script carries only the URL: the browser fetches the file at once (in parallel with the
    other layers) and adds the layers in the order of the script (one promise chain per
    page), so the drawing order does not depend on which file arrives first; on a rerun, a
    file already loaded in the page is added at once (no flicker when layers are swapped). The loader
    and the style function are the map's scripts (``fetch.js``, ``map.js``: :mod:`shieldmap.web.scripts`).
    """

    _template = Template("""{% macro script(this, kwargs) %}
        function {{ this.get_name() }}_add (data) { {{ this.get_name() }}.addData(data); }
        var {{ this.get_name() }} = L.geoJson(null, {
            style: shieldmapStyle({{ this.style }}),
            {%- if this.icon %}
            pointToLayer: function (feature, latlng) { var icons = {{ this.icon }};
                return L.marker(latlng, {icon: L.divIcon(icons[feature.properties.status_group] || icons[""])}); },
            {%- endif %}
            onEachFeature: function (feature, layer) {
                if (window.shieldmapDecorate) shieldmapDecorate(feature, {{ this._parent.get_name() }});
                layer.bindTooltip(feature.properties.tip, {sticky: true});
                {%- if this.popups %}
                layer.bindPopup(feature.properties.popup, {maxWidth: 380});
                {%- endif %}
                {%- if this.highlight %}
                layer.on({mouseover: function () { if (layer.setStyle) layer.setStyle({{ this.highlight }}); },
                          mouseout: function () { {{ this.get_name() }}.resetStyle(layer); }});
                {%- endif %}
            }
        }).addTo({{ this._parent.get_name() }});
        {%- if this.url %}
        shieldmapFetchLayer({{ this.url }}, {{ this.get_name() }}_add);
        {%- else %}
        {{ this.get_name() }}_add({{ this.data }});
        {%- endif %}
    {% endmacro %}""")

    def __init__(self, data: dict | str | Fetched, style: dict, icon: dict | None = None, popups: bool = True,
                 highlight: dict | None = None):
        super().__init__()
        self._name = "display_geo_json"
        self.url = script_json(data.url) if isinstance(data, Fetched) else None
        self.data = None if self.url else data if isinstance(data, str) else script_json(data)
        self.style, self.popups = script_json(style), popups
        self.icon = script_json(icon) if icon else None
        self.highlight = script_json(highlight) if highlight else None


def styled_geojson(group: folium.FeatureGroup, data: dict, path_style: dict, icon: dict | None = None) -> None:
    """Add GeoJSON ``data`` to ``group``, every feature in ``path_style`` (Leaflet path options), its escaped
    ``tip`` as tooltip, no popup; points drawn with ``icon`` (DivIcon options, or ``{status group: options}``
    with ``""`` for every other feature) when given."""
    if icon and "html" in icon:
        icon = {"": icon}
    _DisplayGeoJson(data, path_style, icon=icon, popups=False).add_to(group)


def feature_group(layer: Layer | str, display: dict | str | Fetched,
                  uncertainty: dict | str | Fetched | None = None, frame=None) -> folium.FeatureGroup:
    """The FeatureGroup of one layer (an id or a :class:`Layer`), from its display GeoJSON
    (a dict, the string :func:`script_json` made of it, or a :class:`Fetched` URL of it);
    with the built ``frame``, the layer's section of the map's key."""
    layer = _layer(layer)
    group = folium.FeatureGroup(name=title(layer))
    if uncertainty:
        _DisplayGeoJson(uncertainty, style.uncertainty_style(layer), popups=False).add_to(group)
    icon = None
    if layer.symbol:
        icon = {group or "": {"html": f'<div class="shieldmap-marker">'
                                      f'{mapkey.marker_svg(style.SHAPES[layer.symbol].svg, layer.color, group)}</div>',
                              "iconSize": [24, 24], "iconAnchor": [12, 12], "className": "shieldmap-icon"}
                for group in (None, "planned", "rejected")}
    highlight = None if layer.geometry == "point" else style.HIGHLIGHT
    _DisplayGeoJson(display, style.layer_style(layer), icon=icon, highlight=highlight).add_to(group)
    key = mapkey.key_html(layer.id, frame) if frame is not None else ""
    if key:
        mapkey.KeySection(style.key_order(layer.id), layer.id, key).add_to(group)
    return group

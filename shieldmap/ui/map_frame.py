"""The map in the page: streamlit-folium's component, with the rendering shared across sessions.

``st_folium`` renders its folium map on every run of every session: branca builds the
element tree (a random id each, from ``os.urandom``) and compiles a Jinja template for
every rendered piece. For this app that was most of a new visitor's script time, and all
of its garbage, which Streamlit's collection after each run then had to scan (issue 14).
But the base map depends only on the basemap, and a layer's group only on what its
:class:`MapGroup` key names (seeds, date, options), so here each piece is rendered once per
process (``st.cache_resource``) and the same strings go to the same component with the
same arguments as ``st_folium`` would send: ``tests/unit/test_map_frame.py`` checks that
against ``st_folium`` itself, view by view (the private functions of streamlit-folium this
needs are reached only through :mod:`shieldmap.ui.folium_component`). Groups without a key (uploads, what-if rings,
measurements) are rendered on each run, as before.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable

import branca
import folium
import folium.elements
import streamlit as st
from branca.element import Template

from shieldmap import i18n
from shieldmap.ui import folium_component
from shieldmap.ui.hot import hot
from shieldmap.web import bundles, webmap


@dataclass(frozen=True)
class MapGroup:
    """One FeatureGroup of the map: ``build`` makes it; ``key`` names everything its rendering
    depends on (None: not cached, built and rendered on every run)."""

    key: Hashable | None
    build: Callable[[], folium.FeatureGroup] = field(compare=False)  # equal and hashed by ``key`` alone


def fixed(group: folium.FeatureGroup) -> MapGroup:
    """A group built already (not cached)."""
    return MapGroup(None, lambda: group)


DRAWN = "shieldmap_drawn"


class _ReportDrawn(folium.MacroElement):
    """Once the map has drawn its layers (the page's chain of layer files has settled, loaded or
    not), the map tells the app, once per page: it sets the component's value the way a component
    does (Streamlit's component protocol, ``streamlit:setComponentValue``), which reruns the script;
    that run adds the controls (see :func:`drawn`). It must be the last group: the chain is
    complete only once every layer's script has run."""

    _template = Template("""{% macro script(this, kwargs) %}
        (window.shieldmapLayers || Promise.resolve()).then(function () {
            var page = window.parent;
            if (page === window || page.shieldmapDrawnSent) { return; }
            page.shieldmapDrawnSent = true;
            page.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                              value: {{ this.value }}, dataType: "json"}, "*");
        });
    {% endmacro %}""")

    def __init__(self):
        super().__init__()
        self._name = "ReportDrawn"
        self.value = webmap.script_json({DRAWN: True})


def _report_drawn() -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Drawn")
    _ReportDrawn().add_to(group)
    return group


REPORT_DRAWN = MapGroup(("report_drawn",), _report_drawn)


def drawn(value) -> bool:
    """Has the map reported that it drew (the map component's value, ``st.session_state[key]``)?"""
    return isinstance(value, dict) and value.get(DRAWN) is True


@dataclass(frozen=True)
class _Base:
    script: str
    header: str
    html: str
    map_id: str
    bounds: list
    zoom: Any  # the map's zoom option, as st_folium sends it
    links: tuple  # (kind, css links, js links) per element, in st_folium's walk order (see _links)


@dataclass(frozen=True)
class _Group:
    script: str
    links: tuple


def _links(element) -> tuple:
    """What st_folium collects from an element tree, in its order: per element, a colormap's d3
    scripts (put first) or its own CSS and JS links."""
    found = []

    def walk(item):
        if isinstance(item, branca.colormap.ColorMap):
            found.append(("colormap", (), ()))
        if isinstance(item, folium.elements.JSCSSMixin):
            found.append(("links", tuple(h for _, h in getattr(item, "default_css", [])),
                          tuple(s for _, s in getattr(item, "default_js", []))))
        for child in getattr(item, "_children", {}).values():
            walk(child)

    walk(element)
    return tuple(found)


@hot(8)
@st.cache_resource(show_spinner=False, max_entries=8)
def _base(basemap: str, lang: str) -> _Base:
    """The base map's strings, as st_folium makes them before it adds the groups (its key's title and the
    country names in ``lang``)."""
    with i18n.language(lang):
        fmap = webmap.base_map(basemap)
    fmap.get_root().render()
    fmap.render()
    script, header, html, map_id = folium_component.map_strings(fmap)
    try:
        bounds = fmap.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    zoom = fmap.options.get("zoom") if hasattr(fmap, "options") else {}
    return _Base(script, header, html, map_id, bounds, zoom, _links(fmap))


def _render_group(group: folium.FeatureGroup, index: int) -> _Group:
    parent = folium.Map(tiles=None)  # the script names its map; st_folium renames it map_div
    return _Group(folium_component.group_script(group, parent, index), _links(group))


@st.cache_resource(show_spinner=False, max_entries=512)
def _shared_group(key: Hashable, lang: str, index: int, _build: Callable[[], folium.FeatureGroup]) -> _Group:
    with i18n.language(lang):  # a group's texts (key, tooltips) are in the language it is cached for
        return _render_group(_build(), index)


@functools.lru_cache(maxsize=512)
def _cached_group(group: MapGroup, lang: str, index: int) -> _Group:
    """A dictionary lookup in front of Streamlit's cache (see :mod:`shieldmap.ui.hot`): ``group`` is hashed by its key."""
    return _shared_group(group.key, lang, index, group.build)


def _defaults(base: _Base, returned_objects) -> dict:
    southwest, northeast = base.bounds
    values = {"last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
              "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
              "last_active_drawing": None,
              "bounds": {"_southWest": {"lat": southwest[0], "lng": southwest[1]},
                         "_northEast": {"lat": northeast[0], "lng": northeast[1]}},
              "zoom": base.zoom, "last_circle_radius": None, "last_circle_polygon": None, "selected_layers": None,
              "selected_tags": None, "last_geocoder_result": None}
    return {k: v for k, v in values.items() if returned_objects is None or k in returned_objects}


def component_args(basemap: str, groups: list[MapGroup], key: str, height: int, returned_objects=None,
                   zoom: int | None = None, center=None) -> dict:
    """The arguments st_folium would pass to its component for this map (``on_change`` aside)."""
    base = _base(basemap, i18n.current())
    parts = [_cached_group(g, i18n.current(), index) if g.key is not None else _render_group(g.build(), index)
             for index, g in enumerate(groups)]
    css: list[str] = []
    js: list[str] = []
    for kind, element_css, element_js in base.links + tuple(link for part in parts for link in part.links):
        if kind == "colormap":
            js[:0] = ["https://d3js.org/d3.v4.min.js", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
        css.extend(element_css)
        js.extend(element_js)
    return {"script": base.script, "header": base.header, "html": base.html, "id": base.map_id,
            "key": folium_component.component_key(base.script, key), "height": height, "width": None,
            "returned_objects": returned_objects, "default": _defaults(base, returned_objects), "zoom": zoom,
            "center": center, "feature_group": "".join(part.script for part in parts) if groups else None,
            "return_on_hover": False, "layer_control": None, "pixelated": False,
            "css_links": list(dict.fromkeys(css)), "js_links": list(dict.fromkeys(js)), "wrap_longitude": False}


def show(basemap: str, groups: list[MapGroup], key: str, height: int, returned_objects=None,
         zoom: int | None = None, center=None, static: Path | None = None):
    """Draw the map full width (``st_folium(..., use_container_width=True)``); its returned value. With
    ``static`` (the app's static folder), the map's local scripts and styles go as one file each
    (:mod:`shieldmap.web.bundles`): two requests a new visitor makes instead of five."""
    args = component_args(basemap, groups, key, height, returned_objects, zoom, center)
    if static is not None:
        args = {**args, "js_links": bundles.bundle_links(static, args["js_links"], "js"),
                "css_links": bundles.bundle_links(static, args["css_links"], "css")}

    def on_change():
        st.session_state[key] = st.session_state.get(args["key"], {})

    return folium_component.send(args, on_change)

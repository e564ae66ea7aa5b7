"""The story panel of the self-contained HTML export: the app's guided tour, offline, with no server.

The export is built for one date, so the story brings its own data: for each step, the step's
layers are built at the step's date (:func:`layers.registry.build_layers`) and embedded as display
GeoJSON, each distinct feature once (steps mostly share them). A few lines of
JavaScript in the page step through them: they hide the export's own layers, draw the step's
(styled as the app draws them, with popups and sources), set the view and the date in the header,
and restore the export's layers when the story is closed. ``#story=N`` in the address opens step N
and follows the step.
"""

from __future__ import annotations

import folium
from branca.element import Template

from layers import style
from layers.registry import LAYERS, build_layers
from shieldmap.story import story_steps
from shieldmap.web import webmap


def _layer_options(layer_id: str) -> dict:
    """The Leaflet options of a layer (:mod:`layers.style`, as :func:`webmap.feature_group` uses them),
    as data for the page's script."""
    layer = LAYERS[layer_id]
    icon = None
    if layer.symbol:
        icon = {"html": f'<div class="shieldmap-marker">{webmap.swatch(layer, 18)}</div>', "iconSize": [18, 18],
                "iconAnchor": [9, 9], "className": "shieldmap-icon"}
    return {"style": style.layer_style(layer), "icon": icon, "uncertainty": style.uncertainty_style(layer)}


def story_data(seeds) -> dict:
    """Steps (date, title, caption, citations, view, each layer as the indexes of its features in ``data``)
    and the distinct GeoJSON features (``data``: each serialised once by :func:`webmap.script_json`)."""
    resolve = lambda ids: seeds.source_records(ids.split(";"))  # noqa: E731
    blobs: dict[str, int] = {}
    built_at: dict = {}
    steps = []
    for step in story_steps(seeds):
        if step.date not in built_at:
            built_at[step.date] = {}
        missing = [i for i in step.layers if i not in built_at[step.date]]
        built_at[step.date].update(build_layers(seeds, missing, step.date))
        shown = []
        for layer_id in step.layers:
            frame = built_at[step.date][layer_id]
            pieces = [webmap.layer_geojson(frame, resolve)]
            if LAYERS[layer_id].geometry == "point":
                pieces.append(webmap.uncertainty_geojson(frame))
            indexes = [[blobs.setdefault(webmap.script_json(feature), len(blobs)) for feature in piece["features"]]
                       for piece in pieces]
            shown.append({"layer": layer_id, "data": indexes[0], "uncertainty": indexes[1] if len(indexes) > 1 else None})
        steps.append({
            "number": step.number, "date": step.date.isoformat(), "day": f"{step.date.day} {step.date:%B %Y}",
            "title": step.title, "caption": step.caption, "center": list(step.center), "zoom": step.zoom,
            "citations": [{"label": f"{c['title']} ({c['outlet']}{', ' + c['date'] if c.get('date') else ''})",
                           "url": c["url"] if str(c.get("url") or "").startswith(("http://", "https://")) else None}
                          for c in step.citations],
            "layers": shown})
    return {"steps": steps, "data": list(blobs), "options": {i: _layer_options(i) for i in LAYERS},
            "variants": style.VARIANTS}


class StoryPanel(folium.MacroElement):
    """The panel (a Leaflet control) and its script; ``groups`` maps the export's layer ids to their
    FeatureGroups, hidden while the story runs."""

    _template = Template("""{% macro script(this, kwargs) %}
    (function () {
        var map = {{ this._parent.get_name() }};
        var story = {{ this.story_js }};
        function collection(indexes) { return {type: "FeatureCollection",
            features: indexes.map(function (i) { return story.data[i]; })}; }
        var groups = { {%- for id, name in this.groups.items() %}{{ id|tojson }}: {{ name }}, {%- endfor %} };
        var shown = null, current = 0, drawn = [];
        var header = document.querySelector(".shieldmap-header .asof"), headerText = header && header.textContent;
        function el(tag, text, cls) { var e = document.createElement(tag); if (text) e.textContent = text;
            if (cls) e.className = cls; return e; }
        function layerOf(options, data, isUncertainty) {
            var base = isUncertainty ? options.uncertainty : options.style;
            return L.geoJson(data, {
                style: function (f) { var v = f && f.properties.variant;
                    return Object.assign({}, base, (v && story.variants[v]) || {}); },
                pointToLayer: function (f, latlng) { return options.icon && !isUncertainty
                    ? L.marker(latlng, {icon: L.divIcon(options.icon)}) : L.circleMarker(latlng, base); },
                onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.tip, {sticky: true});
                    if (!isUncertainty) layer.bindPopup(f.properties.popup, {maxWidth: 380}); }
            });
        }
        var box = L.DomUtil.create("div", "shieldmap-box shieldmap-story leaflet-control");
        L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
        function render() {
            box.innerHTML = "";
            if (!shown) {
                var start = el("button", "Tell the story (" + story.steps.length + " steps)", "story-start");
                start.onclick = function () { go(1); };
                box.appendChild(start); return;
            }
            var step = story.steps[current - 1];
            box.appendChild(el("div", "Story, step " + step.number + " of " + story.steps.length + ": " + step.day,
                               "story-step"));
            box.appendChild(el("div", step.title, "story-title"));
            box.appendChild(el("p", step.caption, "story-caption"));
            var sources = el("div", "Sources: ", "story-sources");
            step.citations.forEach(function (c, i) {
                if (i) sources.appendChild(document.createTextNode("; "));
                var item = el(c.url ? "a" : "span", c.label);
                if (c.url) { item.href = c.url; item.target = "_blank"; item.rel = "noopener noreferrer"; }
                sources.appendChild(item);
            });
            box.appendChild(sources);
            var nav = el("div", null, "story-nav");
            [["\\u25c0 Previous", current - 1, current === 1], ["Next \\u25b6", current + 1, current === story.steps.length],
             ["Close", 0, false]].forEach(function (b) {
                var button = el("button", b[0]); button.disabled = b[2];
                button.onclick = function () { go(b[1]); }; nav.appendChild(button); });
            box.appendChild(nav);
        }
        function go(number) {
            drawn.forEach(function (l) { map.removeLayer(l); }); drawn = [];
            if (!number) {
                if (shown) Object.keys(shown).forEach(function (id) { if (shown[id]) map.addLayer(groups[id]); });
                shown = null; current = 0; if (header) header.textContent = headerText;
                history.replaceState(null, "", location.pathname + location.search);
                map.shieldmapStory = 0; render(); return;
            }
            if (!shown) { shown = {}; Object.keys(groups).forEach(function (id) {
                shown[id] = map.hasLayer(groups[id]); map.removeLayer(groups[id]); }); }
            current = number;
            var step = story.steps[number - 1];
            step.layers.forEach(function (item) {
                var options = story.options[item.layer];
                if (item.uncertainty !== null) drawn.push(layerOf(options, collection(item.uncertainty), true).addTo(map));
                drawn.push(layerOf(options, collection(item.data), false).addTo(map));
            });
            map.setView(step.center, step.zoom);
            if (header) header.textContent = "as of " + step.day + " (story step " + step.number + ")";
            history.replaceState(null, "", "#story=" + number);
            map.shieldmapStory = number; map.shieldmapAsOf = step.date;
            render();
        }
        var control = L.control({position: "topleft"});
        control.onAdd = function () { render(); return box; };
        control.addTo(map);
        var asked = /^#story=(\\d+)$/.exec(location.hash);
        if (asked && +asked[1] >= 1 && +asked[1] <= story.steps.length) go(+asked[1]);
    })();
    {% endmacro %}""")

    def __init__(self, data: dict, groups: dict[str, str]):
        super().__init__()
        self._name = "StoryPanel"
        rest = webmap.script_json({k: v for k, v in data.items() if k != "data"})
        self.story_js = rest[:-1] + ',"data":[' + ",".join(data["data"]) + "]}"  # the GeoJSON as it was serialised
        self.groups = groups


STORY_CSS = """
.shieldmap-story { max-width: 360px; }
.shieldmap-story .story-step { font-weight: 600; }
.shieldmap-story .story-title { font-style: italic; }
.shieldmap-story .story-caption { margin: 4px 0; }
.shieldmap-story .story-sources { font-size: 12px; color: #444; }
.shieldmap-story .story-nav { margin-top: 4px; display: flex; gap: 4px; }
.shieldmap-story button { font: inherit; padding: 2px 8px; cursor: pointer; }
"""


def add_story(fmap: folium.Map, seeds, groups: dict[str, folium.FeatureGroup]) -> None:
    """Add the panel to an export's map; ``groups``: the export's layer groups (hidden during the story)."""
    if seeds is None or not len(getattr(seeds, "story", ())):
        return
    StoryPanel(story_data(seeds), {i: g.get_name() for i, g in groups.items()}).add_to(fmap)
    fmap.get_root().header.add_child(folium.Element(f"<style>{STORY_CSS}</style>"),
                                     name="shieldmap_story_css")

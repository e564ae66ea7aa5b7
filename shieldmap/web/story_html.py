"""The story panel of the self-contained HTML export: the app's guided tour, offline, with no server.

The export is built for one date, so the story brings its own data: for each step, the step's
layers are built at the step's date (:func:`layers.registry.build_layers`) and embedded as display
GeoJSON, each distinct feature once (steps mostly share them). A few lines of JavaScript in the
page (``shieldmap/web/static/story.js``, inline) step through them: they hide the export's own layers, draw the step's
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
from shieldmap import i18n
from shieldmap.i18n import _
from shieldmap.web import popups, scripts, webmap


def _layer_options(layer_id: str) -> dict:
    """The Leaflet options of a layer (:mod:`layers.style`, as :func:`webmap.feature_group` uses them),
    as data for the page's script."""
    layer = LAYERS[layer_id]
    icon = None
    if layer.symbol:
        icon = {"html": f'<div class="shieldmap-marker">{webmap.swatch(layer, 18)}</div>', "iconSize": [18, 18],
                "iconAnchor": [9, 9], "className": "shieldmap-icon"}
    return {"style": style.layer_style(layer), "icon": icon, "uncertainty": style.uncertainty_style(layer)}


def story_data(seeds, options=None) -> dict:
    """Steps (date, title, caption, citations, view, each layer as the indexes of its features in ``data``)
    and the distinct GeoJSON features (``data``: each serialised once by :func:`webmap.script_json`).
    ``options`` (:class:`shieldmap.view.LayerOptions`) are the export's: the steps' layers are built with them."""
    resolve = lambda ids: seeds.source_records(ids.split(";"))  # noqa: E731
    blobs: dict[str, int] = {}
    built_at: dict = {}
    steps = []
    for step in story_steps(seeds):
        if step.date not in built_at:
            built_at[step.date] = {}
        missing = [i for i in step.layers if i not in built_at[step.date]]
        built_at[step.date].update(build_layers(seeds, missing, step.date, **(options.build_args() if options else {})))
        shown = []
        for layer_id in step.layers:
            frame = built_at[step.date][layer_id]
            pieces = [webmap.layer_geojson(frame, resolve, as_of=step.date)]
            if LAYERS[layer_id].geometry == "point":
                pieces.append(webmap.uncertainty_geojson(frame))
            indexes = [[blobs.setdefault(webmap.script_json(feature), len(blobs)) for feature in piece["features"]]
                       for piece in pieces]
            shown.append({"layer": layer_id, "data": indexes[0], "uncertainty": indexes[1] if len(indexes) > 1 else None})
        steps.append({
            "number": step.number, "date": step.date.isoformat(), "day": i18n.date_long(step.date),
            "title": step.local("title"), "caption": step.local("caption"), "center": list(step.center), "zoom": step.zoom,
            "citations": [{"label": popups.source_text(c, step.date),
                           "url": c["url"] if str(c.get("url") or "").startswith(("http://", "https://")) else None}
                          for c in step.citations],
            "layers": shown})
    return {"steps": steps, "data": list(blobs), "options": {i: _layer_options(i) for i in LAYERS},
            "variants": style.VARIANTS, "texts": texts()}


def texts() -> dict:
    """The panel's words in the current language (``story.js`` fills in the ``{placeholders}``)."""
    return {"start": _("Tell the story ({n} steps)"), "step": _("Story, step {number} of {total}: {date}"),
            "sources": _("Sources: "), "previous": _("Previous"), "next": _("Next"), "close": _("Close"),
            "header": _("as of {date} (story step {number})")}


class StoryPanel(folium.MacroElement):
    """The panel (a Leaflet control), drawn by ``shieldmapStory`` (``story.js``); ``groups`` maps the
    export's layer ids to their FeatureGroups, hidden while the story runs."""

    _template = Template("""{% macro script(this, kwargs) %}
        shieldmapStory({{ this._parent.get_name() }}, {{ this.story_js }},
            { {%- for id, name in this.groups.items() %}{{ id|tojson }}: {{ name }}, {%- endfor %} });
    {% endmacro %}""")

    def __init__(self, data: dict, groups: dict[str, str]):
        super().__init__()
        self._name = "StoryPanel"
        rest = webmap.script_json({k: v for k, v in data.items() if k != "data"})
        self.story_js = rest[:-1] + ',"data":[' + ",".join(data["data"]) + "]}"  # the GeoJSON as it was serialised
        self.groups = groups



def add_story(fmap: folium.Map, seeds, groups: dict[str, folium.FeatureGroup], options=None) -> None:
    """Add the panel to an export's map; ``groups``: the export's layer groups (hidden during the story);
    ``options``: the export's layer options."""
    if seeds is None or not len(getattr(seeds, "story", ())):
        return
    StoryPanel(story_data(seeds, options), {i: g.get_name() for i, g in groups.items()}).add_to(fmap)
    webmap.page(fmap).header.add_child(folium.Element(scripts.inline("story.css", "story.js")),
                                     name="shieldmap_story")

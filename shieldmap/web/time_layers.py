"""Folium pieces of the time controls: the map's date stamp and the Compare overlay.

The date stamp is an empty FeatureGroup whose script records, on the Leaflet map itself, the date
the shown layers are for (``map.shieldmapAsOf``) and every date the map has shown in order
(``map.shieldmapVisits``): what Play's browser test reads. The Compare overlay draws the changed
features (:func:`geo.diff.diff_layers`) styled by change: added, removed, status changed.
"""

from __future__ import annotations

import datetime as dt
import html

import folium
import geopandas as gpd
from branca.element import Template

from layers.style import CHANGE_SYMBOLS, leaflet
from shieldmap import i18n, period
from shieldmap.i18n import N_, _, translate
from shieldmap.web import mapkey, svg_style, webmap

CHANGE_LABELS = {"added": N_("added"), "removed": N_("removed"), "status": N_("status changed")}
#: change -> (label, Leaflet style), from :data:`layers.style.CHANGE_SYMBOLS`.
CHANGE_STYLES = {change: (CHANGE_LABELS[change], leaflet(symbol)) for change, symbol in CHANGE_SYMBOLS.items()}


class _DateStamp(folium.MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
        (function () { var m = window.map; if (!m) { return; }
            m.shieldmapAsOf = {{ this.date_js }};
            (m.shieldmapVisits = m.shieldmapVisits || []).push({{ this.date_js }}); })();
    {% endmacro %}""")

    def __init__(self, date: dt.date):
        super().__init__()
        self._name = "DateStamp"
        self.date_js = webmap.script_json(date.isoformat())


def period_key_html(as_of: dt.date, layer_ids=()) -> str:
    """The key's first section: the date, the period it is in, and the thin-coverage hint of the shown layers."""
    head, note, hint = period.key_lines(layer_ids, as_of)
    return (f'<div class="shieldmap-key-head shieldmap-key-date">{html.escape(head)}</div>'
            f'<div class="shieldmap-key-period">{html.escape(note)}</div>'
            + (f'<div class="shieldmap-key-thin">{html.escape(hint)}</div>' if hint else ""))


def date_stamp(as_of: dt.date, layer_ids=()) -> folium.FeatureGroup:
    """An empty group that stamps the map with the date it shows (added with the layers' groups) and puts
    the date and what the map covers at it at the top of the key."""
    group = folium.FeatureGroup(name="date", control=False)
    _DateStamp(as_of).add_to(group)
    mapkey.KeySection(-1, "period", period_key_html(as_of, layer_ids)).add_to(group)  # "-01:" sorts first
    return group


class _ChangesGeoJson(folium.MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
        function {{ this.get_name() }}_add (data) { {{ this.get_name() }}.addData(data); }
        var {{ this.get_name() }} = L.geoJson(null, {
            style: function (f) { return {{ this.styles }}[f.properties.change]; },
            pointToLayer: function (f, latlng) {
                return L.circleMarker(latlng, Object.assign({radius: 14}, {{ this.styles }}[f.properties.change])); },
            onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.tip, {sticky: true}); }
        }).addTo({{ this._parent.get_name() }});
        {{ this.get_name() }}_add({{ this.data }});
    {% endmacro %}""")

    def __init__(self, data: dict):
        super().__init__()
        self._name = "changes"
        self.data = webmap.script_json(data)
        self.styles = webmap.script_json({change: style for change, (_label, style) in CHANGE_STYLES.items()})


def _tip(row) -> str:
    before, after = (translate(row[column] or N_("absent")) for column in ("status_before", "status_after"))
    return html.escape(f"{_(CHANGE_STYLES[row['change']][0])}: {row['name']} ({before} \u2192 {after})")


def changes_group(table: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The changed features as one group, drawn over the layers (table: rows of :func:`geo.diff.diff_layers`)."""
    shown = gpd.GeoDataFrame({"id": [f"{i}-change" for i in table["id"]], "layer": "changes", "change": list(table["change"]),
                              "tip": [_tip(row) for _, row in table.iterrows()]},
                             geometry=list(table.geometry), crs=4326)
    group = folium.FeatureGroup(name="changes", control=False)
    _ChangesGeoJson(webmap.display_geojson(shown)).add_to(group)
    return group


def changes_legend_html(start: dt.date, end: dt.date) -> str:
    swatches = {change: svg_style.img(svg_style.swatch(symbol)) for change, symbol in CHANGE_SYMBOLS.items()}
    items = "".join(f'<span style="margin-right:1em;white-space:nowrap">{swatches[change]} {html.escape(_(label))}</span>'
                    for change, (label, _style) in CHANGE_STYLES.items())
    head = html.escape(_("Changes from {start} to {end}:").format(start=i18n.date_long(start), end=i18n.date_long(end)))
    return f'<div class="shieldmap-changes-legend">{head} {items}</div>'

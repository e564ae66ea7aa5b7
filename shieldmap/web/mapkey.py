"""What makes the web map readable without clicking: sector colours, names on the map, the key.

- **Sectors**: each holder its own fill (Paul Tol's "muted" colour-blind-safe palette, apart
  from the Okabe-Ito colours of the layers), a solid outline while proposed, a dashed one and
  a hatch (an SVG pattern) once rejected; a label "Russia — east" with the status's date.
- **Names**: country names from the basemap (a point well inside each country,
  :func:`geo.labels.label_point`) shown from the zoom at which they fit; site names from
  zoom 6; the sector labels where they cover no country name at the default view. In the
  browser, ``map.js`` (:mod:`shieldmap.web.scripts`) hides labels by zoom (``shieldmap-min-N`` classes) and, after
  every zoom or layer change, the lower-priority one of any two overlapping labels.
- **Key**: a collapsible box on the map (bottom right) with a section per shown layer
  (sectors: colours, the model, the status; point layers: the status symbols and the
  uncertainty circles), kept in step with the layers shown by their ``add``/``remove`` events.

The same pieces serve the app and the self-contained HTML export (nothing is fetched).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

import folium
import shapely
from branca.element import Template

from geo import sectors
from geo.intercept import VERDICTS
from geo.labels import label_point
from layers import style
from layers.registry import LAYERS
from layers.style import Symbol, status_group
from layers.what_if import PREFIX as WHAT_IF_PREFIX
from shieldmap import i18n
from shieldmap.i18n import _, translate
from shieldmap.statuses import date_text, holder_text, sector_label, states_text
from shieldmap.web import scale, svg_style
from shieldmap.web.scripts import script_json

DEFAULT_ZOOM = 4
VIEW_BOX = (-12.0, 37.0, 40.0, 64.0)  # lon/lat box of the default view on a wide screen
KEY_CORNER = (26.0, 30.0, 60.0, 43.5)  # where the key box sits at the default view: no sector label there
SECTOR_PRIORITY, SITE_PRIORITY = 1000, 500
_CHAR_PX, _BOLD_CHAR_PX, _LINE_PX = 6.3, 7.6, 15  # label text metrics, about (11 px and 12 px bold)


def _px_per_degree(zoom: float, lat: float = 0.0) -> tuple[float, float]:
    """Web Mercator pixels per degree of longitude and of latitude at ``lat``."""
    x = 256 * 2 ** zoom / 360
    return x, x / max(math.cos(math.radians(lat)), 0.05)


def min_zoom(text: str, lat: float, room: float) -> int:
    """The zoom from which a country name fits its country (the room's diameter at least 60 %
    of the text's width), between 2 and 9."""
    for zoom in range(2, 10):
        if 2 * room * _px_per_degree(zoom, lat)[1] >= 0.6 * (len(text) * _CHAR_PX):
            return zoom
    return 10


@lru_cache(maxsize=4)
def country_labels(names: tuple[str, ...], shapes: tuple) -> tuple[dict, ...]:
    """``{name, lon, lat, minzoom, priority}`` for each named country shape."""
    out = []
    for name, shape in zip(names, shapes):
        found = label_point(shape)
        if found:
            lon, lat, room = found
            out.append({"name": name, "lon": round(lon, 3), "lat": round(lat, 3),
                        "minzoom": min_zoom(name, lat, room),
                        "priority": round(room * _px_per_degree(DEFAULT_ZOOM, lat)[1], 1)})
    return tuple(out)


def _keep_clear(text_px: tuple[float, float], labels) -> object:
    """Lon/lat boxes around the country names shown at the default view, each widened by half a
    label of ``text_px`` (width, height): a label centred outside them covers none of those names."""
    boxes = []
    for label in labels:
        if label["minzoom"] > DEFAULT_ZOOM or not (VIEW_BOX[0] <= label["lon"] <= VIEW_BOX[2]
                                                   and VIEW_BOX[1] <= label["lat"] <= VIEW_BOX[3]):
            continue
        per_lon, per_lat = _px_per_degree(DEFAULT_ZOOM, label["lat"])
        half_w = (len(label["name"]) * _CHAR_PX + text_px[0]) / 2 + 6
        half_h = (_LINE_PX + text_px[1]) / 2 + 3
        boxes.append(shapely.box(label["lon"] - half_w / per_lon, label["lat"] - half_h / per_lat,
                                 label["lon"] + half_w / per_lon, label["lat"] + half_h / per_lat))
    return shapely.union_all([*boxes, shapely.box(*KEY_CORNER)])


_RADIUS = re.compile(r" \(([0-9.]+) km\)$")  # a hypothetical site's radius, as layers/what_if.py names it


def local_name(row: dict) -> str:
    """A feature's name in the current language: its ``name_ru`` (where the data has one) in Russian; a band of an
    edge no source gives, one among several, with the states it crosses."""
    if style.variant(row) == style.UNCERTAIN_EDGE and isinstance(row.get("states"), str):
        return _("{name}: {states}").format(name=translate(row["name"]), states=states_text(row["states"], ", "))
    if i18n.current() == i18n.DEFAULT:
        return row["name"]
    other = row.get(f"name_{i18n.current()}")
    if isinstance(other, str) and other:
        return other
    if style.has_holders(row.get("layer")):  # the sectors' own words (the undescribed land's): catalogue
        return translate(row["name"])
    name = str(row["name"])  # a hypothetical site: its marker word and radius translated, the visitor's name as written
    if not name.startswith(WHAT_IF_PREFIX):
        return _(name)  # a name the code gives (the land no sector holds) from the catalogue, any other as it is
    return _(WHAT_IF_PREFIX) + _RADIUS.sub(lambda m: " " + _("({radius} km)").format(
        radius=i18n.number(float(m[1]), None)), name[len(WHAT_IF_PREFIX):])


def popup_value(column: str, value, row: dict | None = None):
    """A layer's own popup field in the current language: a capability word, a sector model's title (the title of
    the stage that drew ``row``, if given), the states' names (CLDR's; a qualified part such as "Norway north of
    61°N" with its side and line translated)."""
    if column == "model" and isinstance(value, str) and value in sectors.MODELS:  # its title, never the id
        return _(sectors.title(sectors.staged(value, (row or {}).get("interpretation"))))
    if not isinstance(value, str) or i18n.current() == i18n.DEFAULT:
        return value
    if column == "states":
        return states_text(value)
    return translate(value) if column == "capability" else value


def display_extras(row: dict, geometry, basemap_labels=()) -> dict:
    """Display-only properties of a feature: ``style`` (sectors), ``hatch``, ``label``,
    ``label_at`` ([lat, lon]), ``label_kind``, ``label_min``, ``label_priority``, ``status_group``."""
    extras: dict[str, Any] = {"status_group": status_group(row.get("status"))}
    layer = row.get("layer")
    look = style.sector_look(row)
    if look:
        extras["style"] = look.leaflet()
        extras["hatch"] = look.rejected
        label, text = sector_label(row)
        lines = text.split("\n")
        size = (max(len(line) for line in lines) * _BOLD_CHAR_PX + 10, _LINE_PX * len(lines) + 4)
        clear = _keep_clear(size, basemap_labels)
        found = label_point(geometry.difference(clear) if clear is not None else geometry, VIEW_BOX)
        found = found or label_point(geometry, VIEW_BOX) or label_point(geometry)
        if found:
            extras.update(label=label, label_at=[round(found[1], 3), round(found[0], 3)], label_kind="sector",
                          label_min=2, label_priority=SECTOR_PRIORITY)
    elif style.variant(row) == style.UNCERTAIN_EDGE:
        extras["hatch"] = "band"  # map.js draws it cross-hatched (the pattern shieldmap-band)
    elif geometry is not None and geometry.geom_type == "Point" and not str(layer).startswith("user_"):
        extras.update(label=html.escape(str(local_name(row))), label_at=[round(geometry.y, 4), round(geometry.x, 4)],
                      label_kind="site", label_min=style.label_zoom(str(layer)),
                      label_priority=SITE_PRIORITY)
    return extras


#: For the app's page (``st.html``): on a phone, a smaller title and less space above it, so that
#: the map starts on the first screen.
PAGE_CSS = """<style>
/* WCAG AA: captions at 4.5:1 on white (Streamlit's grey is 3.9:1); checked by axe in the browser tests */
[data-testid=stCaptionContainer] { opacity: 1 !important; }  /* Streamlit draws captions at 60 % */
[data-testid=stCaptionContainer], [data-testid=stCaptionContainer] p { color: #5c5c66 !important; }
button[data-variant=segmented_control][aria-checked=true], button[data-variant=segmented_control][aria-checked=true] p {
  color: #8f1f2c !important; }
/* WCAG 2.5.8: targets at least 24 px: a toggle's (its label), a date field's day and month */
[data-testid=stCheckbox] label { min-height: 24px; align-items: center; }
[data-testid=stDateInput] [role=spinbutton] { display: inline-block; min-width: 24px; min-height: 24px;
  line-height: 24px; text-align: center; }
@media (max-width: 640px) {
  [data-testid=stMainBlockContainer] { padding-top: 3.25rem; }
  [data-testid=stMainBlockContainer] h1 { font-size: 1.6rem; padding-top: 0.25rem; }
}
</style>"""


# --- the key ------------------------------------------------------------------------------------

def _box(fill: str, stroke: str, dash: str | None = None, hatch: bool = False, opacity: float = 0.45) -> str:
    """An area's swatch from its colours (:func:`shieldmap.web.svg_style.swatch` of a symbol, for a look that is
    not one of :mod:`layers.style`'s, e.g. a footprint site's own colour)."""
    return svg_style.swatch(Symbol(stroke, 1.5, fill, opacity, style.parse_dash(dash), style.HATCH if hatch else None))


def band_svg() -> str:
    """The key's swatch of an edge no source gives (the ``uncertain edge`` variant, cross-hatched by
    :data:`layers.style.BAND_HATCH`)."""
    symbol = replace(style.variant_symbol(LAYERS[style.SECTORS_LAYER], style.UNCERTAIN_EDGE), hatch=style.BAND_HATCH)
    return svg_style.swatch(symbol, css_class="shieldmap-key-band")


def _row(symbol: str, text: str) -> str:
    return f'<div class="shieldmap-key-row">{symbol}<span>{html.escape(text)}</span></div>'


def marker_svg(shape_svg: str, color: str, group: str | None, size: int = 18) -> str:
    """A marker symbol by status: filled (in place or no status), hollow (planned), hollow and crossed (rejected)."""
    body = shape_svg.replace(" />", f' {svg_style.paint(style.marker_symbol(color, group))} />')
    if style.marker_fill(group) == "crossed":
        body += f'<path d="M3 3 L13 13 M13 3 L3 13" {svg_style.paint(style.CROSS)} />'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 16 16" '
            f'aria-hidden="true">{body}</svg>')


def key_html(layer_id: str, frame) -> str:
    """The key's section for one built layer ('' if it needs none)."""
    if frame is None or not len(frame):
        return ""
    if style.has_holders(layer_id):
        rows = frame.to_dict("records")
        model = sectors.staged(rows[0].get("model"), rows[0].get("interpretation"))
        head = _("Proposed sectors, interpretation: {model}").format(
            model=_(sectors.title(model)) if model else rows[0].get("model"))
        items = []
        for row in rows:
            look = style.sector_look(row)
            if look:
                items.append(_row(svg_style.swatch(look.symbol()), holder_text(row)))
        statuses = {(r.get("status"), r.get("status_from")) for r in rows if isinstance(r.get("holder"), str)}
        if len(statuses) == 1:
            status, since = statuses.pop()
            grey = svg_style.swatch(style.SectorLook(style.KEY_SYMBOL_COLOR, status == "rejected").symbol())
            if status == "rejected":
                items.append(_row(grey, _("hatched: rejected {date}").format(date=date_text(since))))
            elif status:
                items.append(_row(grey, _("solid outline: {status} {date}").format(status=_(status),
                                                                                  date=date_text(since))))
        gap = [r for r in rows if not isinstance(r.get("holder"), str) and style.variant(r) != style.UNCERTAIN_EDGE]
        if gap:
            text = (_("undescribed by the evidence") if getattr(model, "name", "") == "russian_depiction"
                    else _("not in any sector (in neither alliance)"))
            items.append(_row(svg_style.swatch(style.variant_symbol(LAYERS[layer_id], "not covered")), text))
        bands = [r for r in rows if style.variant(r) == style.UNCERTAIN_EDGE]
        if bands:  # named as the bands are (layers.european_sectors.BAND_NAME)
            items.append(_row(band_svg(), translate(bands[0]["name"])))
        items.append("<div>" + html.escape(_("drawn with the alliances of the 2010 proposal")) + "</div>")
        return f'<div class="shieldmap-key-head">{html.escape(head)}</div>' + "".join(items)
    if frame.geom_type.eq("Point").any():
        circle, grey = style.SHAPES["circle"].svg, style.KEY_SYMBOL_COLOR
        items = [_row(marker_svg(circle, grey, None, 16), _("filled: in place")),
                 _row(marker_svg(circle, grey, "planned", 16), _("hollow: planned, announced or being built")),
                 _row(marker_svg(circle, grey, "rejected", 16), _("crossed: rejected or cancelled"))]
        if frame["precision_km"].gt(0).any():
            items.append(_row(svg_style.swatch(style.uncertainty_symbol(grey), "circle"),
                              _("dashed circle: how far the location may be off")))
        return '<div class="shieldmap-key-head">' + html.escape(_("Symbols")) + "</div>" + "".join(items)
    return ""


def engagement_key() -> str:
    """The key's section for the engagement (the app's paths): the track, its minute ticks, the reach rings by
    verdict and the radar horizons, in the symbols :func:`layers.style.engagement_symbol` draws them with."""
    items = [_row(svg_style.swatch(style.engagement_symbol("path"), "line"), _("threat's ground track")),
             _row(svg_style.swatch(style.engagement_symbol("tick"), "dot"), _("a tick every minute of flight"))]
    for verdict in VERDICTS:  # as the figure's legend words them
        items.append(_row(svg_style.swatch(style.engagement_symbol("reach", verdict)),
                          _("interceptor's reach: {verdict}").format(verdict=translate(verdict))))
    items.append(_row(svg_style.swatch(style.engagement_symbol("horizon")), _("radar horizon")))
    return ('<div class="shieldmap-key-head">' + html.escape(_("Engagement (a gravity-correct flyout)"))
            + "</div>" + "".join(items))


# --- the browser side (shieldmap/web/static/map.js and map.css) ------------------------------------


class MapExtras(folium.MacroElement):
    """Added to the base map: ``shieldmapMapExtras`` (``map.js``) sets up the panes, the hatch pattern,
    the label and declutter functions, the key box and the scale bar (its words: :mod:`shieldmap.web.scale`),
    with the sea's colour and the variants' styles."""

    _template = Template("""{% macro script(this, kwargs) %}
        shieldmapMapExtras({{ this._parent.get_name() }}, {{ this.config }});
    {% endmacro %}""")

    def __init__(self):
        super().__init__()
        self._name = "MapExtras"
        self.config = script_json({"sea": style.SEA, "variants": style.VARIANTS, "hatch": style.leaflet_hatch(),
                                   "band": style.leaflet_hatch(style.BAND_HATCH), "lang": i18n.current(),
                                   "texts": {"key": _("Key"), "zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"),
                                             "close_popup": _("Close popup"),
                                             "leaflet": _("A JavaScript library for interactive maps")},
                                   "scale": scale.units()})


class KeySection(folium.MacroElement):
    """A layer's section of the key, shown while the layer's group is on the map."""

    _template = Template("""{% macro script(this, kwargs) %}
        shieldmapKeySection({{ this._parent.get_name() }}, {{ this.id_js }}, {{ this.html_js }});
    {% endmacro %}""")

    def __init__(self, order: int, layer_id: str, content: str):
        super().__init__()
        self._name = "KeySection"
        self.id_js, self.html_js = script_json(f"{order:03d}:{layer_id}"), script_json(content)

"""One self-contained HTML file: the map as the app draws it, for any static host.

``shieldmap export --out map.html`` writes it. The page needs no network and no
server: Leaflet's script, stylesheet and images, the Natural Earth basemap and
every layer are inline (a page opened from ``file://`` cannot fetch). The only
``http(s)`` URLs left are links a reader may click (sources, attribution).

Layers are drawn with the app's own pieces (:mod:`shieldmap.web.webmap`): the offline
basemap's style, one FeatureGroup per layer with popups citing sources, the
uncertainty circles of point layers and the legend swatches. A layer control
toggles the layers; the app's default layers start shown, the others hidden. Under the map, folded, the
map in words (:mod:`shieldmap.describe`, the app's text description) of the layers shown on opening.

The same arguments give the same bytes: folium's random element ids are
replaced by sequential ones before rendering.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from collections.abc import Iterable

import folium
import geopandas as gpd
from branca.element import Element, MacroElement, Template

from geo.uploads import for_display
from layers import style
from shieldmap import describe, i18n, period
from shieldmap.i18n import N_, _
from shieldmap.web import citations, engagement_map, footprint_map, scripts, story_html, webmap
from shieldmap.web.assets import leaflet_file
from shieldmap.view import LayerOptions
from shieldmap.web.webmap import ALL_LAYERS as LAYERS  # the registry's and the what_if layer
from layers.registry import LAYERS as REGISTRY, build_layers

TITLE = N_("Missile defence in Europe, 2010\u20132013")
WORDS = N_("The map in words")
SECTORS_NOTE = N_("The four proposed sectors are an interpretation: the source names directions only, "
                  "the boundaries are drawn by shieldmap.")



def html_bytes(layers: dict[str, gpd.GeoDataFrame], seeds, as_of: dt.date,
               shown: Iterable[str] | None = None, options=None, engagement=(), footprint=None) -> bytes:
    """The whole page, UTF-8; the same arguments always give the same bytes.

    ``seeds`` resolves source ids to citations for the popups; ``as_of`` is the
    date the layers were built for (shown in the title). ``shown`` is the layers
    visible on opening (default: the app's default layers among ``layers``, or
    all of them if there are none); the others can be switched on. ``options``
    (:class:`shieldmap.view.LayerOptions`) are those the layers were built with: the story's steps follow them.
    ``engagement`` is :func:`shieldmap.engagement.geojson` of each threat path to draw (one layer, on);
    ``footprint`` the ``(features, points)`` of a defended footprint (one layer, on, with its key section).
    """
    if seeds is None or as_of is None:
        raise ValueError("the html export needs the seeds (for citations) and the as-of date")
    fmap = build_map(layers, seeds, as_of, shown, options, engagement, footprint)
    page = render(fmap).replace("<html>", f'<html lang="{i18n.current()}">', 1)  # the page's language
    leaks = external_urls(page)
    if leaks:  # a folium element brought a CDN link we did not inline
        raise RuntimeError(f"the page would fetch {', '.join(sorted(set(leaks)))}")
    return page.encode("utf-8")


def build_map(layers: dict[str, gpd.GeoDataFrame], seeds, as_of: dt.date,
              shown: Iterable[str] | None = None, options=None, engagement=(), footprint=None) -> folium.Map:
    """The folium map (not yet rendered): basemap, layers, layer control, title, legend."""
    ids = list(layers)
    unknown = [i for i in ids if i not in LAYERS and not i.startswith("user_")]
    if unknown:
        raise ValueError(f"unknown layer id(s): {', '.join(unknown)}")
    styles = {i: LAYERS.get(i) or _user_layer(i, layers[i], n) for n, i in enumerate(ids)}
    if shown is None:
        shown = [i for i in ids if i not in LAYERS or LAYERS[i].default] or ids
    shown = set(shown)

    fmap = webmap.base_map("offline", inline=True)
    fmap.default_js, fmap.default_css = [], []  # Leaflet is inline; the page needs nothing else
    groups = {}
    for layer_id, frame in layers.items():
        uncertainty = webmap.uncertainty_geojson(frame) if styles[layer_id].geometry == "point" else None
        if layer_id not in LAYERS:  # an upload: its text, popups and geometry bounded as in the app
            frame = for_display(frame)
        display = webmap.layer_geojson(frame, lambda ids: citations.resolve(seeds, ids),
                                       tolerance=webmap.DISPLAY_TOLERANCE_DEG if layer_id in LAYERS else 0, as_of=as_of)
        group = groups[layer_id] = webmap.feature_group(styles[layer_id], display, uncertainty, frame=frame)
        group.show = layer_id in shown
        group.add_to(fmap)
    if engagement:
        engagement_map.feature_group(list(engagement)).add_to(fmap)
    if footprint:
        footprint_map.feature_group(*footprint).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    story_html.add_story(fmap, seeds, groups, options)  # the guided tour, its steps' layers embedded
    _HtmlControl(_legend(list(styles.values()), bool(engagement)), position="bottomleft").add_to(fmap)

    figure = webmap.page(fmap)
    figure.title = _("{title}, as of {date}").format(title=period.title(as_of), date=as_of.isoformat())
    figure.header.add_child(Element(_inline_leaflet()), name="leaflet_inline")
    figure.header.add_child(Element(scripts.inline("export.css")), name="shieldmap_css")
    figure.html.add_child(Element(_header(ids, as_of)), name="shieldmap_header")  # before the map's div
    if seeds is not None:  # the map in words of what the map shows on opening (as the app; none without seeds)
        described = {i: layers[i] for i in ids if i in REGISTRY and i in shown}
        _Words(words_html(_described(seeds, as_of, described, options))).add_to(fmap)
    return fmap


def _described(seeds, as_of: dt.date, built: dict, options) -> describe.Description:
    """The map in words (:func:`shieldmap.describe.describe_view`, as the app's page has it): the changes since
    the previous event from the same layers built the day before it, with the same options."""
    args = (options or LayerOptions()).build_args()
    return describe.describe_view(as_of, built, seeds.events,
                                  lambda day: build_layers(seeds, list(built), day, **args))


def words_html(described: describe.Description) -> str:
    """The description under the map: a region named "The map in words" (a landmark a screen reader lists),
    folded like the app's (a ``<details>``), its paragraphs escaped; the map's region is described by them
    (``aria-describedby``, set by ``a11y.js``)."""
    paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in (described.summary, *described.paragraphs))
    return ('<section class="shieldmap-words" aria-labelledby="shieldmap-words-title"><details>'
            f'<summary id="shieldmap-words-title">{html.escape(_(WORDS))}</summary>'
            f'<div id="shieldmap-words-text">{paragraphs}</div></details></section>')


#: folium names every element ``<name>_<random 32-hex id>``.
_ELEMENT_ID = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def render(fmap: folium.Map) -> str:
    """Render once (rendering adds elements; a second render would repeat them), with folium's
    random element ids replaced by sequential ones in order of appearance, so the same map
    always gives the same page."""
    numbers: dict[str, str] = {}
    return _ELEMENT_ID.sub(lambda m: numbers.setdefault(m.group(0), f"{len(numbers) + 1:04d}"),
                           fmap.get_root().render())


# Script/link/img/iframe sources, stylesheet links, CSS url()/@import: what a browser fetches by itself.
_FETCHED = [
    re.compile(r"<(?:script|img|iframe|source|embed|audio|video)\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I),
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?([^\"'\s>]+)", re.I),
    re.compile(r"(?<![\w$])url\(\s*[\"']?([^\"')\s]+)", re.I),  # CSS url(), not JS getTileUrl(
    re.compile(r"@import\s+[\"']([^\"']+)", re.I),
]


def external_urls(page: str) -> list[str]:
    """URLs in ``page`` a browser would request on opening it (anything not ``data:`` or a fragment)."""
    found = [m.group(1) for pattern in _FETCHED for m in pattern.finditer(page)]
    return [url for url in found if not url.startswith(("data:", "#"))]


def _header(ids: list[str], as_of: dt.date) -> str:
    note = _("Click a feature for its details and sources; switch layers with the control at the top right.")
    if any(style.has_holders(i) for i in ids):
        note = f"{_(SECTORS_NOTE)} {note}"
    hint = period.coverage_hint(ids, as_of)
    note = f"{period.period_note(as_of)} {hint + ' ' if hint else ''}{note}"
    return (f'<header class="shieldmap-header"><h1>{html.escape(period.title(as_of))}</h1>'
            + '<span class="asof">' + html.escape(_("as of {date}").format(date=i18n.date_long(as_of))) + "</span>"
            + f"<p>{html.escape(note)}</p></header>")


def _user_layer(layer_id: str, frame: gpd.GeoDataFrame, index: int):
    """The style of an uploaded layer, titled with its file name."""
    source = str(frame["sources"].iloc[0]) if len(frame) else ""
    title = source[len("upload:"):] if source.startswith("upload:") else layer_id
    return webmap.user_layer(layer_id, title, index)


def _legend(ids: list, engagement: bool = False) -> str:
    return ('<div class="legend-title">' + html.escape(_("Legend")) + "</div>" + webmap.legend_html(ids)
            + '<div class="legend-hint">' + html.escape(_("Dashed circles: how far a location may be off.")) + "</div>"
            + ('<div class="legend-hint">' + html.escape(_(engagement_map.KEY)) + "</div>" if engagement else ""))


def _inline_leaflet() -> str:
    """Leaflet's script and stylesheet inline, its images as data: URIs."""
    script = leaflet_file("leaflet.js").read_text(encoding="utf-8")
    script = re.sub(r"\n?//# sourceMappingURL=\S+\s*$", "\n", script)
    style = leaflet_file("leaflet.css").read_text(encoding="utf-8")

    def image(match: re.Match) -> str:
        data = base64.b64encode(leaflet_file(match.group(1)).read_bytes()).decode()
        return f'url("data:image/png;base64,{data}")'

    style = re.sub(r"url\((images/[\w.-]+\.png)\)", image, style)
    for text, end in ((script, "</script"), (style, "</style")):
        if end in text.lower():
            raise RuntimeError(f"cannot inline Leaflet: it contains {end}")
    return f"<style>\n{style}\n</style>\n<script>\n{script}\n</script>"


class _HtmlControl(MacroElement):
    """A Leaflet control showing fixed HTML (the legend) in a corner of the map."""

    _template = Template("""{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position_js }}});
        {{ this.get_name() }}.onAdd = function () {
            var box = L.DomUtil.create("div", "shieldmap-box leaflet-control");
            box.innerHTML = {{ this.html_js }};
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            return box;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, content: str, position: str = "bottomleft"):
        super().__init__()
        self._name = "HtmlControl"
        self.html_js, self.position_js = webmap.script_json(content), webmap.script_json(position)


class _Words(MacroElement):
    """Fixed markup in the page right after the map's ``<div>`` (a child's html follows its map's)."""

    _template = Template("""{% macro html(this, kwargs) %}{{ this.markup }}{% endmacro %}""")

    def __init__(self, markup: str):
        super().__init__()
        self._name = "Words"
        self.markup = markup

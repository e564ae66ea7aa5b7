"""How a feature is drawn: the one answer for every renderer.

The web map and its key (:mod:`shieldmap.web.webmap`, :mod:`shieldmap.web.mapkey`), the HTML
export's story (:mod:`shieldmap.web.story_html`) and the publication figure
(:mod:`shieldmap.figure`) ask here, never decide themselves, and never test layer ids:

- the palette: sea, land and borders of the basemap; each sector holder's fill; the land no
  sector covers;
- a layer's outline, fill and dash (:func:`layer_style`) and its points' uncertainty circles
  (:func:`uncertainty_style`), from the layer's colour, dash and fill in :mod:`layers.registry`;
- marker shapes (:data:`SHAPES`: the SVG the web draws, the matplotlib marker the figure draws)
  and status styling (:func:`marker_fill`: filled in place, hollow planned, crossed rejected);
- per-feature looks on top of the layer's: a sector's holder fill, dash and hatch once rejected
  (:func:`sector_look`), planned capability and uncovered land (:func:`variant`, :data:`VARIANTS`);
- what a layer adds to its popup, the zoom its names show from, and where its key section goes.

Every look is a :class:`Symbol`, in no renderer's terms: outline colour, width and opacity, fill
and its opacity, dash (lengths in CSS pixels) and :class:`Hatch` (the vocabulary and the Leaflet
adapter :func:`leaflet` are :mod:`layers.symbols`', re-exported here). Thin adapters turn a symbol
into a renderer's: :func:`leaflet` (Leaflet path options: the web map, the HTML export, the app's
overlays), :func:`shieldmap.figure_style.look` (matplotlib: the figure, the animation) and
:mod:`shieldmap.web.svg_style` (the key's SVG swatches, the map's icons). A new look is one more
symbol (a constant or a function here) and the renderers draw it; ``tests/unit/test_symbols.py``
compares the three renderings of every symbol.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from geo import sector_edges
from geo.texts import N_
from geo.seeds import IN_PLACE_STATUSES, NOT_IN_PLACE_STATUSES, SHOWN_AFTER_END
from layers.symbols import (LEAFLET_OPTIONS, Dash, Hatch, Symbol, dash_text, leaflet,  # noqa: F401 (the vocabulary,
                            leaflet_changes, parse_dash)  # as layers.style.* for every renderer)

#: The layer that draws capability as range rings (planned capability included).
RINGS_LAYER = "engagement_ranges"

# --- the palette ----------------------------------------------------------------------------------

SEA, LAND, BORDER = "#dfe9f1", "#f7f5f0", "#8a8a8a"
#: The fill of each holder's proposed sector (Paul Tol's colour-blind-safe "muted" colours, used by
#: no layer), of a holder not in this list, and of the land no sector covers.
SECTOR_COLORS = {"Russia": "#882255", "United States": "#DDCC77", "Germany": "#332288", "France": "#44AA99"}
OTHER_HOLDER_COLOR = "#999999"
NOT_COVERED_COLOR = "#777777"
BAND_COLOR = "#1a1a1a"
"""A sector edge no source gives: its dashed outline and cross-hatch (:data:`BAND_HATCH`)."""
#: The outline of a filled marker, and the grey the key draws its status symbols in.
MARKER_EDGE, KEY_SYMBOL_COLOR = "#222", "#777777"
#: The inside of a hollow marker (planned, rejected) and of a tick.
HOLLOW_FILL = "#ffffff"
#: Ink on paper (the figure, the animation's caption panel): text, softer text, muted text, the panel and its rule.
INK, INK_SOFT, MUTED, PANEL_FACE, PANEL_RULE = "#222222", "#333333", "#555555", "#f3f3f0", "#bbbbbb"
#: The offline basemap on the web map.
BASEMAP_STYLE = {"color": BORDER, "weight": 0.6, "fillColor": LAND, "fillOpacity": 1}
#: A polygon under the pointer on the web map.
HIGHLIGHT = {"weight": 4, "fillOpacity": 0.35}

# --- contrast (WCAG 2.x: symbols at least 3:1 against the basemap, success criterion 1.4.11) ------------

MIN_SYMBOL_CONTRAST = 3.0


def _channels(color: str) -> tuple[float, float, float]:
    text = color.lstrip("#")
    text = "".join(c * 2 for c in text) if len(text) == 3 else text
    red, green, blue = (int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def luminance(color: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` (or ``#rgb``) colour."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _channels(color)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def edge(color: str) -> str:
    """The colour a symbol's outline is drawn in: ``color`` itself when it keeps
    :data:`MIN_SYMBOL_CONTRAST` against the basemap's land and sea, else the same hue darkened (each
    channel scaled down in steps of 2 %) until it does. Fills keep ``color``."""
    channels, scale = _channels(color), 1.0
    while True:
        shade = "#" + "".join(f"{round(c * scale * 255):02x}" for c in channels)
        if min(contrast(shade, LAND), contrast(shade, SEA)) >= MIN_SYMBOL_CONTRAST or scale <= 0:
            return shade if scale < 1.0 else color
        scale = round(scale - 0.02, 2)


# --- shapes and statuses --------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """A marker shape: ``svg``, its element in a 16×16 box (ends in `` />``); ``mpl``, matplotlib's marker."""

    svg: str
    mpl: str


SHAPES = {
    "triangle": Shape('<polygon points="8,1 15,15 1,15" />', "^"),
    "square": Shape('<rect x="2" y="2" width="12" height="12" />', "s"),
    "diamond": Shape('<polygon points="8,0 16,8 8,16 0,8" />', "D"),
    "star": Shape('<polygon points="8,0 10.4,5.6 16,6 11.6,9.8 13,16 8,12.8 3,16 4.4,9.8 0,6 5.6,5.6" />', "*"),
    "circle": Shape('<circle cx="8" cy="8" r="6" />', "o"),
}

IN_PLACE = IN_PLACE_STATUSES
PLANNED = NOT_IN_PLACE_STATUSES | {"proposed"}
REJECTED = frozenset({"rejected"}) | SHOWN_AFTER_END  # crossed (a cancelled site, on and after its end)


def status_group(status) -> str | None:
    """``in place``, ``planned`` or ``rejected`` for a status (None: not applicable, e.g. ``member``)."""
    if not isinstance(status, str):
        return None
    if status in REJECTED:
        return "rejected"
    if status in IN_PLACE:
        return "in place"
    if status in PLANNED or "planned" in status:
        return "planned"
    return None


def marker_fill(group: str | None) -> str:
    """How a marker shows its status group: ``filled`` (in place, or no status), ``hollow``
    (planned, announced or being built) or ``crossed`` (hollow and crossed: rejected or cancelled)."""
    return {"planned": "hollow", "rejected": "crossed"}.get(group or "", "filled")


# --- symbols: one look, every renderer -----------------------------------------------------------

#: The hatch over what was rejected (the web map's pattern, the figure's, the key's).
HATCH = Hatch("#222222", 0.45, 1.3, 7.0)
#: The cross-hatch over a sector edge no source gives (the web map's pattern ``shieldmap-band``, the figure's, the
#: key's): lines both ways, in the band's colour.
BAND_HATCH = Hatch(BAND_COLOR, 0.85, 1.2, 6.0, cross=True)


def leaflet_hatch(hatch: Hatch = HATCH) -> dict:
    """The hatch as ``map.js`` draws its SVG pattern (``shieldmap-hatch``)."""
    return {"color": hatch.color, "opacity": hatch.opacity, "width": hatch.width, "spacing": hatch.spacing,
            "angle": hatch.angle, "cross": hatch.cross}


def marker_symbol(color: str, group: str | None) -> Symbol:
    """A point's marker by its status group (:func:`marker_fill`): filled in its colour with a dark edge, or white
    with its colour's contrast edge (hollow; crossed adds :data:`CROSS`)."""
    if marker_fill(group) == "filled":
        return Symbol(MARKER_EDGE, 1.0, color, 1.0)
    return Symbol(edge(color), 2.2, HOLLOW_FILL, 1.0)


#: The cross over a rejected or cancelled site's hollow marker.
CROSS = Symbol(MARKER_EDGE, 1.8)

# --- layers and features --------------------------------------------------------------------------

SECTORS_LAYER = "european_sectors"


#: Uploaded layers' colours, one per file in turn (apart from the layers' Okabe-Ito colours).
USER_COLORS = ("#444444", "#7F3C8D", "#11A579", "#3969AC", "#E73F74", "#80BA5A")


def layer_symbol(layer) -> Symbol:
    """A layer's outline and fill (a :class:`layers.registry.Layer`: its colour, dash and fill opacity)."""
    return Symbol(edge(layer.color), 2.0, layer.color, layer.fill_opacity, parse_dash(layer.dash))


def uncertainty_symbol(color: str) -> Symbol:
    """The dashed circle of how far a point drawn in ``color`` may be off (the key's in :data:`KEY_SYMBOL_COLOR`)."""
    return Symbol(edge(color), 1.0, color, 0.08, (3.0, 3.0))


def layer_style(layer) -> dict:
    """A layer's outline and fill as Leaflet options (:func:`layer_symbol`)."""
    return leaflet(layer_symbol(layer))


def uncertainty_style(layer) -> dict:
    """The dashed circle of how far a point of ``layer`` may be off, as Leaflet options."""
    return leaflet(uncertainty_symbol(layer.color))


#: Per-feature changes on top of the layer's symbol, by the feature's :func:`variant`: planned capability is drawn
#: apart from capability in place; the land no proposed sector covers is grey; a sector edge no source gives
#: (:mod:`geo.sector_edges`) is a clear band outlined in fine dashes, cross-hatched by :data:`BAND_HATCH`.
UNCERTAIN_EDGE = "uncertain edge"
VARIANT_CHANGES: dict[str, dict[str, Any]] = {
    "planned": {"dash": (1.0, 6.0), "weight": 2.0, "fill_opacity": 0.0},
    "not covered": {"color": NOT_COVERED_COLOR, "fill": NOT_COVERED_COLOR, "dash": (2.0, 6.0), "fill_opacity": 0.15,
                    "weight": 1.0},
    UNCERTAIN_EDGE: {"color": BAND_COLOR, "fill": BAND_COLOR, "dash": (1.0, 3.0), "fill_opacity": 0.0, "weight": 0.8},
}
#: The same changes as Leaflet options (``map.js`` applies them over the layer's style).
VARIANTS = {name: leaflet_changes(changes) for name, changes in VARIANT_CHANGES.items()}


def variant_symbol(layer, name: str) -> Symbol:
    """A layer's symbol with a :data:`VARIANT_CHANGES` entry applied."""
    return replace(layer_symbol(layer), **VARIANT_CHANGES[name])


def variant(row: dict) -> str | None:
    """The key of :data:`VARIANTS` that applies to a feature (None: the layer's style)."""
    if row.get("layer") == "engagement_ranges" and row.get("capability") == "planned":
        return "planned"
    if row.get("layer") == SECTORS_LAYER and row.get(sector_edges.CERTAINTY) == sector_edges.INFERRED:
        return UNCERTAIN_EDGE
    if row.get("layer") == SECTORS_LAYER and "holder" in row and not isinstance(row["holder"], str):
        return "not covered"
    return None


def has_holders(layer_id: str | None) -> bool:
    """Is each feature of the layer drawn in its holder's colour (the proposed sectors)?"""
    return layer_id == SECTORS_LAYER


def holder_color(holder: str) -> str:
    return SECTOR_COLORS.get(holder, OTHER_HOLDER_COLOR)


@dataclass(frozen=True)
class SectorLook:
    """A holder's sector: its colour; once rejected, a dashed outline, a lighter fill and a hatch."""

    color: str
    rejected: bool

    @property
    def fill_opacity(self) -> float:
        return 0.28 if self.rejected else 0.38

    def symbol(self) -> Symbol:
        return Symbol(edge(self.color), 1.5, self.color, self.fill_opacity, (6.0, 4.0) if self.rejected else None,
                      HATCH if self.rejected else None)

    def leaflet(self) -> dict:
        """As Leaflet options (``dashArray`` None while proposed: it replaces the layer's dash)."""
        return leaflet(self.symbol())


def sector_look(row: dict) -> SectorLook | None:
    """The look of a feature drawn in its holder's colour (None: drawn as its layer or variant)."""
    if not has_holders(row.get("layer")) or not isinstance(row.get("holder"), str):
        return None
    return SectorLook(holder_color(row["holder"]), status_group(row.get("status")) == "rejected")


#: Layer id -> (popup label, column) the popup shows besides the common ones.
POPUP_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "engagement_ranges": ((N_("Capability"), "capability"), (N_("Claim"), "claim")),
    SECTORS_LAYER: ((N_("Sector model"), "model"), (N_("States"), "states"))}
#: The zoom from which a point's name shows on the web map (events later than sites: there are more).
SITE_LABEL_ZOOM, EVENT_LABEL_ZOOM = 6, 7


def label_zoom(layer_id: str) -> int:
    return EVENT_LABEL_ZOOM if layer_id == "events" else SITE_LABEL_ZOOM


def key_order(layer_id: str) -> int:
    """Where a layer's section goes in the web map's key: the sectors first, then the symbols."""
    return 0 if has_holders(layer_id) else 900


# --- engagement geometry (the app's Engagement panel) ---------------------------------------------

#: The threat's ground track, its minute ticks, each interceptor site's kinematic reach by verdict
#: (Okabe-Ito: bluish green yes, the window opens; vermillion no) and each radar's horizon ring.
REACH_COLORS = {"yes": "#009E73", "no": "#D55E00"}
ENGAGEMENT_SYMBOLS: dict[str, Symbol] = {
    "path": Symbol("#000000", 3.0),
    "tick": Symbol("#000000", 1.5, HOLLOW_FILL, 1.0),
    **{f"reach {verdict}": Symbol(edge(colour), 2.0, colour, 0.06) for verdict, colour in REACH_COLORS.items()},
    "reach": Symbol(edge(NOT_COVERED_COLOR), 2.0, NOT_COVERED_COLOR, 0.06),  # a verdict not known
    "horizon": Symbol("#0072B2", 1.5, "#0072B2", 0.03, (6.0, 4.0)),
}
#: The figure tells a view's paths apart by their dash (the first solid), their reach rings too.
PATH_DASHES: tuple[Dash | None, ...] = (None, (18.0, 6.0), (6.0, 4.5))
#: Old form: each kind's Leaflet options; ``reach`` the colour by verdict.
ENGAGEMENT_STYLES: dict[str, dict[str, Any]] = {
    "path": leaflet(ENGAGEMENT_SYMBOLS["path"]), "tick": leaflet(ENGAGEMENT_SYMBOLS["tick"]),
    "reach": dict(REACH_COLORS), "horizon": leaflet(ENGAGEMENT_SYMBOLS["horizon"])}


def engagement_symbol(kind: str, verdict: str | None = None, path: int = 0) -> Symbol:
    """An engagement feature's symbol (``kind``: path, tick, reach, horizon); the ``path``-th path's line and
    reach rings take :data:`PATH_DASHES`."""
    symbol = ENGAGEMENT_SYMBOLS.get(f"reach {verdict}" if kind == "reach" else kind, ENGAGEMENT_SYMBOLS["path"])
    if kind in ("path", "reach") and path:
        symbol = replace(symbol, dash=PATH_DASHES[path % len(PATH_DASHES)])
    return symbol


def engagement_style(kind: str, verdict: str | None = None) -> dict:
    """Leaflet path options of an engagement feature (``kind``: path, tick, reach, horizon)."""
    return leaflet(engagement_symbol(kind, verdict))


# --- what changed between two dates (the app's Compare), hypothetical sites ------------------------

#: change -> its symbol. Colours apart from the layers' Okabe-Ito ones; each also differs by dash.
CHANGE_SYMBOLS = {
    "added": Symbol("#1A9850", 4.0, "#1A9850", 0.25),
    "removed": Symbol("#B2182B", 4.0, "#B2182B", 0.08, (6.0, 6.0)),
    "status": Symbol("#542788", 4.0, "#542788", 0.12, (2.0, 5.0)),
}


def what_if_centre(color: str) -> Symbol:
    """The circle round a hypothetical ring's centre (a cross in it), in the what-if layer's colour."""
    return Symbol(color, 1.5, HOLLOW_FILL, 0.8, (3.0, 2.0))


def what_if_cross(color: str) -> Symbol:
    """The cross on a hypothetical ring's centre."""
    return Symbol(color, 2.0)


#: The measuring line from a hypothetical site.
MEASURE = Symbol("#C00000", 3.0, dash=(6.0, 4.0))

# --- charts and the footprint figure ----------------------------------------------------------------

#: The timeline chart's bars by status group (Okabe-Ito, as the layers'), its events and the map's date.
STATUS_COLORS = {"in place": "#009E73", "planned": "#E69F00", "rejected": "#D55E00", "other": "#999999"}
CHART_EVENT_COLOR, CHART_NOW_COLOR = "#000000", "#CC0000"
#: The engagement chart's bar of the speed needed.
CHART_BAR_COLOR = "#BBBBBB"
#: The footprint figure: its land, borders, the box's edge, the launch points (or targets), the levels' shade.
FOOTPRINT_LAND, FOOTPRINT_COAST, FOOTPRINT_BORDER, FOOTPRINT_POINTS = "#f2f2f2", "#9a9a9a", "#7a7a7a", "#d62728"
FOOTPRINT_LEVEL = MUTED

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

Styles for the web are Leaflet path options (``color``, ``weight``, ``fillColor``,
``fillOpacity``, ``dashArray``); the figure's line widths and print dashes are its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo import sector_edges
from geo.texts import N_
from geo.seeds import IN_PLACE_STATUSES, NOT_IN_PLACE_STATUSES, SHOWN_AFTER_END

#: The layer that draws capability as range rings (planned capability included).
RINGS_LAYER = "engagement_ranges"

# --- the palette ----------------------------------------------------------------------------------

SEA, LAND, BORDER = "#dfe9f1", "#f7f5f0", "#8a8a8a"
#: The fill of each holder's proposed sector (Paul Tol's colour-blind-safe "muted" colours, used by
#: no layer), of a holder not in this list, and of the land no sector covers.
SECTOR_COLORS = {"Russia": "#882255", "United States": "#DDCC77", "Germany": "#332288", "France": "#44AA99"}
OTHER_HOLDER_COLOR = "#999999"
NOT_COVERED_COLOR = "#777777"
#: The outline of a filled marker, and the grey the key draws its status symbols in.
MARKER_EDGE, KEY_SYMBOL_COLOR = "#222", "#777777"
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


# --- layers and features --------------------------------------------------------------------------

SECTORS_LAYER = "european_sectors"


#: Uploaded layers' colours, one per file in turn (apart from the layers' Okabe-Ito colours).
USER_COLORS = ("#444444", "#7F3C8D", "#11A579", "#3969AC", "#E73F74", "#80BA5A")


def layer_style(layer) -> dict:
    """A layer's outline and fill (a :class:`layers.registry.Layer`)."""
    style = {"color": edge(layer.color), "weight": 2, "fillColor": layer.color, "fillOpacity": layer.fill_opacity}
    if layer.dash:
        style["dashArray"] = layer.dash
    return style


def uncertainty_style(layer) -> dict:
    """The dashed circle of how far a point of ``layer`` may be off."""
    return {"color": edge(layer.color), "weight": 1, "dashArray": "3 3", "fillColor": layer.color, "fillOpacity": 0.08}


UNCERTAIN_EDGE = "uncertain edge"
#: Per-feature changes on top of the layer's style, by the feature's :func:`variant`: planned
#: capability is drawn apart from capability in place; the land no proposed sector covers is grey.
VARIANTS = {
    "planned": {"dashArray": "1 6", "weight": 2, "fillOpacity": 0.0},
    "not covered": {"color": NOT_COVERED_COLOR, "fillColor": NOT_COVERED_COLOR, "dashArray": "2 6",
                    "fillOpacity": 0.15, "weight": 1},
    # a sector edge no source gives (geo.sector_edges): its band outlined in fine dashes, cross-hatched in the
    # outline's colour over a clear fill (the web map's pattern shieldmap-band, the figure's hatch "xxx")
    UNCERTAIN_EDGE: {"color": "#1a1a1a", "fillColor": "#1a1a1a", "dashArray": "1 3", "fillOpacity": 0.0, "weight": 0.8,
                     "hatch": "xxx"},
}


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

    def leaflet(self) -> dict:
        return {"color": edge(self.color), "fillColor": self.color, "weight": 1.5,
                "dashArray": "6 4" if self.rejected else None, "fillOpacity": self.fill_opacity}


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
ENGAGEMENT_STYLES: dict[str, dict[str, Any]] = {
    "path": {"color": "#000000", "weight": 3, "dashArray": None},
    "tick": {"color": "#000000", "weight": 1, "fillColor": "#ffffff", "fillOpacity": 1},
    "reach": {"yes": "#009E73", "no": "#D55E00"},
    "horizon": {"color": "#0072B2", "weight": 1.5, "dashArray": "6 4", "fillOpacity": 0.03},
}


def engagement_style(kind: str, verdict: str | None = None) -> dict:
    """Leaflet path options of an engagement feature (``kind``: path, tick, reach, horizon)."""
    if kind == "reach":
        colour = ENGAGEMENT_STYLES["reach"].get(verdict or "", "#777777")
        return {"color": edge(colour), "weight": 2, "fillColor": colour, "fillOpacity": 0.06}
    if kind == "horizon":
        return {**ENGAGEMENT_STYLES["horizon"], "fillColor": ENGAGEMENT_STYLES["horizon"]["color"]}
    return dict(ENGAGEMENT_STYLES.get(kind, ENGAGEMENT_STYLES["path"]))

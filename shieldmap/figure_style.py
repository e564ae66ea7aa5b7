"""The matplotlib adapter: a :class:`layers.style.Symbol` as a patch's or a line's keyword arguments, for the
figure's map and its legend alike (and so for the animation's frames).

The figure's map and its legend once drew with their own numbers (a rejected sector's dash (4, 2) where the web
map's is "6 4" and the key's "3 2", the hatch white where the map's is dark, the status legend's greys): now
every look comes from :mod:`layers.style`'s symbols through :func:`look`. A Leaflet weight and dash are in CSS
pixels (1/96 in), a matplotlib line width in points (1/72 in), and matplotlib scales a dash by the line width:
the dash is given in line widths, so it keeps the map's proportions at any width.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib.colors

from layers.registry import LAYERS
from layers import style
from layers.style import Hatch, Symbol

PT_PER_PX = 0.75
"""A Leaflet weight is in CSS pixels (1/96 in), a matplotlib line width in points (1/72 in)."""
HATCH_LINES_PER_INCH = 6
"""matplotlib draws each character of a hatch as this many lines to the inch (its hatch density 6, a 72 pt cell)."""
_HATCH_CHARACTERS = {45.0: "/", 135.0: "\\", 0.0: "-", 90.0: "|"}


def dashes(dash, weight: float = 2.0):
    """A dash in CSS pixels (a tuple, or Leaflet's ``"6 4"``) of a line ``weight`` pixels wide as a matplotlib line
    style, in line widths."""
    dash = style.parse_dash(dash) if isinstance(dash, str) else dash
    return "solid" if not dash else (0, tuple(v / weight for v in dash))


def hatch_count(spacing_px: float) -> int:
    """How many hatch characters draw lines nearest ``spacing_px`` apart (at right angles, 45° lines): ``n``
    characters cross a 72 pt cell with ``6 n`` lines ``72 / (6 n)`` points apart along each axis, so
    ``72 √2 / (6 n)`` points apart at right angles."""
    spacing_pt = spacing_px * PT_PER_PX
    return max(1, round(72 * math.sqrt(2) / (HATCH_LINES_PER_INCH * spacing_pt)))


def hatching(hatch: Hatch) -> dict[str, Any]:
    """A hatch as a patch's ``hatch``, ``hatchcolor`` and ``hatch_linewidth``."""
    character = "x" if hatch.cross else _HATCH_CHARACTERS[hatch.angle % 180]
    return {"hatch": character * hatch_count(hatch.spacing),
            "hatchcolor": matplotlib.colors.to_rgba(hatch.color, hatch.opacity),
            "hatch_linewidth": hatch.width * PT_PER_PX}


def look(symbol: Symbol, hatch: bool = True) -> dict[str, Any]:
    """The matplotlib adapter: a symbol as ``facecolor``, ``edgecolor``, ``linewidth``, ``linestyle`` (and its hatch
    unless ``hatch`` is False: the map draws it over the fill, :func:`hatch_over`)."""
    out = {"facecolor": matplotlib.colors.to_rgba(symbol.fill, symbol.fill_opacity) if symbol.fill else "none",
           "edgecolor": matplotlib.colors.to_rgba(symbol.color, symbol.opacity),
           "linewidth": symbol.weight * PT_PER_PX, "linestyle": dashes(symbol.dash, symbol.weight)}
    return out | (hatching(symbol.hatch) if hatch and symbol.hatch else {})


def line_look(symbol: Symbol) -> dict[str, Any]:
    """A line (a track) in the symbol: ``color``, ``linewidth``, ``linestyle``."""
    return {"color": matplotlib.colors.to_rgba(symbol.color, symbol.opacity), "linewidth": symbol.weight * PT_PER_PX,
            "linestyle": dashes(symbol.dash, symbol.weight)}


def hatch_over(hatch: Hatch = style.HATCH) -> dict[str, Any]:
    """The hatch alone, drawn over a fill already drawn (so that the fill stays a plain colour in an SVG)."""
    return {**hatching(hatch), "facecolor": "none", "edgecolor": "none", "linewidth": 0}


HATCH = hatching(style.HATCH)
"""A rejected area's hatch on a legend swatch (the map draws :data:`HATCH_OVER` over its fill)."""
HATCH_OVER = hatch_over()


def layer_look(layer) -> dict:
    """A polygon layer's outline and fill (:func:`layers.style.layer_symbol`)."""
    return look(style.layer_symbol(layer))


def uncertainty_look(layer) -> dict:
    """The circle of how far a point of ``layer`` may be off (:func:`layers.style.uncertainty_symbol`)."""
    return look(style.uncertainty_symbol(layer.color))


def uncovered_look(layer) -> dict:
    """The land no sector holds (the ``not covered`` variant of :data:`layers.style.VARIANT_CHANGES`)."""
    return look(style.variant_symbol(layer, "not covered"))


def sector_look(sector: style.SectorLook, hatch: bool = False) -> dict:
    """A holder's sector (:meth:`layers.style.SectorLook.symbol`); its hatch on a legend swatch (``hatch``)."""
    return look(sector.symbol(), hatch)


def band_look() -> dict:
    """An edge no source gives (the ``uncertain edge`` variant of :data:`layers.style.VARIANT_CHANGES`): the band
    clear, outlined in fine dashes and cross-hatched (:data:`layers.style.BAND_HATCH`)."""
    return {**look(style.variant_symbol(LAYERS[style.SECTORS_LAYER], style.UNCERTAIN_EDGE)), **hatching(style.BAND_HATCH)}


def marker_look(color: str, group: str | None) -> dict:
    """A point's marker by its status group (:func:`layers.style.marker_symbol`): ``facecolor``, ``edgecolor``,
    ``linewidth``."""
    symbol = style.marker_symbol(color, group)
    return {"facecolor": symbol.fill, "edgecolor": symbol.color, "linewidth": symbol.weight * PT_PER_PX}


def solid_colours() -> tuple[str, ...]:
    """Every colour the figure draws at full opacity, from :mod:`layers.style` and the registry: the basemap's, each
    layer's and holder's colour and its contrast edge, the markers' edge, white. An animation's GIF keeps each in
    its palette exactly (:func:`shieldmap.animation.gif_bytes`), so a small marker or a legend swatch is drawn in
    its own colour, not in the nearest of the large areas' colours."""
    from layers.registry import LAYERS

    colours = [style.LAND, style.SEA, style.BORDER, style.MARKER_EDGE, style.HOLLOW_FILL]
    for colour in (*(layer.color for layer in LAYERS.values()), *style.SECTOR_COLORS.values(), style.NOT_COVERED_COLOR):
        colours += [colour, style.edge(colour)]
    return tuple(dict.fromkeys(matplotlib.colors.to_hex(c) for c in colours))

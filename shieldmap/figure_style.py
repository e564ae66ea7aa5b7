"""The figure's looks in matplotlib's terms, each made from the web map's (:mod:`layers.style`), for the map and its
legend alike.

The figure's map and its legend drew with their own numbers (a sector's outline in its fill colour where the web
map darkens it for contrast, the undescribed land at another opacity, a rejected sector's legend hatched in the
holder's colour where the map's hatch is white): the animation's legend did not look like its map (issue 34.7).
Every function here turns a Leaflet style of :mod:`layers.style` into matplotlib's keyword arguments, and both
the map and its legend take them from here.
"""

from __future__ import annotations

from typing import Any

import matplotlib.colors

from layers import style

PT_PER_PX = 0.75
"""A Leaflet weight is in CSS pixels (1/96 in), a matplotlib line width in points (1/72 in)."""
HATCH: dict[str, Any] = {"hatch": "///", "hatchcolor": matplotlib.colors.to_rgba("white", 0.6)}
"""A rejected area's hatch: in the legend on its swatch, on the map drawn over its fill (:data:`HATCH_OVER`, so
that the fill stays a plain colour in an SVG)."""
HATCH_OVER = {**HATCH, "facecolor": "none", "edgecolor": "none", "linewidth": 0}


def dashes(dash: str | None):
    """A Leaflet ``dashArray`` ("6 4", in pixels) as a matplotlib line style (in line widths)."""
    return "solid" if not dash else (0, tuple(float(v) / 2 for v in dash.split()))


def from_leaflet(web: dict) -> dict:
    """A Leaflet path style (``color``, ``weight``, ``fillColor``, ``fillOpacity``, ``dashArray``) as a patch's
    ``facecolor``, ``edgecolor``, ``linewidth`` and ``linestyle``."""
    return {"facecolor": matplotlib.colors.to_rgba(web.get("fillColor", web["color"]), web.get("fillOpacity", 0.2)),
            "edgecolor": matplotlib.colors.to_rgba(web["color"]), "linewidth": web.get("weight", 1) * PT_PER_PX,
            "linestyle": dashes(web.get("dashArray"))}


def layer_look(layer) -> dict:
    """A polygon layer's outline and fill (:func:`layers.style.layer_style`)."""
    return from_leaflet(style.layer_style(layer))


def uncertainty_look(layer) -> dict:
    """The circle of how far a point of ``layer`` may be off (:func:`layers.style.uncertainty_style`)."""
    return from_leaflet(style.uncertainty_style(layer))


def uncovered_look(layer) -> dict:
    """The land no sector holds (the ``not covered`` variant of :data:`layers.style.VARIANTS`)."""
    return from_leaflet({**style.layer_style(layer), **style.VARIANTS["not covered"]})


def band_look() -> dict:
    """An edge no source gives (the ``uncertain edge`` variant of :data:`layers.style.VARIANTS`): the band clear,
    outlined in fine dashes and cross-hatched in its colour (matplotlib draws the hatch in the edge colour)."""
    web = style.VARIANTS[style.UNCERTAIN_EDGE]
    return {**from_leaflet(web), "hatch": web["hatch"], "hatchcolor": matplotlib.colors.to_rgba(str(web["color"]), 0.85)}


def sector_look(look: style.SectorLook) -> dict:
    """A holder's sector (:meth:`layers.style.SectorLook.leaflet`); once rejected, hatched (:data:`HATCH`)."""
    return from_leaflet({k: v for k, v in look.leaflet().items() if v is not None})


def marker_look(color: str, group: str | None) -> dict:
    """A point's marker by its status group, as the web map's (``shieldmap.web.mapkey.marker_svg``): filled in its
    colour with a dark edge, or white with its colour's contrast edge (hollow, crossed)."""
    if style.marker_fill(group) == "filled":
        return {"facecolor": color, "edgecolor": style.MARKER_EDGE, "linewidth": 0.8}
    return {"facecolor": "white", "edgecolor": style.edge(color), "linewidth": 1.6}


def solid_colours() -> tuple[str, ...]:
    """Every colour the figure draws at full opacity, from :mod:`layers.style` and the registry: the basemap's, each
    layer's and holder's colour and its contrast edge, the markers' edge, white. An animation's GIF keeps each in
    its palette exactly (:func:`shieldmap.animation.gif_bytes`), so a small marker or a legend swatch is drawn in
    its own colour, not in the nearest of the large areas' colours."""
    from layers.registry import LAYERS

    colours = [style.LAND, style.SEA, style.BORDER, style.MARKER_EDGE, "#ffffff"]
    for colour in (*(layer.color for layer in LAYERS.values()), *style.SECTOR_COLORS.values(), style.NOT_COVERED_COLOR):
        colours += [colour, style.edge(colour)]
    return tuple(dict.fromkeys(matplotlib.colors.to_hex(c) for c in colours))

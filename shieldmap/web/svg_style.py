"""The SVG adapter: a :class:`layers.style.Symbol` as SVG paint attributes and as the key's swatches.

The key (:mod:`shieldmap.web.mapkey`), the map's icons and the footprint's key draw their swatches here, from
the symbols the web map (:func:`layers.style.leaflet`) and the figure (:func:`shieldmap.figure_style.look`) draw
the same features with: one CSS pixel is one SVG unit (a swatch's ``viewBox`` is its size), so a dash and a
hatch are as long and as far apart as on the map.
"""

from __future__ import annotations

import base64
import math
from dataclasses import replace

from layers import style
from layers.style import Hatch, Symbol

#: A swatch's size in pixels, and where its shape sits in it.
WIDTH, HEIGHT = 18, 16
RECT = (1.0, 2.0, 16.0, 12.0)  # x, y, width, height


def paint(symbol: Symbol) -> str:
    """The symbol's SVG presentation attributes (fill, outline, dash)."""
    parts = [f'fill="{symbol.fill}" fill-opacity="{symbol.fill_opacity:g}"' if symbol.fill else 'fill="none"',
             f'stroke="{symbol.color}" stroke-width="{symbol.weight:g}"']
    if symbol.opacity != 1:
        parts.append(f'stroke-opacity="{symbol.opacity:g}"')
    if symbol.dash:
        parts.append(f'stroke-dasharray="{style.dash_text(symbol.dash)}"')
    return " ".join(parts)


def _clip(point: tuple[float, float], direction: tuple[float, float], box) -> tuple[float, float] | None:
    """The parameters where the line ``point + t * direction`` enters and leaves ``box`` (x, y, w, h); None if it
    misses it."""
    low, high = -math.inf, math.inf
    for axis in (0, 1):
        start, end = box[axis], box[axis] + box[axis + 2]
        if abs(direction[axis]) < 1e-12:
            if not start <= point[axis] <= end:
                return None
            continue
        a, b = sorted(((start - point[axis]) / direction[axis], (end - point[axis]) / direction[axis]))
        low, high = max(low, a), min(high, b)
    return (low, high) if high - low > 1e-9 else None


def hatch_lines(hatch: Hatch, box=RECT) -> str:
    """The hatch's lines across ``box`` (x, y, width, height), cut at its edges: ``spacing`` apart at right angles,
    rising at ``angle`` (SVG's y axis points down)."""
    angle = math.radians(hatch.angle)
    direction, normal = (math.cos(angle), -math.sin(angle)), (math.sin(angle), math.cos(angle))
    corners = [(box[0] + dx, box[1] + dy) for dx in (0, box[2]) for dy in (0, box[3])]
    offsets = [normal[0] * x + normal[1] * y for x, y in corners]
    lines = []
    offset = math.ceil(min(offsets) / hatch.spacing) * hatch.spacing
    while offset <= max(offsets):
        point = (normal[0] * offset, normal[1] * offset)
        cut = _clip(point, direction, box)
        if cut:
            (x1, y1), (x2, y2) = ((point[0] + t * direction[0], point[1] + t * direction[1]) for t in cut)
            lines.append(f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" />')
        offset += hatch.spacing
    if hatch.cross:  # the same lines at right angles
        lines.append(hatch_lines(replace(hatch, angle=hatch.angle + 90, cross=False), box))
    return (f'<g stroke="{hatch.color}" stroke-width="{hatch.width:g}" stroke-opacity="{hatch.opacity:g}">'
            + "".join(lines) + "</g>") if lines else ""


def _svg(body: str, width: int = WIDTH, height: int = HEIGHT, css_class: str | None = None) -> str:
    named = f' class="{css_class}"' if css_class else ""
    return (f'<svg{named} xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" aria-hidden="true">{body}</svg>')


def swatch(symbol: Symbol, shape: str = "rect", css_class: str | None = None) -> str:
    """The key's swatch of a symbol: an area (``rect``, its hatch over it), a ``circle`` (a point's uncertainty),
    a ``line`` (a track) or a ``dot`` (a tick); ``css_class``: the area swatch's class, for the page to find it."""
    if shape == "line":
        return _svg(f'<line x1="1" y1="8" x2="17" y2="8" {paint(symbol)} />')
    if shape == "dot":
        return _svg(f'<circle cx="9" cy="8" r="3.5" {paint(symbol)} />')
    if shape == "circle":
        return _svg(f'<circle cx="9" cy="8" r="6.5" {paint(symbol)} />')
    x, y, w, h = RECT
    hatch = hatch_lines(symbol.hatch) if symbol.hatch else ""
    return _svg(f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" {paint(symbol)} />{hatch}', css_class=css_class)


def icon(symbol: Symbol, size: int, radius: float, cross: Symbol | None = None) -> str:
    """A round map icon of ``size`` pixels (a tick, a measured point, a hypothetical ring's centre): a circle of
    ``radius`` in the symbol, with ``cross`` drawn through it."""
    middle = size / 2
    body = f'<circle cx="{middle:g}" cy="{middle:g}" r="{radius:g}" {paint(symbol)} />'
    if cross:
        a, b = size * 5 / 18, size * 13 / 18
        body += f'<path d="M{a:g} {a:g}L{b:g} {b:g}M{b:g} {a:g}L{a:g} {b:g}" {paint(cross)} />'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
            f'viewBox="0 0 {size} {size}">{body}</svg>')


def img(svg: str) -> str:
    """A swatch as a decorative ``<img>`` with a data URI (survives HTML sanitisers that drop inline SVG)."""
    data = base64.b64encode(svg.encode()).decode()
    return (f'<img src="data:image/svg+xml;base64,{data}" width="{WIDTH}" height="{HEIGHT}" alt="" '
            f'style="vertical-align:middle">')

"""The vocabulary of :mod:`layers.style`: a :class:`Symbol` (how an area, a line or a marker is drawn) and its
:class:`Hatch`, in no renderer's terms, and the Leaflet adapter (:func:`leaflet`). The symbols themselves are
declared in :mod:`layers.style`; the other adapters are :func:`shieldmap.figure_style.look` (matplotlib) and
:mod:`shieldmap.web.svg_style` (SVG)."""

from __future__ import annotations

from dataclasses import dataclass

Dash = tuple[float, ...]


@dataclass(frozen=True)
class Hatch:
    """Parallel lines over a fill: their colour and opacity, width and spacing (between neighbours, at right
    angles to them; CSS pixels) and angle (degrees counter-clockwise from the x axis: 45 draws ``/``); ``cross``:
    the same lines at right angles too (``x``)."""

    color: str
    opacity: float
    width: float
    spacing: float
    angle: float = 45.0
    cross: bool = False


@dataclass(frozen=True)
class Symbol:
    """How an area, a line or a marker is drawn, in no renderer's terms: the outline's colour, ``weight`` (CSS
    pixels) and ``opacity``; the fill (None: none) and its opacity; the outline's ``dash`` (on and off lengths in
    CSS pixels, None: solid) and a ``hatch`` over the fill."""

    color: str
    weight: float = 2.0
    fill: str | None = None
    fill_opacity: float = 0.0
    dash: Dash | None = None
    hatch: Hatch | None = None
    opacity: float = 1.0


def parse_dash(text: str | None) -> Dash | None:
    """``"6 4"`` (a Leaflet ``dashArray``, as :mod:`layers.registry` writes a layer's dash) -> ``(6.0, 4.0)``."""
    return tuple(float(v) for v in text.replace(",", " ").split()) if text else None


def dash_text(dash: Dash | None) -> str | None:
    """``(6.0, 4.0)`` -> ``"6 4"`` (Leaflet's ``dashArray``, SVG's ``stroke-dasharray``); None for solid."""
    return " ".join(f"{v:g}" for v in dash) if dash else None


#: Symbol field -> Leaflet path option.
LEAFLET_OPTIONS = {"color": "color", "weight": "weight", "opacity": "opacity", "fill": "fillColor",
                   "fill_opacity": "fillOpacity", "dash": "dashArray"}


def leaflet_changes(changes: dict) -> dict:
    """Changes to a symbol's fields (``{"dash": (1, 6), ...}``) as Leaflet path options (``{"dashArray": "1 6"}``)."""
    return {LEAFLET_OPTIONS[k]: dash_text(v) if k == "dash" else v for k, v in changes.items()}


def leaflet(symbol: Symbol) -> dict:
    """The Leaflet adapter: a symbol as path options (``color``, ``weight``, ``fillColor``, ``fillOpacity``,
    ``dashArray``, and ``opacity`` when not 1). Leaflet has no hatch: the web map draws a hatched feature's
    geometry again in :func:`leaflet_hatch`'s pattern (``map.js``)."""
    options = leaflet_changes({"color": symbol.color, "weight": symbol.weight, "fill": symbol.fill or symbol.color,
                               "fill_opacity": symbol.fill_opacity if symbol.fill else 0.0, "dash": symbol.dash})
    return options | ({"opacity": symbol.opacity} if symbol.opacity != 1 else {})

"""How hypothetical sites look on every map: grey, a dash-dot outline no recorded layer uses,
a faint fill, and "HYPOTHETICAL" in the name, tooltip and legend (see :mod:`layers.what_if`)."""

from __future__ import annotations

from layers.registry import Layer, not_built
from shieldmap.i18n import N_
from layers.what_if import LAYER

WHAT_IF_LAYER = Layer(
    LAYER, N_("HYPOTHETICAL sites (what if)"), build=not_built, geometry="polygon", color="#4D4D4D",
    dash="14 5 2 5", fill_opacity=0.04)
#: The centre of a hypothetical ring: a grey cross in a dashed circle.
CENTRE_ICON_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">'
                   '<circle cx="9" cy="9" r="7.5" fill="#fff" fill-opacity="0.8" stroke="#4D4D4D" '
                   'stroke-width="1.5" stroke-dasharray="3 2"/><path d="M5 5L13 13M13 5L5 13" stroke="#4D4D4D" '
                   'stroke-width="2"/></svg>')
MEASURE_COLOR = "#C00000"

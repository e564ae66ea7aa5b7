"""How hypothetical sites look on every map: grey, a dash-dot outline no recorded layer uses,
a faint fill, and "HYPOTHETICAL" in the name, tooltip and legend (see :mod:`layers.what_if`)."""

from __future__ import annotations

from layers import style
from layers.registry import WHAT_IF_COLOR, WHAT_IF_DASH, Layer, not_built
from shieldmap.i18n import N_
from shieldmap.web import svg_style
from layers.what_if import LAYER

WHAT_IF_LAYER = Layer(
    LAYER, N_("HYPOTHETICAL sites (what if)"), build=not_built, geometry="polygon", color=WHAT_IF_COLOR,
    dash=WHAT_IF_DASH, fill_opacity=0.04)
#: The centre of a hypothetical ring: a grey cross in a dashed circle.
CENTRE_ICON_SVG = svg_style.icon(style.what_if_centre(WHAT_IF_COLOR), 18, 7.5, style.what_if_cross(WHAT_IF_COLOR))
MEASURE_COLOR = style.MEASURE.color

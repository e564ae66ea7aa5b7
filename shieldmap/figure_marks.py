"""The figure's map marks: the scale bar (true length at the map's centre latitude, on the WGS84 ellipsoid) and
the arrow to true north, drawn on the projected map (:mod:`shieldmap.figure_frame`)."""

from __future__ import annotations

import math

import matplotlib

from geo import geodesy
from layers import style
from shieldmap import i18n
from shieldmap.figure_frame import TO_LONLAT, TO_MAP
from shieldmap.i18n import _

LABEL_BOX = {"boxstyle": "round,pad=0.2", "facecolor": (1, 1, 1, 0.75), "edgecolor": "none"}  # text stays text


def finish_map(ax, extent) -> float:
    """The map cut to ``extent``, with its scale bar and north arrow; the latitude the scale bar is true at."""
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="datalim")
    centre_lat = scale_bar(ax, extent)
    north_arrow(ax, extent)
    return centre_lat


def nice_length(km: float) -> float:
    exponent = 10 ** math.floor(math.log10(km))
    return max(m * exponent for m in (1, 2, 5) if m * exponent <= km)


def scale_bar(ax, extent) -> float:
    """A scale bar whose length is geodesic at the centre latitude; returns that latitude."""
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    lon, lat = TO_LONLAT.transform(cx, cy)
    metres_per_km = lambda km: math.dist(  # noqa: E731 map metres of `km` true km east from the centre
        TO_MAP.transform(lon, lat), TO_MAP.transform(*geodesy.WGS84.fwd(lon, lat, 90.0, km * 1000.0)[:2]))
    width = extent[2] - extent[0]
    km = nice_length(0.2 * width / (metres_per_km(100.0) / 100.0))
    length = metres_per_km(km)
    x0, y0 = extent[0] + 0.03 * width, extent[1] + 0.04 * (extent[3] - extent[1])
    ax.add_patch(matplotlib.patches.FancyBboxPatch(
        (x0 - 0.01 * width, y0 - 0.03 * width), length + 0.07 * width, 0.065 * width, boxstyle="round,pad=0",
        facecolor=(1, 1, 1, 0.8), edgecolor="none", zorder=8))
    for index in range(4):
        ax.add_patch(matplotlib.patches.Rectangle((x0 + index * length / 4, y0), length / 4, width * 0.006,
                                                  facecolor=style.INK if index % 2 == 0 else "white",
                                                  edgecolor=style.INK, linewidth=0.8, zorder=9))
    for fraction, text in ((0, "0"), (0.5, i18n.number(km / 2, None)), (1, _("{km} km").format(km=i18n.number(km, None)))):
        ax.annotate(text, (x0 + fraction * length, y0 + width * 0.009), ha="center", va="bottom", fontsize=8,
                    zorder=9)
    text = _("true length at {lat}° N") if lat >= 0 else _("true length at {lat}° S")
    ax.annotate(text.format(lat=i18n.number(abs(lat), 1)), (x0, y0 - width * 0.004), ha="left", va="top", fontsize=7, zorder=9)
    return lat


def north_arrow(ax, extent) -> None:
    """An arrow to true north (not grid north) at the map's upper right."""
    width, height = extent[2] - extent[0], extent[3] - extent[1]
    x, y = extent[2] - 0.05 * width, extent[3] - 0.13 * height
    lon, lat = TO_LONLAT.transform(x, y)
    nx, ny = TO_MAP.transform(lon, min(lat + 0.5, 89.9))
    angle = math.atan2(ny - y, nx - x)
    size = 0.06 * height
    tip = (x + size * math.cos(angle), y + size * math.sin(angle))
    ax.annotate("", tip, (x, y), zorder=9,
                arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=1", "color": style.INK, "linewidth": 2})
    ax.annotate(_("N"), (x + 1.3 * size * math.cos(angle), y + 1.3 * size * math.sin(angle)), ha="center",
                va="center", fontsize=12, fontweight="bold", zorder=9, bbox=LABEL_BOX)

"""A publication figure of built layers: PNG, SVG or PDF, drawn offline with matplotlib.

The layers are plotted through GeoPandas in ETRS89 / LAEA Europe (EPSG:3035,
equal-area), over the bundled Natural Earth borders, drawn as :mod:`layers.style` says
(the colours, fills, dashes, marker shapes and status styling of the web map). The figure carries a title, the date, a legend (one
entry per drawn layer, the status symbols in use, the uncertainty circles), a
scale bar true at the map's centre latitude (measured on the WGS84 ellipsoid),
a north arrow pointing to true north, the Natural Earth attribution and the
sources of the drawn features.

The same arguments give the same bytes: no dates or versions in the file's
metadata, a fixed SVG hash salt, and a figure built without pyplot's state.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from pathlib import Path

import geopandas as gpd
import matplotlib
import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from pyproj import Transformer

from geo.file_formats import format_of
from geo import borders, geodesy, texts
from layers import style
from layers.registry import LAYERS, coverage_notes
from layers.style import NOT_COVERED_COLOR, SECTOR_COLORS, status_group
from shieldmap import figure_layers, i18n, period, seed_texts
from shieldmap.i18n import N_, _, date_long
from shieldmap.figure_args import (DEFAULT_WIDTH_PX, DPI_RANGE, MIN_SPAN_DEG, WIDTH_IN, WIDTH_PX_RANGE,  # noqa: F401
                                   parse_bbox, resolution)  # the figure's arguments, as figure.* for its callers
from shieldmap.statuses import sector_label

CRS = "EPSG:3035"
CRS_NAME = "ETRS89-extended / LAEA Europe (EPSG:3035)"
FORMATS = ("png", "svg", "pdf")
DEFAULT_BBOX = (-25.0, 30.0, 60.0, 72.0)  # W, S, E, N: the sectors' European theatre
DEFAULT_TITLE = period.DISPUTE_TITLE  # the title during the dispute; other dates: period.title(as_of)
ATTRIBUTION = N_("Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.")
STATUS_LABELS = {"in place": N_("in place (filled symbol)"), "planned": N_("planned, announced or being\nbuilt (hollow symbol)"),
                 "rejected": N_("rejected (hatched area, crossed symbol)")}
_TO_MAP = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
_TO_LONLAT = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
_RC: dict = {"svg.hashsalt": "shieldmap", "svg.fonttype": "none", "pdf.fonttype": 42, "font.family": "DejaVu Sans",
       "hatch.linewidth": 0.8, "path.simplify": True,
       "text.parse_math": False, "text.usetex": False}  # every text as written: a "$" in a title or a name is no math
_LABEL_BOX = {"boxstyle": "round,pad=0.2", "facecolor": (1, 1, 1, 0.75), "edgecolor": "none"}  # text stays text


class _Canvas(FigureCanvasAgg):
    """Agg, drawn once when saved: GeoPandas asks for a redraw after each ``plot`` call, which redrew
    the whole figure every time (most of a figure's drawing time)."""

    def draw_idle(self, *args, **kwargs) -> None:
        pass


def format_for(path: str | Path) -> str:
    """``png``, ``svg`` or ``pdf`` from the file name; ``ValueError`` otherwise."""
    return format_of(path, {f".{name}": name for name in FORMATS}, N_("figure"))


def _extent(bbox) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
    """The map's projected extent (the bbox's envelope) and the lon/lat box that covers it."""
    west, south, east, north = bbox
    edge = shapely.segmentize(shapely.box(west, south, east, north), 0.5)
    xs, ys = _TO_MAP.transform(*np.asarray(edge.exterior.coords).T)
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        raise texts.TextError(N_("bbox {bbox} cannot be drawn in {crs}"), bbox=",".join(f"{v:g}" for v in bbox), crs=CRS)
    extent = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
    rim = shapely.segmentize(shapely.box(*extent), (extent[2] - extent[0]) / 200)
    lons, lats = _TO_LONLAT.transform(*np.asarray(rim.exterior.coords).T)
    pole_x, pole_y = _TO_MAP.transform(0.0, 90.0)
    if extent[0] < pole_x < extent[2] and extent[1] < pole_y < extent[3]:
        return extent, (-180.0, float(np.nanmin(lats)) - 1, 180.0, 90.0)
    return extent, (max(-180.0, float(np.nanmin(lons)) - 2), max(-90.0, float(np.nanmin(lats)) - 1),
                    min(180.0, float(np.nanmax(lons)) + 2), min(90.0, float(np.nanmax(lats)) + 1))


def _project(frame: gpd.GeoDataFrame, lonlat_box, extent, tolerance: float) -> gpd.GeoDataFrame:
    """Clip to the lon/lat box, project to EPSG:3035, clip to the extent; drop what is left empty."""
    clipped = frame.set_geometry(shapely.clip_by_rect(np.asarray(frame.geometry.values), *lonlat_box))
    clipped = clipped[~(clipped.geometry.isna() | clipped.geometry.is_empty)].to_crs(CRS)
    margin = (extent[2] - extent[0]) * 0.02
    geometry = shapely.clip_by_rect(np.asarray(clipped.geometry.values), extent[0] - margin, extent[1] - margin,
                                    extent[2] + margin, extent[3] + margin)
    if tolerance:
        geometry = shapely.simplify(geometry, tolerance, preserve_topology=True)
    clipped = clipped.set_geometry(list(geometry), crs=CRS)
    return clipped[~clipped.geometry.is_empty]


def _dashes(dash: str | None):
    return "solid" if not dash else (0, tuple(float(v) / 2 for v in dash.split()))


def _circles(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Geodesic circles of each point's ``precision_km``."""
    points = frame[frame.geom_type.eq("Point") & frame["precision_km"].gt(0)]
    shapes = [geodesy.circle(p.x, p.y, km) for p, km in zip(points.geometry, points["precision_km"])]
    return gpd.GeoDataFrame({"id": list(points["id"])}, geometry=shapes, crs="EPSG:4326")


def _draw_polygons(ax, layer, frame, groups: set) -> None:
    if style.has_holders(layer.id):
        _draw_sectors(ax, layer, frame, groups)
        return
    rejected = frame["status"].map(status_group).eq("rejected")
    look = {"facecolor": matplotlib.colors.to_rgba(layer.color, layer.fill_opacity), "edgecolor": layer.color,
            "linewidth": 1.4, "linestyle": _dashes(layer.dash), "zorder": 3}
    if (~rejected).any():
        frame[~rejected].plot(ax=ax, **look)
    if rejected.any():
        groups.add("rejected")
        frame[rejected].plot(ax=ax, **look)
        frame[rejected].plot(ax=ax, facecolor="none", edgecolor=matplotlib.colors.to_rgba(layer.color, 0.4),
                             hatch="///", linewidth=0, zorder=3)


def _draw_sectors(ax, layer, frame, groups: set) -> None:
    """Each holder's sector in its own fill (as on the web map), named with its status; the land no
    sector covers in light grey, unnamed; rejected sectors hatched."""
    for row in frame.itertuples():
        part = frame[frame["id"] == row.id]
        look = style.sector_look(row._asdict())
        if look is None:  # the land no sector holds (undescribed, or in neither alliance)
            part.plot(ax=ax, facecolor=matplotlib.colors.to_rgba(NOT_COVERED_COLOR, 0.12),
                      edgecolor=matplotlib.colors.to_rgba(NOT_COVERED_COLOR, 0.5), linewidth=0.6, zorder=3)
            continue
        part.plot(ax=ax, facecolor=matplotlib.colors.to_rgba(look.color, look.fill_opacity), edgecolor=look.color,
                  linewidth=1.4, linestyle=(0, (4, 2)) if look.rejected else "solid", zorder=3)
        if look.rejected:
            groups.update({"rejected", "rejected sectors"})  # the legend's swatches: as drawn
            part.plot(ax=ax, facecolor="none", edgecolor=matplotlib.colors.to_rgba("white", 0.6), hatch="///",
                      linewidth=0, zorder=3)
        point = _sector_label_point(row.geometry, row.holder)
        ax.annotate(sector_label(row._asdict())[1], (point.x, point.y), ha="center", va="center", fontsize=10,
                    fontweight="bold", color="#333333", zorder=8, bbox=_LABEL_BOX)


def _sector_label_point(geometry, holder: str):
    """Where to name a sector (projected): inside the holder's own country where the sector holds it
    (Russia, Germany, France), else inside the sector's largest part (the United States')."""
    own = borders.country_shapes([holder]).to_crs(CRS).geometry.iloc[0] if holder in borders.names() else None
    geometry = shapely.make_valid(geometry)  # projected, a cut along a parallel may touch itself
    inside = geometry.intersection(shapely.make_valid(own)) if own is not None else None
    if inside is None or inside.area < 0.05 * geometry.area:
        inside = max(shapely.get_parts(geometry), key=lambda part: part.area)
    return inside.representative_point()


def _draw_points(ax, layer, frame, circles, groups: set) -> None:
    marker = style.SHAPES[layer.symbol or "circle"].mpl
    if len(circles):
        circles.plot(ax=ax, facecolor=matplotlib.colors.to_rgba(layer.color, 0.12), edgecolor=layer.color,
                     linewidth=0.8, linestyle=(0, (3, 2)), zorder=5)
    kinds = frame["status"].map(status_group)
    for group in ("in place", "planned", "rejected", None):
        part = frame[kinds.eq(group)] if group else frame[kinds.isna()]
        if not len(part):
            continue
        if group:
            groups.add(group)
        filled = style.marker_fill(group) == "filled"
        part.plot(ax=ax, marker=marker, markersize=120 if marker == "*" else 70,
                  facecolor=layer.color if filled else "white", edgecolor=style.MARKER_EDGE if filled else layer.color,
                  linewidth=0.8 if filled else 1.6, zorder=6)
        if style.marker_fill(group) == "crossed":
            part.plot(ax=ax, marker="x", markersize=60, color=style.MARKER_EDGE, linewidth=1.2, zorder=7)


def _nice_length(km: float) -> float:
    exponent = 10 ** math.floor(math.log10(km))
    return max(m * exponent for m in (1, 2, 5) if m * exponent <= km)


def _scale_bar(ax, extent) -> float:
    """A scale bar whose length is geodesic at the centre latitude; returns that latitude."""
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    lon, lat = _TO_LONLAT.transform(cx, cy)
    metres_per_km = lambda km: math.dist(  # noqa: E731 map metres of `km` true km east from the centre
        _TO_MAP.transform(lon, lat), _TO_MAP.transform(*geodesy.WGS84.fwd(lon, lat, 90.0, km * 1000.0)[:2]))
    width = extent[2] - extent[0]
    km = _nice_length(0.2 * width / (metres_per_km(100.0) / 100.0))
    length = metres_per_km(km)
    x0, y0 = extent[0] + 0.03 * width, extent[1] + 0.04 * (extent[3] - extent[1])
    ax.add_patch(matplotlib.patches.FancyBboxPatch(
        (x0 - 0.01 * width, y0 - 0.03 * width), length + 0.07 * width, 0.065 * width, boxstyle="round,pad=0",
        facecolor=(1, 1, 1, 0.8), edgecolor="none", zorder=8))
    for index in range(4):
        ax.add_patch(matplotlib.patches.Rectangle((x0 + index * length / 4, y0), length / 4, width * 0.006,
                                                  facecolor="#222222" if index % 2 == 0 else "white",
                                                  edgecolor="#222222", linewidth=0.8, zorder=9))
    for fraction, text in ((0, "0"), (0.5, i18n.number(km / 2, None)), (1, _("{km} km").format(km=i18n.number(km, None)))):
        ax.annotate(text, (x0 + fraction * length, y0 + width * 0.009), ha="center", va="bottom", fontsize=8,
                    zorder=9)
    text = _("true length at {lat}° N") if lat >= 0 else _("true length at {lat}° S")
    ax.annotate(text.format(lat=i18n.number(abs(lat), 1)), (x0, y0 - width * 0.004), ha="left", va="top", fontsize=7, zorder=9)
    return lat


def _north_arrow(ax, extent) -> None:
    """An arrow to true north (not grid north) at the map's upper right."""
    width, height = extent[2] - extent[0], extent[3] - extent[1]
    x, y = extent[2] - 0.05 * width, extent[3] - 0.13 * height
    lon, lat = _TO_LONLAT.transform(x, y)
    nx, ny = _TO_MAP.transform(lon, min(lat + 0.5, 89.9))
    angle = math.atan2(ny - y, nx - x)
    size = 0.06 * height
    tip = (x + size * math.cos(angle), y + size * math.sin(angle))
    ax.annotate("", tip, (x, y), zorder=9,
                arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=1", "color": "#222222", "linewidth": 2})
    ax.annotate(_("N"), (x + 1.3 * size * math.cos(angle), y + 1.3 * size * math.sin(angle)), ha="center",
                va="center", fontsize=12, fontweight="bold", zorder=9, bbox=_LABEL_BOX)


def _legend(fig, rect, drawn: list[str], groups: set, circles: bool, extra: list | tuple = (),
            others: dict | None = None) -> None:
    """Each drawn layer (``others``: what-ifs and uploads), its swatch as drawn; statuses; uncertainty; ``extra``."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    handles = []
    for layer_id in drawn:
        if others and layer_id in others:
            handles.append(figure_layers.legend_handle(others[layer_id]))
            continue
        layer = LAYERS[layer_id]
        if layer.geometry == "point":
            handles.append(Line2D([], [], marker=style.SHAPES[layer.symbol or "circle"].mpl, linestyle="none",
                                  markersize=9, markerfacecolor=layer.color, markeredgecolor=style.MARKER_EDGE,
                                  label=_(layer.title)))
        elif style.has_holders(layer_id):  # one entry per holder, as on the web map's key
            handles.append(Patch(facecolor="none", edgecolor="none", label=_(layer.title)))
            rejected = "rejected sectors" in groups
            handles += [Patch(facecolor=matplotlib.colors.to_rgba(color, style.SectorLook(color, rejected).fill_opacity),
                              edgecolor=color, linewidth=1.4, linestyle=(0, (4, 2)) if rejected else "solid",
                              hatch="///" if rejected else None,
                              label=_("Proposed sector: {holder}").format(holder=_(h))) for h, color in SECTOR_COLORS.items()]
            handles.append(Patch(facecolor=matplotlib.colors.to_rgba(NOT_COVERED_COLOR, 0.12),
                                 edgecolor=NOT_COVERED_COLOR, linewidth=0.6, label=_("No sector / undescribed")))
        else:
            handles.append(Patch(facecolor=matplotlib.colors.to_rgba(layer.color, layer.fill_opacity),
                                 edgecolor=layer.color, linestyle=_dashes(layer.dash), linewidth=1.4,
                                 label=_(layer.title)))
    status = []
    for group in ("in place", "planned", "rejected"):
        if group in groups:
            face, hatch = {"in place": ("#777777", None), "planned": ("white", None), "rejected": ("white", "////")}[group]
            status.append(Patch(facecolor=face, edgecolor="#444444", hatch=hatch, label=_(STATUS_LABELS[group])))
    if circles:
        status.append(Patch(facecolor=(0.5, 0.5, 0.5, 0.12), edgecolor="#555555", linestyle=(0, (3, 2)),
                            label=_("location uncertainty: geodesic circle\nof the stated precision (km)")))
    common = {"loc": "upper left", "frameon": False, "fontsize": 9, "title_fontsize": 10, "alignment": "left",
              "borderaxespad": 0.0, "handlelength": 2.2}
    top = ax.legend(handles=handles, title=_("Layers"), bbox_to_anchor=(0, 1), **common)
    ax.add_artist(top)
    for title, entries in ((N_("Status and symbols"), status), (N_("Engagement"), list(extra))):
        if entries:  # below the legend above, wherever its text made it end
            box = top.get_window_extent(fig.canvas.get_renderer()).transformed(ax.transAxes.inverted())
            top = ax.legend(handles=entries, title=_(title), bbox_to_anchor=(0, box.y0 - 0.04), **common)
            ax.add_artist(top)


def sources_line(seeds, frames) -> str:
    """``Sources: outlet, date; ...`` for the source ids of the drawn features, in order, each once."""
    ids = list(dict.fromkeys(i for frame in frames for value in frame["sources"].dropna()
                             for i in str(value).split(";") if i and i in seeds.sources.index))
    citations = list(dict.fromkeys(seed_texts.cited(r) for r in seeds.source_records(ids)))
    return _("Sources of the drawn features: ") + ("; ".join(citations) if citations else _("none")) + "."


def draw(layers: dict[str, gpd.GeoDataFrame], seeds, as_of: dt.date, *, bbox=DEFAULT_BBOX,
         title: str | None = None, overlays=()) -> Figure:
    """The figure (not yet saved) of the built ``layers`` ({layer id: frame}: the registry's, what-ifs, uploads)
    at ``as_of``; the title defaults to what the map covers at the date (:func:`shieldmap.period.title`). Each of
    ``overlays`` (e.g. :class:`shieldmap.figure_engagement.Overlay`) adds its ``notes()`` to the caption
    and draws over the layers (``draw(ax, project)``, returning its legend handles)."""
    title = title or period.title(as_of)
    extent, lonlat_box = _extent(bbox)
    tolerance = (extent[2] - extent[0]) / 5000
    base = _project(borders.load_borders(), lonlat_box, extent, tolerance)
    others = figure_layers.styles({i: frame for i, frame in layers.items() if i not in LAYERS})
    ordered = sorted(layers, key=lambda i: i in LAYERS and LAYERS[i].geometry == "point")  # polygons under points
    projected = {i: _project(layers[i], lonlat_box, extent, 0) for i in ordered if len(layers[i])}
    drawn = [i for i in ordered if i in projected and len(projected[i])]

    width, height = extent[2] - extent[0], extent[3] - extent[1]
    map_w = WIDTH_IN * 0.70
    map_h = min(max(map_w * height / width, 4.0), 12.0)
    caption = [_("Projection: {crs}. Scale bar: geodesic length (WGS84) at {lat}° N. North arrow: true north."),
               _(ATTRIBUTION) + " " + _("Borders as recognised in 2009–2016."),
               *textwrap.wrap(sources_line(seeds, [layers[i] for i in drawn]), 165),
               *figure_layers.caption(others, drawn),
               *(line for note in coverage_notes(layers, as_of, _) for line in textwrap.wrap(_("Coverage: ") + note, 165)),
               *(line for overlay in overlays for line in overlay.notes())]
    header, footer = 0.95, 0.25 + 0.17 * len(caption)
    fig_h = header + map_h + footer
    fig = Figure(figsize=(WIDTH_IN, fig_h), facecolor="white")
    _Canvas(fig)
    ax = fig.add_axes((0.015, footer / fig_h, map_w / WIDTH_IN, map_h / fig_h))
    ax.set_facecolor(style.SEA)
    if len(base):  # an extent at sea has no land to draw
        base.plot(ax=ax, facecolor=style.LAND, edgecolor=style.BORDER, linewidth=0.35, zorder=1)
    groups: set = set()
    circles = False
    for layer_id in drawn:
        if layer_id in others:
            figure_layers.draw(ax, others[layer_id], projected[layer_id], layers[layer_id],
                               lambda frame: _project(frame, lonlat_box, extent, 0))
            continue
        layer, frame = LAYERS[layer_id], projected[layer_id]
        if layer.geometry == "point":
            rings = _project(_circles(layers[layer_id]), lonlat_box, extent, 0)
            circles = circles or bool(len(rings))
            _draw_points(ax, layer, frame, rings, groups)
        else:
            _draw_polygons(ax, layer, frame, groups)
    extra = [handle for overlay in overlays
             for handle in overlay.draw(ax, lambda frame: _project(frame, lonlat_box, extent, 0))]
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    centre_lat = _scale_bar(ax, extent)
    _north_arrow(ax, extent)
    caption[0] = caption[0].format(crs=CRS_NAME, lat=i18n.number(abs(centre_lat), 1))
    fig.text(0.015, 1 - 0.38 / fig_h, _(title), fontsize=18, fontweight="bold", va="baseline")
    fig.text(0.015, 1 - 0.72 / fig_h, _("As of {date}").format(date=date_long(as_of)) + ": "
             + period.short_note(layers, as_of), fontsize=12, color="#333333", va="baseline")
    for index, line in enumerate(caption):
        fig.text(0.015, (footer - 0.22 - 0.17 * index) / fig_h, line, fontsize=7.5, color="#333333", va="baseline")
    legend_left = 0.015 + map_w / WIDTH_IN + 0.015
    _legend(fig, (legend_left, footer / fig_h, 1 - legend_left - 0.01, map_h / fig_h), drawn, groups, circles, extra,
            others)
    return fig


def figure_bytes(layers: dict[str, gpd.GeoDataFrame], seeds, as_of: dt.date, fmt: str = "png", *,
                 bbox=DEFAULT_BBOX, title: str | None = None, width_px=None, dpi=None, overlays=()) -> bytes:
    """The figure as PNG, SVG or PDF bytes; the same arguments give the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r} (known: {', '.join(FORMATS)})")
    resolved = resolution(width_px, dpi)
    metadata = {"png": {"Software": "shieldmap"},
                "svg": {"Date": None, "Creator": "shieldmap"},
                "pdf": {"Creator": "shieldmap", "Producer": "shieldmap", "CreationDate": None}}[fmt]
    with matplotlib.rc_context(_RC):
        fig = draw(layers, seeds, as_of, bbox=bbox, title=title, overlays=overlays)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=resolved, metadata=metadata, facecolor="white")
    return buffer.getvalue()

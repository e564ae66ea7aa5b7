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
import textwrap
from pathlib import Path

import geopandas as gpd
import matplotlib
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from geo.features import published_later
from geo.file_formats import format_of
from geo import borders, geodesy
from layers import style
from layers.european_sectors import BAND_NAME
from layers.registry import LAYERS, coverage_notes
from layers.style import SECTOR_COLORS, status_group
from shieldmap import figure_frame, figure_layers, figure_marks, figure_style, i18n, period, seed_texts
from shieldmap.i18n import N_, _, date_long
from shieldmap.figure_args import (DEFAULT_WIDTH_PX, DPI_RANGE, MIN_SPAN_DEG, WIDTH_IN, WIDTH_PX_RANGE,  # noqa: F401
                                   parse_bbox, resolution)  # the figure's arguments, as figure.* for its callers
from shieldmap.figure_frame import CRS, CRS_NAME, DEFAULT_BBOX  # the frame, as figure.* for its callers
from shieldmap.statuses import sector_label

FORMATS = ("png", "svg", "pdf")
DEFAULT_TITLE = period.DISPUTE_TITLE  # the title during the dispute; other dates: period.title(as_of)
ATTRIBUTION = N_("Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.")
STATUS_LABELS = {"in place": N_("in place (filled symbol)"), "planned": N_("planned, announced or being\nbuilt (hollow symbol)"),
                 "rejected": N_("rejected (hatched area, crossed symbol)")}
_RC: dict = {"svg.hashsalt": "shieldmap", "svg.fonttype": "none", "pdf.fonttype": 42, "font.family": "DejaVu Sans",
       "hatch.linewidth": 0.8, "path.simplify": True,
       "text.parse_math": False, "text.usetex": False}  # every text as written: a "$" in a title or a name is no math


class _Canvas(FigureCanvasAgg):
    """Agg, drawn once when saved: GeoPandas asks for a redraw after each ``plot`` call, which redrew
    the whole figure every time (most of a figure's drawing time)."""

    def draw_idle(self, *args, **kwargs) -> None:
        pass


def format_for(path: str | Path) -> str:
    """``png``, ``svg`` or ``pdf`` from the file name; ``ValueError`` otherwise."""
    return format_of(path, {f".{name}": name for name in FORMATS}, N_("figure"))


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
    look = figure_style.layer_look(layer)
    if (~rejected).any():
        frame[~rejected].plot(ax=ax, zorder=3, **look)
    if rejected.any():
        groups.add("rejected")
        frame[rejected].plot(ax=ax, zorder=3, **look)
        frame[rejected].plot(ax=ax, zorder=3, **figure_style.HATCH_OVER)


def _draw_sectors(ax, layer, frame, groups: set) -> None:
    """Each holder's sector in its own fill (as on the web map), named with its status; the land no
    sector covers in light grey, unnamed; rejected sectors hatched."""
    for row in frame.itertuples():
        part = frame[frame["id"] == row.id]
        look = style.sector_look(row._asdict())
        if style.variant(row._asdict()) == style.UNCERTAIN_EDGE:  # an edge no source gives: its band, hatched
            groups.add("uncertain edge")
            part.plot(ax=ax, zorder=4, **figure_style.band_look())
            continue
        if look is None:  # the land no sector holds (undescribed, or in neither alliance)
            part.plot(ax=ax, zorder=3, **figure_style.uncovered_look(layer))
            continue
        part.plot(ax=ax, zorder=3, **figure_style.sector_look(look))
        if look.rejected:
            groups.update({"rejected", "rejected sectors"})  # the legend's swatches: as drawn
            part.plot(ax=ax, zorder=3, **figure_style.HATCH_OVER)
        point = _sector_label_point(row.geometry, row.holder)
        ax.annotate(sector_label(row._asdict())[1], (point.x, point.y), ha="center", va="center", fontsize=10,
                    fontweight="bold", color=style.INK_SOFT, zorder=8, bbox=figure_marks.LABEL_BOX)


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
        circles.plot(ax=ax, zorder=5, **figure_style.uncertainty_look(layer))
    kinds = frame["status"].map(status_group)
    for group in ("in place", "planned", "rejected", None):
        part = frame[kinds.eq(group)] if group else frame[kinds.isna()]
        if not len(part):
            continue
        if group:
            groups.add(group)
        part.plot(ax=ax, marker=marker, markersize=120 if marker == "*" else 70, zorder=6,
                  **figure_style.marker_look(layer.color, group))
        if style.marker_fill(group) == "crossed":
            part.plot(ax=ax, marker="x", markersize=60, zorder=7, **figure_style.line_look(style.CROSS))


def _legend(fig, rect, drawn: list[str], groups: set, circles: bool, extra: list | tuple = (),
            others: dict | None = None):
    """Each drawn layer (``others``: what-ifs and uploads), its swatch as drawn; statuses; uncertainty; ``extra``.
    Returns the legend's axes and its last (lowest) box."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    handles = []
    for layer_id in drawn:
        if others and layer_id in others:
            handles.append(figure_layers.legend_handle(others[layer_id]))
            continue
        layer = LAYERS[layer_id]
        if layer.geometry == "point":
            marker = figure_style.marker_look(layer.color, None)
            handles.append(Line2D([], [], marker=style.SHAPES[layer.symbol or "circle"].mpl, linestyle="none",
                                  markersize=9, markerfacecolor=marker["facecolor"], markeredgecolor=marker["edgecolor"],
                                  markeredgewidth=marker["linewidth"], label=_(layer.title)))
        elif style.has_holders(layer_id):  # one entry per holder, as on the web map's key
            handles.append(Patch(facecolor="none", edgecolor="none", label=_(layer.title)))
            rejected = "rejected sectors" in groups
            handles += [Patch(**figure_style.sector_look(style.SectorLook(color, rejected), hatch=True),
                              label=_("Proposed sector: {holder}").format(holder=_(h))) for h, color in SECTOR_COLORS.items()]
            handles.append(Patch(**figure_style.uncovered_look(layer), label=_("No sector / undescribed")))
            if "uncertain edge" in groups:
                handles.append(Patch(**figure_style.band_look(), label=_(BAND_NAME)))
        else:
            handles.append(Patch(**figure_style.layer_look(layer), label=_(layer.title)))
    status = [Patch(**_status_look(group), label=_(STATUS_LABELS[group]))
              for group in ("in place", "planned", "rejected") if group in groups]
    if circles:  # as the web map's key: in its grey
        status.append(Patch(**figure_style.look(style.uncertainty_symbol(style.KEY_SYMBOL_COLOR)),
                            label=_("location uncertainty: geodesic circle\nof the stated precision (km)")))
    common = {"loc": "upper left", "frameon": False, "fontsize": 9, "title_fontsize": 10, "alignment": "left",
              "borderaxespad": 0.0, "handlelength": 2.2}
    top = _within(fig, ax.legend(handles=handles, title=_("Layers"), bbox_to_anchor=(0, 1), **common))
    ax.add_artist(top)
    for title, entries in ((N_("Status and symbols"), status), (N_("Engagement"), list(extra))):
        if entries:  # below the legend above, wherever its text made it end
            box = top.get_window_extent(fig.canvas.get_renderer()).transformed(ax.transAxes.inverted())
            top = _within(fig, ax.legend(handles=entries, title=_(title), bbox_to_anchor=(0, box.y0 - 0.04), **common))
            ax.add_artist(top)
    return ax, top


def _status_look(group: str) -> dict:
    """A status's legend swatch, in the web map's key's grey: a marker's fill and edge (in place, planned); a
    rejected area's outline, dash and hatch (rejected)."""
    if group == "rejected":
        return figure_style.sector_look(style.SectorLook(style.KEY_SYMBOL_COLOR, True), hatch=True)
    return figure_style.marker_look(style.KEY_SYMBOL_COLOR, group)


def _within(fig, legend):
    """``legend`` with the lines that make it reach past the figure's right edge wrapped (a Russian label ran
    off the figure), then returned."""
    renderer, right = fig.canvas.get_renderer(), fig.bbox.x1 * 0.995
    for _attempt in range(3):
        over = legend.get_window_extent(renderer).x1 - right
        if over <= 0:
            break
        widths = [(text, text.get_window_extent(renderer).width) for text in (legend.get_title(), *legend.get_texts())]
        widest = max(width for _text, width in widths)
        for text, width in widths:
            if width > widest - over:
                words = text.get_text().replace("\n", " ")
                per_line = len(words) / max(len(text.get_text().splitlines()), 1)
                text.set_text(textwrap.fill(words, max(12, int(per_line * (widest - over) / width) - 1)))
    return legend


def sources_line(seeds, frames, as_of: dt.date | None = None) -> str:
    """``Sources: outlet, date; ...`` for the source ids of the drawn features, in order, each once; those published
    after ``as_of`` apart, after them (as the popups mark them: a 2013 figure does not rest on a 2019 report)."""
    ids = list(dict.fromkeys(i for frame in frames for value in frame["sources"].dropna()
                             for i in str(value).split(";") if i and i in seeds.sources.index))
    records = seeds.source_records(ids)
    citations = list(dict.fromkeys(seed_texts.cited(r) for r in records if not published_later(r.get("date"), as_of)))
    later = list(dict.fromkeys(seed_texts.cited(r) for r in records if published_later(r.get("date"), as_of)))
    line = _("Sources of the drawn features: ") + ("; ".join(citations) if citations else _("none")) + "."
    return line + (" " + _("Published after the date shown: ") + "; ".join(later) + "." if later else "")


def draw(layers: dict[str, gpd.GeoDataFrame], seeds, as_of: dt.date, *, bbox=DEFAULT_BBOX,
         title: str | None = None, overlays=()) -> Figure:
    """The figure (not yet saved) of the built ``layers`` ({layer id: frame}: the registry's, what-ifs, uploads)
    at ``as_of``; the title defaults to what the map covers at the date (:func:`shieldmap.period.title`). Each of
    ``overlays`` (e.g. :class:`shieldmap.figure_engagement.Overlay`) adds its ``notes()`` to the caption
    and draws over the layers (``draw(ax, project)``, returning its legend handles)."""
    area = figure_frame.map_area(bbox)  # the map is the asked box; the frame around it is paper
    extent = area.bounds
    project = lambda frame: figure_frame.project(frame, bbox)  # noqa: E731
    others = figure_layers.styles({i: frame for i, frame in layers.items() if i not in LAYERS})
    projected = _projected(layers, project)
    drawn = [i for i in projected if len(projected[i])]
    caption = _caption(seeds, layers, as_of, drawn, others, overlays)
    map_w = WIDTH_IN * 0.70
    map_h = min(max(map_w * (extent[3] - extent[1]) / (extent[2] - extent[0]), 4.0), 12.0)
    footer = 0.25 + 0.17 * len(caption)
    fig_h = _HEADER_IN + map_h + footer
    fig = Figure(figsize=(WIDTH_IN, fig_h), facecolor="white")
    _Canvas(fig)
    ax = fig.add_axes((0.015, footer / fig_h, map_w / WIDTH_IN, map_h / fig_h))
    ax.set_axis_off()
    _draw_ground(ax, area, bbox)
    groups, circles = _draw_layers(ax, layers, projected, drawn, others, project)
    extra = [handle for overlay in overlays for handle in overlay.draw(ax, project)]
    centre_lat = figure_marks.finish_map(ax, extent)
    caption[0] = caption[0].format(crs=CRS_NAME, lat=i18n.number(abs(centre_lat), 1))
    legend_left = 0.015 + map_w / WIDTH_IN + 0.015
    legend_ax, lowest = _legend(fig, (legend_left, footer / fig_h, 1 - legend_left - 0.01, map_h / fig_h), drawn,
                                groups, circles, extra, others)
    fig_h = _room_for_legend(fig, (ax, legend_ax), lowest, footer)
    _write_texts(fig, fig_h, title or period.title(as_of), _subtitle(layers, as_of), caption, footer)
    return fig


_HEADER_IN = 0.95  # the height of the figure's head (the title and the date) above the map, in inches


def _projected(layers: dict[str, gpd.GeoDataFrame], project) -> dict[str, gpd.GeoDataFrame]:
    """Each layer that has features, projected, in drawing order: polygons under points."""
    ordered = sorted(layers, key=lambda i: i in LAYERS and LAYERS[i].geometry == "point")
    return {i: project(layers[i]) for i in ordered if len(layers[i])}


def _caption(seeds, layers: dict[str, gpd.GeoDataFrame], as_of: dt.date, drawn: list[str], others: dict,
             overlays) -> list[str]:
    """The caption's lines: the projection (its first line, ``{crs}`` and ``{lat}`` still to fill), the
    attribution, the sources of the drawn features, what the other layers are, the layers' coverage, the
    overlays' notes."""
    return [_("Projection: {crs}. Scale bar: geodesic length (WGS84) at {lat}° N. North arrow: true north."),
            _(ATTRIBUTION) + " " + _("Borders as recognised in 2009–2016."),
            *textwrap.wrap(sources_line(seeds, [layers[i] for i in drawn], as_of), 165),
            *figure_layers.caption(others, drawn),
            *(line for note in coverage_notes(layers, as_of, _) for line in textwrap.wrap(_("Coverage: ") + note, 165)),
            *(line for overlay in overlays for line in overlay.notes())]


def _draw_ground(ax, area, bbox) -> None:
    """The sea of the map's area and the land of the borders on it."""
    extent = area.bounds
    base = figure_frame.project(borders.load_borders(), bbox, (extent[2] - extent[0]) / 5000)
    gpd.GeoSeries([area]).plot(ax=ax, facecolor=style.SEA, edgecolor=style.BORDER, linewidth=0.6, zorder=0)
    if len(base):  # an extent at sea has no land to draw
        base.plot(ax=ax, facecolor=style.LAND, edgecolor=style.BORDER, linewidth=0.35, zorder=1)


def _draw_layers(ax, layers: dict[str, gpd.GeoDataFrame], projected: dict[str, gpd.GeoDataFrame], drawn: list[str],
                 others: dict, project) -> tuple[set, bool]:
    """Each drawn layer as its style says (``others``: what-ifs and uploads); the status groups drawn and whether
    an uncertainty circle was, for the legend."""
    groups: set = set()
    circles = False
    for layer_id in drawn:
        if layer_id in others:
            figure_layers.draw(ax, others[layer_id], projected[layer_id], layers[layer_id], project)
            continue
        layer, frame = LAYERS[layer_id], projected[layer_id]
        if layer.geometry == "point":
            rings = project(_circles(layers[layer_id]))
            circles = circles or bool(len(rings))
            _draw_points(ax, layer, frame, rings, groups)
        else:
            _draw_polygons(ax, layer, frame, groups)
    return groups, circles


def _subtitle(layers: dict[str, gpd.GeoDataFrame], as_of: dt.date) -> str:
    """``As of <date>: <what the map shows then>``."""
    return _("As of {date}").format(date=date_long(as_of)) + ": " + period.short_note(layers, as_of)


def _write_texts(fig, fig_h: float, title: str, subtitle: str, caption: list[str], footer: float) -> None:
    """The title and the subtitle at the top of the figure (``fig_h`` inches high), the caption under the map."""
    fig.text(0.015, 1 - 0.38 / fig_h, _(title), fontsize=18, fontweight="bold", va="baseline")
    fig.text(0.015, 1 - 0.72 / fig_h, subtitle, fontsize=12, color=style.INK_SOFT, va="baseline")
    for index, line in enumerate(caption):
        fig.text(0.015, (footer - 0.22 - 0.17 * index) / fig_h, line, fontsize=7.5, color=style.INK_SOFT, va="baseline")


def _room_for_legend(fig, axes, lowest, footer: float) -> float:
    """The figure's height in inches, grown at the bottom when the legend (``lowest``: its last box) reaches
    below the map's bottom edge, where the caption starts (a path's engagement entries made the Russian
    legend run into the caption, issue 34.7): the map and the legend keep their place from the top."""
    old = fig.get_figheight()
    low = lowest.get_window_extent(fig.canvas.get_renderer()).y0 / fig.dpi  # inches above the figure's bottom
    grow = max(0.0, footer - low)
    if grow:
        new = old + grow
        fig.set_size_inches(WIDTH_IN, new)
        for part in axes:
            box = part.get_position(original=True)  # the active one would apply the aspect to a stretched box
            part.set_position((box.x0, (box.y0 * old + grow) / new, box.width, box.height * old / new))
    return fig.get_figheight()


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

"""The footprint as a figure (``shieldmap footprint --out FILE.png``): each site's footprint filled in its
colour, the window's levels shaded darker (≥ 0, ≥ 60, ≥ 120 s), the launch points (or targets) and the
sites marked, and a key with the points, the sites (interceptor and burnout speed), the grid's resolution,
the timeline and the model, in the reader's language. Lambert azimuthal equal-area centred on the box."""

from __future__ import annotations

import textwrap

import geopandas as gpd
import matplotlib
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry import Point, box

from geo import footprint as model
from geo.borders import load_borders
from layers import style
from shieldmap import i18n
from shieldmap.i18n import N_, _

LEVEL_ALPHAS = (0.22, 0.42, 0.62)
"""The fill's opacity per level of :data:`geo.footprint.LEVELS_S` (the levels nest: they add up)."""
LEVEL_TEXTS = (N_("window open (≥ 0 s)"), N_("window ≥ 60 s"), N_("window ≥ 120 s"))
FORWARD = N_("Where each site could defend against launches from {points}")
REVERSE = N_("From where a path to {points} could be engaged, by site")
WIDTH_IN, DPI = 11.0, 150


def site_label(row: dict) -> str:
    name = row["site_name_ru"] if i18n.current() == "ru" and isinstance(row.get("site_name_ru"), str) else row["site_name"]
    speed = i18n.number(row["burnout_kms"], None)
    interceptor = row["interceptor"] or _("a hypothetical interceptor")
    return _("{site}\n{interceptor}, {speed} km/s").format(site=name, interceptor=interceptor, speed=speed)


def notes(result) -> list[str]:
    """The key's lines: points, grid, timeline, model."""
    request, timeline = result.request, result.footprint.timeline
    return [
        _("grid: {resolution}° cells over {west}° to {east}° longitude, {south}° to {north}° latitude").format(
            resolution=i18n.number(request.resolution_deg, None), west=f"{request.bbox[0]:g}",
            east=f"{request.bbox[2]:g}", south=f"{request.bbox[1]:g}", north=f"{request.bbox[3]:g}"),
        _("threat boost {boost} s, delay to the earliest interceptor launch {delay} s; date {date}").format(
            boost=i18n.number(timeline.boost_s, None), delay=i18n.number(timeline.delay_s, None),
            date=i18n.date_long(request.as_of)),
        _(model.MODEL),
    ]


def save(result, out, lang: str = "en") -> None:
    """Draw and write the PNG (or SVG/PDF by the file's suffix)."""
    with i18n.language(lang), matplotlib.rc_context({"font.family": "DejaVu Sans", "svg.hashsalt": "shieldmap"}):
        figure = draw(result)
        figure.savefig(out, dpi=DPI)


def _panel(ax, result, row, crs, frame, land, extent) -> None:
    ax.set_axis_off()
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.set_autoscale_on(False)  # a point outside the box is left out of the panel (the key names it)
    land.plot(ax=ax, color=style.FOOTPRINT_LAND, edgecolor=style.FOOTPRINT_COAST, linewidth=0.3)
    for shape in model.polygons(result.footprint):
        if shape["site"] == row["site"].name:
            alpha = LEVEL_ALPHAS[model.LEVELS_S.index(shape["level_s"])]
            gpd.GeoSeries([shape["geometry"].segmentize(1.0)], crs="EPSG:4326").to_crs(crs).plot(
                ax=ax, color=row["colour"], alpha=alpha, linewidth=0)
    land.boundary.plot(ax=ax, color=style.FOOTPRINT_BORDER, linewidth=0.3)
    gpd.GeoSeries([frame.segmentize(1.0)], crs="EPSG:4326").to_crs(crs).boundary.plot(ax=ax, color=style.MUTED,
                                                                                         linewidth=0.6)
    points = gpd.GeoSeries([Point(lon, lat) for _x, lon, lat in result.points], crs="EPSG:4326").to_crs(crs)
    points.plot(ax=ax, color=style.FOOTPRINT_POINTS, marker="*", markersize=110, edgecolor="black", linewidth=0.5, zorder=5)
    gpd.GeoSeries([Point(row["site"].lon, row["site"].lat)], crs="EPSG:4326").to_crs(crs).plot(
        ax=ax, color=row["colour"], marker="D", markersize=45, edgecolor="black", linewidth=0.6, zorder=6)
    ax.set_title(site_label(row), fontsize=9.5)


def draw(result) -> Figure:
    """One panel per site (two a row), the key and notes below."""
    request = result.request
    west, south, east, north = request.bbox
    crs = f"+proj=eqearth +lon_0={(west + east) / 2:g} +datum=WGS84 +units=m"
    frame = box(west, south, east, north)
    land = load_borders().clip(frame).to_crs(crs)
    x0, y0, x1, y1 = gpd.GeoSeries([frame.segmentize(1.0)], crs="EPSG:4326").to_crs(crs).total_bounds
    columns = min(2, len(result.sites))
    rows = -(-len(result.sites) // columns)
    figure = Figure(figsize=(WIDTH_IN, 0.9 + rows * (WIDTH_IN / columns * (y1 - y0) / (x1 - x0) + 0.45) + 1.45))
    grid = figure.add_gridspec(rows, columns, left=0.01, right=0.99, top=1 - 0.9 / figure.get_figheight(),
                               bottom=1.3 / figure.get_figheight(), wspace=0.03, hspace=0.12)
    for index, row in enumerate(result.sites):
        _panel(figure.add_subplot(grid[index // columns, index % columns]), result, row, crs, frame, land,
               (x0, y0, x1, y1))
    role = _("targets") if request.reverse else _("launch points")
    title = _(REVERSE) if request.reverse else _(FORWARD)
    figure.suptitle(title.format(points=", ".join(result.point_names())), fontsize=12.5, x=0.01, ha="left")
    handles: list[Artist] = [Patch(color=style.FOOTPRINT_LEVEL, alpha=alpha, label=_(text))
                             for alpha, text in zip(LEVEL_ALPHAS, LEVEL_TEXTS)]
    handles.append(Line2D([], [], color=style.FOOTPRINT_POINTS, marker="*", markersize=11, markeredgecolor="black",
                          linestyle="none", label=role))
    figure.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.55 / figure.get_figheight()),
                  ncols=4, fontsize=8.5, frameon=False)
    lines = [part for line in notes(result) for part in textwrap.wrap(line, 190)]
    figure.text(0.01, 0.08 / figure.get_figheight(), "\n".join(lines), fontsize=7.2, va="bottom")
    return figure

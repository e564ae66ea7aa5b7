"""The figure's layers that are not the registry's: hypothetical (what-if) sites and uploaded files.

Drawn as the web map draws them (:mod:`shieldmap.web.what_if_style`, :func:`layers.registry.user_layer`,
:func:`layers.style.layer_style`): the what-if rings grey with their dash-dot outline and faint fill, a
cross at each centre, named "HYPOTHETICAL"; an uploaded file's shapes in its colour (the files' order
gives the colours, as in the app), dotted outlines, circle markers. :mod:`shieldmap.figure` calls
:func:`style_of`, :func:`draw` and :func:`legend_handle` for every layer id it does not know.
"""

from __future__ import annotations

import dataclasses

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from layers import style
from layers.registry import Layer, user_layer
from shieldmap import figure_style
from shieldmap.web.what_if_style import WHAT_IF_LAYER


def _title(layer_id: str, frame) -> str:
    source = str(frame["sources"].iloc[0]) if len(frame) and "sources" in frame else ""
    return source[len("upload:"):] if source.startswith("upload:") else layer_id


def style_of(layer_id: str, frame, index: int) -> Layer:
    """The look of a layer the registry does not know: the what-ifs, or the ``index``-th uploaded file."""
    if layer_id == WHAT_IF_LAYER.id:
        return WHAT_IF_LAYER
    layer = user_layer(layer_id, _title(layer_id, frame), index)
    points = len(frame) and frame.geom_type.isin(["Point", "MultiPoint"]).all()
    return dataclasses.replace(layer, geometry="point") if points else layer  # the legend shows its marker


def styles(frames: dict) -> dict[str, Layer]:
    """The looks of the layers the registry does not know ({id: frame}, in order): the uploads take the
    app's colours in their order, the what-ifs their own."""
    uploads = [i for i in frames if i != WHAT_IF_LAYER.id]
    return {i: style_of(i, frame, uploads.index(i) if i in uploads else 0) for i, frame in frames.items()}


def draw(ax, layer: Layer, frame, lonlat_frame, project) -> None:
    """Draw ``frame`` (projected) in ``layer``'s look; the what-ifs' centres from ``lonlat_frame`` (its
    ``lon``/``lat`` columns) through ``project`` (lon/lat frame -> projected frame)."""
    look = figure_style.layer_look(layer)
    areas = frame[frame.geom_type.isin(["Polygon", "MultiPolygon"])]
    lines = frame[frame.geom_type.isin(["LineString", "MultiLineString"])]
    points = frame[frame.geom_type.isin(["Point", "MultiPoint"])]
    if len(areas):
        areas.plot(ax=ax, zorder=4, **look)
    if len(lines):
        lines.plot(ax=ax, zorder=4, **figure_style.line_look(style.layer_symbol(layer)))
    if len(points):
        points.plot(ax=ax, marker=style.SHAPES[layer.symbol or "circle"].mpl, markersize=60, zorder=6,
                    **figure_style.marker_look(layer.color, None))
    if layer.id == WHAT_IF_LAYER.id and {"lon", "lat"} <= set(lonlat_frame.columns):
        import geopandas as gpd

        centres = project(gpd.GeoDataFrame({"id": list(lonlat_frame["id"])}, crs="EPSG:4326",
                                           geometry=gpd.points_from_xy(lonlat_frame["lon"], lonlat_frame["lat"])))
        if len(centres):
            centres.plot(ax=ax, marker="o", markersize=90, zorder=6, **figure_style.look(style.what_if_centre(layer.color)))
            centres.plot(ax=ax, marker="x", markersize=45, zorder=7, **figure_style.line_look(style.what_if_cross(layer.color)))


def caption(others: dict[str, Layer], drawn: list[str]) -> list[str]:
    """The caption's line naming the drawn layers that are not the seeds' (none: no line)."""
    titles = [others[i].title for i in drawn if i in others]
    return [f"Also drawn: {', '.join(titles)} (not from the seeds: hypothetical sites are the user's, not "
            "recorded; uploaded files are the user's own)."] if titles else []


def legend_handle(layer: Layer):
    """The legend's entry: the same colour and opacity as drawn."""
    if layer.id != WHAT_IF_LAYER.id and layer.geometry == "point":
        marker = figure_style.marker_look(layer.color, None)
        return Line2D([], [], marker=style.SHAPES[layer.symbol or "circle"].mpl, linestyle="none", markersize=9,
                      markerfacecolor=marker["facecolor"], markeredgecolor=marker["edgecolor"],
                      markeredgewidth=marker["linewidth"], label=layer.title)
    return Patch(**figure_style.layer_look(layer), label=layer.title)

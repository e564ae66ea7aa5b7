"""One path from built layers to an output file, shared by the CLI and the app.

GDAL formats (GeoJSON, GeoPackage, KML, CSV) are written by :mod:`geo.export`;
the self-contained ``html`` map by :mod:`shieldmap.web.html_export`. The same
layers, format and date give the same bytes wherever they are asked for.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import geopandas as gpd

from geo import export


def export_bytes(layers: dict[str, gpd.GeoDataFrame], fmt: str, *, seeds=None,
                 as_of: dt.date | None = None, options=None, engagement=(), footprint=None) -> bytes:
    """The file's bytes; ``seeds`` and ``as_of`` are required for, and with ``options`` (the layers'
    :class:`shieldmap.view.LayerOptions`, which the story follows) and ``engagement`` (the threat paths'
    GeoJSON, drawn as on the app's map; the GDAL formats carry them as the layer ``engagement``) used by,
    ``html`` only (and ``footprint``: ``(features, points)`` of :func:`shieldmap.footprint.view_features`)."""
    if export.format_for("x", fmt) == export.HTML:
        from shieldmap.web.html_export import html_bytes  # imports folium: only when asked for

        if seeds is None or as_of is None:
            raise ValueError("the HTML export needs the seeds and the date")
        return html_bytes(layers, seeds, as_of, options=options, engagement=engagement, footprint=footprint)
    return export.export_bytes(layers, fmt)


def export_file(layers: dict[str, gpd.GeoDataFrame], path: str | os.PathLike, fmt: str | None = None, *,
                seeds=None, as_of: dt.date | None = None, options=None, engagement=(), footprint=None) -> Path:
    """Write the file ``path`` in ``fmt`` (default: from its extension)."""
    fmt = export.format_for(path, fmt)
    path = Path(path)
    if fmt == export.HTML:
        path.write_bytes(export_bytes(layers, fmt, seeds=seeds, as_of=as_of, options=options, engagement=engagement,
                                      footprint=footprint))
        return path
    return export.export_layers(layers, path, fmt)


def figure_bytes(layers: dict[str, gpd.GeoDataFrame], seeds, as_of: dt.date, fmt: str = "png", **options) -> bytes:
    """The publication figure (:mod:`shieldmap.figure`); imports matplotlib only when asked for."""
    from shieldmap.figure import figure_bytes as draw

    return draw(layers, seeds, as_of, fmt, **options)

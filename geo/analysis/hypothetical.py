"""Coverage and distance rows of hypothetical sites (the ``what_if`` layer), labelled ``hypothetical``.

Part of :mod:`geo.analysis` (see its measurement conventions): the same ring
and border measurements as for recorded sites, with ``capability``
"hypothetical", ``hypothetical`` True and the site's side as chosen or
inferred (:mod:`geo.what_if`). A site of neither side reaches no "other
side" and is measured to both sides' borders.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.analysis.common import _project, _table
from geo.analysis.coverage import ring_rows
from geo.analysis.distances import DISTANCE_TARGETS, site_rows
from geo.texts import N_


def _sites(what_if: gpd.GeoDataFrame | None):
    return [] if what_if is None else list(what_if.itertuples(index=False))


def what_if_coverage(what_if: gpd.GeoDataFrame | None, sides: dict[str, str], capitals: dict) -> pd.DataFrame:
    """Coverage rows (columns ``COLUMNS["coverage"]``) of each what-if ring."""
    sites = _sites(what_if)
    projected = _project(what_if.geometry.values) if what_if is not None and sites else []
    rows = []
    for site, ring_xy in zip(sites, projected):
        base = {"ring_id": site.id, "site_id": site.id, "site_side": site.side,
                "system": site.system if isinstance(site.system, str) else "hypothetical",
                "capability": "hypothetical", "figure_id": site.figure if isinstance(site.figure, str) else None,
                "radius_km": float(site.radius_km), "figure_confidence": None, "figure_sources": site.sources,
                "precision_km": 0.0, "hypothetical": True}
        rows.extend(ring_rows(ring_xy, site.lon, site.lat, base, sides, capitals))
    return _table(rows, "coverage")


def what_if_distances(what_if: gpd.GeoDataFrame | None) -> pd.DataFrame:
    """Distance rows (columns ``COLUMNS["distances"]``) from each what-if centre to the other side's borders."""
    rows = []
    for site in _sites(what_if):
        base = {"site_id": site.id, "site_name": site.name, "layer": "what_if", "site_side": site.side,
                "system": site.system if isinstance(site.system, str) else "hypothetical",
                "stands_for": N_("hypothetical point"), "precision_km": 0.0, "hypothetical": True}
        targets = DISTANCE_TARGETS.get(site.side) or (*DISTANCE_TARGETS["NATO"], *DISTANCE_TARGETS["CSTO"])
        rows.extend(site_rows(shapely.Point(site.lon, site.lat), base, targets))
    return _table(rows, "distances")

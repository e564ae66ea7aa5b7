"""Geodesic range rings for located sites whose system has a published range figure.

By default each system uses the figure marked ``default`` in ``ranges.csv``;
``figures`` maps a system name to another figure id (e.g. ``{"S-300PS": "s300ps-90"}``).
Rings are true geodesic circles (:func:`geo.geodesy.circle`)."""

import datetime as dt

from geo import geodesy
from geo.features import citations, frame, site_records
from geo.seeds import SITE_LAYERS

LAYER = "engagement_ranges"


def figure_for(seeds, system, figures=None):
    """The range-figure row for ``system``: the chosen one or the default (None if none)."""
    if not system:
        return None
    chosen = (figures or {}).get(system)
    table = seeds.ranges
    if chosen is not None:
        if chosen not in table.index or system not in table.at[chosen, "systems"]:
            raise KeyError(f"range figure {chosen!r} does not apply to {system!r}")
        return table.loc[chosen]
    defaults = table[[system in s and d for s, d in zip(table["systems"], table["default"])]]
    return defaults.iloc[0] if len(defaults) else None


def build(seeds, as_of: dt.date, figures=None):
    records = []
    for layer in sorted(SITE_LAYERS):
        for site in site_records(seeds, layer, as_of):
            figure = figure_for(seeds, site["system"], figures)
            if figure is None:
                continue
            point = site["geometry"]
            source_ids = list(figure["sources"])
            records.append({
                "id": f"range-{site['id']}-{figure['id']}", "name": f"{site['name']}: {figure['radius_km']:g} km",
                "kind": "engagement range (published figure)", "status": site["status"],
                "start": site["start"], "end": site["end"], "sources": ";".join(source_ids),
                "citations": citations(seeds, source_ids), "precision_km": site["precision_km"],
                "note": (f"{figure['label']}; confidence {figure['confidence']}. Centre: {site['stands_for']} "
                         f"location of {site['name']}, uncertain by {site['precision_km']:g} km."),
                "site": site["id"], "system": site["system"], "figure": figure["id"],
                "radius_km": figure["radius_km"], "confidence": figure["confidence"],
                "geometry": geodesy.circle(point.x, point.y, figure["radius_km"]),
            })
    return frame(records, LAYER, ["site", "system", "figure", "radius_km", "confidence"])

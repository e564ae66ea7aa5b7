"""Geodesic range rings for located sites whose system has a published range figure.

By default each system uses the figure marked ``default`` in ``ranges.csv``;
``figures`` maps a system name to another figure id (e.g. ``{"S-300PS": "s300ps-90"}``).
Rings are true geodesic circles (:func:`geo.geodesy.circle`).

A ring shows capability, so by default it is drawn only while its site's status
at the date is one of :data:`geo.seeds.IN_PLACE_STATUSES` (delivered, on duty,
operational, technical capability): no ring for an announced or planned unit,
nor for a site under construction. With ``planned=True`` the rings of sites
whose status is not (yet) in place are drawn too, with ``capability`` =
``"planned"`` (``"in place"`` otherwise) and the name and note saying so."""

import datetime as dt

from geo import geodesy
from geo.features import citations, frame, site_records
from geo.seeds import IN_PLACE_STATUSES, SITE_LAYERS

LAYER = "engagement_ranges"
IN_PLACE, PLANNED = "in place", "planned"


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


def capability(status) -> str:
    """``"in place"`` for a status in :data:`IN_PLACE_STATUSES`, else ``"planned"`` (also for no status)."""
    return IN_PLACE if status in IN_PLACE_STATUSES else PLANNED


def build(seeds, as_of: dt.date, figures=None, planned: bool = False):
    """The rings at ``as_of``: in-place capability only, or also planned capability with ``planned=True``."""
    records = []
    for layer in sorted(SITE_LAYERS):
        for site in site_records(seeds, layer, as_of):
            figure = figure_for(seeds, site["system"], figures)
            if figure is None:
                continue
            kind = capability(site["status"])
            if kind == PLANNED and not planned:
                continue
            point = site["geometry"]
            source_ids = list(figure["sources"])
            label = " (planned)" if kind == PLANNED else ""
            prefix = (f"Planned capability: not in place at this date (status: {site['status'] or 'none'}). "
                      if kind == PLANNED else "")
            records.append({
                "id": f"range-{site['id']}-{figure['id']}",
                "name": f"{site['name']}: {figure['radius_km']:g} km{label}",
                "kind": f"engagement range (published figure){label}", "status": site["status"],
                "start": site["start"], "end": site["end"], "sources": ";".join(source_ids),
                "citations": citations(seeds, source_ids), "precision_km": site["precision_km"],
                "note": (f"{prefix}{figure['label']}; confidence {figure['confidence']}. Centre: {site['stands_for']} "
                         f"location of {site['name']}, uncertain by {site['precision_km']:g} km."),
                "site": site["id"], "system": site["system"], "figure": figure["id"],
                "radius_km": figure["radius_km"], "confidence": figure["confidence"], "capability": kind,
                "geometry": geodesy.circle(point.x, point.y, figure["radius_km"]),
            })
    return frame(records, LAYER, ["site", "system", "figure", "radius_km", "confidence", "capability"])

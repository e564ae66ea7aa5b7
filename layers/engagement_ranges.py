"""Geodesic range rings for located sites whose system has a published range figure.

By default each system uses the figure marked ``default`` in ``ranges.csv``;
``figures`` maps a system name to another figure id (e.g. ``{"S-300PS": "s300ps-90"}``).
Rings are true geodesic circles (:func:`geo.geodesy.circle`).

A ring shows capability, so by default it is drawn only while its site's status
at the date is one of :data:`geo.seeds.IN_PLACE_STATUSES` (delivered, on duty,
operational, technical capability): no ring for an announced or planned unit,
nor for a site under construction. With ``planned=True`` the rings of sites
whose status is not (yet) in place are drawn too, with ``capability`` =
``"planned"`` (``"in place"`` otherwise) and the name and note saying so.

Range figures have dates: a figure is in service from ``in_service_from`` to ``in_service_to``
(``ranges.csv``; e.g. the S-400's 400 km belongs to the 40N6, in service from Oct 2018; before
that the 48N6 family's ~250 km). The default ring at a date is the default figure in service at
that date; a chosen figure not in service at the date is drawn labelled so (``in_service`` = "no").
Every ring says which missile the figure belongs to (``missile``), who claims it (``claimant``,
``claim_kind``) and whether it rests on one source (``single_source``) or none (``unsourced``)."""

import datetime as dt

from geo import geodesy
from geo.features import citations, frame, site_records, support
from geo.seeds import IN_PLACE_STATUSES, SITE_LAYERS
from geo.texts import N_

LAYER = "engagement_ranges"
IN_PLACE, PLANNED = "in place", "planned"
#: A ring's ``kind`` by (planned, figure in service at the date): whole texts, for the catalogue.
KINDS = {(False, True): N_("engagement range (published figure)"),
         (True, True): N_("engagement range (published figure) (planned)"),
         (False, False): N_("engagement range (published figure) (not in service at this date)"),
         (True, False): N_("engagement range (published figure) (planned) (not in service at this date)")}


def in_service(figure, as_of) -> bool:
    """Whether the figure's missile was in service at ``as_of`` (an open span end counts as always)."""
    start, end = figure["in_service_from"], figure["in_service_to"]
    return as_of is None or ((start is None or start <= as_of) and (end is None or as_of < end))


def figure_for(seeds, system, figures=None, as_of=None):
    """The range-figure row for ``system``: the chosen one, else the default in service at ``as_of``
    (any default if ``as_of`` is None; None if there is none)."""
    if not system:
        return None
    chosen = (figures or {}).get(system)
    table = seeds.ranges
    if chosen is not None:
        if chosen not in table.index or system not in table.at[chosen, "systems"]:
            raise KeyError(f"range figure {chosen!r} does not apply to {system!r}")
        return table.loc[chosen]
    defaults = table[[system in s and d for s, d in zip(table["systems"], table["default"])]]
    defaults = defaults[[in_service(row, as_of) for _, row in defaults.iterrows()]]
    return defaults.iloc[0] if len(defaults) else None


def claim_text(figure) -> str:
    """Who claims the figure and on how many sources, for popups and tables."""
    sources = figure["sources"] or ()
    count = "UNSOURCED" if not sources else ("single source" if len(sources) == 1 else f"{len(sources)} sources")
    missile = f"missile: {figure['missile']}; " if figure["missile"] else ""
    return f"{missile}{figure['claimant']} {figure['claim_kind']}; {count}"


def capability(status) -> str:
    """``"in place"`` for a status in :data:`IN_PLACE_STATUSES`, else ``"planned"`` (also for no status)."""
    return IN_PLACE if status in IN_PLACE_STATUSES else PLANNED


def build(seeds, as_of: dt.date, figures=None, planned: bool = False):
    """The rings at ``as_of``: in-place capability only, or also planned capability with ``planned=True``."""
    records = []
    for layer in sorted(SITE_LAYERS):
        for site in site_records(seeds, layer, as_of):
            figure = figure_for(seeds, site["system"], figures, as_of)
            if figure is None:
                continue
            serving = in_service(figure, as_of)
            kind = capability(site["status"])
            if kind == PLANNED and not planned:
                continue
            point = site["geometry"]
            source_ids = list(figure["sources"] or ())
            label = (" (planned)" if kind == PLANNED else "") + ("" if serving else " (not in service at this date)")
            prefix = (f"Planned capability: not in place at this date (status: {site['status'] or 'none'}). "
                      if kind == PLANNED else "")
            if not serving:
                prefix += (f"This figure's missile was not in service at this date (in service "
                           f"{figure['in_service_from'] or '?'} to {figure['in_service_to'] or 'now'}). ")
            records.append({
                "id": f"range-{site['id']}-{figure['id']}",
                "name": f"{site['name']}: {figure['radius_km']:g} km{label}",
                "kind": KINDS[kind == PLANNED, bool(serving)], "status": site["status"],
                "start": site["start"], "end": site["end"], "sources": ";".join(source_ids),
                "citations": citations(seeds, source_ids), "precision_km": site["precision_km"],
                "support": support(seeds, ("ranges", figure)),
                "note": (f"{prefix}{figure['label']} ({claim_text(figure)}); confidence {figure['confidence']}. "
                         f"Centre: {site['stands_for']} location of {site['name']}, uncertain by "
                         f"{site['precision_km']:g} km."),
                "label_ru": figure.get("label_ru"),  # the figure's words in Russian (ranges.csv), for the note
                "site": site["id"], "system": site["system"], "figure": figure["id"],
                "radius_km": figure["radius_km"], "confidence": figure["confidence"], "capability": kind,
                "claim": claim_text(figure) + ("" if serving else "; NOT in service at this date"),
                "missile": figure["missile"], "in_service": "yes" if serving else "no",
                "claimant": figure["claimant"], "claim_kind": figure["claim_kind"],
                "single_source": "yes" if len(source_ids) == 1 else "no",
                "unsourced": "yes" if not source_ids else "no",
                "geometry": geodesy.circle(point.x, point.y, figure["radius_km"]),
            })
    return frame(records, LAYER, ["site", "system", "figure", "radius_km", "confidence", "capability", "claim", "missile",
                                  "in_service", "claimant", "claim_kind", "single_source", "unsourced", "label_ru"])

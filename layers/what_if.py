"""The ``what_if`` layer: hypothetical sites as geodesic rings, never mistaken for recorded ones.

Built from parsed specs (:mod:`geo.what_if`), not from the seeds: one feature
per what-if, its geometry the geodesic circle of its radius about its centre
(:func:`geo.geodesy.circle`), with the common columns (``kind`` "hypothetical
site", ``status`` "hypothetical", no dates, ``sources`` "user-input" plus the
sources of a chosen range figure, ``precision_km`` 0) and the inputs as
properties: ``lat``, ``lon``, ``radius_km``, ``side`` (chosen or inferred, see
``side_rule``), ``system``, ``figure``, ``inputs`` (the spec text) and
``hypothetical`` (True).
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd

from geo.texts import N_
from geo import geodesy, what_if
from geo.analysis.common import member_sides
from geo.features import frame
from layers import csto, nato

LAYER = "what_if"
PREFIX = N_("HYPOTHETICAL: ")
EXTRA_COLUMNS = ["lat", "lon", "radius_km", "side", "side_rule", "system", "figure", "inputs", "hypothetical"]


def parse_specs(specs) -> list[what_if.WhatIf]:
    """Spec strings (or :class:`geo.what_if.WhatIf`) -> what-ifs; the first bad one, or more than
    :data:`geo.what_if.MAX_SITES`, raises ``ValueError``."""
    specs = list(specs or ())
    if len(specs) > what_if.MAX_SITES:
        raise ValueError(f"{len(specs):,} what-ifs: at most {what_if.MAX_SITES} hypothetical sites")
    return [s if isinstance(s, what_if.WhatIf) else what_if.parse(s) for s in specs]


def sides_at(seeds, as_of: dt.date) -> dict[str, str]:
    """Country -> NATO/CSTO at the date (for inferring a what-if's side)."""
    return member_sides(nato.build(seeds, as_of), csto.build(seeds, as_of))


def build(seeds, specs, as_of: dt.date, sides: dict[str, str] | None = None) -> gpd.GeoDataFrame:
    """The what-if layer for these specs at ``as_of`` (the date decides the inferred sides).

    ``sides`` may be given (``member_sides`` of the date's layers) to save
    building the membership layers again. Raises ``ValueError`` (one line,
    naming the spec) for a bad spec or a range figure that is unknown or does
    not match the radius.
    """
    items = parse_specs(specs)
    if items and sides is None and any(item.side is None for item in items):
        sides = sides_at(seeds, as_of)
    records = []
    for index, item in enumerate(items, start=1):
        what_if.check_figure(item, seeds.ranges)
        side, rule = what_if.infer_side(item, sides or {})
        figure = seeds.ranges.loc[item.figure] if item.figure else None
        source_ids = [what_if.USER_INPUT, *(figure["sources"] if figure is not None else [])]
        system = "/".join(figure["systems"]) if figure is not None else None
        about = f"{figure['label']}; confidence {figure['confidence']}. " if figure is not None else ""
        records.append({
            "id": f"what-if-{index}", "name": f"{PREFIX}{item.name} ({item.radius_km:g} km)",
            "kind": N_("hypothetical site"), "status": "hypothetical", "start": None, "end": None,
            "sources": ";".join(source_ids),
            "citations": " | ".join(f"{r['title']} ({r['outlet']})" for r in what_if.cite(seeds, ";".join(source_ids))),
            "precision_km": 0.0,
            "note": (f"Hypothetical, not a recorded site: a ring of {item.radius_km:g} km about "
                     f"{item.lat:g}, {item.lon:g} (geodesic, WGS84). {about}Side {side} ({rule}). "
                     f"Input: {item.spec}"),
            "lat": item.lat, "lon": item.lon, "radius_km": item.radius_km, "side": side, "side_rule": rule,
            "system": system, "figure": item.figure, "inputs": item.spec, "hypothetical": True,
            "geometry": geodesy.circle(item.lon, item.lat, item.radius_km),
        })
    return frame(records, LAYER, EXTRA_COLUMNS)

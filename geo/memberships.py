"""Member states of an organisation at a date, drawn with period-correct borders."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd

from geo import borders
from geo.features import active, citations, frame, iso
from geo.seeds import Seeds


def member_states(seeds: Seeds, org: str, layer: str, as_of: dt.date) -> gpd.GeoDataFrame:
    """One polygon feature per state that is a member of ``org`` on ``as_of``."""
    rows = seeds.memberships[seeds.memberships["org"] == org]
    rows = rows[[active(s, e, as_of) for s, e in zip(rows["start"], rows["end"])]]
    shapes = borders.country_shapes(list(rows["country"])).set_index("name")
    records = []
    for _, row in rows.sort_values("country").iterrows():
        slug = row["country"].lower().replace(".", "").replace(" ", "-")
        records.append({
            "id": f"{layer}-{slug}", "name": row["country"], "kind": "member state",
            "status": "member", "start": iso(row["start"]), "end": iso(row["end"]),
            "sources": ";".join(row["sources"]), "citations": citations(seeds, row["sources"]),
            "precision_km": None, "note": row["note"], "org": org,
            "geometry": shapes.geometry[row["country"]],
        })
    return frame(records, layer, ["org"])

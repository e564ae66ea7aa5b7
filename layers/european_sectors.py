"""The four European missile-defence sectors of responsibility (seed 002), as an
interpretation built by :mod:`geo.sectors`; from the Lisbon proposal on, ``rejected``
after July 2011."""

from geo import sectors
from geo.features import active, citations, frame, iso, status_at

LAYER = "european_sectors"


def build(seeds, as_of, construction=sectors.DEFAULT):
    table = seeds.sectors
    wedges = tuple((sid, row["azimuth_from"], row["azimuth_to"]) for sid, row in table.iterrows())
    shapes = sectors.sector_polygons(wedges, construction)
    records = []
    for sid, row in table.iterrows():
        if not active(row["start"], row["end"], as_of):
            continue
        records.append({
            "id": sid, "name": row["name"], "kind": "proposed sector (interpretation)",
            "status": status_at(seeds, sid, as_of), "start": iso(row["start"]), "end": iso(row["end"]),
            "sources": ";".join(row["sources"]), "citations": citations(seeds, row["sources"]),
            "precision_km": None, "note": row["note"], "holder": row["holder"],
            "direction": row["direction"], "interpretation": construction.describe(),
            "geometry": shapes[sid],
        })
    return frame(records, LAYER, ["holder", "direction", "interpretation"])

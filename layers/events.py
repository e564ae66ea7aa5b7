"""The timeline as dated points: summits, agreements, announcements. An event is
shown from its date on."""

import shapely

from geo.features import citations, frame, support
from geo.texts import N_

LAYER = "events"


def build(seeds, as_of):
    records = []
    for eid, row in seeds.events.sort_values("date").iterrows():
        if row["date"] > as_of:
            continue
        records.append({
            "id": eid, "name": row["name"], "kind": row["kind"], "status": N_("occurred"),
            "start": row["date"].isoformat(), "end": None, "sources": ";".join(row["sources"]),
            "citations": citations(seeds, row["sources"]), "precision_km": row["precision_km"],
            "note": row["note"], "place": row["place"], "stands_for": row["stands_for"],
            "support": support(seeds, ("events", row)),
            "geometry": shapely.Point(row["lon"], row["lat"]),
        })
    return frame(records, LAYER, ["place", "stands_for"])

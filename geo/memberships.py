"""Member states of an organisation at a date, drawn with period-correct borders.

One feature per member: a member's territories listed in ``memberships.csv``
(Denmark's Greenland and Faroe Islands) are drawn inside its feature, so a
count of features is a count of members. A member's status is ``member``
unless ``statuses.csv`` gives another from a date on (Armenia in the CSTO:
``frozen`` from 22 Feb 2024, still a member).
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import shapely

from geo import borders
from geo.features import active, citations, frame, iso, status_at, status_row, support
from geo.seeds import Seeds, membership_feature_id
from geo.texts import N_


def member_states(seeds: Seeds, org: str, layer: str, as_of: dt.date) -> gpd.GeoDataFrame:
    """One (Multi)Polygon feature per state that is a member of ``org`` on ``as_of``.

    Extra columns: ``org`` and ``countries`` (the Natural Earth names drawn,
    ``;``-separated: the member first, then its territories).
    """
    rows = seeds.memberships[seeds.memberships["org"] == org]
    rows = rows[[active(s, e, as_of) for s, e in zip(rows["start"], rows["end"])]]
    drawn = {row["country"]: [row["country"], *(row["territories"] or ())] for _, row in rows.iterrows()}
    shapes = borders.country_shapes([n for names in drawn.values() for n in names]).set_index("name").geometry
    records = []
    for _, row in rows.sort_values("country").iterrows():
        names = drawn[row["country"]]
        feature_id = membership_feature_id(org, row["country"])
        geometry = shapes[names[0]] if len(names) == 1 else shapely.union_all([shapes[n] for n in names])
        records.append({
            "id": feature_id, "name": row["country"], "kind": N_("member state"),
            "status": status_at(seeds, feature_id, as_of) or N_("member"), "start": iso(row["start"]),
            "end": iso(row["end"]), "sources": ";".join(row["sources"]),
            "citations": citations(seeds, row["sources"]), "precision_km": None, "note": row["note"],
            "org": org, "countries": ";".join(names), "geometry": geometry,
            "support": support(seeds, ("memberships", row), ("statuses", status_row(seeds, feature_id, as_of))),
        })
    return frame(records, layer, ["org", "countries"])

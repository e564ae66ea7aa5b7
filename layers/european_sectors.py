"""The four European missile-defence sectors of responsibility (seed 002), drawn by a
selectable model of :mod:`geo.sectors` (default ``russian_depiction``: Russia's own depiction,
its sector reaching over the Baltic states, parts of Poland, most of Norway, Finland and most of
Sweden; ``alliance_borders`` (old name ``borders``): Russia's sector stopping at the alliances'
borders; ``wedges``: geodesic wedges about the centre of Europe).

The sectors are a 2010 proposal: every model draws the alliances of the proposal's time (the
members at the sectors' first date, 20 Nov 2010), not NATO as it grew 2017-2024.

Dates: the sectors are shown from 20 Nov 2010 (the source dates the four-sector "first
version" only to autumn 2010; see ``seeds/sectors.csv``), ``proposed`` until NATO rejected
the sectoral approach on 8 Jun 2011 and ``rejected`` from then on (``seeds/statuses.csv``).

Every feature carries the date its status began (``status_from``), the model's name (``model``)
and rule (``interpretation``); under the
``russian_depiction`` and ``alliance_borders`` models the states each sector is made of
(``states``) and, as a fifth feature, the land of the theatre no sector holds (undescribed by the
evidence, or in neither alliance), named and explained by the model (``gap_name``, ``gap_note``).
"""

from geo import sector_edges, sector_params, sectors
from geo.features import active, citations, frame, iso, status_at, status_row, status_since, support
from geo.texts import N_

LAYER = "european_sectors"
NOT_COVERED_ID = "european-sectors-not-covered"
BAND_ID = "european-sectors-edge"
#: The name of an inferred edge's band: its popup's title and its line in the key and the figure's legend.
BAND_NAME = N_("Edge not given by any source")


def members_at(seeds, org: str, as_of) -> tuple[str, ...]:
    """The land of ``org``'s members at ``as_of``: sorted Natural Earth names from ``memberships.csv``,
    a member's ``territories`` included (Denmark with Greenland and the Faroes)."""
    rows = seeds.memberships[seeds.memberships["org"] == org]
    return tuple(sorted({name for c, t, s, e in zip(rows["country"], rows["territories"], rows["start"], rows["end"])
                         if active(s, e, as_of) for name in (c, *(t or ()))}))


def specs(seeds) -> tuple[sectors.Spec, ...]:
    """``(id, direction, azimuth_from, azimuth_to)`` for each row of ``sectors.csv``."""
    return tuple((sid, row["direction"], float(row["azimuth_from"]), float(row["azimuth_to"]))
                 for sid, row in seeds.sectors.iterrows())


def build(seeds, as_of, model=sectors.DEFAULT_MODEL):
    """The sector features at ``as_of`` under ``model`` (a name in :data:`geo.sectors.MODELS`
    or a model instance); ``ValueError`` for an unknown model name. A model drawn from evidence of several dates
    (the default: the General Staff's slide) is drawn as that evidence stood at ``as_of``."""
    chosen = sectors.get_model(model)
    chosen = chosen.at(as_of) if hasattr(chosen, "at") else chosen
    table = seeds.sectors
    shown = [sid for sid, row in table.iterrows() if active(row["start"], row["end"], as_of)]
    proposal = min((table.at[sid, "start"] for sid in shown), default=as_of)  # the alliances of 2010
    nato, csto = members_at(seeds, "NATO", proposal), members_at(seeds, "CSTO", proposal)
    records = []
    if shown:
        shapes = chosen.polygons(specs(seeds), nato, csto)
        states = chosen.states(specs(seeds), nato, csto)
    for sid in shown:
        row = table.loc[sid]
        source_ids = list(dict.fromkeys([*row["sources"], *chosen.sources]))
        records.append({
            "id": sid, "name": row["name"], "kind": N_("proposed sector (interpretation)"),
            "status": status_at(seeds, sid, as_of), "status_from": iso(status_since(seeds, sid, as_of)),
            "start": iso(row["start"]), "end": iso(row["end"]),
            "sources": ";".join(source_ids), "citations": citations(seeds, source_ids),
            "precision_km": None, "note": row["note"], "note_ru": row.get("note_ru"), "holder": row["holder"],
            "direction": row["direction"], "model": chosen.name, "interpretation": chosen.describe(),
            "states": "; ".join(states[sid]) or None, "geometry": shapes[sid],
            "support": support(seeds, ("sectors", row), ("statuses", status_row(seeds, sid, as_of))),
        })
    if shown:
        records += _gap(seeds, as_of, chosen, shown, nato, csto) + _bands(seeds, as_of, chosen, shown, nato, csto)
    return frame(records, LAYER, ["status_from", "holder", "direction", "model", "interpretation", "states",
                                  sector_edges.CERTAINTY, "note_ru"])


def _common(seeds, as_of, chosen, shown, extra_sources=()) -> dict:
    """What the land no sector holds and the bands share with the sectors: status, dates, sources, model."""
    first = seeds.sectors.loc[shown[0]]
    source_ids = list(dict.fromkeys([*first["sources"], *chosen.sources, *extra_sources]))
    statuses = {status_at(seeds, sid, as_of) for sid in shown}
    one = len(statuses) == 1
    return {"status": statuses.pop() if one else None,
            "status_from": iso(status_since(seeds, shown[0], as_of)) if one else None,
            "start": iso(first["start"]), "end": iso(first["end"]), "sources": ";".join(source_ids),
            "citations": citations(seeds, source_ids), "precision_km": None, "holder": None, "direction": None,
            "model": chosen.name, "interpretation": chosen.describe()}


def _gap(seeds, as_of, chosen, shown, nato, csto) -> list[dict]:
    gap = sectors.not_covered(chosen, specs(seeds), nato, csto)
    if gap is None or gap.is_empty:
        return []
    return [{**_common(seeds, as_of, chosen, shown), "id": NOT_COVERED_ID,
             "name": getattr(chosen, "gap_name", "Not in any sector"),
             "kind": N_("not covered by the proposal (interpretation)"), "note": getattr(chosen, "gap_note", None),
             "states": None, "geometry": gap}]


def _bands(seeds, as_of, chosen, shown, nato, csto) -> list[dict]:
    """The edges no source gives (:mod:`geo.sector_edges`): a band each, with its line's ``inferred:`` note and the
    band's own (its width), in English and Russian, from ``seeds/sector_models.csv``."""
    rows = sector_params.records(seeds.directory)
    found = []
    width = rows.get((chosen.name, "edge_band_deg"))
    for band in sector_edges.bands(chosen, specs(seeds), nato, csto):
        line = rows[chosen.name, band.parameter]
        record = {**_common(seeds, as_of, chosen, shown, line.sources),
                  "id": "-".join([BAND_ID, band.parameter, *band.directions]).replace("_", "-").lower(),
                  "name": BAND_NAME, "kind": N_("edge no source gives, hatched band (interpretation)"),
                  "note": f"{line.note} {width.note}" if width else line.note,
                  "note_ru": f"{line.note_ru} {width.note_ru}" if width and line.note_ru and width.note_ru else None,
                  "states": "; ".join(band.states) or None, sector_edges.CERTAINTY: sector_edges.INFERRED,
                  "geometry": band.geometry}
        if line.since:
            record["start"] = iso(line.since)
        found.append(record)
    return found

"""Features' Russian names (the ``name_ru`` column every built layer has): sites, events and sectors from
their seed file's ``name_ru``; member states from CLDR (:func:`geo.names.country_names`); None where the
data has none. A range ring's is its site's Russian name and its radius, as its English name is made
(``layers/engagement_ranges.py``: "Site: 80 km (planned)"). And their notes' and details' Russian
translations (``note_ru`` on every built layer, ``details_ru`` and ``unit_ru`` on the site layers), from the seed files' columns
of the same names; None where there is none (the front ends show the English then)."""

from __future__ import annotations

from geo.names import country_names
from geo.seed_terms import membership_feature_id


def russian(seeds, frame) -> list:
    """One Russian name (or None) per feature of a built layer, in order."""
    if not len(frame):
        return []
    by_id = {}
    for table in (seeds.sites, seeds.events, seeds.sectors):
        if "name_ru" in table.columns:
            by_id.update({i: text for i, text in zip(table["id"], table["name_ru"]) if isinstance(text, str) and text})
    countries = country_names("ru") if "countries" in frame.columns or "org" in frame.columns else {}
    if "radius_km" in frame.columns and "site" in frame.columns:
        return [_ring(by_id.get(site), row) for site, row in zip(frame["site"], frame.to_dict("records"))]
    return [by_id.get(fid) or countries.get(name) for fid, name in zip(frame["id"], frame["name"])]


RING_WORDS = {"planned": " (планируется)", "not_serving": " (не на вооружении на эту дату)"}
"""The Russian of the English name's marks (``engagement_ranges.build``: " (planned)", " (not in service at this
date)")."""


def _ring(site_name: str | None, row: dict) -> str | None:
    if not site_name:
        return None
    radius = f"{row['radius_km']:g}".replace(".", ",")
    return (f"{site_name}: {radius} км" + (RING_WORDS["planned"] if row.get("capability") == "planned" else "")
            + (RING_WORDS["not_serving"] if row.get("in_service") == "no" else ""))


#: The seed tables whose rows are features (by id), and the translated columns a built layer takes from them.
TEXT_COLUMNS = ("note", "details", "unit", "system")


def russian_texts(seeds, frame) -> dict[str, list]:
    """``{"note_ru": [...], "details_ru": [...], "unit_ru": [...], "system_ru": [...]}`` for a built layer: one
    translation (or None) per feature, in order; ``details_ru``, ``unit_ru`` and ``system_ru`` only for a layer with
    those columns (the sites)."""
    found = {}
    for column in TEXT_COLUMNS:
        if column != "note" and column not in frame.columns:
            continue
        by_id = {}
        for table in (seeds.sites, seeds.events, seeds.sectors):
            if f"{column}_ru" in table.columns:
                by_id.update({i: text for i, text in zip(table.index, table[f"{column}_ru"])
                              if isinstance(text, str) and text})
        members = seeds.memberships  # a membership by its feature id (csto-armenia) and its span's English note
        spans = ({(membership_feature_id(org, country), note): text for org, country, note, text
                  in zip(members["org"], members["country"], members[column], members[f"{column}_ru"])
                  if isinstance(text, str) and text} if f"{column}_ru" in members.columns else {})
        keys = frame["site"] if column == "system" and "site" in frame.columns else frame["id"]  # a ring: its site's
        found[f"{column}_ru"] = [by_id.get(key) or spans.get((fid, note)) for key, fid, note
                                 in zip(keys, frame["id"], frame[column])] if len(frame) else []
    return found

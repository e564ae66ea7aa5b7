"""Features' Russian names (the ``name_ru`` column every built layer has): sites, events and sectors from
their seed file's ``name_ru``; member states from CLDR (:func:`geo.names.country_names`); None where the
data has none (e.g. the range rings, whose names carry a figure)."""

from __future__ import annotations

from geo.names import country_names


def russian(seeds, frame) -> list:
    """One Russian name (or None) per feature of a built layer, in order."""
    if not len(frame):
        return []
    by_id = {}
    for table in (seeds.sites, seeds.events, seeds.sectors):
        if "name_ru" in table.columns:
            by_id.update({i: text for i, text in zip(table["id"], table["name_ru"]) if isinstance(text, str) and text})
    countries = country_names("ru") if "countries" in frame.columns or "org" in frame.columns else {}
    return [by_id.get(fid) or countries.get(name) for fid, name in zip(frame["id"], frame["name"])]

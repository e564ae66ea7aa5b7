"""The analysis's own seed files: the capitals that the coverage table names inside each ring
(``capitals.csv``) and the 2010-2011 proposals compared side by side (``proposals.csv``), read and
validated like every other seed file (:mod:`geo.seeds`: types, ranges, ids, sources; file, line and
column of every problem), so that every fact the analysis prints lives in ``seeds/`` with its sources.

Capitals are city centres (0.001 degree, good to about 1 km for a whole city), named as in
2010-2013; Jerusalem is left out on purpose (contested status), with Israel, which no ring
considered here reaches. A proposal's ``description`` is our summary, not the sources' wording.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

from geo.seed_checks import check_quote_keys
from geo.seeds import (LAT, LON, PRECISION, SeedError, Seeds, _TRANSLATION, _c, _date, _id, _id_list, _read, _Schema, _text,
                       load_seeds, seeds_dir)

SCHEMAS: dict[str, _Schema] = {
    "capitals": _Schema("capitals.csv", "name", {
        "name": _c(_text), "country": _c(_text), "lat": _c(LAT), "lon": _c(LON), "precision_km": _c(PRECISION),
        "sources": _c(_id_list), "note": _c(_text, False), "name_ru": _TRANSLATION,
    }),
    "proposals": _Schema("proposals.csv", "id", {
        "id": _c(_id), "name": _c(_text), "proposed_by": _c(_text), "date_proposed": _c(_date),
        "date_note": _c(_text, False), "status": _c(_text), "status_date": _c(_date), "status_note": _c(_text, False),
        "description": _c(_text), "sources": _c(_id_list), "name_ru": _TRANSLATION, "description_ru": _TRANSLATION,
    }),
}


@dataclass(frozen=True)
class AnalysisSeeds:
    """The two validated files (capitals indexed by name, proposals by id)."""

    capitals: pd.DataFrame
    proposals: pd.DataFrame

    def capital_points(self) -> dict[str, tuple[str, float, float]]:
        """Capital -> (country as in :mod:`geo.borders`, lat, lon)."""
        return {name: (row["country"], float(row["lat"]), float(row["lon"])) for name, row in self.capitals.iterrows()}


_LOADED: dict[tuple[str, str], AnalysisSeeds] = {}


def load_analysis_seeds(seeds: Seeds | None = None, directory: str | os.PathLike | None = None) -> AnalysisSeeds:
    """Read and check both files in the seed folder (once per folder and seed digest);
    :class:`geo.seeds.SeedError` on any problem, a cited source missing from ``sources.csv`` included."""
    seeds = seeds if seeds is not None else load_seeds(directory)
    folder = seeds_dir(directory) if directory is not None else seeds.directory
    key = (str(folder), seeds.digest)
    if key not in _LOADED:
        problems: list[str] = []
        frames = {name: _read(folder, schema, problems) for name, schema in SCHEMAS.items()}
        known = set(seeds.sources.index)
        for name, schema in SCHEMAS.items():
            for line, ids in zip(frames[name].get("_line", ()), frames[name].get("sources", ())):
                problems += [f"{schema.file}:{line}: cites unknown source {sid!r}" for sid in ids or () if sid not in known]
        if not problems:
            check_quote_keys(seeds.quotes, frames, problems)
        if problems:
            raise SeedError(problems)
        _LOADED.clear()
        _LOADED[key] = AnalysisSeeds(**frames)
    return _LOADED[key]

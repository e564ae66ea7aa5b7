"""The map's own seeds about its layers and its period, each read through the seed reader against the schema
declared here (file, line and column of every problem; ``shieldmap validate`` checks them):

- ``seeds/coverage.csv``: the date each site layer's data were researched to; after it, the layer says that it
  may be incomplete (:func:`layers.registry.coverage_note`);
- ``seeds/layers.csv``: what each layer shows, in English and Russian (the sidebar's help on each layer);
- ``seeds/periods.csv``: the span of the dispute the map was made for (:mod:`shieldmap.period`).
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path

from geo.seeds import SCHEMAS, SeedError, _c, _date, _id, _id_list, _read, _Schema, _text, seeds_digest, seeds_dir
from geo.texts import N_, TextError

SCHEMA = _Schema("coverage.csv", "layer", {
    "layer": _c(_id), "covered_to": _c(_date), "sources": _c(_id_list, False), "note": _c(_text),
})
LAYERS_SCHEMA = _Schema("layers.csv", "layer", {
    "layer": _c(_id), "description": _c(_text), "description_ru": _c(_text), "sources": _c(_id_list, False),
    "note": _c(_text),
})
PERIODS_SCHEMA = _Schema("periods.csv", "period", {
    "period": _c(_id), "start": _c(_date), "end": _c(_date), "sources": _c(_id_list, False), "note": _c(_text),
})
#: The files of this module, by stem (the digest of the seed folder covers them: :data:`geo.seeds.OTHER_FILES`).
FILES = {schema.file.removesuffix(".csv"): schema for schema in (SCHEMA, LAYERS_SCHEMA, PERIODS_SCHEMA)}


def coverage(directory: str | os.PathLike | None = None) -> dict[str, dt.date]:
    """Layer id -> the last date its data were researched to; :class:`geo.seeds.SeedError` on any problem."""
    return {row["layer"]: row["covered_to"] for row in _rows("coverage", directory)}


def descriptions(directory: str | os.PathLike | None = None) -> dict[str, dict[str, str]]:
    """Layer id -> its description by language (``{"en": ..., "ru": ...}``); :class:`geo.seeds.SeedError` on any
    problem."""
    return {row["layer"]: {"en": row["description"], "ru": row["description_ru"]} for row in _rows("layers", directory)}


def periods(directory: str | os.PathLike | None = None) -> dict[str, tuple[dt.date, dt.date]]:
    """Period name -> its first and last day; :class:`geo.seeds.SeedError` on any problem."""
    return {row["period"]: (row["start"], row["end"]) for row in _rows("periods", directory)}


def period(name: str, directory: str | os.PathLike | None = None) -> tuple[dt.date, dt.date]:
    """The first and last day of the period ``name`` (``dispute``); :class:`geo.seeds.SeedError` on any problem,
    also when the file has no such period."""
    spans = periods(directory)
    if name not in spans:
        raise SeedError([TextError(N_("{file}: no period {name}"), file=PERIODS_SCHEMA.file, name=repr(name))])
    return spans[name]


def _rows(stem: str, directory) -> tuple[dict, ...]:
    folder = seeds_dir(directory)
    return _load(str(folder), seeds_digest(folder), stem)


@lru_cache(maxsize=16)
def _load(folder: str, digest: str, stem: str) -> tuple[dict, ...]:
    schema, problems = FILES[stem], list[TextError]()
    frame = _read(Path(folder), schema, problems)
    if "_line" not in frame:  # the file could not be read (missing, a bad header): nothing more to check
        raise SeedError(problems)
    if "sources" in schema.columns:
        known = set(_read(Path(folder), SCHEMAS["sources"], problems).get("id", ()))
        for line, ids in zip(frame["_line"], frame["sources"]):
            problems += [TextError(N_("{file}:{line}: cites unknown source {id}"), file=schema.file, line=line,
                                   id=repr(s)) for s in ids or () if s not in known]
    if "start" in schema.columns:
        problems += [TextError(N_("{file}:{line}: column 'end': {end} is before the start {start}"), file=schema.file,
                               line=line, end=end.isoformat(), start=start.isoformat())
                     for line, start, end in zip(frame["_line"], frame["start"], frame["end"])
                     if start is not None and end is not None and end < start]
    if problems:
        raise SeedError(problems)
    return tuple(frame[list(schema.columns)].to_dict("records"))

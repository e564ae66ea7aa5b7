"""The date each site layer's seed data were researched to (``seeds/coverage.csv``): after it, the layer says
that it may be incomplete (:func:`layers.registry.coverage_note`). Read through the seed reader against the
schema declared here (file, line and column of every problem); ``shieldmap validate`` checks it.
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


def coverage(directory: str | os.PathLike | None = None) -> dict[str, dt.date]:
    """Layer id -> the last date its data were researched to; :class:`geo.seeds.SeedError` on any problem."""
    folder = seeds_dir(directory)
    return dict(_load(str(folder), seeds_digest(folder)))


@lru_cache(maxsize=4)
def _load(folder: str, digest: str) -> tuple[tuple[str, dt.date], ...]:
    problems: list = []
    frame = _read(Path(folder), SCHEMA, problems)
    known = set(_read(Path(folder), SCHEMAS["sources"], problems).get("id", ()))
    for line, ids in zip(frame["_line"], frame["sources"]):
        problems += [TextError(N_("{file}:{line}: cites unknown source {id}"), file=SCHEMA.file, line=line, id=repr(s))
                     for s in ids or () if s not in known]
    if problems:
        raise SeedError(problems)
    return tuple(zip(frame["layer"], frame["covered_to"]))

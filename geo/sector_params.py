"""The sector models' parameters, read from ``seeds/sector_models.csv`` (one row per model and parameter,
with its sources or the reasoning that stands in for them): the ``wedges`` model's centre, the default model's
dividing lines for "parts of Poland", "most of Norway", "most of Sweden", and the capital rule's two lines.
None of these numbers lives in the code (issue 33, section 3): :mod:`geo.sectors` builds its models from
:func:`parameters`, so editing the file moves the drawing.

The schema and the reader are :mod:`geo.seeds`' (:data:`geo.seeds.SECTOR_MODELS`,
:func:`geo.seeds.sector_parameters`: file, line and column of every problem); ``load_seeds`` and
``shieldmap validate`` check the file with the others.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any
from functools import lru_cache
from pathlib import Path

from geo.seeds import (SCHEMAS, SECTOR_MODELS, SECTOR_PARAMETERS as PARAMETERS, SeedError, _read, sector_parameters,
                       seeds_digest, seeds_dir)

__all__ = ["PARAMETERS", "Record", "parameters", "records"]


def parameters(directory: str | os.PathLike | None = None) -> dict[str, dict[str, Any]]:
    """Model name -> {parameter: value}, every parameter of :data:`PARAMETERS` present once;
    :class:`geo.seeds.SeedError` naming the file and line of any problem."""
    folder = seeds_dir(directory)
    return _load(str(folder), seeds_digest(folder))


@dataclass(frozen=True)
class Record:
    """A parameter's row besides its value: its ``note`` (and ``note_ru``), its sources, and ``since``, the date of the
    event its evidence dates from (``event`` in the file: a row of ``events.csv``), None for a parameter with none."""

    note: str
    note_ru: str | None
    sources: tuple[str, ...]
    since: dt.date | None


def records(directory: str | os.PathLike | None = None) -> dict[tuple[str, str], Record]:
    """(model, parameter) -> its :class:`Record`, read with :func:`parameters` (the same checks)."""
    folder = seeds_dir(directory)
    return _load_all(str(folder), seeds_digest(folder))[1]


def _load(folder: str, digest: str) -> dict[str, dict[str, float]]:
    return _load_all(folder, digest)[0]


@lru_cache(maxsize=4)
def _load_all(folder: str, digest: str):
    problems: list = []
    known = set(_read(Path(folder), SCHEMAS["sources"], problems).get("id", ()))
    events = _read(Path(folder), SCHEMAS["events"], problems)
    dates = dict(zip(events.get("id", ()), events.get("date", ())))
    result = sector_parameters(Path(folder), problems, known, set(dates))
    if problems:
        raise SeedError(problems)
    frame = _read(Path(folder), SECTOR_MODELS, problems)
    found = {(m, p): Record(note, ru if isinstance(ru, str) and ru else None, tuple(ids or ()), dates.get(event))
             for m, p, note, ru, ids, event in zip(frame["model"], frame["parameter"], frame["note"], frame["note_ru"],
                                                   frame["sources"], frame["event"])}
    return result, found

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

import os
from typing import Any
from functools import lru_cache
from pathlib import Path

from geo.seeds import SCHEMAS, SECTOR_PARAMETERS as PARAMETERS, SeedError, _read, sector_parameters, seeds_digest, seeds_dir

__all__ = ["PARAMETERS", "parameters"]


def parameters(directory: str | os.PathLike | None = None) -> dict[str, dict[str, Any]]:
    """Model name -> {parameter: value}, every parameter of :data:`PARAMETERS` present once;
    :class:`geo.seeds.SeedError` naming the file and line of any problem."""
    folder = seeds_dir(directory)
    return _load(str(folder), seeds_digest(folder))


@lru_cache(maxsize=4)
def _load(folder: str, digest: str) -> dict[str, dict[str, float]]:
    problems: list = []
    known = set(_read(Path(folder), SCHEMAS["sources"], problems).get("id", ()))
    result = sector_parameters(Path(folder), problems, known)
    if problems:
        raise SeedError(problems)
    return result

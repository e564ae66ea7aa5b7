"""The format of an output file from its name: one rule for every writer (exports, figures, the
analysis and diff tables, the sources list)."""

from __future__ import annotations

import os
from pathlib import Path


def format_of(path: str | os.PathLike, formats: dict[str, str], what: str = "", hint: str = "") -> str:
    """The format ``formats`` (extension -> name) gives the file name's extension.

    Raises
    ------
    ValueError
        Naming the path and the extensions known (``what`` names the kind of file, ``hint`` another way).

    >>> format_of("out/map.GeoJSON", {".geojson": "geojson"})
    'geojson'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in formats:
        raise ValueError(f"cannot tell the {what + ' ' if what else ''}format of {str(path)!r} from its extension; "
                         f"use {', '.join(formats)}{hint}")
    return formats[suffix]

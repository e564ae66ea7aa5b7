"""The format of an output file from its name: one rule for every writer (exports, figures, the
analysis and diff tables, the sources list)."""

from __future__ import annotations

import os
from pathlib import Path

from geo.texts import N_, TextError


def format_of(path: str | os.PathLike, formats: dict[str, str], what: str = "", hint: str = "") -> str:
    """The format ``formats`` (extension -> name) gives the file name's extension.

    Raises
    ------
    ValueError
        Naming the path and the extensions known (``what`` names the kind of file, a marked text;
        ``hint`` an option that names the format).

    >>> format_of("out/map.GeoJSON", {".geojson": "geojson"})
    'geojson'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in formats:
        known = ", ".join(formats)
        if hint:  # another way to name the format (an option)
            raise TextError(N_("cannot tell the format of {path} from its extension; use {known} or {hint}"),
                            path=repr(str(path)), known=known, hint=hint)
        if what:
            raise TextError(N_("cannot tell the {what} format of {path} from its extension; use {known}"), ("what",),
                            what=what, path=repr(str(path)), known=known)
        raise TextError(N_("cannot tell the format of {path} from its extension; use {known}"), path=repr(str(path)),
                        known=known)
    return formats[suffix]

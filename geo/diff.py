"""What changed between two dates: a table of features added, removed, or whose status changed.

Takes the layers built for each date (``{layer id: GeoDataFrame}``, every frame with the common
columns of :mod:`geo.features`), so it serves the app (its cached layers), the CLI
(``shieldmap diff``) and tests alike. Rows are sorted by layer (in the order given), then by id.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.file_formats import format_of
from geo.texts import N_

CHANGES = ("added", "removed", "status")
COLUMNS = ["layer", "id", "name", "change", "status_before", "status_after", "sources"]
OUTPUT_FORMATS = {".csv": "csv", ".json": "json"}


def _status(value):
    return None if value is None or value != value else str(value)


def diff_layers(before: dict[str, gpd.GeoDataFrame], after: dict[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """One row per changed feature of the layers in either dict: :data:`COLUMNS` plus ``geometry``.

    ``added``: in ``after`` only; ``removed``: in ``before`` only; ``status``: in both with another
    status. ``name`` (and ``name_ru``, for display only) and ``sources`` come from the later state (the
    earlier for a removed feature); so does ``geometry`` (for a map of the changes).
    """
    rows = []
    for layer in dict.fromkeys([*before, *after]):
        old = _by_id(before.get(layer))
        new = _by_id(after.get(layer))
        for fid in sorted(set(old) | set(new)):
            was, now = old.get(fid), new.get(fid)
            if was is not None and now is not None:
                if _status(was["status"]) == _status(now["status"]):
                    continue
                change = "status"
            else:
                change = "added" if was is None else "removed"
            shown = now if now is not None else was
            assert shown is not None  # the id is in one of the two states
            rows.append({"layer": layer, "id": fid, "name": str(shown["name"]), "change": change,
                         "status_before": None if was is None else _status(was["status"]),
                         "status_after": None if now is None else _status(now["status"]),
                         "sources": shown["sources"], "name_ru": shown.get("name_ru"), "geometry": shown["geometry"]})
    table = pd.DataFrame(rows, columns=[*COLUMNS, "name_ru", "geometry"], dtype=object)
    return gpd.GeoDataFrame(table, geometry="geometry", crs=4326)


def _by_id(frame: gpd.GeoDataFrame | None) -> dict:
    if frame is None or not len(frame):
        return {}
    return {str(row["id"]): row for row in frame.to_dict("records")}


def output_format(path: str | Path) -> str:
    """``csv`` or ``json`` from the file name; ``ValueError`` otherwise."""
    return format_of(path, OUTPUT_FORMATS, N_("diff"))


def diff_records(table: pd.DataFrame) -> list[dict]:
    """The rows without geometry, empty cells as None."""
    plain = pd.DataFrame(table[COLUMNS]).astype(object)
    return plain.where(plain.notna(), None).to_dict("records")


def write_diff(table: pd.DataFrame, out: str | Path, meta: dict | None = None) -> None:
    """The rows as CSV (one line each) or JSON (``{"from":..., "to":..., "changes": [...]}``)."""
    out = Path(out)
    if output_format(out) == "csv":
        pd.DataFrame(table[COLUMNS]).to_csv(out, index=False, lineterminator="\n")
    else:
        document = {**(meta or {}), "changes": diff_records(table)}
        out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

"""Bounded text for the map: an upload's long property values shortened for display.

The frame an upload gives keeps every value whole (exports write them whole); what the map
shows of it is cut to :data:`DISPLAY_TEXT` characters a value, and less when the layer's text
would pass :data:`DISPLAY_BUDGET` characters, so escaping cannot turn a 5 MiB file into
hundreds of MiB of map data.
"""

from __future__ import annotations

import geopandas as gpd

DISPLAY_TEXT = 300
"""Most characters of one property value on the map."""
DISPLAY_BUDGET = 1_000_000
"""Most characters of property text in one uploaded layer on the map."""
_OURS = ("id", "layer", "kind", "sources", "citations", "geometry")


def _text_columns(frame: gpd.GeoDataFrame) -> list[str]:
    return [c for c in frame.columns if c not in _OURS and frame[c].dtype == object]


def display_cap(frame: gpd.GeoDataFrame) -> int:
    """Characters kept of each value: :data:`DISPLAY_TEXT`, or fewer for a wide or long layer."""
    cells = len(frame) * max(len(_text_columns(frame)), 1)
    return max(20, min(DISPLAY_TEXT, DISPLAY_BUDGET // max(cells, 1)))


def shortened(frame: gpd.GeoDataFrame) -> int:
    """How many values the map shows shortened."""
    cap = display_cap(frame)
    return sum(int(frame[c].map(lambda v: isinstance(v, str) and len(v) > cap).sum()) for c in _text_columns(frame))


def for_display(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A copy of an uploaded layer with every text value cut to :func:`display_cap` characters (+ "…")."""
    cap = display_cap(frame)
    out = frame.copy()
    for column in _text_columns(frame):
        out[column] = frame[column].map(lambda v: v[:cap] + "…" if isinstance(v, str) and len(v) > cap else v)
    return out


def display_note(frame: gpd.GeoDataFrame) -> list[str]:
    """A note when the map shows some values shortened."""
    count = shortened(frame)
    if not count:
        return []
    return [f"{count} long text value{'s' if count != 1 else ''} shortened to {display_cap(frame)} characters "
            "on the map (exports keep them whole)"]

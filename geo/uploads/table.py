"""What the format readers get (:class:`Limits`) and return (:class:`Table`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.texts import Text


@dataclass(frozen=True)
class Limits:
    """The limits a reader enforces (taken from :mod:`geo.uploads` at each read, see there)."""

    max_features: int
    max_unzipped_bytes: int
    max_fields: int = 500
    max_cells: int = 500_000
    max_layers: int = 100
    max_kml_parse_bytes: int = 16 * 1024 * 1024
    max_vertices: int = 500_000
    max_repair_crossings: int = 20_000
    max_nesting: int = 32
    max_decoded_bytes: int | None = None  # None: no limit (geo.uploads.MAX_DECODED_BYTES in the app and CLI)


@dataclass
class Table:
    """What a reader found: properties, geometry (EPSG:4326 or to be checked) and where each row came from."""

    properties: pd.DataFrame
    geometry: np.ndarray  # shapely geometries or None, in EPSG:4326
    where: list[Text]  # "feature 3", "row 3", "layer 'x' feature 3"
    unit: str  # "feature" or "row"
    messages: list[Text]
    kml: bool = False
    hint: str = ""  # added to the out-of-range error


def property_bytes(properties: pd.DataFrame) -> int:
    """The memory of a table's property values as Python holds them (pandas' deep count: each text's object)."""
    return int(properties.memory_usage(deep=True, index=False).sum()) if len(properties.columns) else 0


GEOMETRY_OBJECT_BYTES = 64
"""What one shapely geometry costs besides its coordinates (16 bytes a pair), as :func:`frame_bytes` counts."""


def frame_bytes(frame) -> int:
    """The memory a layer frame holds: its property values (:func:`property_bytes`) and its geometries' coordinates."""
    import shapely

    geometry = np.asarray(frame.geometry.values, dtype=object)
    coordinates = int(shapely.get_num_coordinates(geometry).sum()) if len(geometry) else 0
    return (property_bytes(frame.drop(columns=frame.geometry.name)) + 16 * coordinates
            + GEOMETRY_OBJECT_BYTES * len(geometry))

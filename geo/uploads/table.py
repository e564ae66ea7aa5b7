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

"""The app's shareable state: ``?layers=id,id&as_of=YYYY-MM-DD&basemap=NAME[&what_if=NAME@LAT,LON,RADIUS_KM;...]``.

Pure functions (no Streamlit) so they are tested directly: parse a query
string into a :class:`ViewState` (collecting a readable warning for each bad
value instead of failing), and turn a state back into query parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from geo import what_if as what_if_specs
from shieldmap.web.webmap import BASEMAPS
from layers.registry import DEFAULT_AS_OF, DEFAULT_LAYERS, LAYERS, parse_date


@dataclass(frozen=True)
class ViewState:
    layers: tuple[str, ...] = DEFAULT_LAYERS
    as_of: dt.date = DEFAULT_AS_OF
    basemap: str = "offline"
    warnings: tuple[str, ...] = field(default=(), compare=False)
    what_if: str = ""  # hypothetical sites, ";"-joined specs (geo.what_if); only valid ones
    what_if_warnings: tuple[str, ...] = field(default=(), compare=False)  # one per bad spec, value as typed

    def to_query(self) -> dict[str, str]:
        query = {"layers": ",".join(self.layers), "as_of": self.as_of.isoformat(), "basemap": self.basemap}
        return {**query, "what_if": self.what_if} if self.what_if else query


def from_query(params: dict[str, str], span: tuple[dt.date, dt.date]) -> ViewState:
    """The view a URL asks for; unknown or bad values fall back with a warning.

    With ``layers`` present (even empty), exactly those layers are shown.
    """
    warnings = []
    layers = DEFAULT_LAYERS
    if "layers" in params:
        asked = [part.strip() for part in (params["layers"] or "").split(",") if part.strip()]
        unknown = [part for part in asked if part not in LAYERS]
        if unknown:
            warnings.append(f"Unknown layer id(s) in the URL ignored: {', '.join(unknown)}")
        layers = tuple(dict.fromkeys(part for part in asked if part in LAYERS))
    as_of = DEFAULT_AS_OF
    if params.get("as_of"):
        try:
            as_of = parse_date(params["as_of"])
        except ValueError as exc:
            warnings.append(f"URL date ignored: {exc}")
        else:
            if not span[0] <= as_of <= span[1]:
                clipped = min(max(as_of, span[0]), span[1])
                warnings.append(f"URL date {as_of} is outside the data ({span[0]} to {span[1]}); showing {clipped}")
                as_of = clipped
    basemap = params.get("basemap") or "offline"
    if basemap not in BASEMAPS:
        warnings.append(f"Unknown basemap {basemap!r} in the URL; using the offline basemap")
        basemap = "offline"
    hypothetical, bad = what_if_specs.parse_many(params.get("what_if"))
    return ViewState(layers=tuple(i for i in LAYERS if i in layers), as_of=as_of, basemap=basemap,
                     warnings=tuple(warnings), what_if=what_if_specs.join(hypothetical),
                     what_if_warnings=tuple(f"URL what_if value ignored: {m}" for m in bad))


def data_span(seeds) -> tuple[dt.date, dt.date]:
    """First and last dated fact among sites, statuses and events."""
    days = [d for d in list(seeds.sites["start"]) + list(seeds.sites["end"]) + list(seeds.statuses["from"])
            + list(seeds.events["date"]) if d is not None]
    return min(days), max(days)

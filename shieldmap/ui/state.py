"""The app's shareable state: ``?layers=id,id&as_of=YYYY-MM-DD&basemap=NAME[&sectors=MODEL][&planned=1]
[&what_if=NAME@LAT,LON,RADIUS_KM;...]``.

Pure functions (no Streamlit) so they are tested directly: parse a query
string into a :class:`ViewState` (collecting a readable warning for each bad
value instead of failing), and turn a state back into query parameters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from geo import what_if as what_if_specs
from geo.sectors import ALIASES, DEFAULT_MODEL, MODEL_NAMES
from shieldmap.web.webmap import BASEMAPS
from layers.registry import DEFAULT_AS_OF, DEFAULT_LAYERS, LAYERS, parse_date


SHOWN_MAX = 40
"""Longest URL value quoted in a warning (the rest is cut with an ellipsis)."""


def shown(value: str) -> str:
    """A value from the URL, quoted and at most :data:`SHOWN_MAX` characters (plain text, not Markdown)."""
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return repr(text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX - 1] + "…")


@dataclass(frozen=True)
class ViewState:
    layers: tuple[str, ...] = DEFAULT_LAYERS
    as_of: dt.date = DEFAULT_AS_OF
    basemap: str = "offline"
    sectors: str = DEFAULT_MODEL
    planned: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)
    what_if: str = ""  # hypothetical sites, ";"-joined specs (geo.what_if); only valid ones
    what_if_warnings: tuple[str, ...] = field(default=(), compare=False)  # one per bad spec, value as typed

    def to_query(self) -> dict[str, str]:
        """Query parameters; the sector model, planned capability and what-ifs only when not the defaults."""
        query = {"layers": ",".join(self.layers), "as_of": self.as_of.isoformat(), "basemap": self.basemap}
        if self.sectors != DEFAULT_MODEL:
            query["sectors"] = self.sectors
        if self.planned:
            query["planned"] = "1"
        if self.what_if:
            query["what_if"] = self.what_if
        return query


def from_query(params: dict[str, str], span: tuple[dt.date, dt.date]) -> ViewState:
    """The view a URL asks for; unknown or bad values fall back with a warning.

    Warnings quote the bad values, cut to :data:`SHOWN_MAX` characters; they are plain text
    (the app escapes them before they meet Markdown).

    With ``layers`` present (even empty), exactly those layers are shown.
    """
    warnings = []
    layers = DEFAULT_LAYERS
    if "layers" in params:
        asked = [part.strip() for part in (params["layers"] or "").split(",") if part.strip()]
        unknown = [part for part in asked if part not in LAYERS]
        if unknown:
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            warnings.append(f"Unknown layer id(s) in the URL ignored: {', '.join(map(shown, unknown[:5]))}{more}")
        layers = tuple(dict.fromkeys(part for part in asked if part in LAYERS))
    as_of = DEFAULT_AS_OF
    if params.get("as_of"):
        try:
            as_of = parse_date(params["as_of"])
        except ValueError:
            warnings.append(f"URL date {shown(params['as_of'])} ignored: expected a date as YYYY-MM-DD")
        else:
            if not span[0] <= as_of <= span[1]:
                clipped = min(max(as_of, span[0]), span[1])
                warnings.append(f"URL date {as_of} is outside the data ({span[0]} to {span[1]}); showing {clipped}")
                as_of = clipped
    basemap = params.get("basemap") or "offline"
    if basemap not in BASEMAPS:
        warnings.append(f"Unknown basemap {shown(basemap)} in the URL; using the offline basemap")
        basemap = "offline"
    model = params.get("sectors") or DEFAULT_MODEL
    model = ALIASES.get(model, model)  # old links: sectors=borders
    if model not in MODEL_NAMES:
        warnings.append(f"Unknown sector model {model[:40]!r} in the URL; using {DEFAULT_MODEL!r} "
                        f"(known: {', '.join(MODEL_NAMES)})")
        model = DEFAULT_MODEL
    planned = params.get("planned", "0") not in ("", "0", "false", "no")
    hypothetical, bad = what_if_specs.parse_many(params.get("what_if"))
    return ViewState(layers=tuple(i for i in LAYERS if i in layers), as_of=as_of, basemap=basemap,
                     sectors=model, planned=planned, warnings=tuple(warnings),
                     what_if=what_if_specs.join(hypothetical),
                     what_if_warnings=tuple(f"URL what_if value ignored: {m}" for m in bad))


def data_span(seeds) -> tuple[dt.date, dt.date]:
    """First and last dated fact among sites, statuses and events."""
    days = [d for d in list(seeds.sites["start"]) + list(seeds.sites["end"]) + list(seeds.statuses["from"])
            + list(seeds.events["date"]) if d is not None]
    return min(days), max(days)

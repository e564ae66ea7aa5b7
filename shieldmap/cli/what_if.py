"""``--what-if NAME@LAT,LON,RADIUS_KM`` for ``shieldmap analyze`` and ``shieldmap export`` (see :mod:`geo.what_if`)."""

from __future__ import annotations

import datetime as dt

from geo import what_if
from layers import what_if as what_if_layer

HELP = ("a hypothetical site (repeatable): NAME@LAT,LON,RADIUS_KM, optionally ,NATO or ,CSTO (default: the "
        "side of the state the point lies in at the date) and ,FIGURE_ID of ranges.csv; "
        "exported as layer what_if, counted in the analysis labelled hypothetical")


def add_option(parser) -> None:
    parser.add_argument("--what-if", action="append", default=[], metavar="NAME@LAT,LON,RADIUS_KM", help=HELP)


def parse(args) -> list[what_if.WhatIf]:
    """The ``--what-if`` values, parsed; ``ValueError`` (one line naming the value) for a bad one."""
    return what_if_layer.parse_specs(getattr(args, "what_if", None) or [])


def build(seeds, items, as_of: dt.date):
    """The what_if layer, or None without what-ifs; ``ValueError`` for an unknown or mismatched figure."""
    return what_if_layer.build(seeds, items, as_of) if items else None

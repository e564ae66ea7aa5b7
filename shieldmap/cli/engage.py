"""``shieldmap engage --from LAT,LON|PLACE --to LAT,LON|PLACE [--as-of DATE] [--interceptor NAME[=FIGURE_ID]]
[--target-altitude KM] [--burnout-angle DEG] --out FILE.csv|FILE.geojson``: a threat path against the sites
at the date (:mod:`shieldmap.engagement`)."""

from __future__ import annotations

import argparse

from geo.engagement_seeds import load_engagement
from layers.registry import DEFAULT_AS_OF
from shieldmap import engagement
from shieldmap.cli import args as cli_args
from shieldmap.cli.args import UsageError, output_path


def _positive(limit: float):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
        if not 0 < value <= limit:
            raise argparse.ArgumentTypeError(f"{value:g} is outside (0, {limit:g}]")
        return value
    return parse


def add_parser(commands) -> None:
    """The ``engage`` subcommand on the CLI's subparsers."""
    sub = commands.add_parser("engage", help="a ballistic path against the interceptor and radar sites at a date")
    sub.add_argument("--from", dest="launch", required=True, metavar="LAT,LON|PLACE",
                     help="launch point (places.csv id or LAT,LON)")
    sub.add_argument("--to", dest="target", required=True, metavar="LAT,LON|PLACE", help="target (places.csv id or LAT,LON)")
    sub.add_argument("--as-of", type=cli_args.date, default=DEFAULT_AS_OF, metavar="YYYY-MM-DD",
                     help=f"the sites in the layers at this date (default {DEFAULT_AS_OF})")
    sub.add_argument("--interceptor", metavar="NAME[=FIGURE_ID]",
                     help="screen every interceptor site with this interceptor (default: each site's own; the default "
                          "figure is the most conservative claim of interceptors.csv)")
    sub.add_argument("--target-altitude", type=_positive(5000), default=engagement.DEFAULT_TARGET_ALTITUDE_KM, metavar="KM",
                     help="target altitude of the radar horizon rings (default 100 km)")
    sub.add_argument("--burnout-angle", type=_positive(89.9), metavar="DEG",
                     help="burnout flight-path angle for a lofted or depressed trajectory (default: minimum energy)")
    sub.add_argument("--out", required=True, metavar="FILE.csv|FILE.geojson")


def view_collections(seeds, view) -> list:
    """``(geojson, table)`` of each ``--path`` of a view (``shieldmap export`` and ``figure``), the same as
    ``shieldmap engage`` computes; a bad point or interceptor is a :class:`UsageError`."""
    if not view.path:
        return []
    try:
        return engagement.view_collections(load_engagement(seeds=seeds), view)
    except ValueError as exc:
        raise UsageError(exc) from None


def figure_overlays(seeds, view, bbox) -> tuple[tuple, tuple]:
    """The figure's engagement overlay of the view's paths and its extent (:func:`shieldmap.figure_engagement.for_view`:
    ``bbox``, or the default grown to hold the tracks); a bad point or interceptor is a :class:`UsageError`."""
    from shieldmap import figure_engagement  # imports matplotlib: only when asked for

    try:
        return figure_engagement.for_view(seeds, view, bbox)
    except ValueError as exc:
        raise UsageError(exc) from None


def run(args) -> int:
    """Write the table or the GeoJSON; a bad point, interceptor or file is a :class:`UsageError`."""
    try:
        engagement.output_format(args.out)
    except ValueError as exc:
        raise UsageError(exc) from None
    out = output_path(args.out)
    seeds = load_engagement(args.seeds)
    request = engagement.EngageRequest(args.launch, args.target, args.as_of, args.interceptor, args.target_altitude,
                                       args.burnout_angle)
    try:
        path, table = engagement.engagement(seeds, request)
    except ValueError as exc:
        raise UsageError(exc) from None
    try:
        engagement.write(path, table, out)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    flight = path.trajectory
    verdicts = table["verdict"].value_counts().to_dict() if "verdict" in table else {}
    print(f"{request.launch} to {request.target}: {flight.range_km:,.0f} km, {flight.flight_s / 60:.1f} min, apogee "
          f"{flight.apogee_km:,.0f} km, burnout {flight.burnout_kms:.2f} km/s ({flight.kind}); {len(table)} sites as of "
          f"{request.as_of}: {', '.join(f'{n} {v}' for v, n in sorted(verdicts.items())) or 'no interceptor site'}; "
          f"wrote {out}. Model: free flight over a spherical non-rotating Earth; a kinematic screen, not a simulation")
    return 0

"""``shieldmap footprint --from PLACE|LAT,LON|GROUP --site SITE|NAME@LAT,LON[:INTERCEPTOR]|all [--as-of DATE]
[--interceptor NAME[=FIGURE_ID]|--burnout KMS] [--boost S] [--delay S] [--bbox W,S,E,N] [--resolution DEG]
--out FILE.geojson|.gpkg|.csv|.png``: where each site could defend (``--to`` for the reverse footprint: the
launch points from which a path to the target area could be engaged), :mod:`shieldmap.footprint`."""

from __future__ import annotations

import argparse
import time

from geo import footprint as model
from geo.engagement_seeds import load_engagement
from layers.registry import DEFAULT_AS_OF
from shieldmap import footprint
from shieldmap.cli import args as cli_args
from shieldmap.cli.args import UsageError, usage_errors, _, output_path


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError:
        values = ()
    if len(values) != 4:
        raise argparse.ArgumentTypeError(_("{value} is not WEST,SOUTH,EAST,NORTH in degrees").format(
            value=repr(text[:60])))
    return values


def _resolution(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not a number").format(value=repr(text[:40]))) from None
    if not model.MIN_RESOLUTION_DEG <= value <= model.MAX_RESOLUTION_DEG:
        raise argparse.ArgumentTypeError(_("{value} is outside [{low}, {high}]").format(
            value=f"{value:g}", low=f"{model.MIN_RESOLUTION_DEG:g}", high=f"{model.MAX_RESOLUTION_DEG:g}"))
    return value


def add_parser(commands) -> None:
    """The ``footprint`` subcommand on the CLI's subparsers."""
    sub = commands.add_parser("footprint", help=_("where each interceptor site could defend against launches from a "
                                                  "place (or, reversed, from where a path to a target area could be "
                                                  "engaged)"))
    where = sub.add_mutually_exclusive_group(required=True)
    where.add_argument("--from", dest="launch", metavar="PLACE|LAT,LON|GROUP",
                       help=_("launch point(s): a place, LAT,LON or a group of place_groups.csv; the cells are targets"))
    where.add_argument("--to", dest="target", metavar="PLACE|LAT,LON|GROUP",
                       help=_("target(s), for the reverse footprint: the cells are launch points"))
    sub.add_argument("--site", dest="footprint_sites", action="append", metavar="SITE|NAME@LAT,LON[:INTERCEPTOR]|all",
                     help=_("an interceptor site (sites.csv id), a site of your own, or all (repeatable; default all)"))
    sub.add_argument("--as-of", type=cli_args.date, default=DEFAULT_AS_OF, metavar="YYYY-MM-DD",
                     help=_("the sites in the layers at this date (default {date})").format(date=DEFAULT_AS_OF))
    sub.add_argument("--interceptor", metavar="NAME[=FIGURE_ID]",
                     help=_("screen every site with this interceptor (default: each site's own, its default figure)"))
    cli_args.add_fields(sub, "boost_s", "delay_s", "burnout_kms")
    sub.add_argument("--bbox", type=_bbox, default=model.DEFAULT_BBOX, metavar="W,S,E,N",
                     help=_("the grid's bounding box in degrees (default {bbox})").format(
                         bbox=",".join(f"{v:g}" for v in model.DEFAULT_BBOX)))
    sub.add_argument("--resolution", type=_resolution, default=1.0, metavar="DEG",
                     help=_("the grid's cell size in degrees (default 1; at most {most} cells)").format(
                         most=f"{model.MAX_CELLS:,}"))
    sub.add_argument("--planned", action="store_true", help=_("with all: also sites not in place at the date"))
    sub.add_argument("--out", required=True, metavar="FILE.geojson|FILE.gpkg|FILE.csv|FILE.png")


def request_of(args) -> footprint.FootprintRequest:
    return footprint.FootprintRequest(args.target if args.launch is None else args.launch,
                                      tuple(args.footprint_sites or (footprint.ALL,)), args.launch is None, args.as_of,
                                      args.interceptor, args.burnout_kms, args.boost_s, args.delay_s, tuple(args.bbox),
                                      args.resolution, args.planned)


def view_features(seeds, view):
    """``(features, points)`` of ``shieldmap export --footprint`` (None without one); a bad point or site is a
    :class:`UsageError`."""
    if not view.footprint:
        return None
    with usage_errors():
        return footprint.view_features(load_engagement(seeds=seeds), view)


def run(args) -> int:
    """Write the footprint; a bad value or file is a :class:`UsageError` (one line, exit 2)."""
    with usage_errors():
        footprint.output_format(args.out)
    out = output_path(args.out)
    request = request_of(args)
    seeds = load_engagement(args.seeds)
    begin = time.perf_counter()
    with usage_errors():
        result = footprint.compute(seeds, request)
    seconds = time.perf_counter() - begin
    try:
        footprint.write(result, out, getattr(args, "lang", None) or "en")
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc)) from None
    grid = result.footprint.grid
    shares = "; ".join(
        _("{site}: {share} of the cells").format(
            site=row["site_name"], share=f"{100 * result.footprint.levels(row['site'].name)[0].mean():.0f}%")
        for row in result.sites)
    print(_("{direction} footprint of {points}: {cells} cells of {resolution} deg, {refined} re-screened exactly, in "
            "{seconds} s; window open (boost {boost} s, delay {delay} s): {shares}; wrote {path}").format(
        direction=_("reverse") if request.reverse else _("forward"), points=request.points, cells=f"{grid.size:,}",
        resolution=f"{grid.resolution_deg:g}", refined=result.footprint.refined, seconds=f"{seconds:.1f}",
        boost=f"{result.footprint.timeline.boost_s:g}", delay=f"{result.footprint.timeline.delay_s:g}",
        shares=shares, path=out))
    return 0

"""``shieldmap engage --from LAT,LON|PLACE --to LAT,LON|PLACE [--as-of DATE] [--interceptor NAME[=FIGURE_ID]]
[--target-altitude KM] [--burnout-angle DEG] [--boost S] [--delay S] [--burnout KMS] [--site ...] [--planned]
--out FILE.csv|FILE.geojson``: a threat path against the sites at the date (:mod:`shieldmap.engagement`). The
options are the view's own (:data:`shieldmap.view_fields.FIELDS`): ``--from``/``--to`` make its one path."""

from __future__ import annotations

import sys

from geo.engagement import ANTIPODAL_TEXT
from geo.engagement_seeds import load_engagement
from layers.registry import DEFAULT_AS_OF
from shieldmap import engagement, view_fields
from shieldmap import view as views
from shieldmap.cli import args as cli_args
from shieldmap.cli.args import UsageError, usage_errors, _, output_path


def add_parser(commands) -> None:
    """The ``engage`` subcommand on the CLI's subparsers."""
    sub = commands.add_parser("engage", help=_("a ballistic path against the interceptor and radar sites at a date"))
    point = cli_args._checked(view_fields.parse_point)
    sub.add_argument("--from", dest="path_from", type=point, required=True, metavar="LAT,LON|PLACE",
                     help=_("launch point (places.csv id or LAT,LON)"))
    sub.add_argument("--to", dest="path_to", type=point, required=True, metavar="LAT,LON|PLACE",
                     help=_("target (places.csv id or LAT,LON)"))
    sub.add_argument("--as-of", type=cli_args.date, default=DEFAULT_AS_OF, metavar="YYYY-MM-DD",
                     help=_("the sites in the layers at this date (default {date})").format(date=DEFAULT_AS_OF))
    cli_args.add_fields(sub, *cli_args.ENGAGEMENT)
    sub.add_argument("--planned", action="store_true",
                     help=_("also screen sites not in place at the date, labelled planned"))
    sub.add_argument("--out", required=True, metavar="FILE.csv|FILE.geojson")


def view_collections(seeds, view) -> list:
    """``(geojson, table)`` of each ``--path`` of a view (``shieldmap export`` and ``figure``), the same as
    ``shieldmap engage`` computes; a bad point or interceptor is a :class:`UsageError`."""
    if not view.path:
        return []
    with usage_errors():
        return engagement.view_collections(load_engagement(seeds=seeds), view)


def figure_overlays(seeds, view, bbox) -> tuple[tuple, tuple]:
    """The figure's engagement overlay of the view's paths and its extent (:func:`shieldmap.figure_engagement.for_view`:
    ``bbox``, or the default grown to hold the tracks); a bad point or interceptor is a :class:`UsageError`."""
    from shieldmap import figure_engagement  # imports matplotlib: only when asked for

    with usage_errors():
        return figure_engagement.for_view(seeds, view, bbox)


def run(args) -> int:
    """Write the table or the GeoJSON; a bad point, interceptor or file is a :class:`UsageError`."""
    with usage_errors():
        engagement.output_format(args.out)
    out = output_path(args.out)
    seeds = load_engagement(args.seeds)
    view = views.from_args(args)
    with usage_errors():
        path, table = engagement.engagement(seeds, view)
    try:
        engagement.write(path, table, out)
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc)) from None
    flight = path.trajectory
    screened = table[table["why"].notna()] if "why" in table else table.iloc[:0]  # the interceptor sites
    verdicts = screened["verdict"].astype(object).fillna("not in place").value_counts().to_dict()
    if path.antipodal:
        print(_("warning: {problem}").format(problem=_(ANTIPODAL_TEXT)), file=sys.stderr)
    counts = ", ".join(f"{n} {_(v)}" for v, n in sorted(verdicts.items())) or _("no interceptor site")
    print(_("{launch} to {target}: {range} km, {minutes} min, apogee {apogee} km, burnout {burnout} km/s ({kind}); "
            "{sites} sites as of {date}: {verdicts}; wrote {path}. Model: free flight over a spherical non-rotating "
            "Earth; the window from a gravity-correct flyout after a boost of {boost} s and a delay of {delay} s").format(
        boost=f"{table['boost_s'].iloc[0]:g}", delay=f"{table['delay_s'].iloc[0]:g}",
        launch=args.path_from, target=args.path_to, range=f"{flight.range_km:,.0f}",
        minutes=f"{flight.flight_s / 60:.1f}", apogee=f"{flight.apogee_km:,.0f}", burnout=f"{flight.burnout_kms:.2f}",
        kind=_(flight.kind), sites=len(table), date=view.as_of, verdicts=counts, path=out))
    return 0

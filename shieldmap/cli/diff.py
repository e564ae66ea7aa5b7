"""``shieldmap diff --from D1 --to D2 [--layers ...] [--sectors M] [--planned] [--figure S=F] --out FILE.csv|json``:
what changed between two dates.

The rows are those of :func:`geo.diff.diff_layers` (the app's Compare table): layer, id, name,
change (``added``, ``removed``, ``status``), status_before, status_after and sources. Both dates'
layers are built with the same options (:class:`shieldmap.view.LayerOptions`), as the app's are.
"""

from __future__ import annotations

from geo import analysis, diff
from geo.seeds import load_seeds
from layers.registry import LAYER_IDS, build_layers
from shieldmap.cli import args as cli_args
from shieldmap.cli.args import UsageError, usage_errors, _, output_path
from shieldmap import view as views


def add_parser(commands) -> None:
    """The ``diff`` subcommand on the CLI's subparsers."""
    sub = commands.add_parser("diff", help=_("what changed between two dates (added, removed, status)"),
                              parents=[cli_args.options_parent()])
    # the view's compare date and date (View.cli_args("diff") writes them in order)
    sub.add_argument("--from", dest="compare", type=cli_args.date, required=True, metavar="YYYY-MM-DD")
    sub.add_argument("--to", dest="as_of", type=cli_args.date, required=True, metavar="YYYY-MM-DD")
    cli_args.add_fields(sub, "layers", layers=_("all"))
    sub.add_argument("--out", required=True, metavar="FILE.csv|FILE.json")


def run(args) -> int:
    """Write the table; bad arguments raise :class:`UsageError` (one line, exit 2)."""
    view = views.from_args(args)
    start, end, ids = args.compare, view.as_of, list(view.layers or LAYER_IDS)  # --from is required
    with usage_errors():
        diff.output_format(args.out)
    out = output_path(args.out)
    seeds = load_seeds(args.seeds)
    options = view.options.build_args()
    with usage_errors():
        options["figures"] = analysis.check_figures(seeds, options["figures"])
    table = diff.diff_layers(build_layers(seeds, ids, start, **options), build_layers(seeds, ids, end, **options))
    try:
        diff.write_diff(table, out, {"from": start.isoformat(), "to": end.isoformat(), "layers": ids})
    except OSError as exc:
        raise UsageError(_("cannot write {path}: {problem}").format(path=out, problem=exc.strerror or exc)) from None
    counts = table["change"].value_counts()
    summary = ", ".join(f"{counts.get(c, 0)} {_(c)}" for c in diff.CHANGES)
    print(_("wrote {count} changes from {start} to {end} to {path} ({summary})").format(
        count=len(table), start=start.isoformat(), end=end.isoformat(), path=out, summary=summary))
    return 0

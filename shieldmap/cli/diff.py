"""``shieldmap diff --from D1 --to D2 [--layers ...] --out FILE.csv|json``: what changed between two dates.

The rows are those of :func:`geo.diff.diff_layers` (the app's Compare table): layer, id, name,
change (``added``, ``removed``, ``status``), status_before, status_after and sources.
"""

from __future__ import annotations

from geo import diff, sectors
from geo.seeds import load_seeds
from layers.registry import LAYER_IDS, build_layers, parse_date, parse_layer_ids
from shieldmap.cli.args import UsageError, output_path


def add_parser(commands) -> None:
    """The ``diff`` subcommand on the CLI's subparsers."""
    sub = commands.add_parser("diff", help="what changed between two dates (added, removed, status)")
    sub.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    sub.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    sub.add_argument("--layers", metavar="ID,ID", help="layer ids (default: all)")
    sub.add_argument("--out", required=True, metavar="FILE.csv|FILE.json")
    sub.add_argument("--sectors", default=sectors.DEFAULT_MODEL, metavar="MODEL",
                     help=f"sector model: {', '.join(sectors.MODEL_NAMES)} (default: {sectors.DEFAULT_MODEL})")


def run(args) -> int:
    """Write the table; bad arguments raise :class:`UsageError` (one line, exit 2)."""
    try:
        start, end = parse_date(args.date_from), parse_date(args.date_to)
        ids = parse_layer_ids(args.layers) or list(LAYER_IDS)
        sectors.get_model(args.sectors)
        diff.output_format(args.out)
    except ValueError as exc:
        raise UsageError(exc) from None
    out = output_path(args.out)
    seeds = load_seeds(args.seeds)
    table = diff.diff_layers(build_layers(seeds, ids, start, sectors_model=args.sectors),
                             build_layers(seeds, ids, end, sectors_model=args.sectors))
    try:
        diff.write_diff(table, out, {"from": start.isoformat(), "to": end.isoformat(), "layers": ids})
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    counts = table["change"].value_counts()
    summary = ", ".join(f"{counts.get(c, 0)} {c}" for c in diff.CHANGES)
    print(f"wrote {len(table)} changes from {start.isoformat()} to {end.isoformat()} to {out} ({summary})")
    return 0

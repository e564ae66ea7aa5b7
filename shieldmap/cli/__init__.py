"""The ``shieldmap`` command: ``validate``, ``layers``, ``export``, ``analyze``, ``figure``, ``sources`` and ``diff``.

Exit codes: 0 success; 1 the seed set does not validate; 2 a bad argument
(unknown layer id, bad date, unknown format, unwritable path). Errors are one
line (a seed set may list several problems, one per line), never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from geo import analysis, export, sectors
from shieldmap import exports
from shieldmap.cli import diff as diff_command
from shieldmap.cli import user_files
from shieldmap.cli import what_if as what_if_cli
from shieldmap.cli.args import UsageError, output_path
from geo.seeds import SeedError, load_seeds, seeds_dir
from layers.registry import (DEFAULT_AS_OF, DEFAULT_LAYERS, LAYER_IDS, LAYERS, analysis_layers, build_layers,
                             parse_date, parse_layer_ids)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shieldmap", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", metavar="DIR", help="seed folder (default: $SHIELDMAP_SEEDS or the repo's seeds/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="validate every seed file")
    cite = commands.add_parser("sources", help="each source with how many records cite it (exit 1 if one is uncited or unknown)")
    cite.add_argument("--out", metavar="FILE.csv", help="also write the table as CSV")
    layers = commands.add_parser("layers", help="list layer ids, titles and feature counts")
    layers.add_argument("--as-of", default=DEFAULT_AS_OF.isoformat(), metavar="YYYY-MM-DD")
    out = commands.add_parser("export", help="export layers to a file")
    out.add_argument("--out", required=True, metavar="PATH")
    out.add_argument("--layers", metavar="ID,ID", help="layer ids (default: all)")
    out.add_argument("--as-of", default=DEFAULT_AS_OF.isoformat(), metavar="YYYY-MM-DD")
    out.add_argument("--format", choices=sorted(export.FORMAT_NAMES), help="default: from the extension")
    analyze = commands.add_parser(
        "analyze", help="write the analysis tables (coverage, distances, sectors, sector_models, proposals)")
    analyze.add_argument("--out", required=True, metavar="FILE.csv|FILE.json")
    analyze.add_argument("--as-of", default=DEFAULT_AS_OF.isoformat(), metavar="YYYY-MM-DD")
    fig = commands.add_parser("figure", help="draw a publication figure (PNG, SVG or PDF)")
    fig.add_argument("--out", required=True, metavar="FILE.png|FILE.svg|FILE.pdf")
    fig.add_argument("--layers", metavar="ID,ID", help="layer ids (default: the app's default layers)")
    fig.add_argument("--as-of", default=DEFAULT_AS_OF.isoformat(), metavar="YYYY-MM-DD")
    fig.add_argument("--bbox", metavar="W,S,E,N", help="extent in degrees (default: -25,30,60,72, Europe)")
    fig.add_argument("--width-px", metavar="N", help="width in pixels (default 2400)")
    fig.add_argument("--dpi", metavar="N", help="dots per inch (instead of --width-px; the figure is 12 in wide)")
    fig.add_argument("--title", metavar="TEXT", help="default: Missile defence in Europe, 2010–2013")
    diff_command.add_parser(commands)
    for sub in (layers, out, analyze, fig):
        sub.add_argument("--sectors", default=sectors.DEFAULT_MODEL, metavar="MODEL",
                         help=f"sector model: {', '.join(sectors.MODEL_NAMES)} (default: {sectors.DEFAULT_MODEL})")
        sub.add_argument("--planned", action="store_true",
                         help="also draw/count range rings of systems not yet in place (labelled planned)")
    for sub in (out, analyze):
        user_files.add_option(sub)
    for sub in (out, analyze, fig):
        sub.add_argument("--figure", action="append", default=[], metavar="SYSTEM=FIGURE_ID",
                         help="range figure for a system (repeatable), e.g. S-300PS=s300ps-90")
        what_if_cli.add_option(sub)
    for sub in commands.choices.values():
        sub.add_argument("--seeds", metavar="DIR", default=argparse.SUPPRESS, help="seed folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error of ours
        sys.stdout = open(os.devnull, "w")
        return 0
    except SeedError as exc:
        print(f"shieldmap: seeds in {seeds_dir(args.seeds)} do not validate:\n{exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print("\n".join(f"shieldmap: error: {line}" for line in str(exc).splitlines()), file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "sources":
        return _sources(args)
    if args.command == "validate":
        seeds = load_seeds(args.seeds)
        counts = ", ".join(f"{len(getattr(seeds, name))} {name}" for name in
                           ("sources", "sites", "statuses", "memberships", "sectors", "events", "ranges"))
        print(f"{seeds.directory}: valid ({counts})")
        return 0
    if args.command == "analyze":
        return _analyze(args)
    if args.command == "figure":
        return _figure(args)
    if args.command == "diff":
        return diff_command.run(args)
    try:
        as_of = parse_date(args.as_of)
        ids = parse_layer_ids(getattr(args, "layers", None)) or list(LAYER_IDS)
        fmt = export.format_for(args.out, args.format) if args.command == "export" else None
        figures = _figures(args)
        sectors.get_model(args.sectors)
        hypothetical = what_if_cli.parse(args)
    except ValueError as exc:
        raise UsageError(exc) from None
    seeds = load_seeds(args.seeds)
    if args.command == "layers":
        built = build_layers(seeds, LAYER_IDS, as_of, planned=args.planned, sectors_model=args.sectors)
        width = max(map(len, LAYER_IDS))
        print(f"layers as of {as_of.isoformat()}:")
        for layer_id in LAYER_IDS:
            print(f"{layer_id:<{width}}  {len(built[layer_id]):>3}  {LAYERS[layer_id].title}")
        return 0
    out = output_path(args.out)
    figures, hypothetical = _checked(seeds, figures, hypothetical, as_of)
    built = build_layers(seeds, ids, as_of, figures, planned=args.planned, sectors_model=args.sectors)
    if hypothetical is not None:
        built["what_if"] = hypothetical
    try:
        built.update(user_files.layers(args.add))
    except ValueError as exc:
        raise UsageError(exc) from None
    try:
        exports.export_file(built, out, fmt, seeds=seeds, as_of=as_of)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    except Exception as exc:  # GDAL reports unwritable targets as DataSourceError
        if type(exc).__module__.startswith("pyogrio"):
            raise UsageError(f"cannot write {out}: {exc}") from None
        raise
    total = sum(len(frame) for frame in built.values())
    print(f"wrote {total} features from {len(built)} layer(s) as of {as_of.isoformat()} to {out} ({fmt})")
    return 0


def _checked(seeds, figures: dict, hypothetical, as_of):
    """The ``--figure`` choices checked against the seeds and the ``--what-if`` sites built; a bad one
    is a usage error (export and analyze)."""
    try:
        return analysis.check_figures(seeds, figures), what_if_cli.build(seeds, hypothetical, as_of)
    except ValueError as exc:
        raise UsageError(exc) from None


def _sources(args) -> int:
    """``shieldmap sources``: the citation audit of :mod:`geo.source_use`."""
    from geo.source_use import source_table

    out = Path(args.out) if args.out else None
    if out is not None and (out.suffix.lower() != ".csv" or not out.parent.is_dir()):
        raise UsageError(f"cannot write {out}: give a .csv file in an existing folder")
    seeds = load_seeds(args.seeds)
    table = source_table(seeds)
    width = max(map(len, table["id"]))
    for row in table.itertuples():
        title = row.title if isinstance(row.title, str) else "(unknown source)"
        flags = "".join(f" [{text}]" for text in (
            f"single source of figure {row.single_source_figures}" if isinstance(row.single_source_figures, str) else "",
            row.checked if isinstance(row.checked, str) and row.checked.startswith("not") else "") if text)
        print(f"{row.id:<{width}}  {row.records:>3}  {title}{flags}")
    unsourced = [i for i, ids in zip(seeds.ranges.index, seeds.ranges["sources"]) if not ids]
    if unsourced:
        print(f"unsourced range figures (no public source): {', '.join(unsourced)}")
    if out is not None:
        table.to_csv(out, index=False, lineterminator="\n")
    faults = table[(table["records"] == 0) | table["title"].isna()]
    for row in faults.itertuples():
        problem = "is cited by no record" if row.records == 0 else f"is cited by {row.cited_by} but not in sources.csv"
        print(f"shieldmap: source {row.id} {problem}", file=sys.stderr)
    return 1 if len(faults) else 0


def _figures(args) -> dict[str, str]:
    """``--figure SYSTEM=ID`` options as a dict (empty for commands without them)."""
    return analysis.parse_figures(getattr(args, "figure", []))


def _figure(args) -> int:
    """``shieldmap figure``: the layers at the date as a PNG, SVG or PDF (:mod:`shieldmap.figure`)."""
    from shieldmap import figure as figure_module  # imports matplotlib: only when asked for

    try:
        as_of = parse_date(args.as_of)
        ids = parse_layer_ids(args.layers) or list(DEFAULT_LAYERS)
        fmt = figure_module.format_for(args.out)
        bbox = figure_module.parse_bbox(args.bbox) if args.bbox is not None else figure_module.DEFAULT_BBOX
        figure_module.resolution(args.width_px, args.dpi)
        figures = analysis.parse_figures(args.figure)
    except ValueError as exc:
        raise UsageError(exc) from None
    out = output_path(args.out)
    seeds = load_seeds(args.seeds)
    try:
        built = build_layers(seeds, ids, as_of, analysis.check_figures(seeds, figures), planned=args.planned,
                             sectors_model=args.sectors)
        data = figure_module.figure_bytes(built, seeds, as_of, fmt, bbox=bbox, title=args.title or figure_module.DEFAULT_TITLE,
                                          width_px=args.width_px, dpi=args.dpi)
        out.write_bytes(data)
    except ValueError as exc:
        raise UsageError(exc) from None
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"wrote a {fmt.upper()} figure of {len(built)} layer(s) as of {as_of.isoformat()} to {out}")
    return 0


def _analyze(args) -> int:
    """``shieldmap analyze``: the tables of :mod:`geo.analysis` to one CSV or JSON file."""
    try:
        as_of = parse_date(args.as_of)
        figures = analysis.parse_figures(args.figure)
        sectors.get_model(args.sectors)
        analysis.output_format(args.out)
        hypothetical = what_if_cli.parse(args)
    except ValueError as exc:
        raise UsageError(exc) from None
    out = output_path(args.out)
    seeds = load_seeds(args.seeds)
    figures, hypothetical = _checked(seeds, figures, hypothetical, as_of)
    built = analysis_layers(seeds, as_of, figures, planned=args.planned, sectors_model=args.sectors,
                            what_if=hypothetical)
    tables = analysis.analysis_tables(seeds, built)
    try:
        tables.update(user_files.analysis_table(args.add))
    except ValueError as exc:
        raise UsageError(exc) from None
    try:
        analysis.write_analysis(tables, out)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    counts = ", ".join(f"{len(frame)} {name}" for name, frame in tables.items())
    print(f"wrote analysis as of {as_of.isoformat()} to {out} ({counts} rows)")
    return 0

